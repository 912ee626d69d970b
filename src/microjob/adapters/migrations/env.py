"""Alembic's environment for microjob's tables.

Online (the usual way): the caller passes an open connection in
``config.attributes["connection"]`` and owns its transaction (see
`microjob.adapters.sql.upgrade`). Offline (``--sql``): the URL comes from the config's
``sqlalchemy.url`` and Alembic prints the SQL instead of running it.
"""

from __future__ import annotations

from alembic import context

from microjob.adapters.sql import VERSION_TABLE, metadata

config = context.config
connection = config.attributes.get("connection")

if connection is None:
    context.configure(
        url=config.get_main_option("sqlalchemy.url"),
        target_metadata=metadata,
        version_table=VERSION_TABLE,
        literal_binds=True,
    )
else:
    context.configure(
        connection=connection,
        target_metadata=metadata,
        version_table=VERSION_TABLE,
        render_as_batch=connection.dialect.name == "sqlite",
    )

with context.begin_transaction():
    context.run_migrations()
