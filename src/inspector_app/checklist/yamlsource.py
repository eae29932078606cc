"""YAML parsing that remembers where every value came from.

PyYAML's safe loader forgets positions; we compose the node tree ourselves and keep a map
from each value's path (tuple of keys and list indexes) to its line and column, so validation
errors can say `FILE:LINE:COL: field.path: message`. Duplicate mapping keys, which PyYAML
silently overwrites, are reported as problems.

Composing uses libyaml (`CSafeLoader`) when PyYAML was built with it: it is about ten times
faster than the pure-Python parser and yields the same nodes and marks.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

PathKey = tuple[str | int, ...]

_COMPOSER: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_STR_TAG = "tag:yaml.org,2002:str"
# Aliases let a tiny file expand into a huge tree ("billion laughs"); no checklist comes close.
_MAX_NODES = 2_000_000


@dataclass(frozen=True, slots=True)
class Problem:
    file: str
    line: int  # 1-based
    col: int  # 1-based
    field: str  # dotted path, e.g. sections.2.items.5.tier; "" for the whole file
    message: str

    def __str__(self) -> str:
        where = f"{self.field}: " if self.field else ""
        return f"{self.file}:{self.line}:{self.col}: {where}{self.message}"


def dotted(path: PathKey) -> str:
    return ".".join(str(p) for p in path)


@dataclass
class YamlDocument:
    file: str
    data: Any
    marks: dict[PathKey, tuple[int, int]] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    def locate(self, path: PathKey) -> tuple[int, int]:
        """Line and column of the value at `path`, or of its nearest located ancestor."""
        probe = tuple(path)
        while probe:
            if probe in self.marks:
                return self.marks[probe]
            probe = probe[:-1]
        return self.marks.get((), (1, 1))

    def problem(self, path: PathKey, message: str) -> Problem:
        line, col = self.locate(path)
        return Problem(self.file, line, col, dotted(path), message)


class _TooLarge(Exception):
    pass


def load_yaml(path: Path | str, text: str | None = None) -> YamlDocument:
    """Parse one YAML document. Syntax errors and duplicate keys land in `problems`."""
    name = str(path)
    if text is None:
        try:
            # utf-8-sig: Windows editors often save a byte-order mark.
            text = Path(path).read_text(encoding="utf-8-sig")
        except UnicodeDecodeError as exc:
            return _failed(name, 1, 1, f"not UTF-8 text ({exc.reason}); save the file as UTF-8")
        except OSError as exc:
            return _failed(name, 1, 1, f"cannot read the file: {exc.strerror or exc}")
    doc = YamlDocument(name, None)
    try:
        node = yaml.compose(text, Loader=_COMPOSER)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        message = " ".join(str(p) for p in (exc.context, exc.problem) if p)
        doc.problems.append(Problem(name, line, col, "", f"invalid YAML: {message}"))
        return doc
    except yaml.YAMLError as exc:
        doc.problems.append(Problem(name, 1, 1, "", f"invalid YAML: {exc}"))
        return doc
    if node is None:
        doc.problems.append(Problem(name, 1, 1, "", "the file is empty"))
        return doc
    builder = _Builder(doc)
    try:
        doc.data = builder.build(node, ())
    except _TooLarge:
        doc.data = None
        doc.problems.append(Problem(name, 1, 1, "", "the document expands to too many values"))
    return doc


def _failed(name: str, line: int, col: int, message: str) -> YamlDocument:
    return YamlDocument(name, None, problems=[Problem(name, line, col, "", message)])


class _Builder:
    """Turns a composed node tree into plain Python values, recording each value's mark."""

    def __init__(self, doc: YamlDocument) -> None:
        self.doc = doc
        self.constructor = yaml.SafeLoader("")
        self.budget = _MAX_NODES

    def build(self, node: yaml.Node, path: PathKey) -> Any:
        # Hot loop (a checklist has ~15 values per item): exact type checks, and plain
        # strings handled inline instead of through the constructor.
        self.budget -= 1
        if self.budget < 0:
            raise _TooLarge
        marks = self.doc.marks
        mark = node.start_mark
        marks[path] = (mark.line + 1, mark.column + 1)
        kind = type(node)
        if kind is yaml.MappingNode:
            out: dict[Any, Any] = {}
            for key_node, value_node in node.value:
                key = self.scalar(key_node, path)
                if not isinstance(key, str | int):
                    key = str(key)
                child = (*path, key)
                mark = key_node.start_mark
                key_mark = (mark.line + 1, mark.column + 1)
                if key in out:
                    marks[child] = key_mark
                    self.doc.problems.append(self.doc.problem(child, f"duplicate key {key!r}"))
                    continue
                if type(value_node) is yaml.ScalarNode and value_node.tag == _STR_TAG:
                    out[key] = value_node.value
                else:
                    out[key] = self.build(value_node, child)
                # Point errors about a key at the key itself, which is where an author looks.
                marks[child] = key_mark
            return out
        if kind is yaml.SequenceNode:
            return [self.build(child, (*path, i)) for i, child in enumerate(node.value)]
        return self.scalar(node, path)

    def scalar(self, node: yaml.Node, path: PathKey) -> Any:
        if node.tag == _STR_TAG and type(node) is yaml.ScalarNode:
            return node.value  # the common case, without the constructor's bookkeeping
        try:
            return self.constructor.construct_object(node, deep=True)
        except ValueError:
            # e.g. 2025-13-01 matches the timestamp pattern but is no date: keep the text and
            # let schema validation say what is wrong with it, at the right field.
            return node.value
        except yaml.constructor.ConstructorError as exc:
            line, col = node.start_mark.line + 1, node.start_mark.column + 1
            self.doc.problems.append(
                Problem(self.doc.file, line, col, dotted(path), f"invalid YAML: {exc.problem}")
            )
            return node.value if isinstance(node, yaml.ScalarNode) else None
