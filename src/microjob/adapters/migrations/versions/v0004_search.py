"""A search index shared by every process on the database.

Revision ID: 0004
Revises: 0003
Create Date: 2027-01-18

Until now each process kept its own in-memory index of the published cards, so two workers on
one database answered differently until one rebuilt. The cards' searchable facts now live in
``microjob_search_cards`` (with a GIN-indexed ``tsvector`` on PostgreSQL) and their words in
``microjob_search_words``. On SQLite the adapter creates the FTS5 index over the word columns
itself (``microjob_search_fts``, derived data it can rebuild at any time); the downgrade drops
it too.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import TSVECTOR

revision = "0004"
down_revision: str | None = "0003"
branch_labels: tuple[str, ...] | None = None
depends_on: tuple[str, ...] | None = None


def _code_point_text(length: int) -> sa.types.TypeEngine[str]:
    return sa.String(length).with_variant(sa.String(length, collation="C"), "postgresql")


def _exact_number() -> sa.types.TypeEngine[Any]:
    return sa.Numeric().with_variant(sa.Text(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "microjob_search_cards",
        sa.Column("seq", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("listing_id", _code_point_text(255), nullable=False),
        sa.Column("fingerprint", sa.String(length=32), nullable=False),
        sa.Column("category", sa.String(length=255), nullable=False),
        sa.Column("currency", sa.String(length=32), nullable=False),
        sa.Column("price", _exact_number(), nullable=False),
        sa.Column("delivery_days", sa.BigInteger(), nullable=False),
        sa.Column("seller_level", sa.BigInteger(), nullable=False),
        sa.Column("rating", _exact_number(), nullable=True),
        sa.Column("review_count", sa.BigInteger(), nullable=False),
        sa.Column("published_at", sa.BigInteger(), nullable=False),
        sa.Column("title_words", sa.Text(), nullable=False),
        sa.Column("tags_words", sa.Text(), nullable=False),
        sa.Column("description_words", sa.Text(), nullable=False),
        sa.Column("document", TSVECTOR().with_variant(sa.Text(), "sqlite"), nullable=True),
        sa.PrimaryKeyConstraint("seq", name=op.f("pk_microjob_search_cards")),
        sa.UniqueConstraint("listing_id", name=op.f("uq_microjob_search_cards_listing_id")),
    )
    op.create_index(
        "microjob_search_cards_price",
        "microjob_search_cards",
        ["currency", "price", "listing_id"],
    )
    op.create_index("microjob_search_cards_category", "microjob_search_cards", ["category"])
    op.create_index(
        "microjob_search_cards_newest", "microjob_search_cards", ["published_at", "listing_id"]
    )
    op.create_index(
        "microjob_search_cards_document",
        "microjob_search_cards",
        ["document"],
        postgresql_using="gin",
        sqlite_where=sa.text("document IS NOT NULL"),
    )
    op.create_table(
        "microjob_search_words",
        sa.Column("word", _code_point_text(255), nullable=False),
        sa.Column("cards", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("word", name=op.f("pk_microjob_search_words")),
    )


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        # The FTS5 index (and its shadow tables) the adapter built over the cards, if any.
        op.execute("DROP TABLE IF EXISTS microjob_search_fts")
    op.drop_table("microjob_search_words")
    op.drop_index("microjob_search_cards_document", table_name="microjob_search_cards")
    op.drop_index("microjob_search_cards_newest", table_name="microjob_search_cards")
    op.drop_index("microjob_search_cards_category", table_name="microjob_search_cards")
    op.drop_index("microjob_search_cards_price", table_name="microjob_search_cards")
    op.drop_table("microjob_search_cards")
