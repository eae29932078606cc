# Windows build of the inspector's laptop app — NOT BUILT OR TESTED HERE (the project's
# machines run Debian). It follows the Linux build (scripts/dev/bundle.sh) step by step;
# docs/packaging.md says what to check on a Windows machine before trusting it.
#
# Needs: Python 3.11 x64, uv (https://docs.astral.sh/uv/), Inno Setup 6 (iscc.exe on PATH),
# Qt's lrelease (comes with PySide6), and a redistributable CJK TrueType font file —
# not one of Windows' own fonts (their licence forbids redistribution): for example
# wqy-microhei.ttc copied from Debian's fonts-wqy-microhei package, with its copyright file.
#
#   powershell -ExecutionPolicy Bypass -File packaging\windows\build.ps1 -Font C:\fonts\wqy-microhei.ttc -FontCopyright C:\fonts\copyright
param(
    [Parameter(Mandatory = $true)][string]$Font,
    [Parameter(Mandatory = $true)][string]$FontCopyright
)
$ErrorActionPreference = "Stop"
Set-Location (Join-Path $PSScriptRoot "..\..")

# Translations first: the wheel's _bundled/i18n carries the compiled .qm files.
uv sync --frozen --all-extras
.\.venv\Scripts\pyside6-lrelease.exe i18n\inspector_app_en.ts -qm i18n\inspector_app_en.qm

# Its own environment: runtime dependencies, the project as a wheel, compiled bytecode.
$env:UV_PROJECT_ENVIRONMENT = "build\bundle-env"
uv sync --frozen --no-editable --group bundle --compile-bytecode
Remove-Item Env:\UV_PROJECT_ENVIRONMENT

$licenses = "build\bundle-licenses"
Remove-Item -Recurse -Force $licenses -ErrorAction SilentlyContinue
New-Item -ItemType Directory $licenses | Out-Null
Copy-Item packaging\NOTICE.md $licenses
Copy-Item $FontCopyright (Join-Path $licenses "font-copyright.txt")
# Qt/PySide6's LGPL-3.0 and GPL-3.0 texts: from https://www.gnu.org/licenses/ (lgpl-3.0.txt,
# gpl-3.0.txt) into $licenses as Qt-PySide6-LGPL-3.0.txt and Qt-PySide6-GPL-3.0.txt.
foreach ($name in "Qt-PySide6-LGPL-3.0.txt", "Qt-PySide6-GPL-3.0.txt") {
    if (-not (Test-Path (Join-Path $licenses $name))) { throw "put $name into $licenses first" }
}

$env:INSPECTOR_BUNDLE_FONT = $Font
$env:INSPECTOR_BUNDLE_LICENSES = (Resolve-Path $licenses).Path
.\build\bundle-env\Scripts\pyinstaller.exe --noconfirm --clean --distpath dist `
    --workpath build\pyinstaller packaging\inspector-app.spec

# The installer: per-user install under %LOCALAPPDATA%\Programs, no administrator needed.
iscc.exe packaging\windows\inspector-app.iss
