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
# # Pastrimi / Cleaning
#
# Checks every raw table and writes the typed clean tables, exactly as `sitrep clean` does. Problems are listed one per line as `file:row: column: problem (hint)`; nothing is written until all are fixed.

# %% tags=["parameters"]
raw_dir: str = "data/raw"  # the raw tables: a full path, or a path inside the project
clean_dir: str = "data/clean"  # where the clean tables are written: a full path, or a path inside the project

# %%
from sitrep.errors import DataError
from sitrep.paths import project_path
from sitrep.transform.run import run_clean

# %%
try:
    tables = run_clean(project_path(raw_dir), project_path(clean_dir))
except DataError as problems:
    print("\n".join(problems.lines()))
    raise SystemExit(1)
{name: len(frame) for name, frame in tables.items()}

# %% [markdown] tags=["analyst"]
# Look at a table, for example the places each grant worked in:

# %%
tables["grant_places"].head(20)
