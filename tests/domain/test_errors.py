"""One error base: every exception class the package defines derives from InspectorError,
except the few that are control flow rather than failures (named below, with why)."""

from __future__ import annotations

import importlib
import inspect
from pathlib import Path

import pytest

import inspector_app
from inspector_app.domain.errors import DomainError, InspectorError

PACKAGE = Path(inspector_app.__file__).parent

# Signals caught by the code that raises them, never shown to anyone.
CONTROL_FLOW = {
    "inspector_app.checklist.yamlsource._TooLarge",  # stops the YAML reader; becomes a Problem
    "inspector_app.sync.client._Retryable",  # a 5xx answer: the retry loop tries again
    "inspector_app.server.console.pages.SignInRequired",  # answered by a redirect to sign-in
    "inspector_app.ui.tasks.Cancelled",  # unwinds a cancelled worker
}


def _modules() -> list[str]:
    names = []
    for path in sorted(PACKAGE.rglob("*.py")):
        rel = path.relative_to(PACKAGE.parent).with_suffix("")
        if "migrations" in rel.parts or rel.name == "__main__":
            continue
        parts = list(rel.parts)
        if parts[-1] == "__init__":
            parts.pop()
        names.append(".".join(parts))
    return names


def _exception_classes() -> dict[str, type[BaseException]]:
    found = {}
    for name in _modules():
        if name.startswith("inspector_app.server"):
            pytest.importorskip("fastapi")
        module = importlib.import_module(name)
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, BaseException) and cls.__module__ == name:
                found[f"{name}.{cls.__qualname__}"] = cls
    return found


def test_every_error_derives_from_inspector_error():
    classes = _exception_classes()
    assert "inspector_app.cli.common.CliError" in classes  # the walk reaches every layer
    assert "inspector_app.server.errors.ApiError" in classes
    errors = {n: c for n, c in classes.items() if n not in CONTROL_FLOW}
    stray = sorted(n for n, c in errors.items() if not issubclass(c, InspectorError))
    assert not stray, f"derive these from InspectorError (domain/errors.py): {stray}"
    assert set(CONTROL_FLOW) <= set(classes), "a control-flow class is gone: drop it above"


def test_callers_that_catch_the_builtin_base_still_do():
    # Code catches ValueError, RuntimeError or KeyError around these; the second base stays.
    from inspector_app.checklist.library import ChecklistNotFound
    from inspector_app.reports.fonts import FontNotFound
    from inspector_app.store.blobs import PhotoRefused
    from inspector_app.store.db import StoreError

    assert issubclass(DomainError, ValueError) and issubclass(PhotoRefused, ValueError)
    assert issubclass(StoreError, RuntimeError) and issubclass(FontNotFound, RuntimeError)
    assert issubclass(ChecklistNotFound, KeyError)
    assert str(ChecklistNotFound("no checklist x v1")) == "no checklist x v1"
    assert str(DomainError("company.name", "required")) == "company.name: required"
