"""Every stored order's charge is written down as that order's (a ``charge_claim`` record).

Revision ID: 0006
Revises: 0005
Create Date: 2027-03-01

A provider event for an order that was never stored is refunded after a grace period, unless
the charge it names is claimed by a stored order (``claim_refund``). Claims are written when a
payment is booked; orders paid before claims existed have none, so a stray event naming such
an order's charge (a retried webhook carrying another order id, a forged one) was refunded to
the card while the order kept its escrow and later paid its seller: the platform paid twice.
This revision claims each stored order's charge, the oldest order first where two name one
charge (the first claim stands, as at run time), and leaves existing claims as they are. It is
plain SQL, so ``upgrade --sql`` prints it for a DBA too. On PostgreSQL a reference longer than
a record id's 128 characters is passed over: no claim of it could be written there either.
Nothing to undo on downgrade: the claims are what the code of 0005 writes as well.
"""

from __future__ import annotations

from alembic import op

revision = "0006"
down_revision: str | None = "0005"
branch_labels: tuple[str, ...] | None = None
depends_on: tuple[str, ...] | None = None

_SQLITE = """
INSERT INTO microjob_records (kind, id, version, data)
SELECT 'charge_claim', ref, 0, json_object('id', ref, 'order_id', id)
FROM (SELECT id, seq, json_extract(data, '$.charge_ref') AS ref FROM microjob_orders)
WHERE ref IS NOT NULL AND ref <> ''
ORDER BY seq
ON CONFLICT (kind, id) DO NOTHING
"""

_POSTGRESQL = """
INSERT INTO microjob_records (kind, id, version, data)
SELECT 'charge_claim', ref, 0, CAST(jsonb_build_object('id', ref, 'order_id', id) AS text)
FROM (SELECT id, seq, CAST(data AS jsonb) ->> 'charge_ref' AS ref FROM microjob_orders) AS o
WHERE ref IS NOT NULL AND ref <> '' AND length(ref) <= 128
ORDER BY seq
ON CONFLICT (kind, id) DO NOTHING
"""


def upgrade() -> None:
    op.execute(_POSTGRESQL if op.get_context().dialect.name == "postgresql" else _SQLITE)


def downgrade() -> None:
    pass
