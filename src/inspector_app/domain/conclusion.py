"""Conclusion rules: from what the inspectors recorded to a suggested conclusion with reasons.

A rule profile (data, in checklists/rule-profiles/*.yaml) names the outcomes a regulation
knows and the conditions under which each applies. The engine has three steps:

* `facts_from` reduces the inspection's records to facts (which defects, which items failed);
* `evaluate` applies a profile to the facts: escalations first, then the rules in order, the
  first that fires wins, else the default outcome;
* `final_conclusion` applies the inspector's override, if any.

Conditions are data (metric, comparison, threshold, combined with all/any); nothing is
evaluated as code. Pure Python: no Qt, no SQL, no file access. The format is described in
docs/rule-profiles.md.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationInfo,
    field_validator,
    model_validator,
)

from inspector_app.domain.checklist import Checklist, Identifier, Item, Section, Text, Tier
from inspector_app.domain.errors import DomainError
from inspector_app.domain.model import (
    LABELS,
    Defect,
    Inspection,
    InspectionType,
    ItemResult,
    ResultValue,
    Severity,
)

PROFILE_FORMAT_VERSION = 1

# Validation context keys (see checklist/profiles.py): the loader passes the outcome codes it
# found so an unknown outcome is reported where it is written, and defers whole-profile checks
# so it can locate them too.
CONTEXT_OUTCOMES = "outcomes"
CONTEXT_DEFER_CHECKS = "defer_profile_checks"

PathKey = tuple[str | int, ...]

# --------------------------------------------------------------------------------------------
# Metrics: name → the noun used in reasons ("存在{n}项{noun}").

_TIER_NOUNS = {
    Tier.KEY: "关键项目",
    Tier.GENERAL: "一般项目",
    Tier.CRITICAL: "严重项目",
    Tier.MAJOR: "主要项目",
}

COUNT_METRICS: dict[str, str] = {
    "defects.critical": "严重缺陷",
    "defects.major": "主要缺陷",
    "defects.general": "一般缺陷",
    "defects.total": "缺陷",
    "defects.falsified": "真实性问题（数据造假等）",
    "defects.quality_affecting": "直接影响产品质量的缺陷",
    "items.failed": "不符合要求的检查项目",
    **{f"items.failed.{tier.value}": f"不符合要求的{noun}" for tier, noun in _TIER_NOUNS.items()},
    "items.not_checked": "未检查的项目",
}
RATIO_METRICS: dict[str, str] = {"items.failed_ratio": "不符合要求的检查项目"}
# The second step (综合评定 after rectification) also counts defects by how their
# rectification was verified; only `after_rectification` rules may read these.
_NOT_EFFECTIVE = "整改不到位或未按期整改"
RECTIFICATION_METRICS: dict[str, str] = {
    "rectification.not_effective": f"{_NOT_EFFECTIVE}的缺陷",
    **{
        f"rectification.not_effective.{s.value}": f"{_NOT_EFFECTIVE}的{LABELS[s]}" for s in Severity
    },
    "rectification.missing": "未按期提交整改材料的缺陷",
}
METRICS: dict[str, str] = COUNT_METRICS | RATIO_METRICS | RECTIFICATION_METRICS

Op = Literal[">", ">=", "<", "<=", "==", "!="]
_COMPARE: dict[str, Callable[[float, float], bool]] = {
    ">": operator.gt,
    ">=": operator.ge,
    "<": operator.lt,
    "<=": operator.le,
    "==": operator.eq,
    "!=": operator.ne,
}
_OP_WORDS = {">": "超过", ">=": "达到", "<": "少于", "<=": "不超过", "==": "等于", "!=": "不等于"}


def metric_terms(metric: str) -> list[str]:
    """`defects.critical + defects.major` → the two names (a sum; no other arithmetic)."""
    return [term.strip() for term in metric.split("+")]


# --------------------------------------------------------------------------------------------
# Profile model


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


Source = Literal["regulation", "center"]


class Condition(_Strict):
    """Either a comparison {metric, op, value} or a group {all: [...]} / {any: [...]}."""

    metric: str | None = None
    op: Op | None = None
    value: float | None = Field(default=None, ge=0)
    all: list[Condition] | None = Field(default=None, min_length=1)
    any: list[Condition] | None = Field(default=None, min_length=1)

    @field_validator("metric")
    @classmethod
    def _known_metric(cls, metric: str | None) -> str | None:
        if metric is None:
            return None
        terms = metric_terms(metric)
        for term in terms:
            if term not in METRICS:
                raise ValueError(f"unknown metric {term!r}; known: {', '.join(METRICS)}")
        if len(terms) > 1 and any(term in RATIO_METRICS for term in terms):
            raise ValueError("a percentage cannot be summed with other metrics")
        if len(set(terms)) != len(terms):
            raise ValueError("a metric appears twice in the sum")
        return " + ".join(terms)

    @model_validator(mode="after")
    def _one_shape(self) -> Condition:
        leaf = (self.metric, self.op, self.value)
        is_leaf = any(part is not None for part in leaf)
        groups = (self.all is not None) + (self.any is not None)
        if is_leaf + groups != 1:
            raise ValueError(
                "a condition is either {metric, op, value}, {all: [...]} or {any: [...]}"
            )
        if is_leaf:
            if None in leaf:
                raise ValueError("a comparison needs metric, op and value")
            if self.is_ratio:
                if self.value > 100:
                    raise ValueError("a percentage threshold is at most 100")
            elif not float(self.value).is_integer():
                raise ValueError("a count threshold must be a whole number")
        return self

    @property
    def terms(self) -> list[str]:
        return metric_terms(self.metric) if self.metric else []

    @property
    def is_ratio(self) -> bool:
        return any(term in RATIO_METRICS for term in self.terms)


def _check_outcome(code: str, info: ValidationInfo) -> str:
    known = (info.context or {}).get(CONTEXT_OUTCOMES)
    if known is not None and code not in known:
        raise ValueError(f"unknown outcome {code!r}; this profile's outcomes: {', '.join(known)}")
    return code


class Rule(_Strict):
    id: Identifier
    outcome: Identifier
    when: Condition
    source: Source = "regulation"  # whose threshold this is: the regulation's or the center's
    note: str = ""

    _outcome = field_validator("outcome")(_check_outcome)


class DefaultOutcome(_Strict):
    """The outcome when no rule fires."""

    outcome: Identifier
    reason: Text  # sentence shown as the reason, e.g. 未发现严重缺陷和主要缺陷
    # Metrics to report beside the reason when non-zero (e.g. the general defects that remain).
    mention: list[str] = Field(default_factory=list)

    _outcome = field_validator("outcome")(_check_outcome)

    @field_validator("mention")
    @classmethod
    def _known_metrics(cls, names: list[str]) -> list[str]:
        for name in names:
            if name not in COUNT_METRICS and name not in RECTIFICATION_METRICS:
                raise ValueError(f"unknown count metric {name!r}")
        return names


class Escalation(_Strict):
    """Several linked defects of one severity in one group count as one of a higher severity."""

    id: Identifier
    group_by: Literal["subsystem"] = "subsystem"
    severity: Severity  # which recorded defects are grouped
    counts_as: Severity  # what one group of at least `min_count` counts as
    min_count: int = Field(ge=2)
    source: Source = "center"
    note: str = ""
    group_labels: dict[Identifier, Text] = Field(default_factory=dict)  # subsystem → 中文名
    # What the combined assessment found, printed in the reason; default 经综合分析按…评定.
    finding: str = ""

    @model_validator(mode="after")
    def _upwards(self) -> Escalation:
        order = list(Severity)  # critical, major, general
        if order.index(self.counts_as) >= order.index(self.severity):
            raise ValueError("counts_as must be more severe than severity")
        return self


class RectificationStatus(StrEnum):
    """How the center verified the company's rectification of one defect."""

    ACCEPTED = "accepted"  # verified as effective
    INSUFFICIENT = "insufficient"  # verified as not sufficient
    MISSING = "missing"  # nothing submitted by the due date
    PENDING = "pending"  # not yet due, or submitted and not yet verified


