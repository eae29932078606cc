"""The laptop's store: one SQLite file, one write path.

Every change goes through `Store.write()`, a unit of work that in ONE transaction writes the
row, an audit-trail row (which person, when, field, old → new, reason) and a change-log row
per field (change id, record id, field, value, HLC, device id) for sync — and one more
change-log row per audit row (kind `audit`), so the trail travels with the data
(domain/audit.py). The caller hears "saved" only after the commit returned.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from pydantic import ValidationError
from sqlalchemy import ColumnElement, Connection, Engine, func, insert, select, update

from inspector_app.domain.audit import AUDIT_FIELD, AUDIT_KIND, AuditRow, Person
from inspector_app.domain.errors import DomainError
from inspector_app.domain.hlc import HybridClock, Timestamp
from inspector_app.domain.ids import new_id
from inspector_app.domain.model import ENTITY_TYPES, STORED, Entity
from inspector_app.store import tables
from inspector_app.store.db import make_engine, migrate
from inspector_app.store.quick import DB_FILENAME  # one name for the file, both readers

if TYPE_CHECKING:
    from inspector_app.store.crypto import DataKey

E = TypeVar("E", bound=Entity)


def utc_now() -> datetime:
    return datetime.now(UTC)


def _iso(dt: datetime) -> str:
    return dt.astimezone(UTC).isoformat(timespec="microseconds").replace("+00:00", "Z")


def validation_message(exc: ValidationError) -> str:
    """One line per problem, `field: message`, for users rather than developers."""
    parts = []
    for err in exc.errors():
        where = ".".join(str(p) for p in err["loc"]) or "record"
        msg = err["msg"].removeprefix("Value error, ")
        parts.append(f"{where}: {msg}")
    return "; ".join(parts)


def validate_entity(cls: type[E], values: Mapping[str, Any]) -> E:
    try:
        return cls.model_validate(values)
    except ValidationError as exc:
        first = exc.errors()[0]
        field = ".".join(str(p) for p in first["loc"]) or cls.kind
        raise DomainError(field, validation_message(exc)) from None


class Store:
    def __init__(self, data_dir: Path, key: DataKey | None = None) -> None:
        self.data_dir = Path(data_dir)
        self.path = self.data_dir / DB_FILENAME
        self.key = store_key(self.data_dir, key)
        self.engine: Engine = make_engine(self.path, self.key)
        try:
            self.last_backup = migrate(self.engine, self.path, self.data_dir / "backups", self.key)
            self.device_id, last_hlc = self._init_meta()
        except Exception:
            self.engine.dispose()
            raise
        self.clock = HybridClock(last=last_hlc)

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _init_meta(self) -> tuple[str, Timestamp]:
        with self.engine.connect().execution_options(sqlite_begin="IMMEDIATE") as conn:
            values = dict(conn.execute(select(tables.meta.c.key, tables.meta.c.value)).all())
            if "device_id" not in values:
                values["device_id"] = new_id()
                conn.execute(insert(tables.meta).values(key="device_id", value=values["device_id"]))
            conn.commit()
        hlc = Timestamp.decode(values["hlc"]) if "hlc" in values else Timestamp(0, 0)
        return values["device_id"], hlc

    # ---- writing -------------------------------------------------------------------------

    @contextmanager
    def write(self, actor: Person | str, reason: str = "") -> Iterator[UnitOfWork]:
        """A unit of work; commits (durably) when the block ends without an exception.

        `actor` is the person the audit rows name; a unit of work without one is refused
        before anything is written (never an OS account, never a device alone). A plain
        string is a name without an account.
        """
        if isinstance(actor, str):
            actor = Person(name=actor)
        if not actor.name.strip():
            raise DomainError(
                "profile",
                "no inspector name is set on this laptop: set it first "
                "(the app asks at first start; inspector-app profile --name NAME)",
            )
        connection = self.engine.connect().execution_options(sqlite_begin="IMMEDIATE")
        with connection as conn, conn.begin():
            uow = UnitOfWork(self, conn, actor, reason)
            yield uow
            uow._finish()

    # ---- reading -------------------------------------------------------------------------

    @contextmanager
    def read(self) -> Iterator[Connection]:
        with self.engine.connect() as conn:
            yield conn

    def get(self, kind: str, record_id: str) -> Entity | None:
        with self.read() as conn:
            return load_entity(conn, kind, record_id)

    def find(self, kind: str, include_deleted: bool = False, **where: Any) -> list[Entity]:
        with self.read() as conn:
            return find_entities(conn, kind, include_deleted=include_deleted, **where)

    def meta_value(self, key: str) -> str | None:
        return self.meta_values(key).get(key)

    def meta_values(self, *keys: str) -> dict[str, str]:
        """Several meta values in one query (absent keys are left out)."""
        m = tables.meta.c
        with self.read() as conn:
            return dict(conn.execute(select(m.key, m.value).where(m.key.in_(keys))).all())


def store_key(data_dir: Path, key: DataKey | None) -> DataKey | None:
    """The key the database needs (None: a plain folder), after making the folder 0700 and
    its database files 0600 (D36: for plain folders too). An encrypted folder without its key
    is refused before anything is opened."""
    from inspector_app.store.crypto import (
        EncryptionError,
        create_private,
        is_encrypted,
        refuse_unfinished_migration,
        secure_dir,
        secure_file,
    )

    secure_dir(data_dir)
    refuse_unfinished_migration(data_dir)
    path = data_dir / DB_FILENAME
    create_private(path)  # SQLite gives -wal and -shm the main file's mode
    for suffix in ("", "-wal", "-shm"):
        secure_file(path.with_name(path.name + suffix))
    if not is_encrypted(data_dir):
        return None  # a key given for a folder not yet migrated is not used on its database
    if key is None:
        raise EncryptionError(
            f"{data_dir}: the data on this laptop is encrypted: unlock it first "
            "(the app asks for the passphrase; the keyring answers by itself)"
        )
    return key


def load_entity(conn: Connection, kind: str, record_id: str) -> Entity | None:
    table = tables.ENTITY_TABLES[kind]
    row = conn.execute(select(table).where(table.c.id == record_id)).mappings().first()
    return ENTITY_TYPES[kind].model_validate(dict(row), context=STORED) if row else None


def find_entities(
    conn: Connection, kind: str, include_deleted: bool = False, **where: Any
) -> list[Entity]:
    table = tables.ENTITY_TABLES[kind]
    query = select(table)
    for name, value in where.items():
        query = query.where(table.c[name] == value)
    if not include_deleted:
        query = query.where(table.c.deleted.is_(False))
    # UUIDv7 ids sort by creation time.
    query = query.order_by(table.c.id)
    cls = ENTITY_TYPES[kind]
    return [cls.model_validate(dict(row), context=STORED) for row in conn.execute(query).mappings()]


class UnitOfWork:
    """Writes entities with their audit and change-log rows; see module docstring."""

    def __init__(self, store: Store, conn: Connection, actor: Person, reason: str) -> None:
        self.store = store
        self.conn = conn
        self.actor = actor
        self.reason = reason
        self._at = _iso(utc_now())
        self._last_hlc: Timestamp | None = None
        self.changes = 0

    def get(self, kind: str, record_id: str) -> Entity | None:
        return load_entity(self.conn, kind, record_id)

    def find(self, kind: str, include_deleted: bool = False, **where: Any) -> list[Entity]:
        return find_entities(self.conn, kind, include_deleted=include_deleted, **where)

    def add(self, entity: E, *, audit: bool = True) -> E:
        """Insert a new record. `audit=False` only for imports that bring their own trail."""
        table = tables.ENTITY_TABLES[entity.kind]
        values = entity.model_dump(mode="json")
        self.conn.execute(insert(table).values(**values))
        inspection_id = _inspection_of(entity)
        self._log(entity.kind, entity.id, inspection_id, values)
        if audit:
            self._audit(entity.kind, entity.id, inspection_id, "create", "*", None, values)
        return entity

    @property
    def at(self) -> str:
        """The unit of work's time, as its audit rows give it."""
        return self._at

    def record_event(
        self, kind: str, record_id: str, inspection_id: str, field: str, new: Any
    ) -> None:
        """An audit row for something done to a record that is not a field change (an
        import): action "create", the given pseudo-field, no old value."""
        self._audit(kind, record_id, inspection_id, "create", field, None, new)

    def add_audit_row(self, row: AuditRow) -> None:
        """Append a row that was written elsewhere and taken from a file (an import): stored
        and sent as it is, its `imported_*` marks saying where it came from."""
        self._append_audit(row)

    def update(self, kind: str, record_id: str, changes: Mapping[str, Any]) -> Entity:
        """Apply field changes after validating the whole record; unchanged fields are skipped."""
        current = self.get(kind, record_id)
        if current is None:
            raise DomainError("id", f"no {kind} with id {record_id}")
        cls = ENTITY_TYPES[kind]
        unknown = set(changes) - set(cls.model_fields) | ({"id"} & set(changes))
        if unknown:
            raise DomainError(sorted(unknown)[0], f"cannot be changed on a {kind}")
        old = current.model_dump(mode="json")
        updated = validate_entity(cls, {**old, **changes})
        new = updated.model_dump(mode="json")
        diff = {k: new[k] for k in changes if new[k] != old[k]}
        if not diff:
            return current
        table = tables.ENTITY_TABLES[kind]
        self.conn.execute(update(table).where(table.c.id == record_id).values(**diff))
        inspection_id = _inspection_of(updated)
        action = "delete" if diff.get("deleted") is True else "update"
        self._log(kind, record_id, inspection_id, diff, self._current_clocks(kind, record_id, diff))
        for name, value in diff.items():
            self._audit(kind, record_id, inspection_id, action, name, old[name], value)
        return updated

    def delete(self, kind: str, record_id: str) -> Entity:
        """Deletes are tombstones, so a delete syncs like any other change."""
        return self.update(kind, record_id, {"deleted": True})

    def _audit(
        self,
        kind: str,
        record_id: str,
        inspection_id: str,
        action: str,
        field: str,
        old: Any,
        new: Any,
    ) -> None:
        row = AuditRow(
            id=new_id(),
            at=self._at,
            actor=self.actor.name,
            account=self.actor.account,
            role=self.actor.role,
            device_id=self.store.device_id,
            kind=kind,
            record_id=record_id,
            inspection_id=inspection_id,
            action=action,
            field=field,
            old=old,
            new=new,
            reason=self.reason,
        )
        self._append_audit(row)

    def _append_audit(self, row: AuditRow) -> None:
        """The row, and its change entry (same clock as the change it describes)."""
        values = row.wire()
        self.conn.execute(insert(tables.audit_log).values(**values))
        hlc = self._last_hlc or self.store.clock.now()
        self._last_hlc = hlc
        self.conn.execute(
            insert(tables.change_log).values(
                change_id=new_id(),
                kind=AUDIT_KIND,
                record_id=row.id,
                inspection_id=row.inspection_id,
                field=AUDIT_FIELD,
                value=values,
                hlc=hlc.encode(),
                device_id=self.store.device_id,
                base_hlc=None,
            )
        )

    def _current_clocks(
        self, kind: str, record_id: str, fields: Mapping[str, Any]
    ) -> dict[str, str]:
        """The clock of each field's current value: what this change overwrites."""
        c = tables.change_log.c
        rows = self.conn.execute(
            select(c.field, func.max(c.hlc))
            .where(c.kind == kind, c.record_id == record_id, c.field.in_(list(fields)))
            .group_by(c.field)
        )
        return dict(rows.all())

    def _log(
        self,
        kind: str,
        record_id: str,
        inspection_id: str,
        values: Mapping[str, Any],
        bases: Mapping[str, str] | None = None,
    ) -> None:
        hlc = self.store.clock.now()
        self._last_hlc = hlc
        encoded = hlc.encode()
        rows = [
            {
                "change_id": new_id(),
                "kind": kind,
                "record_id": record_id,
                "inspection_id": inspection_id,
                "field": name,
                "value": value,
                "hlc": encoded,
                "device_id": self.store.device_id,
                "base_hlc": (bases or {}).get(name),
            }
            for name, value in values.items()
            if name != "id"
        ]
        self.conn.execute(insert(tables.change_log), rows)
        self.changes += 1

    def _finish(self) -> None:
        if self._last_hlc is not None:
            # Persist the clock in the same transaction so it never runs backwards on restart.
            self.conn.exec_driver_sql(
                "INSERT INTO meta(key, value) VALUES ('hlc', ?) "
                "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                (self._last_hlc.encode(),),
            )


def _inspection_of(entity: Entity) -> str:
    return getattr(entity, "inspection_id", None) or entity.id


def pending_save_key() -> ColumnElement[int]:
    """One save of one record writes one change-log row per field, all with the same clock
    value; users count saves, so (record, clock) is what "changes waiting" counts."""
    c = tables.change_log.c
    return func.count(func.distinct(c.record_id + "@" + c.hlc))


def data_entries() -> ColumnElement[bool]:
    """Change-log rows that change a record (not the audit rows travelling beside them)."""
    return tables.change_log.c.kind != AUDIT_KIND


def pending_changes(conn: Connection, inspection_id: str | None = None) -> int:
    """Saves not yet acknowledged by the server (the outbox), counted as the user made them."""
    query = (
        select(pending_save_key())
        .select_from(tables.change_log)
        .where(tables.change_log.c.acked_at.is_(None), data_entries())
    )
    if inspection_id:
        query = query.where(tables.change_log.c.inspection_id == inspection_id)
    return conn.execute(query).scalar_one()
