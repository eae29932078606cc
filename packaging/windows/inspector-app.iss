; Inno Setup 6 script for the inspector's laptop app — NOT BUILT OR TESTED HERE.
; Input: dist\inspector-app\ from packaging\inspector-app.spec (see build.ps1).
; A per-user install (no administrator rights on a locked-down laptop), a Start-menu entry,
; an uninstaller that leaves the user's data folder alone (inspections are evidence).

#define AppName "预检查工作台 inspector-app"
#define AppVersion "0.1.0"

[Setup]
AppId={{6B0D2C36-4C5E-4F0B-9D0E-2E6A2B1C7A11}
AppName={#AppName}
AppVersion={#AppVersion}
AppPublisher=District New-Drug Service Center
DefaultDirName={localappdata}\Programs\inspector-app
DefaultGroupName={#AppName}
PrivilegesRequired=lowest
OutputDir=..\..\dist
OutputBaseFilename=inspector-app-{#AppVersion}-windows-x64-setup
Compression=lzma2
SolidCompression=yes
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
LicenseFile=..\NOTICE.md

[Languages]
; ChineseSimplified.isl is one of Inno Setup's unofficial translations: put it into Inno
; Setup's Languages folder first (https://jrsoftware.org/files/istrans/).
Name: "chinesesimplified"; MessagesFile: "compiler:Languages\ChineseSimplified.isl"
Name: "english"; MessagesFile: "compiler:Default.isl"

[Files]
Source: "..\..\dist\inspector-app\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{group}\{#AppName}"; Filename: "{app}\inspector-app.exe"
Name: "{group}\卸载 {#AppName}"; Filename: "{uninstallexe}"

[Run]
Filename: "{app}\inspector-app.exe"; Description: "启动 {#AppName}"; Flags: nowait postinstall skipifsilent
