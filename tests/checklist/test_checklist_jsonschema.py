"""checklists/checklist.schema.json is generated, never edited: it must match the models."""

from __future__ import annotations

import json

from inspector_app.checklist import jsonschema
from inspector_app.checklist.library import bundled_checklists_dir


def test_committed_schema_is_current():
    committed = (bundled_checklists_dir() / "checklist.schema.json").read_text(encoding="utf-8")
    regenerate = "python -m inspector_app.checklist.jsonschema"
    assert committed == jsonschema.render(), f"checklist.schema.json is stale: run {regenerate}"


def test_schema_accepts_the_article_number_shorthand_for_refs():
    schema = jsonschema.checklist_json_schema()
    entry = schema["$defs"]["Item"]["properties"]["refs"]["items"]
    assert {"type": "integer", "minimum": 1}.items() <= entry["anyOf"][0].items()
    assert entry["anyOf"][1] == {"$ref": "#/$defs/ClauseRef"}


def test_schema_header_and_chinese_text_are_kept_readable():
    text = jsonschema.render()
    schema = json.loads(text)
    assert list(schema)[:2] == ["$schema", "title"]
    assert "第N条" in text  # ensure_ascii=False
    assert text.endswith("}\n")


def test_main_writes_and_check_detects_a_stale_file(tmp_path, capsys):
    out = tmp_path / "schema.json"
    assert jsonschema.main([str(out)]) == 0
    assert out.read_text(encoding="utf-8") == jsonschema.render()
    assert jsonschema.main(["--check", str(out)]) == 0
    out.write_text("{}\n", encoding="utf-8")
    assert jsonschema.main(["--check", str(out)]) == 1
    assert "stale" in capsys.readouterr().err
