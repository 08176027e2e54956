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
# # Exploring / Eksplorimi
#
# Three questions asked of the report's data with `sitrep.report.explore` (README: "Exploring").
# Answers come as tables whose columns are stable codes; `explore.labels` names them for reading.
# A public edition hides small victim counts here exactly as on the site.

# %% tags=["parameters"]
clean_dir: str = "data/clean"  # the clean tables: a full path, or a path inside the project (found from any folder)
lang: str = "sq"  # language of labels and names: sq or en

# %%
from sitrep.report import explore
from sitrep.report.chapters import grants
from sitrep.report.page import open_page

data = explore.load(clean_dir=clean_dir, lang=lang)
page = open_page(page="explore", clean_dir=clean_dir, lang=lang)  # shows any chapter view, chart and all

# %% [markdown] tags=["analyst"]
# ## 1. Reach by qark, phase 3 only
#
# `explore.only` returns a dataset that every chapter view accepts: here the grants chapter's own chart.

# %%
phase3 = explore.only(data, phase=3)
explore.labels(explore.reach(phase3), data)

# %%
page.show(grants.reach_view(phase3))

# %% [markdown] tags=["analyst"]
# ## 2. Which donors work in Kukës
#
# Programmes with a Kukës place, and the CAAHT grants working there, counted per donor.

# %%
explore.labels(explore.donors_in(data, "Kukës"), data)

# %% [markdown] tags=["analyst"]
# ## 3. Victims assisted by organisation, internal edition
#
# The internal edition shows exact counts: keep what it shows inside the team.
# The public edition of the same question hides the small ones.

# %%
internal = explore.load(clean_dir=clean_dir, lang=lang, audience="internal")
explore.labels(explore.by_organisation(internal, "victims_assisted"), internal)

# %%
explore.labels(explore.by_organisation(data, "victims_assisted"), data)