class AfterRectification(_Strict):
    """The second step (综合评定): a first-step outcome that waits for the company's
    rectification ends, once every defect's rectification is verified, in a final outcome."""

    applies_to: list[Identifier] = Field(min_length=1)  # first-step outcomes with a 2nd step
    clause: Text  # where the regulation sets the second step
    rules: list[Rule] = Field(default_factory=list)
    default: DefaultOutcome
    note: str = ""


class RegulationRef(_Strict):
    name: Text  # e.g. 药品检查管理办法（试行）
    issuer: Text
    version: Text  # e.g. 2021年
    document_no: str = ""  # e.g. 国药监药管〔2021〕31号
    clause: Text  # where the judgement rule is, e.g. 第二十七条
    note: str = ""  # e.g. what could not be verified against the published text
    # A draft (征求意见稿) is not law: every place that names the source says so, with its date.
    status: Literal["in_force", "draft", "repealed"] = "in_force"
    published: date | None = None  # required for a draft: the date it was put out for comment

    @model_validator(mode="after")
    def _draft_dated(self) -> RegulationRef:
        if self.status == "draft" and self.published is None:
            raise ValueError("a draft source needs its publication date (published)")
        return self

    @property
    def title(self) -> str:
        """《name》, with 征求意见稿 and its date for a draft: how the source is named."""
        if self.status == "draft" and self.published is not None:
            when = f"{self.published.year}年{self.published.month}月{self.published.day}日"
            return f"《{self.name}》（征求意见稿，{when}发布）"
        return f"《{self.name}》"

    @property
    def basis(self) -> str:
        """Where the conclusion rule comes from, as reports print it."""
        return f"{self.title}{self.clause}" if self.clause else self.title


