"""The laptop's side of sync (docs/sync-protocol.md): push, photos up, keys, pull, photos down.

    with SyncClient(store, blobs, "https://sync.example", token, signing_key=key) as client:
        report = client.sync(progress)

The client is transport: it gets the store, the blob store, the server and this device's
signing key, never the App; merging is `store.merge.apply_changes`. A received checklist file
goes to `on_checklist` (operations/sync.py keeps it and reloads the library on its side).
Own entries are signed as they leave (store.keys.unsigned_own -> SigningKey.sign); entries
other devices wrote go with the signature they came with.

Every step is safe to interrupt and repeat: push is idempotent by change id and marks only
what the server answered applied/duplicate; each pull page is applied together with its
cursor in one transaction; a photo upload keeps (upload id, offset) in `meta` after every
chunk, so a cut connection or a crashed laptop resumes where the server stands and re-sends
at most one chunk. Connection errors, timeouts and 5xx answers are retried with exponential
backoff (stamina), a bounded number of times.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import httpx
import stamina

from inspector_app import __version__
from inspector_app.domain.merge import Change
from inspector_app.store import keys as store_keys
from inspector_app.store.blobs import BlobStore, PhotoRefused
from inspector_app.store.db import HEAD_REVISION
from inspector_app.store.merge import (
    CURSOR_KEY,
    apply_changes,
    get_meta,
    mark_acked,
    outbox_batch,
    outbox_size,
    set_meta,
)
from inspector_app.store.store import Store
from inspector_app.sync.protocol import (
    CHUNK_SIZE,
    HEADER_PROTOCOL,
    HEADER_SCHEMA,
    MAX_PULL_PAGE,
    MAX_PUSH_BATCH,
    PROTOCOL_VERSION,
    ChangeEntry,
    ChangeStatus,
    ChecklistFile,
    EnrollRequest,
    EnrollResponse,
    ErrorBody,
    KeysResponse,
    PullResponse,
    PushRequest,
    PushResponse,
    UploadStart,
    UploadState,
)
from inspector_app.sync.rectification import RectificationResponse
from inspector_app.sync.signing import SigningKey
from inspector_app.sync.state import LAST_SYNC_KEY as LAST_SYNC_KEY
from inspector_app.sync.state import SERVER_KEY as SERVER_KEY
from inspector_app.sync.state import UPLOADED_PREFIX, referenced_blobs
from inspector_app.sync.state import NotEnrolled as NotEnrolled
from inspector_app.sync.state import SyncError as SyncError
from inspector_app.sync.state import UpgradeRequired as UpgradeRequired
from inspector_app.sync.state import missing_blobs as missing_blobs
from inspector_app.sync.state import pending_uploads as pending_uploads

ProgressFn = Callable[[int, int, str], None]
# Keeps a received checklist file; returns a problem line, or None when kept (or known).
ChecklistSink = Callable[[ChecklistFile], str | None]

API_PREFIX = "/api/v1"
RECTIFICATION_PREFIX = "rectification:"  # meta key per inspection: its company's answers
UPLOAD_STATE_PREFIX = "upload:"  # meta key per unfinished upload: {"upload_id", "offset"}
_JSON = {"Content-Type": "application/json"}
MAX_PULL_PAGES = 100_000  # a bound on the pull loop, far beyond any real inspection


DEVICE_REVOKED = "device_revoked"  # the server's 401 code for a revoked device (D38)


class DeviceRevoked(NotEnrolled):
    """The center revoked this laptop (401 `device_revoked`): its token and keys are wiped
    (operations/sync.py, D38). The message is the server's, naming when."""


class _Retryable(Exception):
    """A 5xx answer: worth another try."""


@dataclass(frozen=True)
class RejectedChange:
    change_id: str
    kind: str
    record_id: str
    field: str
    reason: str

    def line(self) -> str:
        return f"{self.kind} {self.record_id} {self.field}: {self.reason}"


