"""Transform: check the raw tables against their rules and clean them into typed tables."""