class RuleProfile(_Strict):
    format: int = Field(PROFILE_FORMAT_VERSION, ge=1, le=PROFILE_FORMAT_VERSION)
    id: Identifier
    version: int = Field(ge=1)
    title: Text
    regulation: RegulationRef
    replaced_by: Identifier | None = None
    # Inspection types the source's rule is written for (empty: every type). For any other
    # type `otherwise` names the profile that applies instead (e.g. the center's own rule).
    applies_to: list[InspectionType] = Field(default_factory=list)
    otherwise: Identifier | None = None
    after_rectification: AfterRectification | None = None
    outcomes: dict[Identifier, Text] = Field(min_length=1)  # code → 中文标签, best first
    escalations: list[Escalation] = Field(default_factory=list)
    rules: list[Rule] = Field(default_factory=list)
    default: DefaultOutcome
    notes: str = ""

    @model_validator(mode="after")
    def _consistent(self, info: ValidationInfo) -> RuleProfile:
        if (info.context or {}).get(CONTEXT_DEFER_CHECKS):
            return self
        problems = self.consistency_problems()
        if problems:
            raise ValueError("; ".join(f"{_dotted(path)}: {msg}" for path, msg in problems))
        return self

    def consistency_problems(self) -> list[tuple[PathKey, str]]:
        """Checks across fields, each with the path of the value at fault."""
        out: list[tuple[PathKey, str]] = []
        for i, rule in enumerate(self.rules):
            if rule.outcome not in self.outcomes:
                out.append((("rules", i, "outcome"), f"unknown outcome {rule.outcome!r}"))
        if self.default.outcome not in self.outcomes:
            out.append((("default", "outcome"), f"unknown outcome {self.default.outcome!r}"))
        seen: set[str] = set()
        named = [("escalations", i, e.id) for i, e in enumerate(self.escalations)]
        named += [("rules", i, r.id) for i, r in enumerate(self.rules)]
        for kind, i, ident in named:
            if ident in seen or ident == DEFAULT_RULE_ID:
                out.append(((kind, i, "id"), f"id {ident!r} is used twice in this profile"))
            seen.add(ident)
        if self.replaced_by == self.id:
            out.append((("replaced_by",), "a profile cannot replace itself"))
        if self.otherwise is not None and not self.applies_to:
            out.append((("otherwise",), "otherwise needs applies_to (the types this rule is for)"))
        if self.otherwise == self.id:
            out.append((("otherwise",), "a profile cannot be its own fallback"))
        for i, rule in enumerate(self.rules):
            for term in _all_terms(rule.when):
                if term in RECTIFICATION_METRICS:
                    out.append(
                        (
                            ("rules", i, "when"),
                            f"{term} is known only after rectification: "
                            "use it in after_rectification.rules",
                        )
                    )
        step = self.after_rectification
        if step is not None:
            base = ("after_rectification",)
            for i, code in enumerate(step.applies_to):
                if code not in self.outcomes:
                    out.append(((*base, "applies_to", i), f"unknown outcome {code!r}"))
            finals = [(("rules", i, "outcome"), r.outcome) for i, r in enumerate(step.rules)]
            finals.append((("default", "outcome"), step.default.outcome))
            for path, code in finals:
                if code not in self.outcomes:
                    out.append(((*base, *path), f"unknown outcome {code!r}"))
                elif code in step.applies_to:
                    out.append(((*base, *path), f"{code!r} is not a final outcome"))
        return out

    def metrics(self) -> set[str]:
        """Every metric a rule of this profile reads (its default's mentions included)."""
        out: set[str] = set(self.default.mention)
        for rule in self.rules:
            out.update(_all_terms(rule.when))
        if self.after_rectification is not None:
            out.update(self.after_rectification.default.mention)
            for rule in self.after_rectification.rules:
                out.update(_all_terms(rule.when))
        return out

    def uses_metric(self, name: str) -> bool:
        return name in self.metrics()

    def label(self, outcome: str) -> str:
        return self.outcomes[outcome]


