import pytest

from inspector_app.domain.errors import DomainError
from inspector_app.domain.lifecycle import check_revision_reason, check_transition, is_locked
from inspector_app.domain.model import Status


def test_forward_path_only():
    check_transition(Status.DRAFT, Status.ON_SITE)
    check_transition(Status.ON_SITE, Status.CLOSED)
    check_transition(Status.CLOSED, Status.REPORT_ISSUED)
    with pytest.raises(DomainError, match="cannot go from closed to on_site"):
        check_transition(Status.CLOSED, Status.ON_SITE)
    with pytest.raises(DomainError):
        check_transition(Status.DRAFT, Status.CLOSED)


def test_locked_after_acknowledgement_needs_reason():
    assert not is_locked(Status.ON_SITE)
    assert is_locked(Status.CLOSED) and is_locked(Status.REPORT_ISSUED)
    check_revision_reason(Status.ON_SITE, None)
    check_revision_reason(Status.CLOSED, "企业补充提交了校准证书")
    with pytest.raises(DomainError) as err:
        check_revision_reason(Status.CLOSED, "   ")
    assert err.value.field == "revision_reason"


def test_the_team_takes_two_steps_and_the_center_the_last():
    from inspector_app.domain.lifecycle import (
        awaiting_center_review,
        can_transition,
        next_team_step,
    )

    assert next_team_step(Status.DRAFT) is Status.ON_SITE
    assert next_team_step(Status.ON_SITE) is Status.CLOSED
    # Issuing the report is the center's decision after its review, never offered on site.
    assert next_team_step(Status.CLOSED) is None
    assert next_team_step(Status.REPORT_ISSUED) is None
    assert can_transition(Status.DRAFT, Status.ON_SITE)
    assert not can_transition(Status.DRAFT, Status.CLOSED)
    assert awaiting_center_review(Status.CLOSED)
    assert not awaiting_center_review(Status.ON_SITE)
    assert not awaiting_center_review(Status.REPORT_ISSUED)
