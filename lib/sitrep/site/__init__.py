"""Site: run each chapter notebook, export and frame it, and publish the whole site."""

import sys

# nbformat imports jsonschema, whose format checkers import rfc3987_syntax when it is installed (jupyter-events
# pulls it in), and that module compiles an Earley grammar for IRIs on import: about a second of CPU in the build
# and in each warm worker, half of a worker's start. Nothing here checks an IRI format (notebook schemas name
# none), so the site's processes tell Python the module is absent; jsonschema then leaves those two formats out.
# Where it was imported already, it stays.
sys.modules.setdefault("rfc3987_syntax", None)
