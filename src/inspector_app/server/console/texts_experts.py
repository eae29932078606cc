"""The console's words for experts (issue 14): key → (Chinese, English); merged into
i18n.CATALOGUE."""

from __future__ import annotations

TEXTS: dict[str, tuple[str, str]] = {
    "nav_experts": ("专家库", "Experts"),
}
