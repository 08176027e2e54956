"""Site: run each chapter notebook, export and frame it, and publish the whole site."""
