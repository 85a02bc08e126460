"""Alembic environment: runs on the connection handed over by lawreport_data.db.upgrade,
or on ``sqlalchemy.url`` / ``LAWREPORT_DB_URL`` when called as ``alembic upgrade head``."""

from alembic import context

from lawreport_data.db import make_engine
from lawreport_data.models import Base

config = context.config
target_metadata = Base.metadata


def _run(connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
    )
    with context.begin_transaction():
        context.run_migrations()


connection = config.attributes.get("connection")
if connection is not None:
    _run(connection)
else:
    engine = make_engine(config.get_main_option("sqlalchemy.url") or None)
    with engine.begin() as conn:
        _run(conn)
