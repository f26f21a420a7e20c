"""SQLite: AUTOINCREMENT ids, never reused (issue 10: "#12" must not name a newer task)

SQLite gives a new row the largest id + 1, so deleting the newest task made its id free
for the next one; an AUTOINCREMENT table never hands an id out twice. The tables are
rebuilt (SQLite cannot alter this in place) with foreign keys off — db.migrate switches
them off around every SQLite migration — and checked afterwards. PostgreSQL's identity
sequences never reuse ids: nothing to do there.

Revision ID: 0003
Revises: 0002
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_TABLES = ("users", "conversations", "messages", "tasks")


def _rebuild(autoincrement: bool) -> None:
    bind = op.get_bind()
    if bind.dialect.name != "sqlite":
        return
    for table in _TABLES:
        with op.batch_alter_table(
            table, recreate="always", table_kwargs={"sqlite_autoincrement": autoincrement}
        ):
            pass
    broken = bind.exec_driver_sql("PRAGMA foreign_key_check").all()
    if broken:
        raise RuntimeError(f"foreign keys broken by the rebuild: {broken[:5]}")


def upgrade() -> None:
    _rebuild(autoincrement=True)


def downgrade() -> None:
    _rebuild(autoincrement=False)
