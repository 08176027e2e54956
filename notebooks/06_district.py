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
# # Qarku / County profile

# %% tags=["parameters"]
district: str = "Korçë"  # the qark profiled, in any spelling (korce, Korçë); a wrong name lists all 12
page: str = ""  # the page built: districts/<qark> of the district; empty means exactly that
clean_dir: str = "data/clean"  # the clean tables: a full path, or a path inside the project (found from any folder)
period: str = ""  # reporting period YYYY-MM:YYYY-MM, empty for the latest report's; grants and figures in it
lang: str = "sq"  # edition language: sq or en
audience: str = "public"  # public (victim counts below min_cell hidden) or internal (exact counts, with a banner)
min_cell: int = 10  # a public edition hides victim counts below this number (1 to 1000)

# %%
from sitrep.report.page import open_page
from sitrep.report.chapters import district as profile

page = open_page(page=page, clean_dir=clean_dir, period=period, lang=lang, audience=audience, min_cell=min_cell, district=district)

# %%
intro_key, intro_values = profile.intro(page.data, page.district)
page.text(intro_key, period=page.period_text, **intro_values)
page.show(profile.map_view(page.data, page.district))

# %% [markdown] tags=["analyst"]
# ## Grants / Grantet
#
# Grants whose places include this qark, or national ones.

# %%
page.heading(page.t("district.section.grants"))
page.show(profile.grants_view(page.data, page.district))

# %% [markdown] tags=["analyst"]
# ## Reach / Personat e arritur
#
# Only single-qark grants' figures belong to a qark; the others are listed without figures.

# %%
page.heading(page.t("district.section.reach"))
page.show(profile.reach_view(page.data, page.district))
page.show(profile.shared_view(page.data, page.district))

# %% [markdown] tags=["analyst"]
# ## Trend / Prirja
#
# Only when the dataset holds an earlier report period: this qark's own counts in each period, per month too.

# %%
if profile.has_trend(page.data):
    page.heading(page.t("district.section.trend"))
    page.show(profile.trend_view(page.data, page.district))

# %% [markdown] tags=["analyst"]
# ## Organisations / Organizatat

# %%
page.heading(page.t("district.section.orgs"))
page.show(profile.organizations_view(page.data, page.district))

# %%
page.finish()
