"""Load one checklist file and report everything wrong with it at once.

Three passes, each only when the previous one could run: YAML syntax (with positions),
the pydantic schema (errors translated to short messages at the author's line), and the
semantic checks of `validate.py`. The file-name convention `<id>.v<version>.yaml` is checked
from the raw data, so it is reported even when the schema fails elsewhere.
"""

from __future__ import annotations

import difflib
import types
from collections.abc import Collection, Sequence
from datetime import date
from pathlib import Path
from typing import Annotated, Any, Union, get_args, get_origin

from pydantic import BaseModel, ValidationError

from inspector_app.checklist.schema import FORMAT_VERSION, Checklist, Identifier
from inspector_app.checklist.validate import semantic_problems
from inspector_app.checklist.yamlsource import PathKey, Problem, YamlDocument, load_yaml
from inspector_app.domain.errors import InspectorError

_IDENTIFIER_PATTERN = get_args(Identifier)[1].pattern


class ChecklistError(InspectorError):
    """One or more checklist files are invalid; `problems` lists every problem found."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


def check_checklist_file(
    path: Path | str, *, rule_profiles: Collection[str] | None = None
) -> tuple[Checklist | None, list[Problem]]:
    """Parse and validate one file.

    Returns the checklist when it passed the schema (even if semantic problems remain, so a
    caller can still show its id) and every problem, sorted by position.
    """
    checklist, problems, _ = check_checklist_document(path, rule_profiles=rule_profiles)
    return checklist, problems


def load_checklist(path: Path | str, *, rule_profiles: Collection[str] | None = None) -> Checklist:
    """The checklist in `path`; raises ChecklistError listing all its problems."""
    checklist, problems = check_checklist_file(path, rule_profiles=rule_profiles)
    if problems or checklist is None:
        raise ChecklistError(problems)
    return checklist


def check_checklist_document(
    path: Path | str, *, rule_profiles: Collection[str] | None = None
) -> tuple[Checklist | None, list[Problem], YamlDocument]:
    """Like check_checklist_file, plus the parsed YAML for locating further problems."""
    path = Path(path)
    doc = load_yaml(path)
    problems = list(doc.problems)
    if doc.data is None:
        if not problems:  # a document that is just `~` or `null`
            problems.append(doc.problem((), "the file holds no checklist"))
        return None, problems, doc
    problems.extend(_file_name_problems(path, doc))
    checklist: Checklist | None = None
    try:
        checklist = Checklist.model_validate(doc.data)
    except ValidationError as exc:
        problems.extend(schema_problems(exc, doc))
    else:
        problems.extend(semantic_problems(checklist, doc, rule_profiles=rule_profiles))
    problems.sort(key=lambda p: (p.line, p.col))
    return checklist, problems, doc


def _file_name_problems(path: Path, doc: YamlDocument) -> list[Problem]:
    data = doc.data
    if not isinstance(data, dict):
        return []
    checklist_id, version = data.get("id"), data.get("version")
    if not isinstance(checklist_id, str) or type(version) is not int:
        return []  # the schema reports those
    expected = f"{checklist_id}.v{version}.yaml"
    if path.name == expected:
        return []
    return [
        doc.problem(
            ("id",),
            f"file name '{path.name}' does not match id and version: expected '{expected}'",
        )
    ]


# --- pydantic errors → problems -------------------------------------------------------------


def schema_problems(exc: ValidationError, doc: YamlDocument) -> list[Problem]:
    out = []
    for error in exc.errors(include_url=False):
        loc = tuple(error["loc"])
        path = _yaml_path(doc.data, loc)
        out.append(doc.problem(path, _message(error, loc)))
    return out


def _yaml_path(data: Any, loc: tuple[str | int, ...]) -> PathKey:
    """The part of pydantic's `loc` that exists in the YAML.

    Pydantic locates errors in the coerced input: the shorthand `refs: [48]` becomes
    `{article: 48}`, so an error at `refs.0.article` belongs to the scalar at `refs.0`.
    A missing field keeps its name, located at its parent mapping.
    """
    current = data
    for depth, part in enumerate(loc):
        if isinstance(current, dict):
            if part in current:
                current = current[part]
                continue
            return loc[: depth + 1] if depth == len(loc) - 1 else loc[:depth]
        if isinstance(current, list) and isinstance(part, int) and 0 <= part < len(current):
            current = current[part]
            continue
        return loc[:depth]
    return loc


def _show(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "nothing"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, str):
        text = value if len(value) <= 40 else value[:37] + "..."
        return f"'{text}'"
    return str(value)


def _listed(expected: str) -> str:
    # pydantic writes "'a', 'b' or 'c'"; we list plainly.
    return ", ".join(part.strip(" '") for part in expected.replace(" or ", ", ").split(","))


def _message(error: Any, loc: tuple[str | int, ...]) -> str:
    kind = error["type"]
    ctx = error.get("ctx") or {}
    value = error.get("input")
    got = _show(value)
    if kind == "missing":
        return "required field is missing"
    if kind == "extra_forbidden":
        return _unknown_field(loc)
    if kind == "enum":
        return f"{got} is not one of: {_listed(ctx.get('expected', ''))}"
    if kind in ("int_parsing", "int_type", "int_from_float"):
        return f"expected a whole number, got {got}"
    if kind == "string_type":
        hint = "; put it in quotes" if isinstance(value, int | float | date) else ""
        return f"expected text, got {got}{hint}"
    if kind == "string_too_short":
        return "must not be empty"
    if kind == "string_too_long":
        return f"is longer than {ctx.get('max_length')} characters"
    if kind == "string_pattern_mismatch":
        if ctx.get("pattern") == _IDENTIFIER_PATTERN:
            return (
                f"{got} is not a valid id: use lowercase letters, digits, '.', '_' or '-', "
                "starting with a letter or digit"
            )
        return f"{got} does not match the pattern {ctx.get('pattern')}"
    if kind == "greater_than_equal":
        return f"must be at least {ctx.get('ge')}, got {got}"
    if kind == "less_than_equal":
        if loc == ("format",):
            return (
                f"unsupported format {got}: this version of the app reads format {FORMAT_VERSION}"
            )
        return f"must be at most {ctx.get('le')}, got {got}"
    if kind.startswith("date_"):
        detail = f" ({ctx['error']})" if "error" in ctx else ""
        return f"expected a date like 2025-01-31, got {got}{detail}"
    if kind in ("list_type", "tuple_type"):
        return f"expected a list, got {got}"
    if kind in ("too_short", "too_long"):
        return _length_message(kind, ctx, loc)
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        if ctx.get("class_name") == "ClauseRef":
            return f"expected an article number or a mapping with 'article', got {got}"
        return f"expected a mapping of fields, got {got}"
    if kind in ("bool_type", "bool_parsing"):
        return f"expected true or false, got {got}"
    return str(error.get("msg", kind))


def _length_message(kind: str, ctx: dict[str, Any], loc: tuple[str | int, ...]) -> str:
    if loc and loc[-1] == "articles":
        return f"expected two article numbers [first, last], got {ctx.get('actual_length')}"
    if loc == ("sections",):
        return "at least one section is required"
    if kind == "too_short":
        return f"expected at least {ctx.get('min_length')} entries"
    return f"expected at most {ctx.get('max_length')} entries"


def _unknown_field(loc: tuple[str | int, ...]) -> str:
    name = str(loc[-1]) if loc else ""
    message = f"unknown field '{name}'"
    model = _model_at(loc[:-1])
    if model is not None:
        close = difflib.get_close_matches(name, list(model.model_fields), n=1, cutoff=0.6)
        if close:
            message += f" (did you mean '{close[0]}'?)"
    return message


def _model_at(loc: tuple[str | int, ...]) -> type[BaseModel] | None:
    """The schema model describing the value at `loc`, for spelling suggestions."""
    annotation: Any = Checklist
    for part in loc:
        annotation = _unwrap(annotation)
        if isinstance(part, str):
            if not (isinstance(annotation, type) and issubclass(annotation, BaseModel)):
                return None
            field = annotation.model_fields.get(part)
            if field is None:
                return None
            annotation = field.annotation
        else:
            args = get_args(annotation)
            if get_origin(annotation) not in (list, tuple) or not args:
                return None
            annotation = args[min(part, len(args) - 1)]
    annotation = _unwrap(annotation)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    return None


def _unwrap(annotation: Any) -> Any:
    while True:
        origin = get_origin(annotation)
        if origin is Annotated:
            annotation = get_args(annotation)[0]
        elif origin in (Union, types.UnionType):
            members = [a for a in get_args(annotation) if a is not type(None)]
            if len(members) != 1:
                return annotation
            annotation = members[0]
        else:
            return annotation
