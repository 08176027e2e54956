"""The marks a page puts on its cell outputs, shared with the site, which reads them without the report's libraries."""

# The view as the site's page shows it; no renderer shows it.
SITE_MIME = "application/vnd.sitrep.view+html"
# Marks the cell outputs that exist only for someone reading the notebook, so that the site leaves them out.
NOTEBOOK_ONLY = "notebook"
# The key of an output's metadata under which a page says what the output is (a view, a download, the page's report).
OUTPUT_KEY = "sitrep"