@dataclass
class SyncReport:
    applied: int = 0
    duplicate: int = 0
    rejected: list[RejectedChange] = field(default_factory=list)
    pulled: int = 0  # entries received that were new to this laptop
    conflicts_new: int = 0
    photos_up: int = 0
    photos_down: int = 0
    chunks_sent: int = 0
    checklists: list[str] = field(default_factory=list)  # "id vN" received
    keys: int | None = None  # device keys the server listed (None: it has no key list)
    experts: int | None = None  # expert pool entries received (None: the server has no pool)
    deadlines: int | None = None  # request deadlines received (None: the server has none)
    held_applied: int = 0  # bundle entries that waited for a key, verified and merged now
    held_waiting: int = 0  # bundle entries still waiting for their author's key
    problems: list[str] = field(default_factory=list)  # non-fatal: a blob, a checklist file
    photos_pending: int = 0  # records whose blob is on neither side yet
    finished_at: str = ""

    @property
    def ok(self) -> bool:
        return not self.rejected

    def summary(self) -> str:
        parts = [
            f"pushed {self.applied} new, {self.duplicate} already there",
            f"{len(self.rejected)} rejected",
            f"pulled {self.pulled}",
            f"{self.conflicts_new} new conflict(s)",
            f"photos {self.photos_up} up / {self.photos_down} down",
        ]
        if self.photos_pending:
            parts.append(f"{self.photos_pending} photo(s) pending")
        if self.held_applied:
            parts.append(f"{self.held_applied} held bundle change(s) applied")
        if self.held_waiting:
            parts.append(f"{self.held_waiting} change(s) still wait for a device key")
        return "; ".join(parts)


def _now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def _is_retryable(exc: Exception) -> bool:
    return isinstance(exc, httpx.TransportError | _Retryable)


