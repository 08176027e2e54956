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
# # OJF-të dhe koalicionet / NGOs and coalitions
#
# The report's section on NGOs and coalitions outside the CAAHT grants (source lines 2710–3001): what each organisation does and where. Run with papermill parameters, or edit the parameters cell and run all.

# %% tags=["parameters"]
page: str = "ngos"  # the page this notebook builds: ngos
clean_dir: str = "data/clean"  # the clean tables: a full path, or a path inside the project (found from any folder)
period: str = ""  # reporting period YYYY-MM:YYYY-MM, empty for the latest report's; grants and figures in it
lang: str = "sq"  # edition language: sq or en
audience: str = "public"  # public (victim counts below min_cell hidden) or internal (exact counts, with a banner)
min_cell: int = 10  # a public edition hides victim counts below this number (1 to 1000)

# %%
from sitrep.report.page import open_page
from sitrep.report.chapters import ngos

page = open_page(page=page, clean_dir=clean_dir, period=period, lang=lang, audience=audience, min_cell=min_cell)
values = ngos.text_values(page.data)

# %%
page.text(ngos.intro_key(page.data), **values)

# %% [markdown] tags=["analyst"]
# ## Who does what / Kush bën çfarë

# %%
page.heading(page.t("ngos.activities.heading"))
page.text("ngos.activities.text", **values)
page.show(ngos.activities_view(page.data))

# %% [markdown] tags=["analyst"]
# ## Where they work / Ku punojnë

# %%
page.heading(page.t("ngos.places.heading"))
page.text("ngos.places.text", **values)
page.show(ngos.places_view(page.data))

# %% [markdown] tags=["analyst"]
# ## The organisations one by one / Organizatat një nga një

# %%
page.heading(page.t("ngos.table.heading"))
page.text("ngos.table.text")
page.show(ngos.organizations_view(page.data))

# %%
page.finish()