DEFAULT_RULE_ID = "default"


def _all_terms(condition: Condition) -> list[str]:
    out = list(condition.terms)
    for child in (condition.all or []) + (condition.any or []):
        out += _all_terms(child)
    return out


def profile_for(
    profiles: dict[str, RuleProfile], profile_id: str, inspection_type: InspectionType | str
) -> RuleProfile:
    """The profile that judges an inspection of this type: the checklist's profile, or the
    profile its `otherwise` names when its source's rule is written for other types."""
    profile = profiles[profile_id]
    seen = {profile.id}
    while profile.applies_to and InspectionType(inspection_type) not in profile.applies_to:
        if profile.otherwise is None or profile.otherwise in seen:
            raise DomainError(
                "inspection_type",
                f"rule profile {profile.id} covers only "
                f"{'、'.join(LABELS[t] for t in profile.applies_to)} and names no profile "
                f"for {LABELS[InspectionType(inspection_type)]}",
            )
        seen.add(profile.otherwise)
        profile = profiles[profile.otherwise]
    return profile


def _dotted(path: PathKey) -> str:
    return ".".join(str(p) for p in path)


# --------------------------------------------------------------------------------------------
# Facts


@dataclass(frozen=True)
class DefectFact:
    id: str
    severity: Severity
    item_id: str | None = None
    subsystem: str | None = None  # of the item's nearest section that names one
    falsification: bool = False
    affects_quality: bool = False


@dataclass(frozen=True)
class ItemFact:
    id: str
    tier: Tier | None = None
    result: ResultValue = ResultValue.NOT_CHECKED
    defect_ids: tuple[str, ...] = ()

    @property
    def failed(self) -> bool:
        return self.result is ResultValue.NON_CONFORMING or bool(self.defect_ids)

    @property
    def counts_in_denominator(self) -> bool:
        # A defect is evidence that the item applies, whatever the result says.
        return self.failed or self.result is not ResultValue.NOT_APPLICABLE


@dataclass(frozen=True)
class InspectionFacts:
    items: tuple[ItemFact, ...] = ()  # in-scope items, in checklist order
    defects: tuple[DefectFact, ...] = ()  # every non-deleted defect of the inspection


def _item_in_scope(chain: list[Section], item: Item, inspection: Inspection) -> bool:
    if inspection.scope_sections:
        wanted = set(inspection.scope_sections)
        if not any(section.id in wanted for section in chain):
            return False
    allowed = set(inspection.scope_tags)
    tags = {*item.tags, *(tag for section in chain for tag in section.tags)}
    return tags <= allowed


