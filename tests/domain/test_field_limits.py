"""Length limits of free-text fields: at the limit accepted, one over refused naming the field;
rows read back from the store (STORED) still open when over the limit."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from pydantic import ValidationError

from inspector_app.domain import model as m
from inspector_app.domain.errors import DomainError
from inspector_app.store.store import validate_entity

NOW = datetime(2026, 11, 30, 8, 0, tzinfo=UTC)
SHA = "0" * 64

BASE: dict[type[m.Entity], dict[str, Any]] = {
    m.Inspection: {
        "id": "i1",
        "company_name": "某某制药有限公司",
        "inspection_type": "gmp_compliance",
        "checklist_id": "mini-gmp",
        "checklist_version": 1,
        "created_at": NOW,
    },
    m.TeamMember: {"id": "t1", "inspection_id": "i1", "name": "王组长", "role": "lead"},
    m.ItemResult: {"id": "r1", "inspection_id": "i1", "item_id": "1.1"},
    m.Defect: {
        "id": "d1",
        "inspection_id": "i1",
        "severity": "major",
        "facts": "未按规定进行清洁验证。",
        "created_at": NOW,
    },
    m.Photo: {"id": "p1", "inspection_id": "i1", "sha256": SHA},
    m.Signature: {
        "id": "s1",
        "inspection_id": "i1",
        "role": "inspector",
        "name": "王组长",
        "signed_at": NOW,
    },
    m.Review: {
        "id": "v1",
        "inspection_id": "i1",
        "state": "commented",
        "reviewer": "李审核",
        "created_at": NOW,
    },
    m.ReviewResponse: {
        "id": "a1",
        "inspection_id": "i1",
        "review_id": "v1",
        "text": "已补充记录。",
        "author": "王组长",
        "created_at": NOW,
    },
    m.IssuedReport: {
        "id": "ir1",
        "inspection_id": "i1",
        "number": "〔2026〕第1号",
        "template": "full",
        "pdf_sha256": SHA,
        "issued_by": "李审核",
        "issued_at": NOW,
    },
}

LIMITS = [
    (m.Inspection, "company_name", m.MAX_NAME),
    (m.Inspection, "site_address", m.MAX_ADDRESS),
    (m.Inspection, "document_no", m.MAX_DOCUMENT_NO),
    (m.Inspection, "conclusion_override", m.MAX_REASON),
    (m.Inspection, "conclusion_override_reason", m.MAX_REASON),
    (m.TeamMember, "name", m.MAX_NAME),
    (m.TeamMember, "organisation", m.MAX_NAME),
    (m.ItemResult, "reason", m.MAX_REASON),
    (m.ItemResult, "note", m.MAX_NOTE),
    (m.ItemResult, "declared_value", m.MAX_VALUE),
    (m.ItemResult, "observed_value", m.MAX_VALUE),
    (m.Defect, "facts", m.MAX_FACTS),
    (m.Defect, "location", m.MAX_LOCATION),
    (m.Defect, "suggested_rectification", m.MAX_LOCATION),
    (m.Defect, "author", m.MAX_NAME),
    (m.Defect, "followup_note", m.MAX_REASON),  # a re-inspection's on-site note (issue 15)
    (m.Photo, "caption", m.MAX_CAPTION),
    (m.Photo, "original_name", m.MAX_CAPTION),
    (m.Signature, "name", m.MAX_NAME),
    (m.Review, "comment", m.MAX_COMMENT),
    (m.Review, "reason", m.MAX_REASON),
    (m.Review, "reviewer", m.MAX_NAME),
    (m.Review, "adjusted_facts", m.MAX_FACTS),
    (m.ReviewResponse, "text", m.MAX_COMMENT),
    (m.ReviewResponse, "author", m.MAX_NAME),
    (m.IssuedReport, "number", m.MAX_DOCUMENT_NO),
    (m.IssuedReport, "template", m.MAX_NAME),
    (m.IssuedReport, "issued_by", m.MAX_NAME),
]

# Cross-field rules a value needs to be valid otherwise.
NEEDS = {"conclusion_override": {"conclusion_override_reason": "经组内讨论调整"}}


def values(cls: type[m.Entity], name: str, text: str) -> dict[str, Any]:
    return {**BASE[cls], **NEEDS.get(name, {}), name: text}


IDS = [f"{cls.kind}.{name}" for cls, name, _ in LIMITS]
# Fields that hold another record's id though their name does not end in "id".
REFERENCES = {"deleted_with"}


def test_the_documented_limits():
    assert (m.MAX_FACTS, m.MAX_LOCATION, m.MAX_NOTE, m.MAX_VALUE, m.MAX_REASON) == (
        5_000,
        2_000,
        10_000,
        1_000,
        2_000,
    )
    assert (m.MAX_CAPTION, m.MAX_NAME, m.MAX_ADDRESS, m.MAX_DOCUMENT_NO, m.MAX_COMMENT) == (
        500,
        200,
        500,
        100,
        5_000,
    )


@pytest.mark.parametrize(("cls", "name", "limit"), LIMITS, ids=IDS)
def test_at_the_limit_accepted(cls, name, limit):
    entity = validate_entity(cls, values(cls, name, "检" * limit))
    assert len(getattr(entity, name)) == limit


@pytest.mark.parametrize(("cls", "name", "limit"), LIMITS, ids=IDS)
def test_one_over_refused_naming_field_and_limit(cls, name, limit):
    with pytest.raises(DomainError) as caught:
        validate_entity(cls, values(cls, name, "检" * (limit + 1)))
    assert caught.value.field == name
    assert f"{name}: at most {limit} characters" in str(caught.value)


@pytest.mark.parametrize(("cls", "name", "limit"), LIMITS, ids=IDS)
def test_assignment_over_the_limit_refused(cls, name, limit):
    entity = validate_entity(cls, values(cls, name, "短"))
    with pytest.raises(ValidationError, match=f"at most {limit} characters"):
        setattr(entity, name, "x" * (limit + 1))


@pytest.mark.parametrize(("cls", "name", "limit"), LIMITS, ids=IDS)
def test_a_stored_row_over_the_limit_still_opens(cls, name, limit):
    # Stored before the limit existed, or merged from an older laptop: the record must open.
    entity = cls.model_validate(values(cls, name, "x" * (limit + 10)), context=m.STORED)
    assert len(getattr(entity, name)) == limit + 10


def test_every_free_text_field_of_the_model_is_limited():
    limited = {(cls, name) for cls, name, _ in LIMITS}
    unlimited = {
        (cls, name)
        for cls in m.ENTITY_TYPES.values()
        for name, info in cls.model_fields.items()
        if info.annotation in (str, str | None)
        and not name.endswith(("id", "sha256"))
        and name not in REFERENCES
    }
    assert unlimited <= limited, unlimited - limited


def test_non_empty_limited_fields_are_still_stripped_and_required():
    with pytest.raises(DomainError, match="facts"):
        validate_entity(m.Defect, {**BASE[m.Defect], "facts": "   "})
    defect = validate_entity(m.Defect, {**BASE[m.Defect], "facts": "  事实  "})
    assert defect.facts == "事实"


def test_annotation_text_is_limited_by_its_own_module():
    from inspector_app.domain import annotations

    assert annotations.MAX_TEXT_CHARS == 200
    with pytest.raises(ValidationError):
        annotations.parse_annotations([{"type": "text", "x": 0.1, "y": 0.1, "text": "x" * 201}])
    assert annotations.parse_annotations([{"type": "text", "x": 0.1, "y": 0.1, "text": "x" * 200}])


LIST_LIMITS = [
    (m.Inspection, "products", m.MAX_PRODUCTS),
    (m.Inspection, "scope_sections", m.MAX_SCOPE_SECTIONS),
    (m.Inspection, "scope_tags", m.MAX_SCOPE_TAGS),
    (m.Defect, "clause_refs", m.MAX_CLAUSE_REFS),
]
LIST_IDS = [f"{cls.kind}.{name}" for cls, name, _ in LIST_LIMITS]


@pytest.mark.parametrize(("cls", "name", "limits"), LIST_LIMITS, ids=LIST_IDS)
def test_lists_of_texts_are_limited_in_entries_and_characters(cls, name, limits):
    items, chars = limits
    full = values(cls, name, ["x" * chars] * items)
    assert len(getattr(validate_entity(cls, full), name)) == items
    with pytest.raises(DomainError, match=rf"{name}: at most {items} entries"):
        validate_entity(cls, values(cls, name, ["x"] * (items + 1)))
    with pytest.raises(DomainError, match=rf"{name}: entry 2: at most {chars} characters"):
        validate_entity(cls, values(cls, name, ["x", "x" * (chars + 1)]))
    # Stored rows open whatever their size.
    stored = cls.model_validate(values(cls, name, ["x"] * (items + 5)), context=m.STORED)
    assert len(getattr(stored, name)) == items + 5


def test_every_list_of_texts_in_the_model_is_limited():
    lists = {
        (cls, name)
        for cls in m.ENTITY_TYPES.values()
        for name, info in cls.model_fields.items()
        if info.annotation == list[str]
    }
    assert lists == {(cls, name) for cls, name, _ in LIST_LIMITS}
