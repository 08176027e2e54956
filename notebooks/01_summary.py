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
# # Përmbledhje / Summary
#
# The report's key messages, the headline figures of the period and the report's own claims held against the data. Run with papermill parameters, or edit the parameters cell and run all.

# %% tags=["parameters"]
page: str = "summary"  # the page this notebook builds: summary
clean_dir: str = "data/clean"  # the clean tables: a full path, or a path inside the project (found from any folder)
period: str = ""  # reporting period YYYY-MM:YYYY-MM, empty for the latest report's; grants and figures in it
lang: str = "sq"  # edition language: sq or en
audience: str = "public"  # public (victim counts below min_cell hidden) or internal (exact counts, with a banner)
min_cell: int = 10  # a public edition hides victim counts below this number (1 to 1000)

# %%
from sitrep.report.page import open_page
from sitrep.report.chapters import summary

page = open_page(page=page, clean_dir=clean_dir, period=period, lang=lang, audience=audience, min_cell=min_cell)

# %% [markdown] tags=["analyst"]
# ## Key messages / Mesazhet kryesore
# The report's own executive-summary points (`key_messages`); a report that prints none shows no section.

# %%
page.key_messages(summary.key_messages(page.data))
page.heading(page.t("summary.figures.title"))
page.text("summary.intro", grants=len(page.data.grants), organizations=page.data.grants["org_id"].nunique(),
          period=page.period_text)
page.show(summary.headline_view(page.data))

# %% [markdown] tags=["analyst"]
# ## Claims / Pohimet

# %%
page.heading(page.t("claims.title"))
page.text("summary.claims.intro")
page.show(summary.reconciliation_view(page.data))

# %%
page.finish()
