"""token version per user; failed sign-ins (issue 10: revocable tokens, login limits)

Revision ID: 0002
Revises: 0001
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("users") as batch:
        batch.add_column(
            sa.Column("token_version", sa.Integer(), server_default="0", nullable=False)
        )
    op.create_table(
        "login_failures",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=80), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_login_failures")),
    )
    op.create_index("ix_login_failures_key_created_at", "login_failures", ["key", "created_at"])
    op.create_index("ix_login_failures_created_at", "login_failures", ["created_at"])


def downgrade() -> None:
    op.drop_index("ix_login_failures_created_at", table_name="login_failures")
    op.drop_index("ix_login_failures_key_created_at", table_name="login_failures")
    op.drop_table("login_failures")
    with op.batch_alter_table("users") as batch:
        batch.drop_column("token_version")
