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
# # Grantet e KVKTNj / CAAHT grants

# %% tags=["parameters"]
page: str = "grants"  # the page this notebook builds: grants
clean_dir: str = "data/clean"  # the clean tables: a full path, or a path inside the project (found from any folder)
period: str = ""  # reporting period YYYY-MM:YYYY-MM, empty for the latest report's; grants and figures in it
lang: str = "sq"  # edition language: sq or en
audience: str = "public"  # public (victim counts below min_cell hidden) or internal (exact counts, with a banner)
min_cell: int = 10  # a public edition hides victim counts below this number (1 to 1000)

# %%
from sitrep.report.page import open_page
from sitrep.report.chapters import grants

page = open_page(page=page, clean_dir=clean_dir, period=period, lang=lang, audience=audience, min_cell=min_cell)

# %%
page.text("grants.intro", period=page.period_text, **grants.intro_values(page.data))

# %% [markdown] tags=["analyst"]
# ## Where the grants worked / Ku punuan grantet
#
# Each grant's figures are counted once, in one place bucket (metrics.reach_by_bucket); the maps show prevention reach, the bars all four people counts side by side.

# %%
page.heading(page.t("grants.section.where"))
page.text("grants.where.intro")
page.show(grants.reach_view(page.data))

# %%
page.text("grants.where.maps")
page.show(grants.reach_map_view(page.data))
page.show(grants.reach_rreth_map_view(page.data))
page.show(grants.projects_present_view(page.data))

# %% [markdown] tags=["analyst"]
# ## Targets and results / Synimet dhe rezultatet
#
# Targets (is_target) are a series of their own, never summed with results.

# %%
page.heading(page.t("grants.section.targets"))
page.text("grants.targets.intro")
page.show(grants.targets_by_phase_view(page.data))
page.show(grants.targets_by_org_view(page.data))

# %% [markdown] tags=["analyst"]
# ## National plans / Planet kombëtare
#
# From the bracketed notes "[Ky projekt mbështeti …]" (nap_links.csv).

# %%
page.heading(page.t("grants.section.nap"))
page.text("grants.nap.intro")
page.show(grants.nap_matrix_view(page.data))

# %% [markdown] tags=["analyst"]
# ## Who does what where, for HXL tools / Kush bën çfarë ku
#
# The HXL 3W (transform/hxl.py) as this edition may publish it: one row per grant in its place bucket, hidden victim counts marked.

# %%
page.heading(page.t("grants.section.hxl"))
page.show(grants.three_w_view(page.data))

# %%
page.finish()
