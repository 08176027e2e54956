"""Extract: read each report's raw tables exactly as typed, whatever format they were saved in."""
