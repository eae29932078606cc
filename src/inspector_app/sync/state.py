"""What the laptop knows about its sync without talking to the server: the meta keys and
which blobs wait to go up or come down.

Apart from sync/client.py so the status a window shows at start (server, last sync, photos
waiting) needs neither httpx nor the protocol models: the client is imported only to sync.
"""

from __future__ import annotations

from inspector_app.domain.errors import InspectorError
from inspector_app.domain.model import IssuedReport, Photo, Signature
from inspector_app.store.blobs import BlobStore
from inspector_app.store.merge import meta_with_prefix
from inspector_app.store.store import Store

LAST_SYNC_KEY = "last_sync_at"
SERVER_KEY = "sync_server_url"
UPLOADED_PREFIX = "blob_uploaded:"  # meta key per blob the server is known to have


class SyncError(InspectorError):
    """A sync failure, as one line for the user."""


class UpgradeRequired(SyncError):
    """The server no longer speaks this app's protocol (HTTP 426)."""


class NotEnrolled(SyncError):
    """No token, or the server does not accept it (revoked or from another server)."""


def referenced_blobs(store: Store) -> dict[str, bool]:
    """sha256 → is it a photo (needs a derivative), for every blob a record refers to:
    photos, signature images and issued report PDFs."""
    found: dict[str, bool] = {}
    for photo in store.find("photo", include_deleted=True):
        assert isinstance(photo, Photo)
        found[photo.sha256] = True
    for signature in store.find("signature", include_deleted=True):
        assert isinstance(signature, Signature)
        if signature.image_sha256:
            found.setdefault(signature.image_sha256, False)
    # The center's issued PDFs come down like photos (never up: the server made them).
    for report in store.find("issued_report", include_deleted=True):
        assert isinstance(report, IssuedReport)
        found.setdefault(report.pdf_sha256, False)
    return found


def pending_uploads(store: Store, blobs: BlobStore) -> list[str]:
    """Blobs this laptop has that the server is not known to have yet (photos to upload)."""
    known = set(meta_with_prefix(store, UPLOADED_PREFIX))
    return sorted(s for s in referenced_blobs(store) if s not in known and blobs.has(s))


def missing_blobs(store: Store, blobs: BlobStore) -> list[str]:
    """Blobs records refer to that are not on this laptop yet ("photo pending")."""
    return sorted(sha for sha in referenced_blobs(store) if not blobs.has(sha))
