"""Report: the clean tables as an edition sees them, counted, suppressed, charted and laid out as views."""
