"""Which checklists a new inspection of a given type may use, and which one to propose.

Plain Python: the wizard uses it to offer checklists, and `operations.create_inspection`
enforces it, so no path (wizard, CLI import, a script) pins a device checklist to a drug
licence inspection. A checklist declares what it is through its `kind` field
(data in the checklist file, see checklists/README.md); this table says which kinds serve
each inspection type, in the order the center expects them: the team works for a drug
regulator, so drug checklists come before device ones of the same type.
"""

from __future__ import annotations

from collections.abc import Iterable

from inspector_app.checklist.schema import Checklist, ChecklistKind
from inspector_app.domain.model import InspectionType

KINDS_FOR_TYPE: dict[InspectionType, tuple[ChecklistKind, ...]] = {
    InspectionType.GMP_COMPLIANCE: (ChecklistKind.DRUG_GMP, ChecklistKind.DEVICE_GMP),
    InspectionType.REGISTRATION_VERIFICATION: (
        ChecklistKind.DRUG_REGISTRATION_VERIFICATION,
        ChecklistKind.DEVICE_REGISTRATION_QMS,
    ),
    # A device manufacturer's licence inspection is made against the device GMP (the 2026
    # guideline draft states its conclusion thresholds for exactly that case).
    InspectionType.LICENCE: (ChecklistKind.LICENCE, ChecklistKind.DEVICE_GMP),
}


def applicable(checklists: Iterable[Checklist], inspection_type: InspectionType) -> list[Checklist]:
    """The current (not replaced) checklists serving `inspection_type`, best first.

    Order: the kind's rank for the type, then the newest regulation, then title.
    """
    kinds = KINDS_FOR_TYPE[inspection_type]
    fitting = [c for c in checklists if c.kind in kinds and c.is_current]
    return sorted(
        fitting,
        key=lambda c: (
            kinds.index(c.kind),
            -c.regulation.effective_date.toordinal(),
            -c.version,
            c.title,
        ),
    )


def proposed(checklists: Iterable[Checklist], inspection_type: InspectionType) -> Checklist | None:
    """The checklist preselected for a new inspection of this type (None: none fits)."""
    found = applicable(checklists, inspection_type)
    return found[0] if found else None


def serves(checklist: Checklist, inspection_type: InspectionType) -> bool:
    """Whether `checklist` may be used for an inspection of `inspection_type`."""
    return checklist.kind in KINDS_FOR_TYPE[inspection_type]
