"""sitrep: situation reports on anti-trafficking efforts, from traceable raw tables to an offline site."""

__version__ = "0.1.0"
