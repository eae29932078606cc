"""Report templates as data: `templates/<id>.v<version>.yaml` (format in docs/reports.md).

A template fixes the page, the type sizes, the running header and footer, and the blocks of
the document in order, with their headings, column labels and wording. What a block shows
comes from the record; how it is laid out and worded comes from here, so the center can
revise wording by issuing a new template version without touching code.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

import inspector_app
from inspector_app.domain.errors import InspectorError

TEMPLATE_FORMAT = 1
_FILE = re.compile(r"^(?P<id>[a-z0-9][a-z0-9-]*)\.v(?P<version>[0-9]+)\.yaml$")

BlockType = Literal[
    "title",  # big centred title with a subtitle
    "cover",  # title page: title, key fields, notice box, then a page break
    "fields",  # label/value table of named values
    "paragraph",  # wording with {placeholders}
    "team",  # the inspection team and experts
    "scope",  # chapters and tags in scope, areas where defects were found
    "summary",  # counts by chapter and grade
    "conclusion",  # the rule's conclusion with its reasons and any override
    "defects",  # defects grouped by grade
    "consistency",  # declared-versus-observed values (skipped when the checklist has none)
    "item_results",  # item-by-item results appendix
    "photos",  # photo appendix with captions
    "signatures",  # acknowledgement signature blocks
    "integrity",  # inspection id, template, SHA-256 of the record
    "page_break",
]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Column(_Strict):
    label: str
    width: float = Field(gt=0)  # share of the text width; shares are normalised per table


class Block(_Strict):
    type: BlockType
    heading: str = ""
    text: str = ""  # paragraph wording, statements, subtitles
    # signatures, in templates with `marks`: `text` (the acknowledgement) is printed only once
    # the company has signed and the record is closed; before that, this is printed instead.
    draft_text: str = ""
    empty: str = ""  # shown when the block has nothing to list
    fields: list[tuple[str, str]] = Field(default_factory=list)  # (label, value name)
    columns: list[Column] = Field(default_factory=list)
    roles: list[Literal["inspector", "company"]] = Field(default_factory=list)
    per_page: int = Field(6, ge=1, le=12)  # photos
    numbered: bool = True  # takes the next 一、二、… when the template numbers headings


class Margins(_Strict):
    top: float = 22
    bottom: float = 24
    left: float = 20
    right: float = 20


class Page(_Strict):
    size: Literal["A4"] = "A4"
    margins_mm: Margins = Margins()


class Sizes(_Strict):
    title: float = 20
    heading: float = 13
    body: float = 10.5
    table: float = 9
    small: float = 7.5


class Footer(_Strict):
    notice: str
    page: str = "第 {page} 页 共 {pages} 页"
    document_no: str = "文书编号：{document_no}"
    digest: str = "数据摘要 SHA-256 {digest_short}"


class Marks(_Strict):
    """What a document says about its own state (docs/reports.md, "Document state").

    A template that declares marks is state-aware: `draft` is drawn across every page until
    the company has signed and the record is closed, and the signatures block's
    acknowledgement `text` is held back until then; `unreviewed` (when set) is printed in
    the header of every page and on the cover until the center has issued the report.
    Templates without marks (v1) render as they always did, so PDFs made from them verify.
    """

    draft: str = "草稿"
    unreviewed: str = ""


class Template(_Strict):
    format: int = Field(TEMPLATE_FORMAT, ge=1, le=TEMPLATE_FORMAT)
    id: str
    version: int = Field(ge=1)
    title: str
    page: Page = Page()
    sizes: Sizes = Sizes()
    header: str = ""
    footer: Footer
    number_headings: bool = False  # prefix 一、二、… to the headings of blocks that show
    marks: Marks | None = None
    blocks: list[Block] = Field(min_length=1)

    @property
    def label(self) -> str:
        return f"{self.id} v{self.version}"


class TemplateError(InspectorError, ValueError):
    """A template file is missing or invalid; the message names the file and the field."""


# CLI and UI names → template ids.
ALIASES = {"full": "full-report", "defect-list": "defect-list"}


def templates_dir() -> Path:
    """`<package>/_bundled/templates` in an installed wheel; `<repo>/templates` otherwise."""
    package = Path(inspector_app.__file__).resolve().parent
    bundled = package / "_bundled" / "templates"
    if bundled.is_dir():
        return bundled
    return package.parents[1] / "templates"


def available(directory: Path | None = None) -> dict[tuple[str, int], Path]:
    root = directory or templates_dir()
    found: dict[tuple[str, int], Path] = {}
    for path in sorted(root.glob("*.yaml")):
        match = _FILE.match(path.name)
        if match:
            found[(match["id"], int(match["version"]))] = path
    return found


def load_template(
    template_id: str, version: int | None = None, directory: Path | None = None
) -> Template:
    """The given version, or the newest version of the template."""
    template_id = ALIASES.get(template_id, template_id)
    files = available(directory)
    versions = sorted(v for (tid, v) in files if tid == template_id)
    if not versions:
        known = sorted({tid for tid, _ in files} | set(ALIASES))
        raise TemplateError(f"no report template '{template_id}' (known: {', '.join(known)})")
    chosen = version if version is not None else versions[-1]
    if chosen not in versions:
        raise TemplateError(
            f"report template {template_id} has no version {chosen} "
            f"(available: {', '.join(map(str, versions))})"
        )
    return parse_template_file(files[(template_id, chosen)])


def parse_template_file(path: Path) -> Template:
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
        template = Template.model_validate(raw)
    except yaml.YAMLError as exc:
        raise TemplateError(f"{path}: invalid YAML: {exc}") from None
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise TemplateError(f"{path}: {where}: {first['msg']}") from None
    match = _FILE.match(path.name)
    if match and (match["id"], int(match["version"])) != (template.id, template.version):
        raise TemplateError(
            f"{path}: id/version {template.id} v{template.version} do not match the file name"
        )
    return template
