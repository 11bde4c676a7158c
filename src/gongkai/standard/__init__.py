"""The national annual-report standard: formats, the report model and the consistency rules."""
