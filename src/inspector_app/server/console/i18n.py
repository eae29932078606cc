"""The console's words: Chinese first, English available. `text(lang, key)`; a key missing in
a language falls back to Chinese, a missing key shows itself (a test keeps both complete)."""

from __future__ import annotations

from inspector_app.server.console import (
    texts_experts,
    texts_rectification,
    texts_requests,
    texts_statistics,
)

LANGS = ("zh", "en")
DEFAULT_LANG = "zh"
COOKIE = "console_lang"

CATALOGUE: dict[str, tuple[str, str]] = {
    "app_title": ("药品检查审核台", "Inspection review console"),
    "sign_in": ("登录", "Sign in"),
    "sign_out": ("退出登录", "Sign out"),
    "user_name": ("用户名", "User name"),
    "password": ("密码", "Password"),
    "signed_in_as": ("当前用户", "Signed in as"),
    "invalid_login": (
        "用户名或密码不正确。连续失败5次后账户将被暂时锁定（1、2、4……分钟）。",
        "Wrong user name or password. After 5 failures the account is locked for a while "
        "(1, 2, 4 … minutes).",
    ),
    "no_access": (
        "此账户没有审核台权限（检查员请使用笔记本上的检查软件）。",
        "This account has no console access (inspectors use the laptop app).",
    ),
    "session_expired": ("请先登录。", "Please sign in."),
    "csrf_title": ("请求被拒绝", "Request refused"),
    "csrf_text": (
        "表单已过期或来自其他页面（CSRF校验失败）。请返回页面刷新后重试。",
        "The form has expired or came from another page (CSRF check failed). Go back, "
        "reload the page and try again.",
    ),
    "forbidden": ("您的账户无权访问此页面。", "Your account may not open this page."),
    "not_found": ("未找到该页面或记录。", "No such page or record."),
    "too_large": (
        "提交的内容过大（上限 {limit} 字节）。",
        "The form is too large (limit {limit} bytes).",
    ),
    "bad_form": ("表单格式有误。", "The form is malformed."),
    "back": ("返回", "Back"),
    "inspections": ("检查列表", "Inspections"),
    "users": ("用户管理", "Users"),
    "company": ("企业", "Company"),
    "inspection_type": ("检查类型", "Inspection type"),
    "status": ("状态", "Status"),
    "planned": ("计划日期", "Planned dates"),
    "actual": ("实际日期", "Actual dates"),
    "date_field": ("日期类型", "Dates"),
    "date_from": ("起", "From"),
    "date_to": ("止", "To"),
    "inspector": ("检查员", "Inspector"),
    "grade": ("缺陷等级", "Defect grade"),
    "clause": ("章节/条款", "Chapter/clause"),
    "text_search": ("缺陷事实检索", "Search in facts"),
    "filter": ("筛选", "Filter"),
    "reset": ("清除", "Clear"),
    "any": ("全部", "Any"),
    "total_found": ("共 {n} 项检查", "{n} inspections"),
    "page_of": ("第 {page} / {pages} 页", "Page {page} of {pages}"),
    "prev": ("上一页", "Previous"),
    "next": ("下一页", "Next"),
    "page_size": ("每页", "Per page"),
    "team": ("检查组", "Team"),
    "critical": ("严重", "Critical"),
    "major": ("主要", "Major"),
    "general": ("一般", "General"),
    "defects": ("缺陷", "Defects"),
    "no_rows": ("没有符合条件的检查。", "No inspection matches."),
    "open": ("打开", "Open"),
    "basic_data": ("基本信息", "Basic data"),
    "site_address": ("地址", "Address"),
    "products": ("品种", "Products"),
    "document_no": ("文书编号", "Document no."),
    "members": ("检查组成员与声明", "Team and declarations"),
    "role": ("角色", "Role"),
    "organisation": ("单位", "Organisation"),
    "declaration": ("声明签署", "Declaration signed"),
    "not_signed": ("未签署", "not signed"),
    "conclusion": ("建议结论", "Suggested conclusion"),
    "reasons": ("理由", "Reasons"),
    "override": ("检查组结论（覆盖建议）", "Team's conclusion (overrides the suggestion)"),
    "defect_list": ("缺陷", "Defects"),
    "facts": ("缺陷事实", "Facts"),
    "clauses": ("依据条款", "Clauses"),
    "location": ("位置", "Location"),
    "advice": ("整改建议", "Advice"),
    "author": ("记录人", "Recorded by"),
    "photos": ("照片", "Photos"),
    "original": ("原始", "Original"),
    "adjusted": ("调整后", "Adjusted"),
    "checklist_results": ("检查项结果", "Checklist results"),
    "item": ("检查项", "Item"),
    "result": ("结果", "Result"),
    "note": ("备注", "Note"),
    "audit_trail": ("审计记录", "Audit trail"),
    "when": ("时间", "When"),
    "who": ("人员", "Who"),
    "what": ("内容", "What"),
    "old": ("原值", "Old"),
    "new": ("新值", "New"),
    "reason": ("理由", "Reason"),
    "reviews": ("审核意见与回复", "Reviews and answers"),
    "reviewer": ("审核人", "Reviewer"),
    "answer": ("检查组回复", "Team's answer"),
    "comment": ("批注", "Comment"),
    "return": ("退回修改", "Return"),
    "request": ("修改要求", "Request"),
    "adjust": ("调整", "Adjust"),
    "accept": ("通过", "Accept"),
    "approve": ("审核通过", "Approve"),
    "issue_report": ("出具报告", "Issue report"),
    "reissue": ("更正并重新出具", "Correct and reissue"),
    "issued_reports": ("已出具的报告", "Issued reports"),
    "download": ("下载", "Download"),
    "number": ("编号", "Number"),
    "revision": ("版次", "Revision"),
    "issued_by": ("出具人", "Issued by"),
    "new_grade": ("调整后的等级", "New grade"),
    "new_wording": ("调整后的表述", "New wording"),
    "keep": ("不变", "unchanged"),
    "template": ("模板", "Template"),
    "inspection_actions": ("整项检查的审核", "Review of the whole inspection"),
    "whole_inspection": ("整项检查", "whole inspection"),
    "not_available": (
        "此操作暂不可用（审核写入模块尚未安装）。",
        "This action is not available yet (the review write module is not installed).",
    ),
    "action_done": ("已保存。", "Saved."),
    "action_failed": ("操作未完成", "Not done"),
    "field_required": ("必填。", "Required."),
    "field_too_long": ("最多 {max} 个字符（当前 {n} 个）。", "At most {max} characters (now {n})."),
    "field_invalid": ("格式不正确。", "Not valid."),
    "password_rule": ("密码须为 {min}–{max} 个字符。", "A password has {min}–{max} characters."),
    "add_user": ("添加用户", "Add a user"),
    "display_name": ("显示名称", "Display name"),
    "teams": ("所属组（逗号分隔）", "Teams (comma-separated)"),
    "disable": ("停用", "Disable"),
    "enable": ("启用", "Enable"),
    "reset_password": ("重置密码", "Reset password"),
    "disabled": ("已停用", "disabled"),
    "locked": ("锁定至 {t}", "locked until {t}"),
    "active": ("正常", "active"),
    "no_password": ("无审核台密码", "no console password"),
    "one_time_password": (
        "{user} 的一次性密码（仅显示这一次，请当面或安全地转交）：",
        "One-time password for {user} (shown this once; hand it over in person or safely):",
    ),
    "user_added": ("已添加用户 {user}。", "User {user} added."),
    "user_disabled": ("已停用 {user}，其会话已结束。", "{user} disabled; their sessions ended."),
    "user_enabled": ("已启用 {user}。", "{user} enabled."),
    "none": ("无", "none"),
    "whole": ("整项", "whole"),
    "state": ("状态", "State"),
    "language": ("English", "中文"),
    "approval_comment": ("审核通过意见（可不填）", "Approval comment (optional)"),
    "comment_text": ("批注内容", "Comment"),
    "template_full": ("完整报告", "Full report"),
    "template_defect-list": ("缺陷清单", "Defect list"),
    "not_approved_yet": (
        "审核通过后才能出具报告。",
        "The report can be issued once the inspection is approved.",
    ),
    "approved_by": ("已由 {who} 于 {at} 审核通过。", "Approved by {who} on {at}."),
    "issued_note": (
        "报告已出具，不可更改；如需更正，请填写理由重新出具（新版次将注明所替代的版本）。",
        "The report is issued and never changed; to correct it, give a reason and reissue "
        "(the new revision names the one it replaces).",
    ),
    "reissue_reason": ("更正理由（必填）", "Reason for the correction (required)"),
    "own_account": ("不能停用自己的账户。", "You cannot disable your own account."),
    "state_in_review": ("审核中：尚未审核通过", "In review: not approved yet"),
    "state_approved": (
        "已由 {who} 审核通过，待出具报告",
        "Approved by {who}; the report is not issued yet",
    ),
    "state_issued": ("报告已出具：{number}", "Report issued: {number}"),
    "to_actions": ("转到整项审核与出具", "Go to the inspection's review and issue"),
    "times_in": ("时间为北京时间", "Times in China time (UTC+8)"),
    "sortable": ("点击列标题排序", "Click a heading to sort"),
    "action_create": ("新建", "created"),
    "action_update": ("修改", "changed"),
    "action_delete": ("删除", "deleted"),
    "yes": ("是", "yes"),
    "no": ("否", "no"),
    "n_marks": ("{n} 处标注", "{n} marks"),
    "new_record": ("（新建记录）", "(new record)"),
    "form_problems": ("请修改标出的字段：{fields}", "Please correct the marked fields: {fields}"),
    "f_text": ("内容", "text"),
    "f_reason": ("理由", "reason"),
    "f_severity": ("等级", "grade"),
    "f_facts": ("表述", "wording"),
    "f_template": ("模板", "template"),
}

