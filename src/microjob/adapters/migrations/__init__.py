"""microjob's schema migrations (Alembic scripts, shipped with the package).

Run them with `microjob.adapters.sql.upgrade` (``SqlStore`` and
``Marketplace.from_url`` do it on open), or with Alembic's own commands through
`microjob.adapters.sql.alembic_config`.
"""
