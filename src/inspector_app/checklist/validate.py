"""Checks the schema cannot express: uniqueness, numbering, ranges, tiers, tags, profiles,
and one `verified` flag per clause.

Runs on a checklist that passed the schema, beside the YAML it came from, so every problem
points at the author's line. The data mirrors the model one to one, which lets us build each
value's YAML path while walking the model.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Collection, Iterator
from dataclasses import dataclass, field

from inspector_app.checklist.citation import chinese_number, format_ref
from inspector_app.checklist.schema import Checklist, ClauseRef, Item, Section
from inspector_app.checklist.yamlsource import PathKey, Problem, YamlDocument

_ARTICLE_CODE = re.compile(r"^第([零一二三四五六七八九十百千]+)条(?:（\d+）)?$")


def semantic_problems(
    checklist: Checklist, doc: YamlDocument, *, rule_profiles: Collection[str] | None = None
) -> list[Problem]:
    check = _Checker(checklist, doc)
    check.checklist_level(rule_profiles)
    check.sections(checklist.sections, ("sections",), enclosing=None)
    return check.problems


@dataclass(frozen=True, slots=True)
class _Range:
    """The nearest `articles` range above an item, and the section that declared it."""

    first: int
    last: int
    section_id: str
    annex: str | None  # numbering the range is in: None for the main text


@dataclass
class _Checker:
    checklist: Checklist
    doc: YamlDocument
    problems: list[Problem] = field(default_factory=list)
    # First occurrence of each value, to name it when a later one repeats it.
    item_ids: dict[str, PathKey] = field(default_factory=dict)
    codes: dict[str, tuple[str, PathKey]] = field(default_factory=dict)
    requirements: dict[str, tuple[str, PathKey]] = field(default_factory=dict)
    section_ids: dict[str, PathKey] = field(default_factory=dict)
    # Each clause's `verified` flag where first cited: the app marks a clause, not a citation.
    ref_flags: dict[str, tuple[bool, PathKey]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.tag_ids = {tag.id for tag in self.checklist.tags}
        self.tiers = list(self.checklist.tiers)
        self._numberings: dict[int, str | None] = {}

    def report(self, path: PathKey, message: str) -> None:
        self.problems.append(self.doc.problem(path, message))

    def line(self, path: PathKey) -> int:
        return self.doc.locate(path)[0]

    def numbering(self, section: Section) -> str | None:
        """Which numbering a section's `articles` are in: the annex most of its items cite
        first (None: the main text). Annexes restart at article 1, so ranges and order are
        only comparable within one numbering."""
        key = id(section)
        if key not in self._numberings:
            counts = Counter(ref.annex for ref in _first_refs_within(section))
            self._numberings[key] = counts.most_common(1)[0][0] if counts else None
        return self._numberings[key]

    # --- whole checklist ---------------------------------------------------------------------

    def checklist_level(self, rule_profiles: Collection[str] | None) -> None:
        cl = self.checklist
        if rule_profiles is not None and cl.rule_profile not in rule_profiles:
            known = ", ".join(sorted(rule_profiles)) or "none"
            self.report(
                ("rule_profile",), f"unknown rule profile '{cl.rule_profile}' (known: {known})"
            )
        seen: set[str] = set()
        for i, tag in enumerate(cl.tags):
            if tag.id in seen:
                self.report(("tags", i, "id"), f"tag '{tag.id}' is defined twice")
            seen.add(tag.id)
        reg = cl.regulation
        if reg.replaced_on is not None and reg.replaced_by is None:
            self.report(("regulation", "replaced_on"), "replaced_on is set but replaced_by is not")
        if reg.replaced_on is not None and reg.replaced_on < reg.effective_date:
            self.report(("regulation", "replaced_on"), "replaced_on is before effective_date")

    # --- sections ----------------------------------------------------------------------------

    def sections(self, sections: list[Section], path: PathKey, enclosing: _Range | None) -> None:
        previous: dict[str | None, tuple[Section, PathKey]] = {}  # per numbering (annex)
        for i, section in enumerate(sections):
            here = (*path, i)
            self.section(section, here, enclosing)
            if section.articles is None:
                continue
            # Annexes restart their numbering, so only compare siblings numbered alike.
            numbering = self.numbering(section)
            before = previous.get(numbering)
            if before is not None and before[0].articles is not None:
                prev, prev_path = before
                first, _ = section.articles
                _, prev_last = prev.articles
                if first <= prev_last:
                    hint = "sibling sections must be in increasing article order"
                    if section.articles == prev.articles:
                        hint = "sections that split one range can leave out articles (inherited)"
                    self.report(
                        (*here, "articles"),
                        f"articles {_span(section.articles)} overlap or come before section "
                        f"'{prev.id}' {_span(prev.articles)} (line {self.line(prev_path)}); {hint}",
                    )
            previous[numbering] = (section, here)

    def section(self, section: Section, path: PathKey, enclosing: _Range | None) -> None:
        if section.id in self.section_ids:
            first_line = self.line(self.section_ids[section.id])
            self.report(
                (*path, "id"),
                f"duplicate section id '{section.id}' (first used at line {first_line})",
            )
        else:
            self.section_ids[section.id] = path
        self.tags(section.tags, (*path, "tags"))
        if section.articles is not None:
            first, last = section.articles
            if first > last:
                self.report(
                    (*path, "articles"), f"articles range {_span(section.articles)} is reversed"
                )
            else:
                enclosing = _Range(first, last, section.id, self.numbering(section))
        self.items(section.items, (*path, "items"), enclosing)
        self.sections(section.sections, (*path, "sections"), enclosing)

    # --- items -------------------------------------------------------------------------------

    def items(self, items: list[Item], path: PathKey, enclosing: _Range | None) -> None:
        previous: dict[str | None, tuple[int, Item, PathKey]] = {}  # per numbering (annex)
        for i, item in enumerate(items):
            here = (*path, i)
            self.item(item, here, enclosing)
            first = _first_own_ref(item)
            if first is None:
                continue
            before = previous.get(first.annex)
            if before is not None and first.article < before[0]:
                article, prev_item, prev_path = before
                self.report(
                    (*here, "refs", 0),
                    f"numbering out of order: article {first.article} comes after article "
                    f"{article} (item '{prev_item.id}', line {self.line(prev_path)})",
                )
            previous[first.annex] = (first.article, item, here)

    def item(self, item: Item, path: PathKey, enclosing: _Range | None) -> None:
        self.unique_item_fields(item, path)
        if not item.refs:
            self.report((*path, "refs"), "item has no clause reference (refs is empty)")
        else:
            self.code_matches_ref(item, path)
        for k, ref in enumerate(item.refs):
            self.ref_in_range(ref, (*path, "refs", k), enclosing)
            self.ref_flag(ref, (*path, "refs", k))
        self.tier(item, path)
        self.tags(item.tags, (*path, "tags"))

    def unique_item_fields(self, item: Item, path: PathKey) -> None:
        if item.id in self.item_ids:
            first_line = self.line(self.item_ids[item.id])
            self.report(
                (*path, "id"), f"duplicate item id '{item.id}' (first used at line {first_line})"
            )
        else:
            self.item_ids[item.id] = path
        if item.code in self.codes:
            other, other_path = self.codes[item.code]
            self.report(
                (*path, "code"),
                f"code '{item.code}' is also used by item '{other}' (line {self.line(other_path)})",
            )
        else:
            self.codes[item.code] = (item.id, path)
        # Chinese text has no word spaces, so any whitespace is layout: drop it all.
        text = "".join(item.requirement.split())
        if not text:
            self.report((*path, "requirement"), "requirement is empty")
        elif text in self.requirements:
            other, other_path = self.requirements[text]
            self.report(
                (*path, "requirement"),
                f"same requirement text as item '{other}' (line {self.line(other_path)})",
            )
        else:
            self.requirements[text] = (item.id, path)

    def code_matches_ref(self, item: Item, path: PathKey) -> None:
        """A code written 第N条 or 第N条（k） names the article its first ref cites."""
        match = _ARTICLE_CODE.match(item.code)
        ref = item.refs[0]
        if match is None or ref.annex is not None or ref.source is not None:
            return
        expected = chinese_number(ref.article) if ref.article < 10_000 else str(ref.article)
        if match.group(1) != expected:
            self.report(
                (*path, "code"),
                f"code '{item.code}' names another article than its first ref "
                f"(article {ref.article} is 第{expected}条)",
            )

    def ref_in_range(self, ref: ClauseRef, path: PathKey, enclosing: _Range | None) -> None:
        # A main-text chapter may also cite an annex clause (and vice versa): only refs in the
        # range's own numbering can be checked against it.
        if ref.source is not None or enclosing is None or ref.annex != enclosing.annex:
            return
        if not enclosing.first <= ref.article <= enclosing.last:
            where = f" of annex {ref.annex}" if ref.annex else ""
            self.report(
                path,
                f"article {ref.article}{where} is outside the range "
                f"[{enclosing.first}, {enclosing.last}] of section '{enclosing.section_id}'",
            )

    def ref_flag(self, ref: ClauseRef, path: PathKey) -> None:
        text = format_ref(ref)
        first = self.ref_flags.setdefault(text, (ref.verified, path))
        if first[0] != ref.verified:
            here, there = _yaml_bool(ref.verified), _yaml_bool(first[0])
            self.report(
                (*path, "verified"),
                f"{text} is verified: {here} here but {there} at line {self.line(first[1])}; "
                "every citation of one clause must carry the same flag",
            )

    def tier(self, item: Item, path: PathKey) -> None:
        uses = ", ".join(self.tiers)
        # Tiers grade the checklist's own regulation; an item resting only on other documents
        # (a spliced part such as data integrity) is not graded by them and may go without.
        if self.tiers and item.tier is None and not _cites_only_other_documents(item):
            self.report((*path, "tier"), f"tier is missing (this regulation uses: {uses})")
        elif item.tier is not None and item.tier not in self.tiers:
            if self.tiers:
                message = f"tier '{item.tier}' is not used by this regulation (uses: {uses})"
            else:
                message = f"tier '{item.tier}' is set but the checklist declares no tiers"
            self.report((*path, "tier"), message)

    def tags(self, tags: list[str], path: PathKey) -> None:
        for k, tag in enumerate(tags):
            if tag not in self.tag_ids:
                defined = ", ".join(t.id for t in self.checklist.tags) or "none"
                self.report(
                    (*path, k),
                    f"tag '{tag}' is not defined in the checklist's tags (defined: {defined})",
                )


def _first_own_ref(item: Item) -> ClauseRef | None:
    """The item's first ref when it cites the checklist's own regulation (main text or annex)."""
    if item.refs and item.refs[0].source is None:
        return item.refs[0]
    return None


def _cites_only_other_documents(item: Item) -> bool:
    return bool(item.refs) and all(ref.source is not None for ref in item.refs)


def _first_refs_within(section: Section) -> Iterator[ClauseRef]:
    for item in section.items:
        ref = _first_own_ref(item)
        if ref is not None:
            yield ref
    for child in section.sections:
        yield from _first_refs_within(child)


def _yaml_bool(flag: bool) -> str:
    return "true" if flag else "false"


def _span(articles: tuple[int, int] | None) -> str:
    return f"[{articles[0]}, {articles[1]}]" if articles else "[]"
