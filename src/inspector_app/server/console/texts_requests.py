"""The console's words for requests (issue 14): key → (Chinese, English); merged into
i18n.CATALOGUE."""

from __future__ import annotations

TEXTS: dict[str, tuple[str, str]] = {
    "nav_requests": ("服务申请", "Requests"),
}