# Each area of issue 14 keeps its words in its own module (fewer hands in one dict).
CATALOGUE |= texts_requests.TEXTS | texts_experts.TEXTS | texts_statistics.TEXTS
CATALOGUE |= texts_rectification.TEXTS  # issue 15


def text(lang: str, key: str, **values: object) -> str:
    pair = CATALOGUE.get(key)
    if pair is None:
        return key
    s = pair[1] if lang == "en" else pair[0]
    return s.format(**values) if values else s


def pick(lang: str | None) -> str:
    return lang if lang in LANGS else DEFAULT_LANG


# Stable codes the records use, with their words (Chinese from domain.model.LABELS).
ENUM_EN = {
    "gmp_compliance": "GMP compliance pre-inspection",
    "registration_verification": "Registration verification pre-inspection",
    "licence": "Licence pre-inspection",
    "draft": "Draft",
    "on_site": "On site",
    "closed": "Closed on site",
    "report_issued": "Report issued",
    "conforming": "Conforming",
    "non_conforming": "Non-conforming",
    "not_applicable": "Not applicable",
    "not_checked": "Not checked",
    "critical": "Critical",
    "major": "Major",
    "general": "General",
    "lead": "Lead",
    "member": "Member",
    "expert": "External expert",
    "commented": "Commented",
    "returned": "Returned",
    "adjusted": "Adjusted",
    "accepted": "Accepted",
    "inspector": "Inspector",
    "reviewer": "Reviewer",
    "admin": "Administrator",
}
ROLE_ZH = {"inspector": "检查员", "reviewer": "审核人", "admin": "管理员"}


