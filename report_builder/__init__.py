"""report-builder: one YAML brief to a Word brief, a PDF summary and a PowerPoint deck."""

__version__ = "0.1.0"