def in_scope_items(
    checklist: Checklist, inspection: Inspection
) -> list[tuple[list[Section], Item]]:
    """Items the inspection covers: inside a chosen section (none chosen: all), and every tag
    of the item and of its enclosing sections is among the inspection's scope tags."""
    return [
        (chain, item)
        for chain, item in checklist.walk_items()
        if _item_in_scope(chain, item, inspection)
    ]


def _nearest_subsystem(chain: list[Section]) -> str | None:
    for section in reversed(chain):
        if section.subsystem:
            return section.subsystem
    return None


def facts_from(
    checklist: Checklist,
    inspection: Inspection,
    results: Iterable[ItemResult],
    defects: Iterable[Defect],
) -> InspectionFacts:
    """Facts of one inspection. Deleted records and records of other inspections are ignored;
    defects count whatever item they name (or none); results count only for in-scope items.
    When an item has several live results, the last one given wins."""
    subsystem_of = {item.id: _nearest_subsystem(chain) for chain, item in checklist.walk_items()}
    defect_facts = tuple(
        DefectFact(
            id=d.id,
            severity=d.severity,
            item_id=d.item_id,
            subsystem=subsystem_of.get(d.item_id) if d.item_id else None,
            falsification=d.falsification,
            affects_quality=d.affects_quality,
        )
        for d in defects
        if not d.deleted and d.inspection_id == inspection.id
    )
    result_of = {
        r.item_id: r.result for r in results if not r.deleted and r.inspection_id == inspection.id
    }
    item_facts = tuple(
        ItemFact(
            id=item.id,
            tier=item.tier,
            result=result_of.get(item.id, ResultValue.NOT_CHECKED),
            defect_ids=tuple(d.id for d in defect_facts if d.item_id == item.id),
        )
        for _, item in in_scope_items(checklist, inspection)
    )
    return InspectionFacts(items=item_facts, defects=defect_facts)


# --------------------------------------------------------------------------------------------
# Conclusions


@dataclass(frozen=True)
class ReasonDetail:
    """What a generated reason says, as data, so an interface can word it in its own
    language (`Reason.text` is the Chinese sentence the reports print)."""

    terms: tuple[str, ...] = ()  # metric names (METRICS); empty for an escalated group
    value: float = 0  # the count, or the percentage
    op: str = ">="
    threshold: float = 0
    trivial: bool = False  # worded "存在N项…" rather than "…共N项（达到T项）"
    escalated: int = 0
    items: int = 0  # a percentage: failed items …
    denominator: int = 0  # … of the applicable items
    group: str = ""  # an escalated group: its label, size and grades
    severity: Severity | None = None
    counts_as: Severity | None = None
    min_count: int = 0
    finding: str = ""  # an escalation's own finding (profile text); empty: the default


@dataclass(frozen=True)
class Reason:
    rule_id: str
    text: str  # Chinese sentence, e.g. 存在1项严重缺陷
    defect_ids: tuple[str, ...] = ()
    item_ids: tuple[str, ...] = ()
    detail: ReasonDetail | None = None  # None: a sentence from the profile (default reason)


@dataclass(frozen=True)
class Conclusion:
    profile_id: str
    profile_version: int
    outcome: str
    label: str
    reasons: tuple[Reason, ...]


@dataclass(frozen=True)
class FinalConclusion:
    outcome: str
    label: str
    overridden: bool
    override_reason: str
    suggested: Conclusion


@dataclass(frozen=True)
class _Group:
    """Defects that one escalation merged into one defect of a higher severity."""

    escalation: Escalation
    key: str
    defect_ids: tuple[str, ...]


@dataclass(frozen=True)
class _Measure:
    value: float
    defect_ids: tuple[str, ...] = ()
    item_ids: tuple[str, ...] = ()
    escalated: int = 0  # units of the value that are escalated groups
    denominator: int = 0  # for a percentage: the applicable items


def _union(*id_lists: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(i for ids in id_lists for i in ids))


