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
# # Përpjekjet e qeverisë / Government efforts

# %% tags=["parameters"]
page: str = "government"  # the page this notebook builds: government
clean_dir: str = "data/clean"  # the clean tables: a full path, or a path inside the project (found from any folder)
period: str = ""  # reporting period YYYY-MM:YYYY-MM, empty for the latest report's; grants and figures in it
lang: str = "sq"  # edition language: sq or en
audience: str = "public"  # public (victim counts below min_cell hidden) or internal (exact counts, with a banner)
min_cell: int = 10  # a public edition hides victim counts below this number (1 to 1000)

# %%
from sitrep.report.page import open_page
from sitrep.report.chapters import government

page = open_page(page=page, clean_dir=clean_dir, period=period, lang=lang, audience=audience, min_cell=min_cell)

# %%
page.text("government.intro", period=page.period_text, **government.intro_values(page.data))

# %% [markdown] tags=["analyst"]
# ## Acts of the state / Aktet e shtetit
#
# Strategies, plans, laws, agreements and orders (report lines 363–1139). Events of other kinds, and those whose named actors are all donors, international organisations or NGOs, are left out (see `government.state_acts`).

# %%
page.heading(page.t("government.timeline.heading"))
page.text("government.timeline.text")
page.show(government.timeline_view(page.data))
page.show(government.events_view(page.data))

# %% [markdown] tags=["analyst"]
# ## National action plans / Planet kombëtare
#
# Structure from `nap_structure`, grants citing each row from `nap_links` (one count per grant per row).

# %%
page.heading(page.t("government.nap.heading"))
for key, values in government.nap_text(page.data):
    page.text(key, **values)
page.show(government.nap_view(page.data))

# %% [markdown] tags=["analyst"]
# ## The government's figures / Shifrat e qeverisë
#
# Victim-related figures below `min_cell` are hidden in public editions.

# %%
page.heading(page.t("government.figures.heading"))
figures_key, figures_values = government.figures_text(page.data)
page.text(figures_key, **figures_values)
if government.has_figures(page.data):
    page.show(government.structures_view(page.data))
    page.show(government.figures_view(page.data))

# %%
page.finish()
