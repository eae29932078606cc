"""Every word a console template asks for exists in Chinese and English."""

from __future__ import annotations

import re
from pathlib import Path

from inspector_app.server.console import i18n, pages

TEMPLATES = Path(pages.__file__).parent / "templates"


def test_every_template_key_is_in_the_catalogue_in_both_languages():
    used = set()
    for template in TEMPLATES.glob("*.html"):
        used |= set(re.findall(r"\bt\('([a-z_]+)'", template.read_text(encoding="utf-8")))
    used |= {"invalid_login", "no_access", "csrf_text", "forbidden", "not_found", "bad_form"}
    assert used, "no keys found"
    missing = sorted(k for k in used if k not in i18n.CATALOGUE)
    assert missing == []
    for key in used:
        zh, en = i18n.CATALOGUE[key]
        assert (zh and en and zh != en) or key == "language"


def test_enum_labels_in_both_languages():
    assert i18n.enum_label("zh", "critical") == "严重缺陷"
    assert i18n.enum_label("en", "report_issued") == "Report issued"
    assert i18n.role_label("zh", "reviewer") == "审核人"
