"""Generate checklists/checklist.schema.json from the pydantic models.

    python -m inspector_app.checklist.jsonschema [OUT]      # write (default: the repo's file)
    python -m inspector_app.checklist.jsonschema --check    # exit 1 if the file is stale

Editors (VS Code's YAML extension, PyCharm) use the file to complete and check checklists as
they are typed; the loader remains the authority, since the semantic checks are not in it.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from inspector_app.checklist.library import bundled_checklists_dir
from inspector_app.checklist.schema import FORMAT_VERSION, Checklist

SCHEMA_FILE_NAME = "checklist.schema.json"
_DRAFT = "https://json-schema.org/draft/2020-12/schema"


def checklist_json_schema() -> dict[str, Any]:
    # mode="validation" includes the refs shorthand declared on Item (json_schema_input_type).
    generated = Checklist.model_json_schema(mode="validation")
    generated.pop("title", None)
    return {
        "$schema": _DRAFT,
        "title": f"inspector_app checklist (format {FORMAT_VERSION})",
        **generated,
    }


def render() -> str:
    return json.dumps(checklist_json_schema(), indent=2, ensure_ascii=False) + "\n"


def default_path() -> Path:
    return bundled_checklists_dir() / SCHEMA_FILE_NAME


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    check = "--check" in args
    paths = [a for a in args if a != "--check"]
    out = Path(paths[0]) if paths else default_path()
    text = render()
    if check:
        current = out.read_text(encoding="utf-8") if out.exists() else ""
        if current != text:
            print(
                f"{out} is stale; run python -m inspector_app.checklist.jsonschema", file=sys.stderr
            )
            return 1
        return 0
    out.write_text(text, encoding="utf-8", newline="\n")
    print(out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
