"""The console's words for statistics (issue 14): key → (Chinese, English); merged into
i18n.CATALOGUE."""

from __future__ import annotations

TEXTS: dict[str, tuple[str, str]] = {
    "nav_statistics": ("统计", "Statistics"),
    "st_title": ("统计", "Statistics"),
    "st_annual": ("年度汇总", "Annual summary"),
    "st_period": ("统计期间", "Period"),
    "st_year": ("年度", "Year"),
    "st_show": ("统计", "Show"),
    "st_all_time": ("全部", "All time"),
    "st_period_all": ("全部期间", "all time"),
    "st_period_from_to": ("{start} 至 {end}", "{start} to {end}"),
    "st_bad_period": (
        "统计期间无效：开始日期晚于结束日期。",
        "The period is invalid: its start is after its end.",
    ),
    "st_bad_year": ("年度应为 2000–2100 之间的整数。", "The year is a whole number 2000–2100."),
    "st_date_rule": (
        "按检查日期（实际开始日期，未填写时为计划开始日期）计入期间；统计对象为已同步到服务器且未删除的检查和缺陷，缺陷等级以审核调整后的等级为准。",
        "Inspections count in the period by their date (actual start, else planned start); "
        "only inspections and defects synced to the server and not deleted count; a defect's "
        "grade is the reviewer's adjusted grade when there is one.",
    ),
    "st_inspections": ("检查次数", "Inspections"),
    "st_companies": ("企业数", "Companies"),
    "st_defects": ("缺陷条数", "Defects"),
    "st_per_inspection": ("每次检查缺陷数", "Defects per inspection"),
    "st_issued": ("已出具报告", "Reports issued"),
    "st_by_company": ("按企业", "By company"),
    "st_by_type": ("按检查类型", "By inspection type"),
    "st_by_status": ("按状态", "By status"),
    "st_by_grade": ("缺陷按等级", "Defects by grade"),
    "st_by_chapter": ("缺陷按章节", "Defects by chapter"),
    "st_top_clauses": ("引用最多的条款", "Most cited clauses"),
    "st_per_band": ("每次检查的缺陷数分布", "Defects per inspection (distribution)"),
    "st_conclusions": ("结论", "Conclusions"),
    "st_by_month": ("按月", "By month"),
    "st_company": ("企业", "Company"),
    "st_type": ("检查类型", "Inspection type"),
    "st_status": ("状态", "Status"),
    "st_grade": ("等级", "Grade"),
    "st_chapter": ("章节", "Chapter"),
    "st_clause": ("条款", "Clause"),
    "st_times_cited": ("引用次数", "Times cited"),
    "st_band": ("缺陷数", "Defects"),
    "st_conclusion": ("结论", "Conclusion"),
    "st_month": ("月份", "Month"),
    "st_count": ("次数", "Count"),
    "st_share": ("占比", "Share"),
    "st_no_chapter": ("（未关联检查项目）", "(not tied to a checklist item)"),
    "st_unknown_conclusion": (
        "（无法判定：检查表未发布或记录未完整到达）",
        "(cannot be judged: checklist not published or records incomplete)",
    ),
    "st_none": ("本期间没有检查。", "No inspections in this period."),
    "st_export": ("导出", "Export"),
    "st_export_defects": ("缺陷清单", "Defect log"),
    "st_chart_fallback": (
        "图表需要浏览器启用脚本；数据见右侧表格。",
        "Charts need scripts; the table has the data.",
    ),
    "st_by_item": ("按服务事项（委托）", "Requests by service item"),
    "st_item": ("服务事项", "Service item"),
    "st_requests": ("委托数", "Requests"),
    "st_accepted": ("已受理", "Accepted"),
    "st_done": ("已办结", "Done"),
    "st_on_time": ("按时办结", "On time"),
    "st_late": ("超时办结", "Late"),
    "st_overdue": ("在办超期", "Open, overdue"),
    "st_share_on_time": ("按时办结率", "Share on time"),
    "st_mean_workdays": (
        "受理至出具报告平均用时（工作日）",
        "Acceptance to issue, mean (working days)",
    ),
    "st_mean_days": ("平均用时（自然日）", "Mean (calendar days)"),
    "st_total": ("合计", "Total"),
    "st_requests_rule": (
        "委托按收到日期计入期间；办结指所关联检查的报告均已出具，用时从受理次日起按工作日计，扣除中止计时期间。",
        "Requests count in the period by their received date; done means every linked "
        "inspection's report is issued; time counts working days from the day after "
        "acceptance, clock stops left out.",
    ),
    "st_no_requests": ("本期间没有委托。", "No requests in this period."),
    "st_sentence": (
        "{year}年，中心为{companies}家企业提供{services}次技术服务，其中预检查{pre}次，发现缺陷{defects}条（严重缺陷{critical}条、主要缺陷{major}条、一般缺陷{general}条），平均每次检查{per}条。",
        "In {year} the center served {companies} companies with {services} technical services, "
        "{pre} of them pre-inspections, finding {defects} defects ({critical} critical, "
        "{major} major, {general} general), {per} per inspection.",
    ),
    "st_sentence_issued": (
        "已出具检查报告{issued}份。",
        "{issued} inspection reports were issued.",
    ),
    "st_services_note": (
        "技术服务次数＝期间内的预检查次数（已同步的检查）＋期间内收到的非预检查类服务委托数；企业数合计检查和委托的企业。",
        "Technical services = the period's pre-inspections (synced inspections) + the "
        "requests received in it for items that are not pre-inspections; companies count "
        "both.",
    ),
    # The companies' ratings of the service (issue 15)
    "st_satisfaction": ("满意度评价", "Satisfaction ratings"),
    "st_ratings": ("评价次数", "Ratings"),
    "st_mean_rating": ("平均分", "Mean"),
    "st_stars": ("星级", "Stars"),
    "st_star_n": ("{n}星", "{n} stars"),
    "st_no_ratings": ("期间内没有满意度评价。", "No rating in the period."),
    "st_satisfaction_rule": (
        "按企业评价的日期（中国时间）计入期间；每次检查评价一次，1–5星。",
        "Counted by the day the company rated (China time); one rating per inspection, 1–5 stars.",
    ),
    "st_sentence_satisfaction": (
        "满意度评价{n}次，平均{mean}分。",
        "{n} satisfaction ratings, {mean} stars on average.",
    ),
}