def enum_label(lang: str, code: object) -> str:
    from inspector_app.domain.model import LABELS

    code = "" if code is None else str(code)
    if lang == "en":
        return ENUM_EN.get(code, code)
    for member, label in LABELS.items():
        if member.value == code:
            return label
    return ROLE_ZH.get(code, code)


def role_label(lang: str, role: str) -> str:
    return ENUM_EN.get(role, role) if lang == "en" else ROLE_ZH.get(role, role)


# The audit trail's words, the same Chinese as the laptop's (ui/audit_view.py KIND_LABELS and
# FIELD_LABELS; copied because that module imports Qt).
AUDIT_KINDS: dict[str, tuple[str, str]] = {
    "inspection": ("检查", "Inspection"),
    "team_member": ("检查组成员", "Team member"),
    "item_result": ("检查结果", "Checklist result"),
    "defect": ("缺陷", "Defect"),
    "photo": ("照片", "Photo"),
    "signature": ("签名", "Signature"),
    "review": ("审核意见", "Review"),
    "review_response": ("检查组回复", "Team's answer"),
    "issued_report": ("已出具的报告", "Issued report"),
}
AUDIT_FIELDS: dict[str, tuple[str, str]] = {
    "*": ("新建", "new"),
    "severity": ("缺陷等级", "Grade"),
    "facts": ("缺陷事实", "Facts"),
    "clause_refs": ("条款依据", "Clauses"),
    "location": ("位置", "Location"),
    "suggested_rectification": ("整改建议", "Advice"),
    "falsification": ("真实性问题", "Falsification"),
    "affects_quality": ("直接影响产品质量", "Directly affects product quality"),
    # Re-inspection (issue 15, D34): what the follow-up visit found for an original defect.
    "origin_defect_id": ("复查的原缺陷", "Original defect re-checked"),
    "origin_answer": ("企业整改答复", "Company's rectification answer"),
    "followup": ("复查结果", "Re-check outcome"),
    "followup_note": ("复查说明", "Re-check note"),
    "follows_inspection_id": ("复查的原检查", "Original inspection re-inspected"),
    "item_id": ("关联检查项", "Checklist item"),
    "deleted": ("删除", "Deleted"),
    "caption": ("照片说明", "Caption"),
    "annotations": ("照片标注", "Marks"),
    "taken_at": ("拍摄时间", "Taken at"),
    "defect_id": ("所属缺陷", "Defect"),
    "deleted_with": ("随缺陷删除", "Deleted with defect"),
    "result": ("检查结果", "Result"),
    "reason": ("理由", "Reason"),
    "note": ("备注", "Note"),
    "declared_value": ("申报值", "Declared value"),
    "observed_value": ("现场值", "Observed value"),
    "status": ("状态", "Status"),
    "actual_start": ("实际开始日期", "Actual start"),
    "actual_end": ("实际结束日期", "Actual end"),
    "planned_start": ("计划开始日期", "Planned start"),
    "planned_end": ("计划结束日期", "Planned end"),
    "conclusion_override": ("最终结论", "Final conclusion"),
    "conclusion_override_reason": ("结论调整理由", "Reason for the conclusion"),
    "company_name": ("企业名称", "Company"),
    "site_address": ("检查地址", "Address"),
    "products": ("品种", "Products"),
    "scope_sections": ("检查范围", "Scope"),
    "scope_tags": ("适用范围标签", "Scope tags"),
    "archived": ("归档", "Archived"),
    "name": ("姓名", "Name"),
    "role": ("角色", "Role"),
    "document_no": ("文书编号", "Document no."),
    "import": ("从文件导入", "Imported from a file"),
    "state": ("审核状态", "Review state"),
    "comment": ("审核意见", "Comment"),
    "adjusted_severity": ("调整后的等级", "Adjusted grade"),
    "adjusted_facts": ("调整后的表述", "Adjusted wording"),
    "text": ("回复内容", "Answer"),
    "number": ("报告编号", "Report number"),
}


