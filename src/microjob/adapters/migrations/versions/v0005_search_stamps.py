"""The shared search index keeps each card's stamp, so writes arriving out of order converge.

Revision ID: 0005
Revises: 0004
Create Date: 2027-02-01

Every process applies its commands' index updates after they commit, each in a short
transaction of its own, so two updates of one card can arrive in the opposite order to their
commits: an older document overwrote a newer one, or brought back a card removed meanwhile.
Writes now carry a stamp that grows with the card's committed changes, and
``microjob_search_stamps`` keeps the highest one applied per card, a removed card's included;
an older write is ignored. Cards indexed before this revision have no stamp: the first stamped
write of each applies, as every write did before.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision: str | None = "0004"
branch_labels: tuple[str, ...] | None = None
depends_on: tuple[str, ...] | None = None


def upgrade() -> None:
    op.create_table(
        "microjob_search_stamps",
        sa.Column(
            "listing_id",
            sa.String(255).with_variant(sa.String(255, collation="C"), "postgresql"),
            nullable=False,
        ),
        sa.Column("stamp", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("listing_id", name=op.f("pk_microjob_search_stamps")),
    )


def downgrade() -> None:
    op.drop_table("microjob_search_stamps")
