"""YAML parsing that remembers where every value came from.

PyYAML's safe loader forgets positions; we compose the node tree ourselves and keep a map
from each value's path (tuple of keys and list indexes) to its line and column, so validation
errors can say `FILE:LINE:COL: field.path: message`. Duplicate mapping keys, which PyYAML
silently overwrites, are reported as problems.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

PathKey = tuple[str | int, ...]


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


def load_yaml(path: Path | str, text: str | None = None) -> YamlDocument:
    """Parse one YAML document. Syntax errors and duplicate keys land in `problems`."""
    name = str(path)
    if text is None:
        try:
            text = Path(path).read_text(encoding="utf-8")
        except UnicodeDecodeError as exc:
            return YamlDocument(name, None, problems=[Problem(name, 1, 1, "", f"not UTF-8 text ({exc.reason})")])
    doc = YamlDocument(name, None)
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
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
    constructor = yaml.SafeLoader("")
    doc.data = _build(node, (), doc, constructor)
    return doc


def _build(node: yaml.Node, path: PathKey, doc: YamlDocument, constructor: yaml.SafeLoader) -> Any:
    doc.marks[path] = (node.start_mark.line + 1, node.start_mark.column + 1)
    if isinstance(node, yaml.MappingNode):
        out: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = constructor.construct_object(key_node, deep=True)
            if not isinstance(key, str | int):
                key = str(key)
            child = (*path, key)
            if key in out:
                doc.marks[child] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
                doc.problems.append(doc.problem(child, f"duplicate key {key!r}"))
                continue
            out[key] = _build(value_node, child, doc, constructor)
            # Point errors about a key at the key itself, which is where an author looks.
            doc.marks[child] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
        return out
    if isinstance(node, yaml.SequenceNode):
        return [_build(child, (*path, i), doc, constructor) for i, child in enumerate(node.value)]
    return constructor.construct_object(node, deep=True)
