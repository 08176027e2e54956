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
# # Çfarë ndryshoi / What changed
#
# This period against the previous one: per indicator, per qark (totals and per-month rates) and per organisation. The site builds this page only for an edition whose dataset holds an earlier period. Run with papermill parameters, or edit the parameters cell and run all.

# %% tags=["parameters"]
page: str = "changes"  # the page this notebook builds: changes
clean_dir: str = "data/clean"  # the clean tables: a full path, or a path inside the project (found from any folder)
period: str = ""  # reporting period YYYY-MM:YYYY-MM, empty for the latest report's; grants and figures in it
lang: str = "sq"  # edition language: sq or en
audience: str = "public"  # public (victim counts below min_cell hidden) or internal (exact counts, with a banner)
min_cell: int = 10  # a public edition hides victim counts below this number (1 to 1000)

# %%
from sitrep.report.page import open_page
from sitrep.report.chapters import changes

page = open_page(page=page, clean_dir=clean_dir, period=period, lang=lang, audience=audience, min_cell=min_cell)

# %%
# With no earlier period the opening line says so, and no view repeats it.
intro_key, intro_values = changes.intro(page.data)
page.text(intro_key, **intro_values)
compared = changes.previous(page.data) is not None
if compared:
    page.show(changes.indicators_view(page.data))

# %% [markdown] tags=["analyst"]
# ## By qark / Sipas qarkut

# %%
if compared:
    page.show(changes.qarqe_view(page.data))

# %% [markdown] tags=["analyst"]
# ## Organisations / Organizatat

# %%
if compared:
    page.show(changes.organizations_view(page.data))

# %%
page.finish()
