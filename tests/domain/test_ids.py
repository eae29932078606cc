import uuid

from inspector_app.domain.ids import item_result_id, new_id


def test_new_ids_are_uuid7_and_time_ordered():
    ids = [new_id() for _ in range(200)]
    assert all(uuid.UUID(i).version == 7 for i in ids)
    assert ids == sorted(ids)
    assert len(set(ids)) == 200


def test_item_result_id_is_the_same_on_every_laptop():
    assert item_result_id("insp", "dgmp-048") == item_result_id("insp", "dgmp-048")
    assert item_result_id("insp", "dgmp-048") != item_result_id("insp", "dgmp-049")
    assert item_result_id("a", "x") != item_result_id("b", "x")
