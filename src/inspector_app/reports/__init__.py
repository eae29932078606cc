"""PDF reports: fixed templates (data, in templates/) rendered with ReportLab.

`operations/reports.py` gathers a record into `model.ReportData`; `render.render` lays it
out with Chinese line breaking (`typography`), an embedded CJK font subset (`fonts`) and the
integrity claims (`integrity`) that `report verify` checks.
"""