class _Ledger:
    """Defects by the severity they count as, after the profile's escalations."""

    def __init__(
        self,
        profile: RuleProfile,
        facts: InspectionFacts,
        rectification: Mapping[str, RectificationStatus] | None = None,
    ) -> None:
        self.facts = facts
        self.rectification = rectification or {}
        self.pool: dict[Severity, list[DefectFact]] = {s: [] for s in Severity}
        for defect in facts.defects:
            self.pool[defect.severity].append(defect)
        self.groups: list[_Group] = []
        for escalation in profile.escalations:
            self._escalate(escalation)

    def _escalate(self, escalation: Escalation) -> None:
        by_key: dict[str, list[DefectFact]] = {}
        for defect in self.pool[escalation.severity]:
            # Defects without an item (hence without subsystem) are never grouped.
            if defect.subsystem:
                by_key.setdefault(defect.subsystem, []).append(defect)
        merged: set[str] = set()
        for key, members in by_key.items():
            if len(members) >= escalation.min_count:
                self.groups.append(_Group(escalation, key, tuple(d.id for d in members)))
                merged.update(d.id for d in members)
        self.pool[escalation.severity] = [
            d for d in self.pool[escalation.severity] if d.id not in merged
        ]

    def measure(self, name: str) -> _Measure:
        if name.startswith("defects."):
            return self._defects(name.removeprefix("defects."))
        if name.startswith("rectification."):
            return self._rectification(name.removeprefix("rectification."))
        return self._items(name.removeprefix("items."))

    def _status(self, defect_id: str) -> RectificationStatus:
        return self.rectification.get(defect_id, RectificationStatus.PENDING)

    def _not_effective(self, defect_id: str) -> bool:
        return self._status(defect_id) in (
            RectificationStatus.INSUFFICIENT,
            RectificationStatus.MISSING,
        )

    def _rectification(self, what: str) -> _Measure:
        if what == "missing":
            ids = tuple(
                d.id
                for d in self.facts.defects
                if self._status(d.id) is RectificationStatus.MISSING
            )
            return _Measure(len(ids), ids)
        if what == "not_effective":
            ids = tuple(d.id for d in self.facts.defects if self._not_effective(d.id))
            return _Measure(len(ids), ids)
        # By the grade a defect counts as: an escalated group counts once, when any of its
        # members was not rectified effectively (the group was one finding).
        severity = Severity(what.removeprefix("not_effective."))
        single = [d.id for d in self.pool[severity] if self._not_effective(d.id)]
        groups = [
            g
            for g in self.groups
            if g.escalation.counts_as is severity and any(map(self._not_effective, g.defect_ids))
        ]
        ids = _union(single, *(g.defect_ids for g in groups))
        return _Measure(len(single) + len(groups), ids, escalated=len(groups))

    def _defects(self, what: str) -> _Measure:
        if what == "total":
            return _Measure(len(self.facts.defects), tuple(d.id for d in self.facts.defects))
        if what == "falsified":
            ids = tuple(d.id for d in self.facts.defects if d.falsification)
            return _Measure(len(ids), ids)
        if what == "quality_affecting":
            ids = tuple(d.id for d in self.facts.defects if d.affects_quality)
            return _Measure(len(ids), ids)
        severity = Severity(what)
        groups = [g for g in self.groups if g.escalation.counts_as is severity]
        ids = _union((d.id for d in self.pool[severity]), *(g.defect_ids for g in groups))
        return _Measure(len(self.pool[severity]) + len(groups), ids, escalated=len(groups))

    def _items(self, what: str) -> _Measure:
        items = self.facts.items
        if what == "not_checked":
            ids = tuple(i.id for i in items if not i.failed and i.result is ResultValue.NOT_CHECKED)
            return _Measure(len(ids), item_ids=ids)
        failed = [i for i in items if i.failed]
        if what.startswith("failed."):
            tier = Tier(what.removeprefix("failed."))
            failed = [i for i in failed if i.tier is tier]
        item_ids = tuple(i.id for i in failed)
        defect_ids = _union(*(i.defect_ids for i in failed))
        if what != "failed_ratio":
            return _Measure(len(failed), defect_ids, item_ids)
        denominator = sum(1 for i in items if i.counts_in_denominator)
        ratio = 100.0 * len(failed) / denominator if denominator else 0.0
        return _Measure(ratio, defect_ids, item_ids, denominator=denominator)

    def measure_sum(self, terms: list[str]) -> _Measure:
        parts = [self.measure(term) for term in terms]
        if len(parts) == 1:
            return parts[0]
        return _Measure(
            sum(p.value for p in parts),
            _union(*(p.defect_ids for p in parts)),
            _union(*(p.item_ids for p in parts)),
            escalated=sum(p.escalated for p in parts),
        )


