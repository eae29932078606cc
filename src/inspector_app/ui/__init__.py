"""PySide6 desktop UI. Widgets call the operations layer only; no business rule lives here."""
