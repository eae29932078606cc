"""The checklist file format (format version 1), as pure pydantic models.

A checklist is immutable once distributed: a revision is a new file with the same `id` and a
higher `version`. Inspections pin (id, version). Requirement texts are written in our own
words; `refs` cite the clause of the regulation (article number, optionally annex/paragraph),
with `verified: false` on a reference whose number was not checked against the published text.

These models live in domain/ because the conclusion rules (domain/conclusion.py) reason about
a checklist's items and tiers; checklist/ (files, YAML, the library) builds on them, never the
other way round. checklist/schema.py re-exports them under their historical name.

The JSON Schema in checklists/checklist.schema.json is generated from these models
(`python -m inspector_app.checklist.jsonschema`); do not edit it by hand.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator

FORMAT_VERSION = 1

Identifier = Annotated[
    str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9._-]*$", min_length=1, max_length=80)
]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]


class ChecklistKind(StrEnum):
    DRUG_GMP = "drug-gmp"
    DRUG_REGISTRATION_VERIFICATION = "drug-registration-verification"
    DEVICE_GMP = "device-gmp"
    DEVICE_REGISTRATION_QMS = "device-registration-qms"
    LICENCE = "licence"


class Tier(StrEnum):
    """How the regulation grades an item. Each regulation uses one set of these."""

    KEY = "key"  # 关键项目 (marked * in device guidelines, drug licence standards)
    GENERAL = "general"  # 一般项目
    CRITICAL = "critical"  # 严重 (device GMP 2025 on-site guideline)
    MAJOR = "major"  # 主要


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Regulation(_Strict):
    name: Text  # e.g. 药品生产质量管理规范
    issuer: Text  # e.g. 卫生部 / 国家药品监督管理局
    version: Text  # e.g. 2010年修订
    document_no: str = ""  # e.g. 卫生部令第79号
    effective_date: date
    # Set when a newer regulation replaced this one: old inspections still open, new ones
    # cannot choose this checklist.
    replaced_by: str | None = None
    replaced_on: date | None = None


class ClauseRef(_Strict):
    """A citation of one clause: 第N条 of the regulation, or of an annex."""

    article: int = Field(ge=1)
    paragraph: int | None = Field(default=None, ge=1)
    annex: str | None = None  # e.g. 无菌药品 (annex name); None: the main text
    source: str | None = None  # another document than the checklist's regulation
    # False: the author could not check this number against the regulation's published text.
    # The app flags such a clause for the center; paper never shows the flag. Strict, so a
    # typo like `verified: 0` or `verified: "no"` is an error rather than a silent guess.
    verified: bool = Field(
        default=True,
        strict=True,
        description="false: number not checked against the published text (shown in the app only)",
    )

    @classmethod
    def coerce(cls, value: Any) -> Any:
        # Authoring shorthand: a bare article number.
        if isinstance(value, int) and not isinstance(value, bool):
            return {"article": value}
        return value


ArticleShorthand = Annotated[
    int, Field(ge=1, description="article number, shorthand for {article: N}")
]


def _coerce_refs(values: Any) -> Any:
    if isinstance(values, list):
        return [ClauseRef.coerce(v) for v in values]
    return values


class DeclaredObserved(_Strict):
    """An item where the inspector records the dossier value beside the value found on site."""

    label: Text  # what is compared, e.g. 灭菌温度
    unit: str = ""


class Item(_Strict):
    id: Identifier  # stable forever; results and defects link to it
    code: Text  # display code: 第四十八条, *2.3.1, 3.1 …
    refs: list[ClauseRef] = Field(default_factory=list)
    requirement: Text  # what the regulation asks, in our own words
    check: str = ""  # what to look at on site
    evidence: list[Text] = Field(default_factory=list)  # records to ask for
    tier: Tier | None = None
    tags: list[Identifier] = Field(default_factory=list)  # applicability, e.g. sterile
    declared_observed: DeclaredObserved | None = None

    # Authors may write `refs: [48]`; the JSON Schema must accept that shorthand too.
    _refs = field_validator(
        "refs", mode="before", json_schema_input_type=list[ArticleShorthand | ClauseRef]
    )(_coerce_refs)


class Section(_Strict):
    id: Identifier
    code: Text  # 第四章, 附录1, 3 …
    title: Text
    # Inclusive article range of this chapter; when set, every item's main-text refs must lie in it.
    articles: tuple[int, int] | None = None
    # Quality subsystem the section belongs to (drug inspections group linked defects by it).
    subsystem: Identifier | None = None
    tags: list[Identifier] = Field(default_factory=list)  # applies to every item inside
    items: list[Item] = Field(default_factory=list)
    sections: list[Section] = Field(default_factory=list)


class TagDefinition(_Strict):
    id: Identifier
    label: Text  # 无菌药品


class Checklist(_Strict):
    format: int = Field(FORMAT_VERSION, ge=1, le=FORMAT_VERSION)
    id: Identifier
    version: int = Field(ge=1)
    title: Text
    kind: ChecklistKind
    regulation: Regulation
    tiers: list[Tier] = Field(default_factory=list)  # tiers this regulation uses
    tags: list[TagDefinition] = Field(default_factory=list)
    rule_profile: Identifier  # conclusion-rule profile id
    notes: str = ""  # provenance, draft status of sources, etc.
    sections: list[Section] = Field(min_length=1)

    @property
    def key(self) -> tuple[str, int]:
        return (self.id, self.version)

    @property
    def is_current(self) -> bool:
        return self.regulation.replaced_by is None

    def walk_items(self) -> list[tuple[list[Section], Item]]:
        """Every item with the chain of sections above it, in document order."""
        out: list[tuple[list[Section], Item]] = []

        def visit(section: Section, trail: list[Section]) -> None:
            chain = [*trail, section]
            out.extend((chain, item) for item in section.items)
            for child in section.sections:
                visit(child, chain)

        for section in self.sections:
            visit(section, [])
        return out

    def items_by_id(self) -> dict[str, Item]:
        return {item.id: item for _, item in self.walk_items()}
