"""Photo blobs: HEAD, chunked resumable upload, hash check before visibility, download."""

from __future__ import annotations

import hashlib
import os
import socket
import time

from inspector_app.domain.ids import new_id
from inspector_app.sync.protocol import CHUNK_SIZE, ErrorBody, UploadState

from .conftest import enrol

CHUNK = 64 * 1024  # clients may use chunks smaller than the 4 MiB limit


def start(client, data: bytes, sha: str | None = None) -> UploadState:
    body = {"sha256": sha or hashlib.sha256(data).hexdigest(), "size": len(data)}
    response = client.post("/api/v1/uploads", json=body)
    assert response.status_code == 200, response.text
    return UploadState.model_validate(response.json())


def put(client, state: UploadState, data: bytes, offset: int):
    return client.put(
        f"/api/v1/uploads/{state.upload_id}",
        params={"offset": offset},
        content=data[offset : offset + CHUNK],
        headers={"Content-Type": "application/octet-stream"},
    )


def cut_mid_chunk(live, device, upload_id: str, offset: int, chunk: bytes) -> None:
    """Send the headers and half of a chunk's body, then drop the connection."""
    request = (
        f"PUT /api/v1/uploads/{upload_id}?offset={offset} HTTP/1.1\r\n"
        f"Host: 127.0.0.1:{live.port}\r\nContent-Type: application/octet-stream\r\n"
        f"Content-Length: {len(chunk)}\r\n"
        + "".join(f"{k}: {v}\r\n" for k, v in device.headers.items())
        + "\r\n"
    ).encode()
    with socket.create_connection(("127.0.0.1", live.port)) as sock:
        sock.sendall(request + chunk[: len(chunk) // 2])
    time.sleep(0.2)  # let the server notice the disconnect


def test_upload_cut_halfway_resumes_and_resends_at_most_one_chunk(ctx, live):
    device = enrol(ctx, "inspector", "inspector", ["A"])
    data = os.urandom(8 * CHUNK)
    sha = hashlib.sha256(data).hexdigest()
    with live.client(device) as client:
        assert client.head(f"/api/v1/blobs/{sha}").status_code == 404
        state = start(client, data)
        for offset in range(0, 4 * CHUNK, CHUNK):
            assert put(client, state, data, offset).status_code == 200
        assert client.head(f"/api/v1/blobs/{sha}").status_code == 404  # not visible yet
        cut_mid_chunk(live, device, state.upload_id, 4 * CHUNK, data[4 * CHUNK : 5 * CHUNK])
    with live.client(device) as client:  # the laptop comes back: ask where to resume
        resumed = start(client, data)
        assert (resumed.upload_id, resumed.offset) == (state.upload_id, 4 * CHUNK)
        for offset in range(resumed.offset, len(data), CHUNK):
            response = put(client, resumed, data, offset)
            assert response.status_code == 200, response.text
        final = UploadState.model_validate(response.json())
        assert final.complete and final.offset == len(data)
        # Downloads follow the records: no record of this user's teams names the blob yet,
        # and HEAD answers as GET does.
        assert client.head(f"/api/v1/blobs/{sha}").status_code == 404
        assert client.get(f"/api/v1/blobs/{sha}").status_code == 404
        created = device.new_inspection()
        iid, photo = created[0]["inspection_id"], new_id()
        photo_entries = [
            device.entry(iid, "inspection_id", iid, kind="photo", record_id=photo),
            device.entry(iid, "sha256", sha, kind="photo", record_id=photo),
        ]
        pushed = client.post("/api/v1/push", json=device.push_body(created + photo_entries))
        assert all(r["status"] == "applied" for r in pushed.json()["results"])
        assert client.get(f"/api/v1/blobs/{sha}").content == data
        head = client.head(f"/api/v1/blobs/{sha}")
        assert head.status_code == 200 and head.headers["content-length"] == str(len(data))
        assert client.get(f"/api/v1/uploads/{state.upload_id}").json()["complete"] is True
    received = ctx.counters.upload_bytes_received
    assert len(data) <= received <= len(data) + CHUNK
    assert ctx.blob_path(sha).read_bytes() == data


def test_wrong_hash_is_refused_and_never_visible(ctx, live):
    device = enrol(ctx, "inspector", "inspector", ["A"])
    data = os.urandom(2 * CHUNK)
    claimed = hashlib.sha256(b"something else").hexdigest()
    with live.client(device) as client:
        state = start(client, data, sha=claimed)
        assert put(client, state, data, 0).status_code == 200
        last = put(client, state, data, CHUNK)
        assert last.status_code == 422
        assert ErrorBody.model_validate(last.json()).code == "hash_mismatch"
        assert client.head(f"/api/v1/blobs/{claimed}").status_code == 404
        assert client.get(f"/api/v1/blobs/{claimed}").status_code in (403, 404)
    assert not ctx.blob_path(claimed).exists()
    assert not any(ctx.uploads_dir.iterdir())


def test_wrong_offset_gets_409_with_the_current_state(ctx, live):
    device = enrol(ctx, "inspector", "inspector", ["A"])
    data = os.urandom(3 * CHUNK)
    with live.client(device) as client:
        state = start(client, data)
        assert put(client, state, data, 0).status_code == 200
        again = put(client, state, data, 0)  # a replay of a chunk the server already has
        assert again.status_code == 409
        body = ErrorBody.model_validate(again.json())
        assert body.code == "wrong_offset" and body.upload is not None
        assert body.upload.offset == CHUNK and not body.upload.complete


def test_oversized_chunk_gets_413(ctx, live):
    device = enrol(ctx, "inspector", "inspector", ["A"])
    data = os.urandom(CHUNK_SIZE + 1)
    with live.client(device) as client:
        state = start(client, data)
        response = client.put(
            f"/api/v1/uploads/{state.upload_id}", params={"offset": 0}, content=data
        )
        assert response.status_code == 413
        assert ErrorBody.model_validate(response.json()).code == "too_large"
        assert client.get(f"/api/v1/uploads/{state.upload_id}").json()["offset"] == 0


def test_a_blob_the_server_has_needs_no_upload(ctx, live):
    a = enrol(ctx, "a", "inspector", ["A"])
    b = enrol(ctx, "b", "inspector", ["A"])
    data = os.urandom(1000)
    with live.client(a) as ca, live.client(b) as cb:
        state = start(ca, data)
        ca.put(f"/api/v1/uploads/{state.upload_id}", params={"offset": 0}, content=data)
        again = start(cb, data)
        assert again.complete and again.offset == len(data)
