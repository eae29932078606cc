import pytest

from inspector_app.checklist.citation import chinese_number, format_ref
from inspector_app.checklist.schema import ClauseRef


@pytest.mark.parametrize(
    ("n", "text"),
    [
        (1, "一"),
        (10, "十"),
        (15, "十五"),
        (20, "二十"),
        (48, "四十八"),
        (100, "一百"),
        (102, "一百零二"),
        (110, "一百一十"),
        (217, "二百一十七"),
        (313, "三百一十三"),
        (1001, "一千零一"),
    ],
)
def test_chinese_numbers(n, text):
    assert chinese_number(n) == text


def test_format_ref():
    assert format_ref(ClauseRef(article=48)) == "第四十八条"
    assert format_ref(ClauseRef(article=13, annex="无菌药品")) == "附录《无菌药品》第十三条"
    assert format_ref(ClauseRef(article=5, paragraph=2)) == "第五条第二款"


# --- display_code: the clause as the regulation names it --------------------------------------


def _item(code: str, *refs):
    from inspector_app.checklist.schema import Item

    return Item(id="x-1", code=code, refs=list(refs), requirement="要求")


@pytest.mark.parametrize(
    ("code", "refs", "shown"),
    [
        ("第二十条", [20], "第二十条"),
        # An internal sub-item number never shows: an inspector would read 第（二）项.
        ("第二十条（2）", [20], "第二十条"),
        ("第一百七十五条（5）", [175], "第一百七十五条"),
        # The item checks one paragraph: the regulation's own name for it.
        ("第二十条（2）", [{"article": 20, "paragraph": 2}], "第二十条第二款"),
        ("第五条", [{"article": 5, "paragraph": 3}], "第五条第三款"),
        # Codes that are not article codes show as written.
        ("*2.3.1", [{"article": 2}], "*2.3.1"),
        ("4.2.3", [4], "4.2.3"),
        # A paragraph of another document or an annex is not this code's paragraph.
        ("第十三条", [{"article": 13, "paragraph": 2, "annex": "无菌药品"}], "第十三条"),
    ],
)
def test_display_code(code, refs, shown):
    from inspector_app.checklist.citation import display_code

    assert display_code(_item(code, *refs)) == shown


def test_no_shipped_item_shows_a_sub_item_number():
    from inspector_app.checklist.citation import display_code
    from inspector_app.checklist.library import ChecklistLibrary, bundled_checklists_dir
    from inspector_app.checklist.profiles import bundled_profiles

    library = ChecklistLibrary.load([bundled_checklists_dir()], rule_profiles=bundled_profiles())
    split = 0
    for checklist in library.all():
        for _, item in checklist.walk_items():
            shown = display_code(item)
            assert "（" not in shown, (checklist.key, item.id, shown)
            split += shown != item.code
    assert split >= 20  # the drug GMP splits at least twenty articles into several items


def test_display_code_of_an_annex_sub_item():
    from inspector_app.checklist.citation import display_code

    item = _item("附录1第九条（2）", {"article": 9, "annex": "无菌药品"})
    assert display_code(item) == "附录1第九条"
