"""Load conclusion-rule profiles (checklists/rule-profiles/*.yaml) with located errors.

Every problem reads `FILE:LINE:COL: field.path: message`, and one run reports all of them:
YAML syntax, then the schema (including unknown metrics and outcomes, located where they are
written), then checks across fields, then checks across files (file name, duplicate ids,
`replaced_by` targets). The format is described in docs/rule-profiles.md.
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from inspector_app.checklist.library import bundled_checklists_dir
from inspector_app.checklist.yamlsource import PathKey, Problem, YamlDocument, load_yaml
from inspector_app.domain.conclusion import (
    CONTEXT_DEFER_CHECKS,
    CONTEXT_OUTCOMES,
    Condition,
    DefaultOutcome,
    Escalation,
    RegulationRef,
    Rule,
    RuleProfile,
)
from inspector_app.domain.errors import InspectorError

PROFILES_FOLDER = "rule-profiles"


class ProfileError(InspectorError):
    """One or more profile files are invalid; `problems` lists every problem found."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


def bundled_profiles_dir() -> Path:
    return bundled_checklists_dir() / PROFILES_FOLDER


def load_profile(path: Path | str) -> RuleProfile:
    """The profile in `path`; raises ProfileError listing all its problems."""
    profile, problems, _ = _check_file(Path(path))
    if problems or profile is None:
        raise ProfileError(problems)
    return profile


def load_profiles(folder: Path | str) -> dict[str, RuleProfile]:
    """Every `*.yaml` profile directly in `folder`, by id. Each file must be named `<id>.yaml`."""
    folder = Path(folder)
    if not folder.is_dir():
        raise ProfileError([Problem(str(folder), 1, 1, "", "no such rule-profile folder")])
    problems: list[Problem] = []
    profiles: dict[str, RuleProfile] = {}
    docs: dict[str, YamlDocument] = {}
    for path in sorted(p for p in folder.glob("*.yaml") if p.is_file()):
        profile, file_problems, doc = _check_file(path)
        problems.extend(file_problems)
        if profile is None:
            continue
        if path.stem != profile.id:
            problems.append(doc.problem(("id",), f"file name must be '{profile.id}.yaml'"))
        if profile.id in profiles:
            first = docs[profile.id].file
            problems.append(doc.problem(("id",), f"id {profile.id!r} is also used by {first}"))
            continue
        profiles[profile.id] = profile
        docs[profile.id] = doc
    for profile_id, profile in profiles.items():
        for field in ("replaced_by", "otherwise"):
            target = getattr(profile, field)
            if target and target not in profiles:
                problems.append(
                    docs[profile_id].problem((field,), f"no profile {target!r} in {folder}")
                )
    if problems:
        raise ProfileError(problems)
    return profiles


def bundled_profiles() -> dict[str, RuleProfile]:
    """The profiles shipped with the app."""
    return load_profiles(bundled_profiles_dir())


# --------------------------------------------------------------------------------------------


def _check_file(path: Path) -> tuple[RuleProfile | None, list[Problem], YamlDocument]:
    doc = load_yaml(path)
    problems = list(doc.problems)
    if doc.data is None:
        return None, problems, doc
    context: dict[str, Any] = {CONTEXT_DEFER_CHECKS: True}
    outcomes = doc.data.get("outcomes") if isinstance(doc.data, dict) else None
    if isinstance(outcomes, dict):
        context[CONTEXT_OUTCOMES] = [code for code in outcomes if isinstance(code, str)]
    profile: RuleProfile | None = None
    try:
        profile = RuleProfile.model_validate(doc.data, context=context)
    except ValidationError as exc:
        problems.extend(_schema_problems(exc, doc))
    else:
        problems.extend(doc.problem(p, msg) for p, msg in profile.consistency_problems())
    problems.sort(key=lambda p: (p.line, p.col))
    return (None if problems else profile), problems, doc


def _schema_problems(exc: ValidationError, doc: YamlDocument) -> list[Problem]:
    out = []
    for error in exc.errors(include_url=False):
        loc = tuple(error["loc"])
        if "[key]" in loc:  # pydantic marks a bad mapping key by appending "[key]"
            loc = loc[: loc.index("[key]")]
        out.append(doc.problem(_yaml_path(doc.data, loc), _message(error, loc)))
    return out


def _yaml_path(data: Any, loc: PathKey) -> PathKey:
    """The longest prefix of pydantic's `loc` that exists in the YAML; a missing field keeps
    its name so the message says which one (its position is that of its parent)."""
    current = data
    for depth, part in enumerate(loc):
        if (isinstance(current, dict) and part in current) or (
            isinstance(current, list) and isinstance(part, int) and 0 <= part < len(current)
        ):
            current = current[part]
        else:
            return loc[: depth + 1] if isinstance(current, dict) else loc[:depth]
    return loc


def _message(error: Any, loc: PathKey) -> str:
    kind, msg = error["type"], str(error.get("msg", error["type"]))
    if kind == "missing":
        return "required field is missing"
    if kind == "extra_forbidden":
        return _unknown_field(loc)
    if kind == "value_error":
        return msg.removeprefix("Value error, ")
    if kind == "string_type":
        value = error.get("input")
        if isinstance(value, bool):  # YAML 1.1 reads yes/no/on/off as booleans
            return f"expected text, got {str(value).lower()}; put the word in quotes"
        return f"expected text, got {value!r}; put it in quotes"
    if kind == "literal_error":
        expected = (error.get("ctx") or {}).get("expected", "")
        return f"{error.get('input')!r} is not one of: {expected}"
    return msg


# Which model a mapping at a given path holds, for "did you mean" on unknown fields.
_MODEL_OF_FIELD: dict[str, type[BaseModel]] = {
    "regulation": RegulationRef,
    "escalations": Escalation,
    "rules": Rule,
    "default": DefaultOutcome,
    "when": Condition,
    "all": Condition,
    "any": Condition,
}


def _unknown_field(loc: PathKey) -> str:
    name = str(loc[-1]) if loc else ""
    message = f"unknown field '{name}'"
    parents = [p for p in loc[:-1] if isinstance(p, str)]
    model = _MODEL_OF_FIELD.get(parents[-1], RuleProfile) if parents else RuleProfile
    close = difflib.get_close_matches(name, list(model.model_fields), n=1, cutoff=0.6)
    if close:
        message += f" (did you mean '{close[0]}'?)"
    return message
