# ---
# jupyter:
#   jupytext:
#     cell_metadata_filter: tags,-all
#     notebook_metadata_filter: kernelspec,-jupytext.text_representation.jupytext_version
#     text_representation:
#       extension: .py
#       format_name: percent
#       format_version: '1.3'
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown] tags=["analyst"]
# # Cilësia e të dhënave / Data quality
#
# What the cleaning did, what is uncertain (the transcriber's notes) and what is missing, so that a reader can judge the data without opening a CSV. Run with papermill parameters, or edit the parameters cell and run all.

# %% tags=["parameters"]
page: str = "quality"  # the page this notebook builds: quality
clean_dir: str = "data/clean"  # the clean tables: a full path, or a path inside the project (found from any folder)
period: str = ""  # reporting period YYYY-MM:YYYY-MM, empty for the latest report's; grants and figures in it
lang: str = "sq"  # edition language: sq or en
audience: str = "public"  # public (victim counts below min_cell hidden) or internal (exact counts, with a banner)
min_cell: int = 10  # a public edition hides victim counts below this number (1 to 1000)

# %%
from sitrep.report.page import open_page
from sitrep.report.chapters import quality

page = open_page(page=page, clean_dir=clean_dir, period=period, lang=lang, audience=audience, min_cell=min_cell)
values = quality.text_values(page.data)

# %%
page.text("quality.intro")
page.show(quality.summary_view(page.data))

# %% [markdown] tags=["analyst"]
# ## What the cleaning did / Çfarë bëri pastrimi

# %%
page.heading(page.t("quality.cleaning.heading"))
page.text("quality.places.text", **values)
page.show(quality.places_view(page.data))

# %%
page.text("quality.numerals.text", **values)
page.show(quality.numerals_view(page.data))

# %%
page.text("quality.qualifiers.text", **values)
page.show(quality.qualifiers_view(page.data))

# %%
page.text("quality.targets.text", **values)
page.show(quality.targets_view(page.data))

# %% [markdown] tags=["analyst"]
# ## What is missing / Çfarë mungon

# %%
page.heading(page.t("quality.missing.heading"))
page.text("quality.missing.list", **values)
page.show(quality.missing_view(page.data))

# %% [markdown] tags=["analyst"]
# ## Untranslated / Pa përkthim

# %%
page.heading(page.t("quality.untranslated.heading"))
page.text("quality.untranslated.text")
page.show(quality.untranslated_view(page.data))

# %% [markdown] tags=["analyst"]
# ## What is uncertain / Çfarë është e pasigurt
#
# The longest table comes last.

# %%
page.heading(page.t("quality.uncertain.heading"))
page.text("quality.notes.text", **values)
page.show(quality.notes_view(page.data))

# %%
page.finish()
