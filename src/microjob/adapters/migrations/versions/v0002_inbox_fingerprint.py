"""The inbox remembers what each provider event was about.

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-06

A provider event id alone is not proof of a duplicate: a provider (or a test double restarted
in a second process) may reuse an id for another subject or amount. The fingerprint
(``kind|subject|amount``) lets the engine tell a true duplicate from a conflict. Rows written
before this revision have no fingerprint and keep being treated as duplicates of their id.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision: str | None = "0001"
branch_labels: tuple[str, ...] | None = None
depends_on: tuple[str, ...] | None = None


def upgrade() -> None:
    with op.batch_alter_table("microjob_inbox") as batch:
        batch.add_column(sa.Column("fingerprint", sa.String(length=512), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("microjob_inbox") as batch:
        batch.drop_column("fingerprint")
