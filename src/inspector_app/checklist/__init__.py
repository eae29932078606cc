"""Checklist file format: schema, YAML loader with located errors, and the versioned library."""
