"""inspector_app: offline pre-inspection workbench for the new-drug service center."""

__version__ = "0.1.0"
