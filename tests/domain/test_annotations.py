"""The annotation layer's data: normalised shapes, validated, size-limited, JSON round trip."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from inspector_app.domain.annotations import (
    MAX_SHAPES,
    MAX_TEXT_CHARS,
    Arrow,
    Ellipse,
    Text,
    dump_annotations,
    parse_annotations,
)
from inspector_app.domain.model import Photo

SHA = "ab" * 32


def photo(**changes) -> Photo:
    return Photo(id="p1", inspection_id="i1", sha256=SHA, **changes)


def test_shapes_round_trip_through_their_json_form():
    shapes = parse_annotations(
        [
            {"type": "arrow", "x1": 0.1, "y1": 0.2, "x2": 0.5, "y2": 0.6},
            {"type": "ellipse", "x": 0.3, "y": 0.3, "w": 0.2, "h": 0.1},
            {"type": "rect", "x": 0.0, "y": 0.0, "w": 1.0, "h": 1.0},
            {"type": "text", "x": 0.05, "y": 0.9, "text": " 压差表读数 3Pa "},
        ]
    )
    assert [type(s).__name__ for s in shapes] == ["Arrow", "Ellipse", "Rect", "Text"]
    assert shapes[3].text == "压差表读数 3Pa"  # stripped
    data = dump_annotations(shapes)
    assert data[0] == {
        "type": "arrow",
        "x1": 0.1,
        "y1": 0.2,
        "x2": 0.5,
        "y2": 0.6,
        "color": "#e00000",
    }
    assert parse_annotations(data) == shapes
    # The photo record carries the same JSON form (D6).
    assert photo(annotations=data).model_dump(mode="json")["annotations"] == data


def test_a_photo_without_annotations_has_an_empty_layer():
    assert photo().annotations == []
    assert photo().model_dump(mode="json")["annotations"] == []


@pytest.mark.parametrize(
    "bad",
    [
        {"type": "arrow", "x1": -0.1, "y1": 0.2, "x2": 0.5, "y2": 0.6},  # outside the photo
        {"type": "arrow", "x1": 0.5, "y1": 0.5, "x2": 0.5, "y2": 0.5},  # no length
        {"type": "arrow", "x1": float("nan"), "y1": 0.2, "x2": 0.5, "y2": 0.6},
        {"type": "ellipse", "x": 0.9, "y": 0.3, "w": 0.2, "h": 0.1},  # reaches past the edge
        {"type": "ellipse", "x": 0.3, "y": 0.3, "w": 0.0, "h": 0.1},  # empty
        {"type": "text", "x": 0.1, "y": 0.1, "text": "   "},
        {"type": "text", "x": 0.1, "y": 0.1, "text": "字" * (MAX_TEXT_CHARS + 1)},
        {"type": "text", "x": 0.1, "y": 0.1, "text": "x", "size": 0.9},
        {"type": "arrow", "x1": 0.1, "y1": 0.2, "x2": 0.5, "y2": 0.6, "color": "red"},
        {"type": "polygon", "points": []},  # unknown shape
        {"type": "arrow", "x1": 0.1, "y1": 0.2, "x2": 0.5, "y2": 0.6, "script": "x"},
    ],
)
def test_invalid_shapes_are_refused(bad):
    with pytest.raises(ValidationError):
        parse_annotations([bad])
    with pytest.raises(ValidationError):
        photo(annotations=[bad])


def test_the_layer_is_limited_in_size():
    arrow = Arrow(x1=0.1, y1=0.1, x2=0.2, y2=0.2)
    assert len(parse_annotations([arrow] * MAX_SHAPES)) == MAX_SHAPES
    with pytest.raises(ValidationError, match="at most 200"):
        photo(annotations=[arrow] * (MAX_SHAPES + 1))


def test_text_at_the_limit_is_kept_whole():
    text = Text(x=0.0, y=0.0, text="字" * MAX_TEXT_CHARS)
    assert len(text.text) == MAX_TEXT_CHARS
    assert Ellipse(x=0.0, y=0.0, w=1.0, h=1.0).type == "ellipse"