@dataclass(frozen=True)
class _Hit:
    condition: Condition
    measure: _Measure


def _test(condition: Condition, ledger: _Ledger) -> tuple[bool, list[_Hit]]:
    """Whether the condition holds, and the comparisons that made it hold."""
    if condition.all is not None:
        hits: list[_Hit] = []
        for child in condition.all:
            holds, child_hits = _test(child, ledger)
            if not holds:
                return False, []
            hits += child_hits
        return True, hits
    if condition.any is not None:
        hits = []
        for child in condition.any:
            holds, child_hits = _test(child, ledger)
            if holds:
                hits += child_hits
        return bool(hits), hits
    assert condition.metric is not None and condition.op is not None
    assert condition.value is not None
    measure = ledger.measure_sum(condition.terms)
    holds = _COMPARE[condition.op](measure.value, condition.value)
    return holds, [_Hit(condition, measure)] if holds else []


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:.1f}"


def _hit_text(hit: _Hit) -> str:
    cond, measure = hit.condition, hit.measure
    op, threshold = cond.op or ">=", cond.value or 0
    noun = "、".join(METRICS[t] for t in cond.terms)
    if cond.is_ratio:
        return (
            f"{noun}占比{measure.value:.1f}%（{_OP_WORDS[op]}{_number(threshold)}%；"
            f"{len(measure.item_ids)}/{measure.denominator}项，不适用项目不计入）"
        )
    count = int(measure.value)
    if count == 0:
        return f"无{noun}"
    trivial = len(cond.terms) == 1 and (op, threshold) in ((">=", 1), (">", 0), ("!=", 0))
    text = (
        f"存在{count}项{noun}"
        if trivial
        else f"{noun}共{count}项（{_OP_WORDS[op]}{_number(threshold)}项）"
    )
    if measure.escalated:
        text += f"，其中{measure.escalated}项为多项关联缺陷经综合分析评定"
    return text


def _hit_detail(hit: _Hit) -> ReasonDetail:
    cond, measure = hit.condition, hit.measure
    op, threshold = cond.op or ">=", cond.value or 0
    trivial = len(cond.terms) == 1 and (op, threshold) in ((">=", 1), (">", 0), ("!=", 0))
    return ReasonDetail(
        tuple(cond.terms),
        measure.value,
        op,
        threshold,
        trivial,
        measure.escalated,
        len(measure.item_ids),
        measure.denominator,
    )


def _group_reason(group: _Group) -> Reason:
    esc = group.escalation
    name = esc.group_labels.get(group.key, group.key)
    finding = esc.finding.strip() or f"经综合分析按{LABELS[esc.counts_as]}评定"
    text = (
        f"{name}多项关联缺陷（{len(group.defect_ids)}项{LABELS[esc.severity]}，"
        f"达到{esc.min_count}项），{finding}"
    )
    detail = ReasonDetail(
        value=len(group.defect_ids),
        group=name,
        severity=esc.severity,
        counts_as=esc.counts_as,
        min_count=esc.min_count,
        finding=esc.finding.strip(),
    )
    return Reason(esc.id, text, group.defect_ids, detail=detail)


def _reasons_for(rule_id: str, hits: list[_Hit], ledger: _Ledger) -> list[Reason]:
    reasons = [
        Reason(rule_id, _hit_text(h), h.measure.defect_ids, h.measure.item_ids, _hit_detail(h))
        for h in hits
    ]
    # Explain escalations whenever the rule looked at a severity they changed.
    used = {t for h in hits for t in h.condition.terms}
    for group in ledger.groups:
        esc = group.escalation
        touched = {
            f"defects.{esc.severity}",
            f"defects.{esc.counts_as}",
            f"rectification.not_effective.{esc.counts_as}",
        }
        if used & touched:
            reasons.append(_group_reason(group))
    return reasons


