"""Per-format plans: pure layout decisions between the content model and the writers."""
