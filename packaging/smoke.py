"""Smoke test of the built bundle, with the bundled program alone (docs/packaging.md).

    python packaging/smoke.py dist/inspector-app/inspector-app [--runs N] [--shots DIR]

Checks, each with the bundle's own `inspector-app` and a fresh data folder: `--version`; the
inspector profile set; the demo seeded; both PDF reports rendered, read back as text (the
company, the defect grades) and verified against the record; the window started on a real
X server (Xvfb, xcb) until it is visible and ready, and saved as PNG. Then prints the
bundle's size and its start-up figures beside a bare PySide6 window started the same way
from the development environment (the lean-start goal: spawn → visible ≤ 2.5 × bare).
Exit status 1 with the failing step named when anything is wrong.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SIZE_LIMIT_MB = 250  # issue 16: the bundle unpacked
START_RATIO_GOAL = 2.5  # issue 13: spawn → visible window against a bare PySide6 window


class SmokeFailure(Exception):
    pass


def run(
    argv: list[str],
    env: dict[str, str] | None = None,
    timeout: float = 120,
    stdin: str | None = None,
) -> str:
    done = subprocess.run(
        argv, input=stdin, capture_output=True, text=True, timeout=timeout, env=env
    )
    if done.returncode != 0:
        raise SmokeFailure(
            f"{' '.join(argv[:4])}… exited {done.returncode}: {done.stderr.strip()[-800:]}"
        )
    return done.stdout


def pdf_text(path: Path) -> str:
    return run(["pdftotext", "-layout", str(path), "-"])


def size_mb(folder: Path) -> float:
    """Bytes of the files themselves (PyInstaller links some libraries: count them once)."""
    return (
        sum(p.lstat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink())
        / 1e6
    )


def timed_window(argv: list[str], env: dict[str, str], want_ready: bool) -> tuple[float, float]:
    """Spawn → the `visible` line and → the `ready` line (NaN when not asked), seconds."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(
        argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, text=True
    )
    visible = ready = float("nan")
    assert proc.stdout is not None
    for line in proc.stdout:
        word = line.strip()
        if word == "visible" and visible != visible:
            visible = time.perf_counter() - t0
        elif word == "ready":
            ready = time.perf_counter() - t0
    code = proc.wait(timeout=120)
    if code != 0 or visible != visible or (want_ready and ready != ready):
        err = proc.stderr.read() if proc.stderr else ""
        raise SmokeFailure(
            f"window start exited {code} (visible {visible}, ready {ready}): {err[-800:]}"
        )
    return visible, ready


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("program", type=Path, help="the bundle's inspector-app")
    parser.add_argument("--runs", type=int, default=5, help="window starts to time (default 5)")
    parser.add_argument("--shots", type=Path, help="keep the window PNG and PDF pages here")
    args = parser.parse_args(argv)
    program = args.program.resolve()
    bundle = program.parent
    for tool in ("xvfb-run", "pdftotext", "pdftoppm"):
        if shutil.which(tool) is None:
            print(f"smoke: missing {tool}: ./dev bundle installs it (xvfb, poppler-utils)")
            return 1
    work = Path(tempfile.mkdtemp(prefix="inspector-bundle-smoke-"))
    # The user's environment without the development tree's Python path or settings.
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "QT_", "INSPECTOR_"))}
    env["HOME"] = str(work / "home")  # settings, caches and the keyring file stay in here
    env["XDG_CONFIG_HOME"] = str(work / "home" / ".config")
    env["XDG_CACHE_HOME"] = str(work / "home" / ".cache")
    env["XDG_DATA_HOME"] = str(work / "home" / ".local" / "share")
    data = work / "data"
    step = "start"
    try:
        step = "--version"
        version = run([str(program), "--version"], env).strip()
        if not version.startswith("inspector-app "):
            raise SmokeFailure(f"--version printed {version!r}")
        step = "profile"
        app = [str(program), "--data-dir", str(data)]
        run([*app, "profile", "--name", "冒烟测试员", "--unit", "区新药服务中心"], env)
        step = "demo"
        iid = run([*app, "demo"], env).strip().splitlines()[-1]
        pdfs = {}
        for template in ("defect-list", "full"):
            step = f"report {template}"
            out = work / f"{template}.pdf"
            t0 = time.perf_counter()
            run([*app, "report", iid, "--template", template, "-o", str(out)], env)
            wall = time.perf_counter() - t0
            text = pdf_text(out)
            for expected in ("江南示范制药有限公司", "主要"):
                if expected not in text:
                    raise SmokeFailure(f"{template}.pdf has no {expected!r} in its text")
            step = f"report verify {template}"
            said = run([*app, "report", "verify", str(out)], env)
            if "matches" not in said:
                raise SmokeFailure(f"verify said {said!r}")
            pdfs[template] = (out, wall)
        step = "encrypt"
        # A copy of the folder encrypted (SQLCipher, AES-GCM photos, argon2id passphrase):
        # the bundle carries what encryption needs, and the file shows nothing in clear.
        secret = work / "data-encrypted"
        shutil.copytree(data, secret)
        enc = [str(program), "--data-dir", str(secret)]
        run([*enc, "encrypt", "--passphrase-stdin"], env, 300, stdin="冒烟测试口令-2026\n")
        if "江南示范制药".encode() in (secret / "inspector.sqlite").read_bytes():
            raise SmokeFailure("the encrypted database still holds the company name in clear")
        step = "report on the encrypted folder"
        locked_env = {**env, "INSPECTOR_APP_PASSPHRASE": "冒烟测试口令-2026"}
        out = work / "encrypted-defect-list.pdf"
        run([*enc, "report", iid, "--template", "defect-list", "-o", str(out)], locked_env)
        if "江南示范制药有限公司" not in pdf_text(out):
            raise SmokeFailure("the report from the encrypted folder lacks the company")
        step = "window"
        shot = work / "window.png"
        window_env = {**env, "QT_QPA_PLATFORM": "xcb", "INSPECTOR_APP_SMOKE_SHOT": str(shot)}
        xvfb = ["xvfb-run", "-a", "-s", "-screen 0 1366x768x24"]
        starts = [timed_window([*xvfb, *app], window_env, True) for _ in range(args.runs)]
        if not shot.is_file() or shot.stat().st_size < 10_000:
            raise SmokeFailure("the window's screenshot is missing or empty")
        step = "reference window"
        dev_env = {**os.environ, "QT_QPA_PLATFORM": "xcb"}
        probe = [sys.executable, "-m", "benchmarks._window_probe", "bare", str(work / "bare")]
        os.chdir(ROOT)
        bare = [timed_window([*xvfb, *probe], dev_env, False)[0] for _ in range(args.runs)]
    except (SmokeFailure, subprocess.TimeoutExpired, OSError) as exc:
        print(f"smoke: FAILED at {step}: {exc}")
        return 1
    if args.shots:
        args.shots.mkdir(parents=True, exist_ok=True)
        shutil.copy(shot, args.shots / "bundle-window-1366x768.png")
        for template, (pdf, _) in pdfs.items():
            subprocess.run(
                [
                    "pdftoppm",
                    "-png",
                    "-r",
                    "60",
                    "-f",
                    "1",
                    "-l",
                    "1",
                    str(pdf),
                    str(args.shots / f"bundle-{template}"),
                ],
                check=True,
            )
    visible = statistics.median(v for v, _ in starts)
    ready = statistics.median(r for _, r in starts)
    ref = statistics.median(bare)
    size = size_mb(bundle)
    tarballs = sorted(bundle.parent.glob("inspector-app-*.tar.gz"))
    print(f"smoke: passed ({version}; data in {work})")
    print(
        f"  bundle unpacked    {size:7.1f} MB   target ≤ {SIZE_LIMIT_MB} MB  "
        f"{'met' if size <= SIZE_LIMIT_MB else 'MISSED'}"
    )
    if tarballs:
        print(f"  {tarballs[-1].name}  {tarballs[-1].stat().st_size / 1e6:7.1f} MB")
    print(
        f"  spawn → visible    {visible:7.2f} s median of {len(starts)}; bare PySide6 window "
        f"{ref:.2f} s; ratio {visible / ref:.2f}, goal ≤ {START_RATIO_GOAL} "
        f"{'met' if visible / ref <= START_RATIO_GOAL else 'MISSED'}"
    )
    print(f"  spawn → ready      {ready:7.2f} s median")
    for template, (pdf, wall) in pdfs.items():
        print(f"  report {template:12s} {wall:5.2f} s wall, {pdf.stat().st_size / 1e3:.0f} KB")
    ok = size <= SIZE_LIMIT_MB and visible / ref <= START_RATIO_GOAL
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
