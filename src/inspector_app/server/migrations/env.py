"""Alembic environment of the server: always run programmatically by server.db.migrate."""

from alembic import context

from inspector_app.server.db import metadata

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=metadata,
    render_as_batch=connection.dialect.name == "sqlite",  # SQLite ALTERs by table copies
)
with context.begin_transaction():
    context.run_migrations()