class SyncClient:
    def __init__(
        self,
        store: Store,
        blobs: BlobStore,
        server_url: str,
        token: str | None,
        *,
        signing_key: SigningKey | None = None,
        on_checklist: ChecklistSink | None = None,
        on_revoked: Callable[[str], None] | None = None,
        transport: httpx.BaseTransport | None = None,
        timeout: float = 30.0,
        attempts: int = 5,
        retry_timeout: float = 60.0,
        chunk_size: int = CHUNK_SIZE,
        pull_limit: int = MAX_PULL_PAGE,
        push_batch: int = MAX_PUSH_BATCH,
    ) -> None:
        self.store = store
        self.blobs = blobs
        self.signing_key = signing_key
        self.on_checklist = on_checklist
        # Called with the server's message before DeviceRevoked is raised, whichever call
        # heard it (operations/sync.py wipes the token and keys there).
        self.on_revoked = on_revoked
        self.server_url = server_url.rstrip("/")
        self.token = token
        self.attempts = attempts
        self.retry_timeout = retry_timeout
        self.chunk_size = min(chunk_size, CHUNK_SIZE)
        self.pull_limit = min(pull_limit, MAX_PULL_PAGE)
        self.push_batch = min(push_batch, MAX_PUSH_BATCH)
        headers = {
            HEADER_PROTOCOL: str(PROTOCOL_VERSION),
            HEADER_SCHEMA: HEAD_REVISION,
            "User-Agent": f"inspector-app/{__version__}",
        }
        if token:
            headers["Authorization"] = f"Bearer {token}"
        self.http = httpx.Client(
            base_url=self.server_url,
            headers=headers,
            timeout=httpx.Timeout(timeout, connect=min(timeout, 10.0)),
            transport=transport,
        )

    def close(self) -> None:
        self.http.close()

    def __enter__(self) -> SyncClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ---- HTTP ----------------------------------------------------------------------------

    def _request(
        self,
        method: str,
        path: str,
        *,
        on_send: Callable[[], None] | None = None,
        answer_too_large: bool = False,
        **kw: Any,
    ) -> httpx.Response:
        """One request, retried on connection errors, timeouts and 5xx; errors → SyncError.

        `on_send` is called before every attempt (to count what really went on the wire).
        404 and 409 are returned to the caller; 413 too with `answer_too_large` (a push
        splits its batch), else it is an error like any other."""
        url = path if path.startswith("/healthz") else API_PREFIX + path
        try:
            for attempt in stamina.retry_context(
                on=_is_retryable,
                attempts=self.attempts,
                timeout=self.retry_timeout,
                wait_initial=0.2,
                wait_max=5.0,
            ):
                with attempt:
                    if on_send is not None:
                        on_send()
                    response = self.http.request(method, url, **kw)
                    if response.status_code >= 500:
                        raise _Retryable(f"{response.status_code}: {_message(response)}")
        except httpx.TimeoutException:
            raise SyncError(f"{self.server_url}: the server did not answer in time") from None
        except httpx.TransportError as exc:
            raise SyncError(f"{self.server_url}: cannot reach the server ({exc})") from None
        except _Retryable as exc:
            raise SyncError(f"{self.server_url}: server error {exc}") from None
        return self._check(response, answer_too_large)

    def _check(self, response: httpx.Response, answer_too_large: bool = False) -> httpx.Response:
        status = response.status_code
        if status == 426:
            raise UpgradeRequired(
                f"upgrade required: {_message(response)} (this app: protocol {PROTOCOL_VERSION})"
            )
        if status == 401:
            body = _error_body(response)
            if body is not None and body.code == DEVICE_REVOKED:
                if self.on_revoked is not None:
                    self.on_revoked(body.message)
                raise DeviceRevoked(f"{self.server_url}: {body.message}")
            raise NotEnrolled(f"not enrolled: {_message(response)}")
        if status == 413 and answer_too_large:
            return response
        if status >= 400 and status not in (404, 409):
            raise SyncError(f"{self.server_url}: {status} {_message(response)}")
        return response

    def health(self) -> bool:
        """Is the server reachable? One quick try, no retries (for the auto-sync probe)."""
        try:
            return self.http.get("/healthz", timeout=5.0).status_code == 200
        except httpx.HTTPError:
            return False

    # ---- enrolment -----------------------------------------------------------------------

    def enroll(self, code: str, public_key: str, device_name: str = "") -> EnrollResponse:
        """Trade a one-time code for a token, registering this device's public key."""
        body = EnrollRequest(
            code=code,
            device_id=self.store.device_id,
            device_name=device_name,
            public_key=public_key,
        )
        try:
            response = self._request("POST", "/enroll", json=body.model_dump())
        except NotEnrolled as exc:
            raise SyncError(
                f"enrolment refused: {str(exc).removeprefix('not enrolled: ')}"
            ) from None
        if response.status_code in (404, 409):
            raise SyncError(f"enrolment refused: {_message(response)}")
        return EnrollResponse.model_validate_json(response.content)

    # ---- the whole sync ------------------------------------------------------------------

    def sync(self, progress: ProgressFn | None = None) -> SyncReport:
        """Push, photos up, keys, pull, photos down; `progress` may raise to cancel between
        steps. (operations.sync.sync_now runs the same steps with held entries in between.)"""
        report = SyncReport()
        tick = progress or (lambda _done, _total, _text: None)
        self.push(report, tick)
        self.upload_blobs(report, tick)
        self.pull_keys(report, tick)
        self.pull_expert_pool(report, tick)
        self.pull_deadlines(report, tick)
        self.pull(report, tick)
        self.download_blobs(report, tick)
        self.finish(report)
        return report

    def finish(self, report: SyncReport) -> None:
        report.finished_at = _now_iso()
        set_meta(self.store, LAST_SYNC_KEY, report.finished_at)
        set_meta(self.store, SERVER_KEY, self.server_url)

    # ---- push ----------------------------------------------------------------------------

    def sign_own(self) -> int:
        """Sign this device's entries that carry no signature yet; returns how many."""
        if self.signing_key is None:
            return 0
        key = self.signing_key
        signatures = {c.change_id: key.sign(c) for c in store_keys.unsigned_own(self.store)}
        store_keys.set_signatures(self.store, signatures)
        return len(signatures)

    def push(self, report: SyncReport, tick: ProgressFn) -> None:
        store = self.store
        self.sign_own()
        total = outbox_size(store)
        done = 0
        after = 0
        tick(0, total, "push")
        while True:
            batch = outbox_batch(store, after, self.push_batch)
            if not batch:
                break
            after = batch[-1][0]
            self._push_batch([(change, sig) for _, change, sig in batch], report)
            done += len(batch)
            tick(done, total, "push")

    def _push_batch(self, batch: list[tuple[Change, str | None]], report: SyncReport) -> None:
        """POST one batch. A 413 (body too large for the server) splits it in halves, down to
        one entry; one entry still too large is reported rejected with the server's reason
        (it stays in the outbox, like any rejected entry)."""
        request = PushRequest(
            device_id=self.store.device_id,
            changes=[ChangeEntry.from_change(c, sig) for c, sig in batch],
        )
        response = self._request(
            "POST",
            "/push",
            content=request.model_dump_json(),
            headers=_JSON,
            answer_too_large=True,
        )
        if response.status_code == 413:
            if len(batch) > 1:
                half = len(batch) // 2
                self._push_batch(batch[:half], report)
                self._push_batch(batch[half:], report)
                return
            change = batch[0][0]
            report.rejected.append(
                RejectedChange(
                    change.change_id,
                    change.kind,
                    change.record_id,
                    change.field,
                    f"too large for the server: {_message(response)}",
                )
            )
            return
        if response.status_code in (404, 409):
            raise SyncError(f"push refused: {_message(response)}")
        answer = PushResponse.model_validate_json(response.content)
        by_id = {c.change_id: c for c, _ in batch}
        acked: list[str] = []
        for result in answer.results:
            change = by_id.get(result.change_id)
            if change is None:
                continue  # not something we sent: never trust it as an acknowledgement
            if result.status is ChangeStatus.APPLIED:
                report.applied += 1
                acked.append(result.change_id)
            elif result.status is ChangeStatus.DUPLICATE:
                report.duplicate += 1
                acked.append(result.change_id)
            else:
                report.rejected.append(
                    RejectedChange(
                        change.change_id,
                        change.kind,
                        change.record_id,
                        change.field,
                        result.reason or "rejected",
                    )
                )
        # Entries without any answer stay in the outbox and go again next time.
        mark_acked(self.store, acked)

    # ---- keys ----------------------------------------------------------------------------

    def pull_keys(self, report: SyncReport, tick: ProgressFn) -> None:
        """The public keys of the devices whose entries this laptop may receive, as the server
        lists them now (bundle import verifies against them). A server without the list (404)
        leaves the stored keys alone."""
        tick(0, 1, "keys")
        response = self._request("GET", "/keys")
        if response.status_code == 200:
            answer = KeysResponse.model_validate_json(response.content)
            store_keys.replace_device_keys(
                self.store,
                [
                    store_keys.DeviceKey(
                        k.device_id,
                        k.public_key,
                        k.user,
                        k.revoked_at.isoformat() if k.revoked_at else None,
                    )
                    for k in answer.keys
                ],
            )
            report.keys = len(answer.keys)
        tick(1, 1, "keys")

    def pull_expert_pool(self, report: SyncReport, tick: ProgressFn) -> None:
        """The expert pool this laptop's teams may use (sync/experts.py), kept whole in meta;
        a server without a pool (404) leaves the kept one alone."""
        from inspector_app.sync.experts import POOL_META_KEY, ExpertPoolResponse, pool_meta_value

        tick(0, 1, "experts")
        response = self._request("GET", "/experts")
        if response.status_code == 200:
            answer = ExpertPoolResponse.model_validate_json(response.content)
            set_meta(self.store, POOL_META_KEY, pool_meta_value(answer))
            report.experts = len(answer.experts)
        tick(1, 1, "experts")

    # ---- a company's rectification (issue 15) --------------------------------------------

    def fetch_rectification(self, inspection_id: str) -> RectificationResponse | None:
        """The company's answers to the defects of an issued inspection (sync/rectification.py),
        kept as received in meta (`rectification:<id>`) so the re-inspection can be prepared
        offline later. None when the server has nothing this laptop may see (404: unknown,
        not issued, or not this team's); the kept answer is then left alone."""
        response = self._request("GET", f"/inspections/{inspection_id}/rectification")
        if response.status_code != 200:
            return None
        answer = RectificationResponse.model_validate_json(response.content)
        if answer.inspection_id != inspection_id:
            raise SyncError(
                f"{self.server_url}: asked for the rectification of inspection {inspection_id},"
                f" the server answered for {answer.inspection_id}"
            )
        set_meta(self.store, RECTIFICATION_PREFIX + inspection_id, answer.model_dump_json())
        return answer

    def pull_deadlines(self, report: SyncReport, tick: ProgressFn) -> None:
        """The 办结期限 of this laptop's teams' inspections (sync/deadlines.py), kept whole in
        meta; a server without them (404) leaves the kept ones alone."""
        from inspector_app.sync.deadlines import (
            DEADLINES_META_KEY,
            DeadlinesResponse,
            deadlines_meta_value,
        )

        tick(0, 1, "deadlines")
        response = self._request("GET", "/deadlines")
        if response.status_code == 200:
            answer = DeadlinesResponse.model_validate_json(response.content)
            set_meta(self.store, DEADLINES_META_KEY, deadlines_meta_value(answer))
            report.deadlines = len(answer.deadlines)
        tick(1, 1, "deadlines")

    # ---- pull ----------------------------------------------------------------------------

    def pull(self, report: SyncReport, tick: ProgressFn) -> None:
        store = self.store
        cursor = int(get_meta(store, CURSOR_KEY) or 0)
        for page in range(MAX_PULL_PAGES):
            tick(page, page + 1, "pull")
            response = self._request(
                "GET", "/pull", params={"since": cursor, "limit": self.pull_limit}
            )
            if response.status_code in (404, 409):
                raise SyncError(f"pull refused: {_message(response)}")
            answer = PullResponse.model_validate_json(response.content)
            # Kept before the page's cursor is stored: the server sends each file once.
            for checklist in answer.checklists:
                self._receive_checklist(checklist, report)
            result = apply_changes(
                store,
                answer.changes,
                acknowledged=True,
                cursor=answer.next_cursor,
                server_conflicts=answer.conflicts,
            )
            report.pulled += result.inserted
            report.conflicts_new += result.conflicts_new
            report.problems.extend(f"{cid}: {why}" for cid, why in result.refused)
            if not answer.more or answer.next_cursor <= cursor:
                break
            cursor = answer.next_cursor
        tick(1, 1, "pull")

    def _receive_checklist(self, checklist: ChecklistFile, report: SyncReport) -> None:
        label = f"{checklist.id} v{checklist.version}"
        if hashlib.sha256(checklist.yaml.encode("utf-8")).hexdigest() != checklist.sha256:
            report.problems.append(f"checklist {label}: content does not match its hash")
            return
        if self.on_checklist is None:
            report.problems.append(f"checklist {label}: not kept (nowhere to keep it)")
            return
        problem = self.on_checklist(checklist)
        if problem is None:
            report.checklists.append(label)
        elif problem:  # "" : already here, nothing to say
            report.problems.append(f"checklist {label}: {problem}")

    # ---- photos and signature images -----------------------------------------------------

    def upload_blobs(self, report: SyncReport, tick: ProgressFn) -> None:
        store = self.store
        todo = pending_uploads(store, self.blobs)
        tick(0, len(todo), "photos up")
        for done, sha in enumerate(todo, start=1):
            head = self._request("HEAD", f"/blobs/{sha}")
            if head.status_code != 200:
                self._upload(sha, report)
                report.photos_up += 1
            set_meta(store, UPLOADED_PREFIX + sha, _now_iso())
            tick(done, len(todo), "photos up")

    def _upload(self, sha: str, report: SyncReport) -> None:
        store = self.store
        size = self.blobs.size(sha)  # decrypted in memory in an encrypted folder (D36)
        state = self._resume_state(sha) or self._start_upload(sha, size)
        with self.blobs.open_original(sha) as source:
            for _ in range(size // max(1, self.chunk_size) + 4 * self.attempts + 2):
                if state.complete:
                    break
                self._save_upload_state(sha, state)
                source.seek(state.offset)
                chunk = source.read(self.chunk_size)
                response = self._request(
                    "PUT",
                    f"/uploads/{state.upload_id}",
                    params={"offset": state.offset},
                    content=chunk,
                    headers={"Content-Type": "application/octet-stream"},
                    on_send=lambda: setattr(report, "chunks_sent", report.chunks_sent + 1),
                )
                if response.status_code == 409:
                    # The server stands elsewhere (our previous chunk did arrive): go on from there.
                    body = _error_body(response)
                    if body is None or body.upload is None:
                        raise SyncError(f"upload of {sha[:12]}…: {_message(response)}")
                    state = body.upload
                elif response.status_code == 404:
                    state = self._start_upload(sha, size)  # expired on the server: start over
                else:
                    state = UploadState.model_validate_json(response.content)
            else:
                raise SyncError(f"upload of {sha[:12]}… did not complete")
        if not state.complete:
            raise SyncError(f"upload of {sha[:12]}… did not complete")
        set_meta(store, UPLOAD_STATE_PREFIX + sha, None)

    def _resume_state(self, sha: str) -> UploadState | None:
        saved = get_meta(self.store, UPLOAD_STATE_PREFIX + sha)
        if not saved:
            return None
        upload_id = json.loads(saved).get("upload_id")
        response = self._request("GET", f"/uploads/{upload_id}")
        if response.status_code != 200:
            return None
        state = UploadState.model_validate_json(response.content)
        return state if state.sha256 == sha else None

    def _start_upload(self, sha: str, size: int) -> UploadState:
        body = UploadStart(sha256=sha, size=size)
        response = self._request("POST", "/uploads", content=body.model_dump_json(), headers=_JSON)
        if response.status_code != 200:
            raise SyncError(f"upload of {sha[:12]}… refused: {_message(response)}")
        state = UploadState.model_validate_json(response.content)
        self._save_upload_state(sha, state)
        return state

    def _save_upload_state(self, sha: str, state: UploadState) -> None:
        value = json.dumps({"upload_id": state.upload_id, "offset": state.offset})
        if get_meta(self.store, UPLOAD_STATE_PREFIX + sha) != value:
            set_meta(self.store, UPLOAD_STATE_PREFIX + sha, value)

    def download_blobs(self, report: SyncReport, tick: ProgressFn) -> None:
        blobs = self.blobs
        missing = sorted(
            (sha, is_photo)
            for sha, is_photo in referenced_blobs(self.store).items()
            if not blobs.has(sha)
        )
        tick(0, len(missing), "photos down")
        for done, (sha, is_photo) in enumerate(missing, start=1):
            response = self._request("GET", f"/blobs/{sha}")
            if response.status_code == 200:
                try:
                    blobs.put_bytes(response.content, expected_sha256=sha)
                    if is_photo:
                        blobs.ensure_derivative(sha)
                except (ValueError, PhotoRefused) as exc:
                    report.problems.append(f"blob {sha[:12]}…: {exc}")
                else:
                    report.photos_down += 1
                    set_meta(self.store, UPLOADED_PREFIX + sha, _now_iso())
            tick(done, len(missing), "photos down")
        report.photos_pending = sum(1 for sha in referenced_blobs(self.store) if not blobs.has(sha))


def _error_body(response: httpx.Response) -> ErrorBody | None:
    try:
        return ErrorBody.model_validate_json(response.content)
    except ValueError:
        return None


def _message(response: httpx.Response) -> str:
    body = _error_body(response)
    if body is not None:
        return body.message
    text = response.text.strip().splitlines()
    return text[0][:200] if text else response.reason_phrase