def evaluate(profile: RuleProfile, facts: InspectionFacts) -> Conclusion:
    """The suggested conclusion: the first rule that fires, else the profile's default."""
    return _decide(profile, profile.rules, profile.default, _Ledger(profile, facts))


def _decide(
    profile: RuleProfile, rules: list[Rule], default: DefaultOutcome, ledger: _Ledger
) -> Conclusion:
    def conclude(outcome: str, reasons: list[Reason]) -> Conclusion:
        label = profile.label(outcome)
        return Conclusion(profile.id, profile.version, outcome, label, tuple(reasons))

    for rule in rules:
        holds, hits = _test(rule.when, ledger)
        if holds:
            return conclude(rule.outcome, _reasons_for(rule.id, hits, ledger))

    facts = ledger.facts
    failed = tuple(i.id for i in facts.items if i.failed)
    reasons = [Reason(DEFAULT_RULE_ID, default.reason, tuple(d.id for d in facts.defects), failed)]
    for name in default.mention:
        measure = ledger.measure(name)
        if measure.value:
            hit = _Hit(Condition(metric=name, op=">=", value=1), measure)
            reasons.append(
                Reason(
                    DEFAULT_RULE_ID,
                    _hit_text(hit),
                    measure.defect_ids,
                    measure.item_ids,
                    _hit_detail(hit),
                )
            )
    return conclude(default.outcome, reasons)


AssessmentState = Literal["single_step", "awaiting_rectification", "assessed"]


@dataclass(frozen=True)
class Assessment:
    """Where an inspection stands in the two-step 综合评定.

    * single_step: the first-step outcome is final (no second step for it in this profile);
    * awaiting_rectification: the outcome waits for the company; `awaiting` lists the defects
      whose rectification is not verified yet (`conclusion` is still the first step's);
    * assessed: every defect's rectification is verified or overdue; `conclusion` is the
      final outcome with its reasons, `first` the outcome it came from.
    """

    state: AssessmentState
    first: Conclusion
    conclusion: Conclusion
    awaiting: tuple[str, ...] = ()


def assess_after_rectification(
    profile: RuleProfile,
    facts: InspectionFacts,
    rectification: Mapping[str, RectificationStatus],
    first: Conclusion | None = None,
) -> Assessment:
    """The second step: decided only when no defect's rectification is still pending (a
    defect absent from `rectification` is pending). Which defects are overdue is the
    caller's fact (the due date follows the service's working-day rule), given as MISSING.
    `first`: the first step as issued (an inspector's override), else evaluated here."""
    first = first or evaluate(profile, facts)
    step = profile.after_rectification
    if step is None or first.outcome not in step.applies_to:
        return Assessment("single_step", first, first)
    ledger = _Ledger(profile, facts, rectification)
    awaiting = tuple(
        d.id for d in facts.defects if ledger._status(d.id) is RectificationStatus.PENDING
    )
    if awaiting:
        return Assessment("awaiting_rectification", first, first, awaiting)
    final = _decide(profile, step.rules, step.default, ledger)
    return Assessment("assessed", first, final)


def final_conclusion(
    profile: RuleProfile, conclusion: Conclusion, inspection: Inspection
) -> FinalConclusion:
    """The conclusion that goes into the report: the inspector's override if set, else the
    suggestion. `overridden` is true whenever the inspector set an outcome, even one equal
    to the suggestion, because the decision then rests on the written reason."""
    if conclusion.profile_id != profile.id:
        raise ValueError(
            f"conclusion was computed with profile {conclusion.profile_id!r}, not {profile.id!r}"
        )
    code = (inspection.conclusion_override or "").strip()
    if not code:
        return FinalConclusion(conclusion.outcome, conclusion.label, False, "", conclusion)
    if code not in profile.outcomes:
        known = "、".join(f"{c}（{label}）" for c, label in profile.outcomes.items())
        raise DomainError(
            "conclusion_override",
            f"unknown outcome {code!r} for rule profile {profile.id}; choose one of {known}",
        )
    reason = inspection.conclusion_override_reason.strip()
    if not reason:
        raise DomainError(
            "conclusion_override_reason", "overriding the suggested conclusion needs a reason"
        )
    return FinalConclusion(code, profile.label(code), True, reason, conclusion)
