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
