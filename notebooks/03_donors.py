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
# # Donatorët / Donors

# %% tags=["parameters"]
page: str = "donors"  # the page this notebook builds: donors
clean_dir: str = "data/clean"  # the clean tables: a full path, or a path inside the project (found from any folder)
period: str = ""  # reporting period YYYY-MM:YYYY-MM, empty for the latest report's; grants and figures in it
lang: str = "sq"  # edition language: sq or en
audience: str = "public"  # public (victim counts below min_cell hidden) or internal (exact counts, with a banner)
min_cell: int = 10  # a public edition hides victim counts below this number (1 to 1000)

# %%
from sitrep.report.page import open_page
from sitrep.report.chapters import donors

page = open_page(page=page, clean_dir=clean_dir, period=period, lang=lang, audience=audience, min_cell=min_cell)

# %%
page.text("donors.intro", period=page.period_text, **donors.intro_values(page.data))

# %% [markdown] tags=["analyst"]
# ## Who funds and who implements, where / Kush financon dhe kush zbaton, ku
#
# 3W matrices (report lines 1140–1705). Funders and implementers are kept apart: a donor is present in a qark only through programmes it funds that work there.

# %%
page.heading(page.t("donors.presence.heading"))
page.text("donors.presence.text")
page.show(donors.funders_view(page.data))
page.show(donors.implementers_view(page.data))

# %% [markdown] tags=["analyst"]
# ## Flow / Rrjedha
#
# One unit per (programme, donor) pair, split equally over implementers and then over places.

# %%
page.heading(page.t("donors.flow.heading"))
page.text("donors.flow.text")
page.show(donors.flow_view(page.data))

# %% [markdown] tags=["analyst"]
# ## Programmes / Programet

# %%
page.heading(page.t("donors.programmes.heading"))
page.text("donors.programmes.text")
page.show(donors.programmes_view(page.data))

# %%
page.finish()