def audit_kind(lang: str, kind: str) -> str:
    pair = AUDIT_KINDS.get(kind)
    return (pair[1] if lang == "en" else pair[0]) if pair else kind


def audit_field(lang: str, field: str) -> str:
    pair = AUDIT_FIELDS.get(field)
    return (pair[1] if lang == "en" else pair[0]) if pair else field


# Refusals of server/review.py and server/issue.py by their stable ApiError code, in the
# page's language; `{…}` names the error's extras. A code not here shows the API's message.
REFUSALS: dict[str, tuple[str, str]] = {
    "unanswered_returns": (
        "检查组尚未回复 {count} 项退回修改（如：{first}）；请待检查组回复并同步后再审核通过。",
        "{count} returned item(s) have no answer from the team yet (e.g. {first}); approve "
        "after the team answers and syncs.",
    ),
    "already_approved": (
        "该检查已由 {by} 于 {at} 审核通过。",
        "This inspection was already approved by {by} on {at}.",
    ),
    "not_approved": (
        "尚未审核通过，不能出具报告。",
        "Not approved yet: the report cannot be issued.",
    ),
    "already_issued": (
        "报告已出具（{number}），不可更改；如需更正请重新出具。",
        "The report is already issued ({number}) and never changed; reissue to correct it.",
    ),
    "not_issued": (
        "尚无已出具的报告可更正，请先出具。",
        "No issued report to correct; issue first.",
    ),
    "not_acknowledged": (
        "企业尚未在缺陷清单上签字（服务器上没有企业签名），不能出具报告。",
        "The company has not signed the defect list (no company signature on the server yet): "
        "the report cannot be issued.",
    ),
    "wrong_state": (
        "此检查当前状态为“{status}”，不能执行此操作（须现场结束并由企业签字后同步）。",
        "This inspection is “{status}”; this action needs it closed on site (signed by the "
        "company) and synced.",
    ),
    "returned_after_approval": (
        "该检查已审核通过，不能再退回修改。",
        "The inspection is already approved; nothing can be returned.",
    ),
    "incomplete": (
        "此检查的数据尚未完整同步到服务器，请待检查组下次同步。",
        "This inspection has not fully arrived on the server; wait for the team's next sync.",
    ),
    "blobs_missing": (
        "还有 {count} 个照片或签名文件尚未上传到服务器，请待检查组下次同步后再出具。",
        "{count} photo or signature file(s) have not reached the server yet; issue after the "
        "team's next sync.",
    ),
    "unknown_checklist": (
        "服务器上没有此检查所用的检查表，请先发布该检查表。",
        "The server has not got this inspection's checklist; publish it first.",
    ),
    "no_change": (
        "调整未改变任何内容：等级和表述与现有的相同。",
        "The adjustment changes nothing: the grade and wording are already these.",
    ),
    "refused": (
        "服务器拒绝了此记录，未写入任何内容。",
        "The server refused the entry; nothing was written.",
    ),
    "render_failed": ("报告生成失败。", "The report could not be rendered."),
    "forbidden": ("您的账户不能执行审核操作。", "Your account may not review."),
    "not_found": (
        "未找到该检查或缺陷（可能已被删除）。",
        "No such inspection or defect (deleted?).",
    ),
    "invalid": ("输入不符合要求（{message}）。", "Not accepted: {message}."),
}


def refusal(lang: str, code: str, message: str, extra: dict[str, object] | None = None) -> str:
    """A refusal in the page's language, else the API's own message."""
    pair = REFUSALS.get(code)
    if pair is None:
        return message
    try:
        return (pair[1] if lang == "en" else pair[0]).format(message=message, **(extra or {}))
    except (KeyError, IndexError):
        return message
