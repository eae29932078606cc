"""Child process for the crash-safety test: saves defects forever, printing each id only after
its commit returned (that is what "saved" means to a user). Killed with SIGKILL by the test."""

from __future__ import annotations

import sys
from datetime import UTC, datetime

from inspector_app.domain.ids import new_id
from inspector_app.domain.model import Defect, Inspection
from inspector_app.store.store import Store


def main(data_dir: str) -> None:
    store = Store(data_dir)
    found = store.find("inspection")
    if found:
        inspection_id = found[0].id
    else:
        inspection = Inspection(
            id=new_id(),
            company_name="崩溃测试药业",
            inspection_type="gmp_compliance",
            checklist_id="mini-gmp",
            checklist_version=1,
            created_at=datetime.now(UTC),
        )
        with store.write("crash-test") as uow:
            uow.add(inspection)
        inspection_id = inspection.id
    print("ready", flush=True)
    n = 0
    while True:
        n += 1
        defect = Defect(
            id=new_id(),
            inspection_id=inspection_id,
            severity="general",
            facts=f"第{n}条缺陷事实描述，" + "记录内容" * 20,
            created_at=datetime.now(UTC),
        )
        with store.write("crash-test") as uow:
            uow.add(defect)
            if n % 3 == 0:
                uow.update("defect", defect.id, {"location": f"房间{n}"})
        sys.stdout.write(defect.id + "\n")
        sys.stdout.flush()


if __name__ == "__main__":
    main(sys.argv[1])
