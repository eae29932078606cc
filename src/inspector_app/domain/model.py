"""Entities of a pre-inspection, as plain pydantic models.

Field names here are the field names everywhere: store columns, change-log `field`, audit
rows and the JSON interchange format. Values are JSON-compatible so a change-log entry can
carry any of them. Enum values are stable English codes; Chinese labels live in `LABELS`.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, ClassVar

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationInfo,
    model_validator,
)
from pydantic_core import PydanticCustomError

from inspector_app.domain.annotations import Annotations
from inspector_app.domain.reinspection import AnswerSnapshot, Followup

# Re-exported (the `as` form tells linters so): callers import the vocabulary from here too.
from inspector_app.domain.vocabulary import LABELS as LABELS
from inspector_app.domain.vocabulary import InspectionType as InspectionType
from inspector_app.domain.vocabulary import ResultValue as ResultValue
from inspector_app.domain.vocabulary import ReviewState as ReviewState
from inspector_app.domain.vocabulary import Severity as Severity
from inspector_app.domain.vocabulary import SignatureRole as SignatureRole
from inspector_app.domain.vocabulary import Status as Status
from inspector_app.domain.vocabulary import TeamRole as TeamRole

# Maximum lengths of free-text fields, in characters. A Chinese defect's facts rarely exceed
# 1,000 characters: these limits stop floods (a 20 MB text held the write lock for 12 s), not
# people. docs/interchange-format.md lists them; domain/annotations.py limits its own text.
MAX_FACTS = 5_000
MAX_LOCATION = 2_000  # location, suggested_rectification
MAX_NOTE = 10_000  # an item's note
MAX_VALUE = 1_000  # declared / observed value (registration verification)
MAX_REASON = 2_000  # reasons and the conclusion override
MAX_CAPTION = 500  # photo caption and original file name
MAX_NAME = 200  # company, team member, organisation, signer, reviewer, author
MAX_ADDRESS = 500
MAX_DOCUMENT_NO = 100
MAX_COMMENT = 5_000  # a review comment
# Lists of short texts: (items, characters per item).
MAX_PRODUCTS = (50, MAX_NAME)
MAX_SCOPE_SECTIONS = (2_000, 100)  # section ids of a checklist
MAX_SCOPE_TAGS = (100, 100)
MAX_CLAUSE_REFS = (50, 200)

NonEmpty = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
Sha256 = Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{64}$")]


# Validation context for rows read back from the store: cross-field rules are checked when a
# change is made, not when a stored record is read. A per-field merge of two valid concurrent
# saves can combine into a pair those rules would refuse (e.g. 不适用 from one laptop, an
# emptied reason from another); such a record must still open, so the user can fix it.
STORED = {"stored": True}


def _from_store(info: ValidationInfo) -> bool:
    return bool(info.context and info.context.get("stored"))


def _limit(max_chars: int) -> AfterValidator:
    """A length limit checked on every change, but not on rows read back from the store.

    Not a `max_length` constraint: a row stored before the limit (or merged from an older
    laptop) must still open, so it can be shortened; new values are refused.
    """

    def check(value: str | None, info: ValidationInfo) -> str | None:
        if value is not None and len(value) > max_chars and not _from_store(info):
            raise PydanticCustomError(
                "string_too_long", "at most {max_chars} characters", {"max_chars": max_chars}
            )
        return value

    return AfterValidator(check)


def _list_limit(limits: tuple[int, int]) -> AfterValidator:
    """Item count and item length limits for a list of texts, like `_limit`."""
    max_items, max_chars = limits

    def check(value: list[str], info: ValidationInfo) -> list[str]:
        if _from_store(info):
            return value
        if len(value) > max_items:
            raise PydanticCustomError(
                "too_long", "at most {max_items} entries", {"max_items": max_items}
            )
        for index, item in enumerate(value):
            if len(item) > max_chars:
                raise PydanticCustomError(
                    "string_too_long",
                    "entry {index}: at most {max_chars} characters",
                    {"index": index + 1, "max_chars": max_chars},
                )
        return value

    return AfterValidator(check)


FactsText = Annotated[NonEmpty, _limit(MAX_FACTS)]
NameText = Annotated[NonEmpty, _limit(MAX_NAME)]
OptionalName = Annotated[str, _limit(MAX_NAME)]  # may be empty
LocationText = Annotated[str, _limit(MAX_LOCATION)]
NoteText = Annotated[str, _limit(MAX_NOTE)]
ValueText = Annotated[str, _limit(MAX_VALUE)]
ReasonText = Annotated[str, _limit(MAX_REASON)]
CaptionText = Annotated[str, _limit(MAX_CAPTION)]
AddressText = Annotated[str, _limit(MAX_ADDRESS)]
DocumentNo = Annotated[str, _limit(MAX_DOCUMENT_NO)]
CommentText = Annotated[str, _limit(MAX_COMMENT)]


class Entity(BaseModel):
    """Base of every synced record: a UUID id and a tombstone flag."""

    model_config = ConfigDict(extra="forbid", validate_assignment=True)

    # Name used in the store, the change log and the interchange format.
    kind: ClassVar[str]

    id: str
    deleted: bool = False


class Inspection(Entity):
    kind: ClassVar[str] = "inspection"

    company_name: NameText
    site_address: AddressText = ""
    products: Annotated[list[str], _list_limit(MAX_PRODUCTS)] = Field(default_factory=list)
    inspection_type: InspectionType
    checklist_id: NonEmpty
    checklist_version: int = Field(ge=1)
    # Empty section list means the whole checklist; tags select optional parts (e.g. sterile).
    scope_sections: Annotated[list[str], _list_limit(MAX_SCOPE_SECTIONS)] = Field(
        default_factory=list
    )
    scope_tags: Annotated[list[str], _list_limit(MAX_SCOPE_TAGS)] = Field(default_factory=list)
    planned_start: date | None = None
    planned_end: date | None = None
    actual_start: date | None = None
    actual_end: date | None = None
    status: Status = Status.DRAFT
    document_no: DocumentNo = ""
    conclusion_override: Annotated[str | None, _limit(MAX_REASON)] = None
    conclusion_override_reason: ReasonText = ""
    created_at: datetime
    archived: bool = False
    # A re-inspection (复查, schema 0010) names the issued inspection it follows.
    follows_inspection_id: str | None = None

    @model_validator(mode="after")
    def _dates_in_order(self, info: ValidationInfo) -> Inspection:
        if _from_store(info):
            return self
        for start, end, name in (
            (self.planned_start, self.planned_end, "planned_end"),
            (self.actual_start, self.actual_end, "actual_end"),
        ):
            if start and end and end < start:
                raise ValueError(f"{name} is before its start date")
        if self.conclusion_override and not self.conclusion_override_reason.strip():
            raise ValueError("conclusion_override_reason is required to override the conclusion")
        return self


class TeamMember(Entity):
    kind: ClassVar[str] = "team_member"

    inspection_id: str
    name: NameText
    role: TeamRole
    organisation: OptionalName = ""
    # When the member signed the confidentiality and no-conflict-of-interest declaration.
    declaration_signed_at: datetime | None = None
    expert_id: str | None = None  # the expert pool entry picked in the wizard (issue 14)


class ItemResult(Entity):
    kind: ClassVar[str] = "item_result"

    inspection_id: str
    item_id: NonEmpty
    result: ResultValue = ResultValue.NOT_CHECKED
    reason: ReasonText = ""  # required when not applicable
    note: NoteText = ""
    declared_value: ValueText = ""  # value in the dossier (registration verification)
    observed_value: ValueText = ""  # value found on site

    @model_validator(mode="after")
    def _reason_for_not_applicable(self, info: ValidationInfo) -> ItemResult:
        if _from_store(info):
            return self
        if self.result is ResultValue.NOT_APPLICABLE and not self.reason.strip():
            raise ValueError("reason is required when an item is not applicable")
        return self


class Defect(Entity):
    kind: ClassVar[str] = "defect"

    inspection_id: str
    item_id: str | None = None  # None: a defect not tied to a checklist item
    severity: Severity
    facts: FactsText
    clause_refs: Annotated[list[str], _list_limit(MAX_CLAUSE_REFS)] = Field(default_factory=list)
    location: LocationText = ""
    suggested_rectification: LocationText = ""
    # Data falsification or other authenticity problem (真实性问题); some rules fail on any.
    falsification: bool = False
    # Directly affects product quality (直接影响产品质量): the 2015 device guideline fails an
    # inspection on such a defect even when only general items failed.
    affects_quality: bool = False
    author: OptionalName = ""
    created_at: datetime
    # Re-inspection (schema 0010, domain/reinspection.py): the original defect re-checked,
    # what the company answered and the center verified (a read-only snapshot), and the
    # on-site outcome with its note (None until checked).
    origin_defect_id: str | None = None
    origin_answer: AnswerSnapshot | None = None
    followup: Followup | None = None
    followup_note: ReasonText = ""


class Photo(Entity):
    kind: ClassVar[str] = "photo"

    inspection_id: str
    defect_id: str | None = None
    sha256: Sha256
    original_name: CaptionText = ""
    caption: CaptionText = ""
    taken_at: datetime | None = None
    # Arrows, ellipses, text drawn over the photo (domain/annotations.py): a layer apart from
    # the file, so the original and its SHA-256 stay the evidence; reports print it burnt in.
    annotations: Annotations = Field(default_factory=list)
    # The defect this photo was deleted together with (set by deleting the defect, cleared by
    # restoring it): undoing a defect's delete brings back exactly these photos, not the ones
    # removed on their own. None while the photo is not deleted, or was deleted by itself.
    deleted_with: str | None = None


class Signature(Entity):
    kind: ClassVar[str] = "signature"

    inspection_id: str
    role: SignatureRole
    name: NameText
    image_sha256: Sha256 | None = None  # PNG of the drawn signature, in the blob store
    signed_at: datetime


class Review(Entity):
    """A reviewer's comment, return, grade adjustment or acceptance, made at the center.

    Only reviewers may write these (the server enforces it); they flow back to the laptops.
    """

    kind: ClassVar[str] = "review"

    inspection_id: str
    defect_id: str | None = None  # None: about the whole inspection
    state: ReviewState
    comment: CommentText = ""
    adjusted_severity: Severity | None = None
    reason: ReasonText = ""  # why the grade or the wording was adjusted
    reviewer: NameText
    created_at: datetime
    # The reviewer's wording of the facts (schema 0006); the inspector's text stays on the
    # defect, and documents issued by the center print the adjusted one.
    adjusted_facts: Annotated[str, _limit(MAX_FACTS)] | None = None

    @model_validator(mode="after")
    def _complete(self, info: ValidationInfo) -> Review:
        if _from_store(info):
            return self
        if self.state is ReviewState.ADJUSTED and not (
            self.defect_id
            and (self.adjusted_severity or (self.adjusted_facts or "").strip())
            and self.reason.strip()
        ):
            raise ValueError(
                "an adjustment names the defect, the new grade or wording, and the reason"
            )
        if self.state is ReviewState.RETURNED and not self.comment.strip():
            raise ValueError("comment is required when returning for correction")
        return self


class ReviewResponse(Entity):
    """The inspection team's answer to a review that returned something for correction
    (schema 0006): written on the laptop, read by the reviewer in the console."""

    kind: ClassVar[str] = "review_response"

    inspection_id: str
    review_id: str
    text: Annotated[NonEmpty, _limit(MAX_COMMENT)]
    author: NameText
    created_at: datetime


class IssuedReport(Entity):
    """A report the center issued (schema 0006): its number, the PDF by hash, who issued it
    and when. Never changed: a correction is a new revision naming the one it replaces."""

    kind: ClassVar[str] = "issued_report"

    inspection_id: str
    number: Annotated[NonEmpty, _limit(MAX_DOCUMENT_NO)]  # e.g. 〔2026〕第12号
    revision: int = Field(default=1, ge=1)
    replaces_id: str | None = None  # the issued report this revision corrects
    template: NameText  # the report template it was rendered from
    pdf_sha256: Sha256
    issued_by: NameText
    issued_at: datetime


ENTITY_TYPES: dict[str, type[Entity]] = {
    cls.kind: cls
    for cls in (
        Inspection,
        TeamMember,
        ItemResult,
        Defect,
        Photo,
        Signature,
        Review,
        ReviewResponse,
        IssuedReport,
    )
}
