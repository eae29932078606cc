"""Defects of an inspection: the list panel, the editor dialog and photo evidence."""
