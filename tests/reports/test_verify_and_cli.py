"""`report verify` and the `report` command: matches, differs, unknown; one-line failures."""

from __future__ import annotations

import io

import pytest

from inspector_app import cli
from inspector_app.domain.model import ResultValue
from inspector_app.operations import inspections as ops
from inspector_app.operations.reports import record_digest, render_report, verify_report
from inspector_app.reports import fonts


@pytest.fixture
def run(capsys):
    """The command line as a user runs it (cli.main): exit code, stdout, stderr."""

    def invoke(*args: str) -> tuple[int, str, str]:
        code = cli.main(list(args))
        out, err = capsys.readouterr()
        return code, out, err

    return invoke


def test_digest_changes_with_any_change_even_a_revision_after_lock(fresh_demo):
    app, iid = fresh_demo
    before = record_digest(app, iid)
    assert before == record_digest(app, iid)
    ops.close_on_site(app, iid)
    locked = record_digest(app, iid)
    assert locked != before
    item = next(
        r for r in ops.load_inspection(app, iid).results if r.result is ResultValue.CONFORMING
    )
    ops.record_result(
        app, iid, item.item_id, ResultValue.CONFORMING, note="补充说明", revision_reason="笔误更正"
    )
    assert record_digest(app, iid) != locked


def test_verify_matches_then_differs_after_a_change(fresh_demo, tmp_path):
    app, iid = fresh_demo
    pdf = render_report(app, iid, "defect-list", tmp_path / "list.pdf")
    result = verify_report(app, pdf)
    assert result.status == "matches" and result.ok
    assert "identical to a fresh rendering" in result.message
    defect = ops.load_inspection(app, iid).defects[0]
    ops.update_defect(app, defect.id, {"location": "另一个房间"})
    result = verify_report(app, pdf)
    assert result.status == "differs"
    assert "changed after this PDF was rendered" in result.message
    assert "\n" not in result.message


def test_verify_detects_an_edited_pdf(demo, tmp_path):
    app, iid = demo
    pdf = render_report(app, iid, "defect-list", tmp_path / "list.pdf")
    # Another tool opens the file and saves it with one more line of text on page 1.
    from pypdf import PdfReader, PdfWriter
    from pypdf.annotations import FreeText

    writer = PdfWriter(clone_from=PdfReader(pdf))
    writer.add_annotation(0, FreeText(text="已整改", rect=(50, 50, 200, 80)))
    buffer = io.BytesIO()
    writer.write(buffer)
    data = buffer.getvalue()
    edited = tmp_path / "edited.pdf"
    edited.write_bytes(data)
    result = verify_report(app, edited)
    assert result.status == "differs"
    assert "the file was altered" in result.message


def test_verify_unknown_inspection_and_foreign_pdf(demo, tmp_path):
    app, iid = demo
    pdf = render_report(app, iid, "defect-list", tmp_path / "list.pdf")
    from inspector_app.operations import App

    with App(tmp_path / "other", actor="x") as other:
        result = verify_report(other, pdf)
    assert result.status == "unknown"
    assert iid in result.message
    foreign = tmp_path / "foreign.pdf"
    foreign.write_bytes(b"%PDF-1.4\n1 0 obj << >> endobj\n%%EOF\n")
    assert verify_report(app, foreign).status == "unknown"


def test_cli_report_and_verify(demo_dir, run, tmp_path):
    data, iid = demo_dir
    out = tmp_path / "full.pdf"
    code, stdout, err = run(
        "--data-dir", str(data), "report", iid, "--template", "full", "-o", str(out)
    )
    assert code == 0, err
    assert stdout.strip() == str(out)
    code, stdout, err = run("--data-dir", str(data), "report", "verify", str(out))
    assert code == 0, err
    assert stdout.startswith("matches the record")


def test_cli_verify_failure_is_one_line_exit_1(run, tmp_path):
    foreign = tmp_path / "x.pdf"
    foreign.write_bytes(b"%PDF-1.4\n%%EOF\n")
    code, _, err = run("--data-dir", str(tmp_path / "d"), "report", "verify", str(foreign))
    assert code == 1
    assert err.count("\n") == 1 and "not an inspector-app report" in err


def test_cli_unknown_inspection_is_one_line(run, tmp_path):
    code, _, err = run(
        "--data-dir",
        str(tmp_path / "d"),
        "report",
        "nope",
        "--template",
        "defect-list",
        "-o",
        str(tmp_path / "x.pdf"),
    )
    assert code == 1
    assert err.count("\n") == 1 and "no inspection with id nope" in err
    assert not (tmp_path / "x.pdf").exists()


def test_missing_font_gives_the_clear_message_not_a_traceback(demo_dir, run, tmp_path, monkeypatch):
    data, iid = demo_dir
    monkeypatch.setenv(fonts.ENV_FONT, str(tmp_path / "none.ttf"))
    monkeypatch.setattr(fonts, "packaged_fonts_dir", lambda: tmp_path / "no-fonts")
    monkeypatch.setattr(fonts.sys, "platform", "linux")
    monkeypatch.setattr(fonts, "_LINUX", ["/nonexistent/wqy-microhei.ttc"])
    code, _, err = run(
        "--data-dir", str(data), "report", iid, "--template", "full", "-o", str(tmp_path / "x.pdf")
    )
    assert code == 1
    assert err.count("\n") == 1, err
    assert "Traceback" not in err
    assert "no Chinese TrueType font" in err
    assert "none.ttf (not found)" in err and "/nonexistent/wqy-microhei.ttc" in err
    assert "fonts-wqy-microhei" in err and fonts.ENV_FONT in err


def test_font_from_configuration_wins(monkeypatch):
    system = fonts.resolve_font()
    monkeypatch.setenv(fonts.ENV_FONT, f"{system.path}#{system.subfont_index}")
    chosen = fonts.resolve_font()
    assert chosen.source == "configuration" and chosen.path == system.path


def test_a_file_that_is_no_font_is_skipped_with_its_reason(monkeypatch, tmp_path):
    bogus = tmp_path / "bogus.ttf"
    bogus.write_bytes(b"not a font")
    monkeypatch.setenv(fonts.ENV_FONT, str(bogus))
    chosen = fonts.resolve_font()
    assert chosen.path != bogus


def test_no_report_while_photos_are_still_on_their_way(tmp_path):
    """A photo record synced but its file has not: the report is refused, not made without it."""
    import pytest

    from inspector_app.domain.errors import DomainError
    from inspector_app.domain.ids import new_id
    from inspector_app.domain.model import Photo
    from inspector_app.operations import App
    from inspector_app.operations import inspections as ops
    from inspector_app.operations.reports import render_report

    with App(tmp_path / "data", actor="测试") as app:
        insp = ops.create_inspection(
            app,
            company_name="照片待同步药业",
            inspection_type="gmp_compliance",
            checklist_id="drug-gmp-2010",
        )
        with app.store.write("同步") as uow:  # the record arrived by pull, the bytes did not
            uow.add(
                Photo(
                    id=new_id(), inspection_id=insp.id, sha256="ab" * 32, original_name="IMG_7.JPG"
                )
            )
        out = tmp_path / "r.pdf"
        with pytest.raises(DomainError, match=r"have not arrived from sync yet.*IMG_7\.JPG"):
            render_report(app, insp.id, "full", out)
        assert not out.exists()
