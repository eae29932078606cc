"""The console's words for requests (issue 14): key → (Chinese, English); merged into
i18n.CATALOGUE."""

from __future__ import annotations

TEXTS: dict[str, tuple[str, str]] = {
    "nav_requests": ("服务申请", "Requests"),
    "rq_title": ("服务申请与办结时限", "Service requests and deadlines"),
    "rq_new": ("登记申请", "Record a request"),
    "rq_catalogue": ("服务事项目录", "Service catalogue"),
    "rq_company": ("企业", "Company"),
    "rq_item": ("服务事项", "Service item"),
    "rq_products": ("产品", "Products"),
    "rq_requested": ("申请日期", "Requested dates"),
    "rq_requested_start": ("申请开始日期", "Requested from"),
    "rq_requested_end": ("申请结束日期", "Requested to"),
    "rq_received": ("收件日期", "Received"),
    "rq_accepted": ("受理日期", "Accepted"),
    "rq_limit": ("办结时限（工作日）", "Limit (working days)"),
    "rq_due": ("办结期限", "Due"),
    "rq_left": ("剩余工作日", "Working days left"),
    "rq_used": ("已用工作日", "Working days used"),
    "rq_state": ("状态", "State"),
    "rq_note": ("备注", "Note"),
    "rq_inspections": ("检查", "Inspections"),
    "rq_received_from": ("收件自", "Received from"),
    "rq_received_to": ("收件至", "Received to"),
    "rq_none": ("没有符合条件的申请。", "No request matches."),
    "rq_found": ("共 {n} 项申请", "{n} requests"),
    "rq_today": ("今天 {day}", "today {day}"),
    "rq_overdue_by": ("超期 {n} 个工作日", "{n} working days late"),
    "rq_left_n": ("剩 {n} 个工作日", "{n} working days left"),
    "rq_due_today": ("今天到期", "due today"),
    "rq_issued": ("报告签发日期", "Report issued"),
    "rq_issued_on": ("报告签发 {day}", "report issued {day}"),
    "rq_state_received": ("待受理", "awaiting acceptance"),
    "rq_state_running": ("办理中", "running"),
    "rq_state_due_soon": ("即将到期", "due soon"),
    "rq_state_overdue": ("已超期", "overdue"),
    "rq_state_stopped": ("计时暂停", "clock stopped"),
    "rq_state_on_time": ("按时办结", "done on time"),
    "rq_state_late": ("超期办结", "done late"),
    "rq_state_unknown": ("无法计算", "cannot be computed"),
    "rq_calendar_problem": (
        "有 {n} 项申请的办结期限无法计算：工作日历只收录到 {last} 年的节假日安排。"
        "请把国务院办公厅公布的新一年安排加入 {file}（格式见该文件注释）。",
        "The deadline of {n} requests cannot be computed: the working-day calendar knows "
        "holiday arrangements up to {last}. Add the new year's arrangement published by the "
        "State Council to {file} (its comments show the format).",
    ),
    "rq_calendar_broken": (
        "节假日覆盖文件有误，办结期限暂不计算：{detail}",
        "The holiday override file is wrong; deadlines are not computed: {detail}",
    ),
    "rq_save": ("保存", "Save"),
    "rq_saved": ("已保存。", "Saved."),
    "rq_detail": ("申请详情", "Request"),
    "rq_deadline": ("办结时限", "Deadline"),
    "rq_actions": ("操作", "Actions"),
    "rq_accept": ("受理", "Accept"),
    "rq_accept_on": ("受理日期", "Accepted on"),
    "rq_stop": ("暂停计时（待企业补正材料）", "Stop the clock (the company owes material)"),
    "rq_stop_on": ("暂停日期", "Stopped on"),
    "rq_stop_reason": ("原因", "Reason"),
    "rq_resume": ("恢复计时（材料已收到）", "Resume the clock (material received)"),
    "rq_resume_on": ("收到材料日期", "Material received on"),
    "rq_link": ("关联检查", "Link an inspection"),
    "rq_link_none": (
        "服务器上没有该企业尚未关联的检查（检查组同步后出现在这里）。",
        "No unlinked inspection of this company on the server (they appear once a team syncs).",
    ),
    "rq_unlink": ("取消关联", "Unlink"),
    "rq_stops": ("计时暂停记录", "Clock stops"),
    "rq_stopped_by": ("暂停人", "Stopped by"),
    "rq_resumed_on": ("恢复日期", "Resumed on"),
    "rq_resumed_by": ("恢复人", "Resumed by"),
    "rq_open": ("未恢复", "open"),
    "rq_history": ("办理记录", "History"),
    "rq_who": ("经办人", "By"),
    "rq_when": ("时间", "When"),
    "rq_what": ("事项", "What"),
    "rq_ev_received": ("登记收件（{received_on}）", "Recorded as received ({received_on})"),
    "rq_ev_accepted": (
        "受理（{accepted_on}），办结时限 {limit_days} 个工作日",
        "Accepted ({accepted_on}), limit {limit_days} working days",
    ),
    "rq_ev_clock_stopped": ("暂停计时（{on}）：{reason}", "Clock stopped ({on}): {reason}"),
    "rq_ev_clock_resumed": ("恢复计时（{on}）", "Clock resumed ({on})"),
    "rq_ev_linked": ("关联检查 {inspection}", "Linked inspection {inspection}"),
    "rq_ev_unlinked": ("取消关联检查 {inspection}", "Unlinked inspection {inspection}"),
    "rq_missing": ("（服务器上已无此检查）", "(no longer on this server)"),
    "rq_rule": (
        "办结时限自受理次日起按工作日计算（周末、法定节假日不计，调休上班日计入），"
        "暂停计时期间不计；所关联检查的报告全部签发之日为办结日。",
        "The limit counts working days from the day after acceptance (weekends and public "
        "holidays left out, make-up working days counted), not while the clock is stopped; "
        "the request is done on the day the last of its inspections' reports is issued.",
    ),
    # the catalogue
    "ci_code": ("编码", "Code"),
    "ci_name": ("名称", "Name"),
    "ci_pre": ("预检查", "Pre-inspection"),
    "ci_position": ("排序", "Order"),
    "ci_template": ("报告模板", "Report template"),
    "ci_retired": ("停用", "Retired"),
    "ci_version": ("版本", "Version"),
    "ci_changed": ("修改", "Changed"),
    "ci_reason": ("修改理由", "Reason"),
    "ci_add": ("新增服务事项", "Add a service item"),
    "ci_edit": ("修改（生成新版本）", "Change (makes a new version)"),
    "ci_history": ("历史版本", "Versions"),
    "ci_yes": ("是", "yes"),
    "ci_no": ("否", "no"),
    "ci_note": (
        "修改会生成新版本；已受理的申请保留受理时的办结时限。",
        "A change makes a new version; accepted requests keep the limit in force at acceptance.",
    ),
    # refusals (server/service.py RequestRefused keys)
    "rq_r_item_unknown": ("没有编码为 {code} 的服务事项。", "No service item {code}."),
    "rq_r_item_exists": ("服务事项 {code} 已存在。", "Service item {code} already exists."),
    "rq_r_item_name_taken": (
        "名称“{name}”已被服务事项 {code} 使用。",
        "The name {name} belongs to service item {code}.",
    ),
    "rq_r_item_retired": ("服务事项“{name}”已停用，不再接收申请。", "{name} is retired."),
    "rq_r_limit_out_of_range": (
        "办结时限 {n} 个工作日超出范围（1–{max}）。",
        "A limit of {n} working days is outside 1–{max}.",
    ),
    "rq_r_bad_template": ("未知的报告模板。", "Unknown report template."),
    "rq_r_request_unknown": ("没有这项申请。", "No such request."),
    "rq_r_dates_reversed": (
        "申请结束日期 {end} 早于开始日期 {start}。",
        "Requested end {end} is before the start {start}.",
    ),
    "rq_r_already_accepted": (
        "{company} 的申请已于 {on} 受理。",
        "{company}'s request was accepted on {on}.",
    ),
    "rq_r_accept_before_received": (
        "受理日期 {on} 早于收件日期 {received}。",
        "Acceptance {on} is before receipt {received}.",
    ),
    "rq_r_not_accepted": (
        "{company} 的申请尚未受理，还不能计时或关联检查。",
        "{company}'s request is not accepted yet: no clock, no inspection.",
    ),
    "rq_r_request_done": (
        "{company} 的申请报告已签发，不再计时。",
        "{company}'s report is issued: the clock no longer runs.",
    ),
    "rq_r_already_stopped": (
        "{company} 的申请已于 {on} 暂停计时，尚未恢复。",
        "{company}'s clock stopped on {on} and was not resumed.",
    ),
    "rq_r_stop_too_early": (
        "暂停日期 {on} 早于 {since}（受理或上次恢复日期）。",
        "A stop on {on} is before {since} (acceptance or the last resumption).",
    ),
    "rq_r_not_stopped": ("{company} 的申请未在暂停计时。", "{company}'s clock is not stopped."),
    "rq_r_resume_too_early": (
        "恢复日期 {on} 早于暂停日期 {since}。",
        "Resuming on {on} is before the stop on {since}.",
    ),
    "rq_r_inspection_unknown": (
        "服务器上没有检查 {id}（是否已同步？）。",
        "No inspection {id} on this server (synced yet?).",
    ),
    "rq_r_company_differs": (
        "该检查的企业是“{inspection}”，申请的企业是“{request}”。",
        "The inspection is of {inspection}, the request of {request}.",
    ),
    "rq_r_inspection_taken": (
        "检查 {id} 已关联到另一项申请。",
        "Inspection {id} already belongs to another request.",
    ),
    "rq_r_not_linked": ("检查 {id} 未关联到这项申请。", "Inspection {id} is not linked here."),
    # creating the inspection from the request (D32)
    "rq_create": ("由本申请创建检查", "Create the inspection from this request"),
    "rq_create_note": (
        "检查写入所选检查组，该组的笔记本下次同步即可收到并开始检查；专家从专家库选择，"
        "中心人员可直接填写姓名；须指定一名组长。",
        "The inspection goes to the chosen team, whose laptops receive it at their next sync "
        "and can start it; pick experts from the pool or type center staff by name; name one "
        "lead.",
    ),
    "rq_create_button": ("创建检查", "Create the inspection"),
    "rq_team": ("检查组", "Team"),
    "rq_inspection_type": ("检查类型", "Inspection type"),
    "rq_checklist": ("检查表", "Checklist"),
    "rq_scope_tags": ("适用范围标签", "Scope tags"),
    "rq_document_no": ("文号", "Document number"),
    "rq_site_address": ("检查地址", "Site address"),
    "rq_planned_start": ("计划开始日期", "Planned start"),
    "rq_planned_end": ("计划结束日期", "Planned end"),
    "rq_member_expert": ("专家库", "From the pool"),
    "rq_member_name": ("或填写姓名（中心人员）", "Or a name (center staff)"),
    "rq_member_role": ("职责", "Role"),
    "rq_member_conflict": ("利益冲突", "conflict of interest"),
    "rq_ev_created_inspection": (
        "创建检查 {inspection}（{team}，{checklist}）",
        "Created inspection {inspection} ({team}, {checklist})",
    ),
    "rq_r_reviewer_only": (
        "只有审核人可以创建检查（{user} 不是审核人）。",
        "Only reviewers create inspections ({user} is not a reviewer).",
    ),
    "rq_r_team_unknown": ("服务器上没有检查组“{team}”。", "No team {team} on this server."),
    "rq_r_checklist_unknown": (
        "服务器上没有检查表 {id}（请先发布：inspector-server checklist add）。",
        "The server holds no checklist {id} (publish it: inspector-server checklist add).",
    ),
    "rq_r_type_unknown": ("未知的检查类型 {type}。", "Unknown inspection type {type}."),
    "rq_r_checklist_type": (
        "检查表 {id} 不适用于该检查类型（{type}）。",
        "Checklist {id} does not serve a {type} inspection.",
    ),
    "rq_r_scope_tag_unknown": (
        "“{tag}”不是检查表 {id} 的适用范围标签（可选：{known}）。",
        "{tag} is not a scope tag of checklist {id} (known: {known}).",
    ),
    "rq_r_planned_reversed": (
        "计划结束日期 {end} 早于开始日期 {start}。",
        "Planned end {end} is before the start {start}.",
    ),
    "rq_r_member_role": ("第 {n} 名组员的职责无效。", "Team member {n}: unknown role."),
    "rq_r_member_empty": (
        "第 {n} 名组员既未从专家库选择，也未填写姓名。",
        "Team member {n} has neither an expert from the pool nor a name.",
    ),
    "rq_r_expert_not_in_pool": (
        "第 {n} 名组员不在检查组“{team}”可用的专家库中（已撤回、不可用或限其他组）。",
        "Team member {n} is not in team {team}'s pool (withdrawn, unavailable or for other teams).",
    ),
    "rq_r_expert_conflict": (
        "第 {n} 名组员不能参加：{reason}",
        "Team member {n} refused: {reason}",
    ),
    "rq_r_lead_count": (
        "检查组须有且仅有一名组长（现为 {n} 名）。",
        "The team needs exactly one lead ({n} named).",
    ),
    "rq_r_products_too_many": (
        "申请的产品拆分后为 {n} 项，超过 {max} 项或单项过长；请在申请中精简。",
        "The request's products make {n} entries (at most {max}, each short); shorten them.",
    ),
    "rq_r_field_refused": ("{where}：{field}：{msg}", "{where}: {field}: {msg}"),
}
