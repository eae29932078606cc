"""Splice checklist parts (checklists/parts/<part-id>.yaml) into the checklists that use them.

    python scripts/splice_parts.py                  # refresh every spliced copy, then validate
    python scripts/splice_parts.py --check          # change nothing; exit 1 naming stale copies
    python scripts/splice_parts.py --into FILE PART # add a part to a checklist that lacks it

A part is ONE top-level section written as a list entry under `sections:`, after a header
comment. A checklist uses a part by holding its marker line; everything from the line after the
marker to the next part marker (or the end of the file) is the part's text verbatim, header
comment stripped. The copy is what the app loads (it reads only checklists/*.yaml), so the
part file is the one to edit and this script keeps the copies equal to it.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import yaml

from inspector_app.checklist.loader import check_checklist_file
from inspector_app.checklist.profiles import bundled_profiles_dir, load_profiles

ROOT = Path(__file__).resolve().parents[1]
MARKER_PREFIX = "  # --- part "


class SpliceError(Exception):
    pass


def marker(part_id: str) -> str:
    tail = "(spliced by scripts/splice_parts.py; edit the part, not this copy) ---"
    return f"{MARKER_PREFIX}{part_id} {tail}"


def part_body(part: Path) -> str:
    """The part's text without its header comment (leading comment and blank lines)."""
    lines = part.read_text(encoding="utf-8").splitlines(keepends=True)
    start = 0
    while start < len(lines) and (
        not lines[start].strip() or lines[start].lstrip().startswith("#")
    ):
        start += 1
    body = "".join(lines[start:])
    if not body.strip():
        raise SpliceError(f"{part}: the part holds no section after its header comment")
    return body if body.endswith("\n") else body + "\n"


def part_tags(part: Path) -> list[str]:
    """Tags of the part's top-level section: the checklist must define each of them."""
    data = yaml.safe_load(part_body(part))
    if not (isinstance(data, list) and len(data) == 1 and isinstance(data[0], dict)):
        raise SpliceError(f"{part}: a part must be exactly one section (one list entry)")
    return list(data[0].get("tags") or [])


def spliced(text: str, part_id: str, body: str) -> str:
    """`text` with the part's copy after its marker replaced by `body` (text unchanged when
    the marker is absent)."""
    lines = text.splitlines(keepends=True)
    line = marker(part_id)
    at = [i for i, current in enumerate(lines) if current.rstrip("\r\n") == line]
    if not at:
        return text
    if len(at) > 1:
        raise SpliceError(f"the marker of part {part_id} appears {len(at)} times")
    start = at[0] + 1
    end = next(
        (i for i in range(start, len(lines)) if lines[i].startswith(MARKER_PREFIX)), len(lines)
    )
    return "".join(lines[:start]) + body + "".join(lines[end:])


def parts_in(checklists: Path) -> dict[str, Path]:
    folder = checklists / "parts"
    return {p.stem: p for p in sorted(folder.glob("*.yaml"))} if folder.is_dir() else {}


def validate(path: Path) -> list[str]:
    profiles = set(load_profiles(bundled_profiles_dir()))
    _, problems = check_checklist_file(path, rule_profiles=profiles)
    return [str(p) for p in problems]


def splice_all(checklists: Path, *, check: bool) -> int:
    parts = {part_id: part_body(path) for part_id, path in parts_in(checklists).items()}
    stale: list[Path] = []
    for path in sorted(checklists.glob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        new = text
        for part_id, body in parts.items():
            try:
                new = spliced(new, part_id, body)
            except SpliceError as exc:
                raise SpliceError(f"{path}: {exc}") from None
        if new != text:
            stale.append(path)
            if not check:
                path.write_text(new, encoding="utf-8")
    if check:
        for path in stale:
            print(f"{path}: a spliced part differs from its part file; run scripts/splice_parts.py")
        return 1 if stale else 0
    problems = [problem for path in stale for problem in validate(path)]
    for path in stale:
        print(f"spliced: {path}")
    print("\n".join(problems) or f"{len(stale)} checklist(s) updated, all valid")
    return 1 if problems else 0


def splice_into(checklist: Path, part_arg: str, checklists: Path) -> int:
    part = (
        Path(part_arg) if part_arg.endswith(".yaml") else checklists / "parts" / f"{part_arg}.yaml"
    )
    if not part.is_file():
        raise SpliceError(f"{part}: no such part")
    part_id = part.stem
    text = checklist.read_text(encoding="utf-8")
    if any(line.rstrip("\r\n") == marker(part_id) for line in text.splitlines()):
        raise SpliceError(
            f"{checklist}: already holds part {part_id}; run without --into to refresh"
        )
    data = yaml.safe_load(text)
    defined = {tag.get("id") for tag in (data or {}).get("tags") or [] if isinstance(tag, dict)}
    missing = [tag for tag in part_tags(part) if tag not in defined]
    if missing:
        raise SpliceError(
            f"{checklist}: part {part_id} needs tag(s) {', '.join(missing)}, which the checklist "
            "does not define; add them to its `tags:` first"
        )
    if not text.endswith("\n"):
        text += "\n"
    checklist.write_text(f"{text}\n{marker(part_id)}\n{part_body(part)}", encoding="utf-8")
    problems = validate(checklist)
    if problems:
        checklist.write_text(text, encoding="utf-8")  # leave no invalid checklist behind
        print("\n".join(problems))
        print(f"{checklist}: not changed, the spliced result is invalid")
        return 1
    print(f"{checklist}: part {part_id} added, valid")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="change nothing; exit 1 if stale")
    parser.add_argument("--into", nargs=2, metavar=("FILE", "PART"), help="add PART to FILE")
    parser.add_argument(
        "--dir", type=Path, default=ROOT / "checklists", help="checklists folder (parts/ inside)"
    )
    args = parser.parse_args(argv)
    try:
        if args.into:
            return splice_into(Path(args.into[0]), args.into[1], args.dir)
        return splice_all(args.dir, check=args.check)
    except SpliceError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
