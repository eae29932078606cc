"""The photo viewer: full-size photo, zoom and pan, and the annotation layer's editor."""

from inspector_app.ui.photo_viewer.dialog import PhotoViewer, open_photo_viewer, save_photo_layer

__all__ = ["PhotoViewer", "open_photo_viewer", "save_photo_layer"]
