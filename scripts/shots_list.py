"""Screenshots of the inspections list and the new-inspection wizard, from the real app.

    xvfb-run -a -s "-screen 0 1400x900x24" .venv/bin/python scripts/shots_list.py [OUT_DIR]

Seeds the demo inspection plus two more in a temporary data dir (and a private settings
folder, so the user's window sizes and language do not leak in), then saves
inspections-list.png and wizard.png (the team page, filled in) to docs/screenshots/.
"""

from __future__ import annotations

import sys
import tempfile
from datetime import date, timedelta
from pathlib import Path

from PySide6.QtCore import QSettings, QTimer

from inspector_app.domain.model import TeamRole
from inspector_app.operations import App
from inspector_app.operations import inspections as ops
from inspector_app.operations.demo import seed_demo
from inspector_app.ui.app import create_qt_application


def _seed(app: App) -> None:
    seed_demo(app)
    ops.create_inspection(
        app,
        company_name="东海医疗器械股份有限公司（演示）",
        inspection_type="gmp_compliance",
        checklist_id="device-gmp-2025",
        planned_start=date.today() + timedelta(days=14),
        planned_end=date.today() + timedelta(days=15),
    )
    ops.create_inspection(
        app,
        company_name="西岭生物科技有限公司（演示）",
        inspection_type="registration_verification",
        checklist_id="drug-registration-site-verification-2021",
        planned_start=date.today() + timedelta(days=30),
    )


def main() -> int:
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "docs/screenshots")
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, tmp)
        qt = create_qt_application(sys.argv[:1])
        from inspector_app.ui.i18n import Translations
        from inspector_app.ui.main_window import MainWindow

        Translations(qt).apply("zh_CN")
        with App(Path(tmp) / "data", actor="王建国") as app:
            _seed(app)
            window = MainWindow(app)
            window.resize(1280, 520)
            window.show()
            window.select(window.model.row_at(0).id)

            def grab_list() -> None:
                window.grab().save(str(out / "inspections-list.png"))
                wizard = window.new_inspection()
                wizard.company_page.company.setText("华东示例制药有限公司")
                wizard.company_page.products.setPlainText("注射用头孢曲松钠")
                for _ in range(3):
                    wizard.next()
                team = wizard.team_page
                for name, role, org, declared in (
                    ("王建国", TeamRole.LEAD, "国家药监局食品药品审核查验中心", True),
                    ("李敏", TeamRole.MEMBER, "上海市药品监督管理局", False),
                    ("赵志远", TeamRole.EXPERT, "某大学药学院", True),
                ):
                    team.name.setText(name)
                    team.role.setCurrentIndex(team.role.findData(role.value))
                    team.organisation.setText(org)
                    team.declared.setChecked(declared)
                    team.add_member()
                QTimer.singleShot(400, lambda: grab_wizard(wizard))

            def grab_wizard(wizard) -> None:
                wizard.grab().save(str(out / "wizard.png"))
                wizard.reject()
                qt.quit()

            QTimer.singleShot(500, grab_list)
            qt.exec()
    print(out / "inspections-list.png")
    print(out / "wizard.png")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
