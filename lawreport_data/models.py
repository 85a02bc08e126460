"""The store's tables (SQLAlchemy 2 typed models). Schema changes go through Alembic."""

import datetime as dt

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, declared_attr, mapped_column

from .ledgers.fields import (
    ACCIDENT_VALUE_COLUMNS,
    CASE_VALUE_COLUMNS,
    HAZARD_VALUE_COLUMNS,
    INSPECTION_VALUE_COLUMNS,
)

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class Region(Base):
    __tablename__ = "region"

    code: Mapped[str] = mapped_column(String(32), primary_key=True)
    name: Mapped[str] = mapped_column(String(64), index=True)  # not unique: 鼓楼区 of 南京市, of 徐州市 (0019)
    kind: Mapped[str] = mapped_column(String(16))
    parent_code: Mapped[str | None] = mapped_column(ForeignKey("region.code"))
    sort_order: Mapped[int] = mapped_column(Integer, default=0)


class Indicator(Base):
    __tablename__ = "indicator"

    code: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(String(128))
    unit: Mapped[str] = mapped_column(String(16))
    topic: Mapped[str] = mapped_column(String(32))
    section: Mapped[int] = mapped_column(Integer)
    polarity: Mapped[int] = mapped_column(Integer, default=0)
    aggregation: Mapped[str] = mapped_column(String(8), default="sum")
    parent_code: Mapped[str | None] = mapped_column(String(64))
    monthly: Mapped[bool] = mapped_column(Boolean, default=False)


class ImportBatch(Base):
    """One imported file (or one load of the report's figures)."""

    __tablename__ = "import_batch"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    file_name: Mapped[str] = mapped_column(String(255))
    file_hash: Mapped[str] = mapped_column(String(64), index=True)
    encoding: Mapped[str | None] = mapped_column(String(32))
    shape: Mapped[str | None] = mapped_column(String(16))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    created_by: Mapped[str] = mapped_column(String(64), default="")
    status: Mapped[str] = mapped_column(String(16), default="applied")
    rows_total: Mapped[int] = mapped_column(Integer, default=0)
    rows_new: Mapped[int] = mapped_column(Integer, default=0)
    rows_changed: Mapped[int] = mapped_column(Integer, default=0)
    rows_unchanged: Mapped[int] = mapped_column(Integer, default=0)
    rows_retired: Mapped[int] = mapped_column(Integer, default=0, server_default="0")  # accident records (0007)
    undone_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    undone_by: Mapped[str | None] = mapped_column(String(64))


class Observation(Base):
    """indicator × region × period → value, with where it came from."""

    __tablename__ = "observation"
    __table_args__ = (
        UniqueConstraint("indicator_code", "region_code", "year", "start_month", "end_month", name="key"),
        CheckConstraint("start_month >= 1 AND start_month <= end_month AND end_month <= 12", name="months"),
        # No other index: reads filter by indicator (the key's first column) or by year alone,
        # and each index is paid for by every imported row (migration 0003).
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    indicator_code: Mapped[str] = mapped_column(ForeignKey("indicator.code"))
    region_code: Mapped[str] = mapped_column(ForeignKey("region.code"))
    year: Mapped[int] = mapped_column(Integer)
    start_month: Mapped[int] = mapped_column(Integer)
    end_month: Mapped[int] = mapped_column(Integer)
    value: Mapped[float] = mapped_column(Float)
    qualifier: Mapped[str] = mapped_column(String(2), default="")
    as_of: Mapped[dt.date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(16), default="final")
    origin: Mapped[str] = mapped_column(String(16))
    synthetic: Mapped[bool] = mapped_column(Boolean, default=False)
    source_text: Mapped[str | None] = mapped_column(Text)
    batch_id: Mapped[int | None] = mapped_column(ForeignKey("import_batch.id"))
    source_row: Mapped[int | None] = mapped_column(Integer)
    note: Mapped[str | None] = mapped_column(Text)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class ObservationSpan(Base):
    """Per indicator: a (year, span, synthetic) that at least one observation has. What the
    sidebar's years and default period read (``store.years_present``, ``store.span_keys``): a row
    per span, not per region, instead of a pass over every observation. Written in the same transaction as the
    observations (``store.refresh_observation_spans``); never edited by hand."""

    __tablename__ = "observation_span"

    indicator_code: Mapped[str] = mapped_column(String(64), primary_key=True)
    year: Mapped[int] = mapped_column(Integer, primary_key=True)
    start_month: Mapped[int] = mapped_column(Integer, primary_key=True)
    end_month: Mapped[int] = mapped_column(Integer, primary_key=True)
    synthetic: Mapped[bool] = mapped_column(Boolean, primary_key=True)


class LeafSum(Base):
    """Per indicator, parent region and span: the sum of its children's observations and what
    tells whether that sum is exact (``store.load_resolvable``). Kept for every parent that has
    a parent itself (a county under the city: its towns' rows), so that a page viewing the city
    reads a county's sums instead of adding up its towns' rows. Written in the same transaction
    as the observations it sums (``store.refresh_leaf_sums``); never edited by hand."""

    __tablename__ = "leaf_sum"

    indicator_code: Mapped[str] = mapped_column(String(64), primary_key=True)
    parent_code: Mapped[str] = mapped_column(String(32), primary_key=True)
    year: Mapped[int] = mapped_column(Integer, primary_key=True)
    start_month: Mapped[int] = mapped_column(Integer, primary_key=True)
    end_month: Mapped[int] = mapped_column(Integer, primary_key=True)
    n: Mapped[int] = mapped_column(Integer)  # children with a row for the span
    value: Mapped[float] = mapped_column(Float)
    abs_sum: Mapped[float] = mapped_column(Float)
    fractional: Mapped[int] = mapped_column(Integer)  # rows whose value is not a whole number
    # min, max and count (non-null rows) of each column that must be the same in every summed row
    min_qualifier: Mapped[str | None] = mapped_column(String(2))
    max_qualifier: Mapped[str | None] = mapped_column(String(2))
    count_qualifier: Mapped[int] = mapped_column(Integer)
    min_status: Mapped[str | None] = mapped_column(String(16))
    max_status: Mapped[str | None] = mapped_column(String(16))
    count_status: Mapped[int] = mapped_column(Integer)
    min_origin: Mapped[str | None] = mapped_column(String(16))
    max_origin: Mapped[str | None] = mapped_column(String(16))
    count_origin: Mapped[int] = mapped_column(Integer)
    min_source_text: Mapped[str | None] = mapped_column(Text)
    max_source_text: Mapped[str | None] = mapped_column(Text)
    count_source_text: Mapped[int] = mapped_column(Integer)
    min_batch_id: Mapped[int | None] = mapped_column(Integer)
    max_batch_id: Mapped[int | None] = mapped_column(Integer)
    count_batch_id: Mapped[int] = mapped_column(Integer)
    min_as_of: Mapped[dt.date | None] = mapped_column(Date)
    max_as_of: Mapped[dt.date | None] = mapped_column(Date)
    count_as_of: Mapped[int] = mapped_column(Integer)
    min_synthetic: Mapped[int | None] = mapped_column(Integer)
    max_synthetic: Mapped[int | None] = mapped_column(Integer)
    count_synthetic: Mapped[int] = mapped_column(Integer)


class ObservationChange(Base):
    """A record of a value inserted, replaced or restored: enough to undo it exactly."""

    __tablename__ = "observation_change"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    batch_id: Mapped[int | None] = mapped_column(ForeignKey("import_batch.id"), index=True)
    action: Mapped[str] = mapped_column(String(16))
    indicator_code: Mapped[str] = mapped_column(String(64))
    region_code: Mapped[str] = mapped_column(String(32))
    year: Mapped[int] = mapped_column(Integer)
    start_month: Mapped[int] = mapped_column(Integer)
    end_month: Mapped[int] = mapped_column(Integer)
    old_value: Mapped[float | None] = mapped_column(Float)
    old_qualifier: Mapped[str | None] = mapped_column(String(2))
    old_status: Mapped[str | None] = mapped_column(String(16))
    old_as_of: Mapped[dt.date | None] = mapped_column(Date)
    old_origin: Mapped[str | None] = mapped_column(String(16))
    old_synthetic: Mapped[bool | None] = mapped_column(Boolean)
    old_source_text: Mapped[str | None] = mapped_column(Text)
    old_batch_id: Mapped[int | None] = mapped_column(Integer)
    old_source_row: Mapped[int | None] = mapped_column(Integer)
    old_note: Mapped[str | None] = mapped_column(Text)
    new_value: Mapped[float | None] = mapped_column(Float)
    new_qualifier: Mapped[str | None] = mapped_column(String(2))
    changed_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    changed_by: Mapped[str] = mapped_column(String(64), default="")


class LedgerRecordColumns:
    """What every ledger's record keeps besides its fields: the batch that last wrote it
    (``batch_id``) and the one that inserted it (``created_batch_id``: a batch's inserts need no
    change rows, its undo deletes them), its source row, whether a full re-send retired it (and
    which batch), whether it is synthetic (示例数据), when it was written."""

    @declared_attr
    def batch_id(cls) -> Mapped[int | None]:
        return mapped_column(ForeignKey("import_batch.id"))

    @declared_attr
    def created_batch_id(cls) -> Mapped[int | None]:
        return mapped_column(ForeignKey("import_batch.id"), index=True)

    source_row: Mapped[int | None] = mapped_column(Integer)
    retired: Mapped[bool] = mapped_column(Boolean, default=False)
    retired_batch_id: Mapped[int | None] = mapped_column(Integer)
    synthetic: Mapped[bool] = mapped_column(Boolean, default=False)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


LEDGER_RECORD_RESTORED = ("batch_id", "source_row", "retired", "retired_batch_id", "synthetic", "updated_at")
"""The bookkeeping columns of a ledger record that a change row keeps (``old_*``) and an undo restores."""


class LedgerChangeColumns:
    """What every ledger's change row keeps besides the record's old (and new) fields: the batch,
    the record (no FK: an undo may delete the record later), its key, ``update`` or ``retire``, the
    fields that changed (comma-separated), the record's old bookkeeping (``LEDGER_RECORD_RESTORED``),
    when and by whom."""

    id: Mapped[int] = mapped_column(Integer, primary_key=True)

    @declared_attr
    def batch_id(cls) -> Mapped[int | None]:
        return mapped_column(ForeignKey("import_batch.id"), index=True)

    record_id: Mapped[int] = mapped_column(Integer, index=True)
    key: Mapped[str] = mapped_column(Text)
    action: Mapped[str] = mapped_column(String(16))  # update | retire
    fields: Mapped[str] = mapped_column(Text, default="")
    old_batch_id: Mapped[int | None] = mapped_column(Integer)
    old_source_row: Mapped[int | None] = mapped_column(Integer)
    old_retired: Mapped[bool] = mapped_column(Boolean)
    old_retired_batch_id: Mapped[int | None] = mapped_column(Integer)
    old_synthetic: Mapped[bool] = mapped_column(Boolean)
    old_updated_at: Mapped[dt.datetime] = mapped_column(DateTime)
    changed_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    changed_by: Mapped[str] = mapped_column(String(64), default="")


class AccidentRecord(LedgerRecordColumns, Base):
    """One accident of a county's ledger (事故台账), identified by ``key`` (事故编号, or time to the
    minute, region and unit). ``created_batch_id`` inserted it (so a batch's inserts need no change
    rows: its undo deletes the records it created); ``batch_id`` last wrote it (an update, a
    retirement, a return); a full re-send retires the records it no longer carries instead of
    deleting them (``retired``, ``retired_batch_id``). Only ``status='counted'`` records that are
    not retired are counted."""

    __tablename__ = "accident_record"
    __table_args__ = (
        CheckConstraint(
            "deaths >= 0 AND missing >= 0 AND serious_injuries >= 0 AND injuries >= 0 AND direct_loss >= 0",
            name="counts",
        ),
        CheckConstraint("status IN ('counted', 'written_off')", name="status"),
        # Reads filter by time and region (totals, record list); undo finds a batch's inserts.
        # No index on batch_id: nothing looks records up by their last writer alone (an undo
        # checks it on the rows it finds by created_batch_id or by id), and each index is paid
        # for by every imported record.
        Index("ix_accident_record_occurred_at_region", "occurred_at", "region"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(Text, unique=True)
    record_no: Mapped[str | None] = mapped_column(String(128))
    occurred_at: Mapped[dt.datetime] = mapped_column(DateTime)
    region: Mapped[str] = mapped_column(ForeignKey("region.code"))
    unit: Mapped[str] = mapped_column(Text, default="")
    credit_code: Mapped[str | None] = mapped_column(String(18))
    sector: Mapped[str] = mapped_column(String(32))
    industry: Mapped[str | None] = mapped_column(String(64))
    type: Mapped[str] = mapped_column(String(2))
    deaths: Mapped[int] = mapped_column(Integer, default=0)
    missing: Mapped[int] = mapped_column(Integer, default=0)
    serious_injuries: Mapped[int] = mapped_column(Integer, default=0)
    injuries: Mapped[int] = mapped_column(Integer, default=0)
    direct_loss: Mapped[float] = mapped_column(Float, default=0.0)
    grade: Mapped[str] = mapped_column(String(16))
    status: Mapped[str] = mapped_column(String(16), default="counted")
    write_off_reason: Mapped[str | None] = mapped_column(Text)
    summary: Mapped[str | None] = mapped_column(Text)


class AccidentChange(LedgerChangeColumns, Base):
    """An accident record updated (a 续报, a record brought back) or retired (a full re-send without
    it) by a batch, with every old value of the record in its own typed column (``old_*``): an undo
    puts them back in one UPDATE per record, SQL can read them (what a 续报 changed, whose batch
    it was) without parsing, and the migration check compares them like every other column.
    ``fields`` names the columns that changed (comma-separated). A batch's inserts have no
    change rows (``AccidentRecord.created_batch_id``)."""

    __tablename__ = "accident_change"

    old_record_no: Mapped[str | None] = mapped_column(String(128))
    old_occurred_at: Mapped[dt.datetime] = mapped_column(DateTime)
    old_region: Mapped[str] = mapped_column(String(32))
    old_unit: Mapped[str] = mapped_column(Text)
    old_credit_code: Mapped[str | None] = mapped_column(String(18))
    old_sector: Mapped[str] = mapped_column(String(32))
    old_industry: Mapped[str | None] = mapped_column(String(64))
    old_type: Mapped[str] = mapped_column(String(2))
    old_deaths: Mapped[int] = mapped_column(Integer)
    old_missing: Mapped[int] = mapped_column(Integer)
    old_serious_injuries: Mapped[int] = mapped_column(Integer)
    old_injuries: Mapped[int] = mapped_column(Integer)
    old_direct_loss: Mapped[float] = mapped_column(Float)
    old_grade: Mapped[str] = mapped_column(String(16))
    old_status: Mapped[str] = mapped_column(String(16))
    old_write_off_reason: Mapped[str | None] = mapped_column(Text)
    old_summary: Mapped[str | None] = mapped_column(Text)
    # An update's values after it (what a 续报 changed, old → new, listed also once undone);
    # empty for a retirement (its new value is the retirement) and for updates made before 0008
    # whose record has changed since.
    new_record_no: Mapped[str | None] = mapped_column(String(128))
    new_occurred_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    new_region: Mapped[str | None] = mapped_column(String(32))
    new_unit: Mapped[str | None] = mapped_column(Text)
    new_credit_code: Mapped[str | None] = mapped_column(String(18))
    new_sector: Mapped[str | None] = mapped_column(String(32))
    new_industry: Mapped[str | None] = mapped_column(String(64))
    new_type: Mapped[str | None] = mapped_column(String(2))
    new_deaths: Mapped[int | None] = mapped_column(Integer)
    new_missing: Mapped[int | None] = mapped_column(Integer)
    new_serious_injuries: Mapped[int | None] = mapped_column(Integer)
    new_injuries: Mapped[int | None] = mapped_column(Integer)
    new_direct_loss: Mapped[float | None] = mapped_column(Float)
    new_grade: Mapped[str | None] = mapped_column(String(16))
    new_status: Mapped[str | None] = mapped_column(String(16))
    new_write_off_reason: Mapped[str | None] = mapped_column(Text)
    new_summary: Mapped[str | None] = mapped_column(Text)
    new_source_row: Mapped[int | None] = mapped_column(Integer)


class AccidentMonthSum(Base):
    """The accident records' totals per record region and month (``store.accident_sums``): for each
    ``dimension`` — ``all`` (``member`` empty), ``type``, ``sector``, ``grade``, ``hour`` (0–23) and
    ``weekday`` (0 Monday … 6 Sunday), the member as text — the counted, not retired records'
    number, sums of their counts and losses (万元) and number of 较大及以上 ones; for ``source``,
    the number of records in force (not retired, either status; ``accidents``, the other measures
    0) per ``member`` ``status|batch_id|synthetic`` (batch empty for none, synthetic 0 or 1). Kept with every write of the records, so a month's
    or a year's totals are read from a few hundred rows instead of counted from every record."""

    __tablename__ = "accident_month_sum"

    dimension: Mapped[str] = mapped_column(String(16), primary_key=True)
    month: Mapped[str] = mapped_column(String(7), primary_key=True)  # YYYY-MM
    region: Mapped[str] = mapped_column(String(32), primary_key=True)
    member: Mapped[str] = mapped_column(String(64), primary_key=True)
    accidents: Mapped[int] = mapped_column(Integer)
    deaths: Mapped[int] = mapped_column(Integer)
    missing: Mapped[int] = mapped_column(Integer)
    serious_injuries: Mapped[int] = mapped_column(Integer)
    injuries: Mapped[int] = mapped_column(Integer)
    direct_loss: Mapped[float] = mapped_column(Float)
    larger_and_above: Mapped[int] = mapped_column(Integer)


ACCIDENT_RESTORED_COLUMNS = (*ACCIDENT_VALUE_COLUMNS, *LEDGER_RECORD_RESTORED)
"""The columns of an accident record a change row keeps (as ``old_<name>``) and an undo restores."""


class HazardRecord(LedgerRecordColumns, Base):
    """One hazard of a county's ledger (隐患台账), identified by ``key`` (隐患编号, or 统一社会信用代码 or
    企业名称 + 发现日期 + 隐患描述), with its life in its dates: found, due, rectified, accepted (days,
    at midnight; NULL when not yet). As for accident records, ``created_batch_id`` inserted it,
    ``batch_id`` last wrote it (filling in 整改完成日期 is an update with a change row), and a full
    re-send retires the records it no longer carries."""

    __tablename__ = "hazard_record"
    __table_args__ = (
        CheckConstraint("level IN ('general', 'major')", name="level"),
        CheckConstraint("funds IS NULL OR funds >= 0", name="funds"),
        # Reads filter by discovery day and region (figures, record list); the figures' counts
        # (store.hazard_counts) read every other column they need from this index too, not from the
        # table (migration 0011). Undo finds a batch's inserts by created_batch_id.
        Index(
            "ix_hazard_record_found_on_counts",
            "found_on",
            "region",
            "retired",
            "level",
            "deadline",
            "rectified_on",
            "accepted_on",
            "source",
            "sector",
            "supervision",
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(Text, unique=True)
    record_no: Mapped[str | None] = mapped_column(String(128))
    company: Mapped[str] = mapped_column(Text)
    credit_code: Mapped[str | None] = mapped_column(String(18))
    region: Mapped[str] = mapped_column(ForeignKey("region.code"))
    sector: Mapped[str | None] = mapped_column(String(32))
    level: Mapped[str] = mapped_column(String(16))
    source: Mapped[str | None] = mapped_column(String(32))
    description: Mapped[str] = mapped_column(Text)
    found_on: Mapped[dt.datetime] = mapped_column(DateTime)
    deadline: Mapped[dt.datetime | None] = mapped_column(DateTime)
    rectified_on: Mapped[dt.datetime | None] = mapped_column(DateTime)
    accepted_on: Mapped[dt.datetime | None] = mapped_column(DateTime)
    supervision: Mapped[str | None] = mapped_column(String(16))
    funds: Mapped[float | None] = mapped_column(Float)


class HazardSettledSum(Base):
    """The hazard records that have settled, summed (``store.hazard_settled``): a record's state on
    a day stops changing once the day is past all its dates (rectified by then, or open and more
    than 90 days old; past its deadline; accepted), and counts the same on every later day. Per
    record region, month found, level, source, sector, supervision ('' for none) and month it
    settled in (``settled``, YYYY-MM): the counts ``store.hazard_counts`` makes (``COUNT_COLUMNS``)
    as they stand once settled. A count as of a day reads these rows for the months settled before
    the day's month and counts only the other records (migration 0012). Kept with every write of
    them: new records' sums added, counted again after a change, a retirement or an undo."""

    __tablename__ = "hazard_settled_sum"

    region: Mapped[str] = mapped_column(String(32), primary_key=True)
    month: Mapped[str] = mapped_column(String(7), primary_key=True)  # YYYY-MM found
    level: Mapped[str] = mapped_column(String(16), primary_key=True)
    source: Mapped[str] = mapped_column(String(32), primary_key=True)
    sector: Mapped[str] = mapped_column(String(32), primary_key=True)
    supervision: Mapped[str] = mapped_column(String(16), primary_key=True)
    settled: Mapped[str] = mapped_column(String(7), primary_key=True)  # YYYY-MM settled
    found: Mapped[int] = mapped_column(Integer)
    general: Mapped[int] = mapped_column(Integer)
    major: Mapped[int] = mapped_column(Integer)
    rectified: Mapped[int] = mapped_column(Integer)
    major_rectified: Mapped[int] = mapped_column(Integer)
    due: Mapped[int] = mapped_column(Integer)
    on_time: Mapped[int] = mapped_column(Integer)
    overdue: Mapped[int] = mapped_column(Integer)
    days_to_rectify: Mapped[int] = mapped_column(Integer)
    accepted: Mapped[int] = mapped_column(Integer)
    age_upto30: Mapped[int] = mapped_column(Integer)
    age_31to90: Mapped[int] = mapped_column(Integer)
    age_over90: Mapped[int] = mapped_column(Integer)
    age_upto30_major: Mapped[int] = mapped_column(Integer)
    age_31to90_major: Mapped[int] = mapped_column(Integer)
    age_over90_major: Mapped[int] = mapped_column(Integer)


class HazardChange(LedgerChangeColumns, Base):
    """A hazard record updated (a date filled in or cleared, any field changed, a record brought
    back) or retired by a batch, with every old value (``old_*``) and, for an update, the new ones
    (``new_*``), as ``AccidentChange`` keeps them."""

    __tablename__ = "hazard_change"

    old_record_no: Mapped[str | None] = mapped_column(String(128))
    old_company: Mapped[str] = mapped_column(Text)
    old_credit_code: Mapped[str | None] = mapped_column(String(18))
    old_region: Mapped[str] = mapped_column(String(32))
    old_sector: Mapped[str | None] = mapped_column(String(32))
    old_level: Mapped[str] = mapped_column(String(16))
    old_source: Mapped[str | None] = mapped_column(String(32))
    old_description: Mapped[str] = mapped_column(Text)
    old_found_on: Mapped[dt.datetime] = mapped_column(DateTime)
    old_deadline: Mapped[dt.datetime | None] = mapped_column(DateTime)
    old_rectified_on: Mapped[dt.datetime | None] = mapped_column(DateTime)
    old_accepted_on: Mapped[dt.datetime | None] = mapped_column(DateTime)
    old_supervision: Mapped[str | None] = mapped_column(String(16))
    old_funds: Mapped[float | None] = mapped_column(Float)
    new_record_no: Mapped[str | None] = mapped_column(String(128))
    new_company: Mapped[str | None] = mapped_column(Text)
    new_credit_code: Mapped[str | None] = mapped_column(String(18))
    new_region: Mapped[str | None] = mapped_column(String(32))
    new_sector: Mapped[str | None] = mapped_column(String(32))
    new_level: Mapped[str | None] = mapped_column(String(16))
    new_source: Mapped[str | None] = mapped_column(String(32))
    new_description: Mapped[str | None] = mapped_column(Text)
    new_found_on: Mapped[dt.datetime | None] = mapped_column(DateTime)
    new_deadline: Mapped[dt.datetime | None] = mapped_column(DateTime)
    new_rectified_on: Mapped[dt.datetime | None] = mapped_column(DateTime)
    new_accepted_on: Mapped[dt.datetime | None] = mapped_column(DateTime)
    new_supervision: Mapped[str | None] = mapped_column(String(16))
    new_funds: Mapped[float | None] = mapped_column(Float)
    new_source_row: Mapped[int | None] = mapped_column(Integer)


HAZARD_RESTORED_COLUMNS = (*HAZARD_VALUE_COLUMNS, *LEDGER_RECORD_RESTORED)
"""The columns of a hazard record a change row keeps (as ``old_<name>``) and an undo restores."""


DIALECT_INDEXES = {
    "ix_inspection_record_inspected_on": "postgresql",
    "ix_inspection_record_day": "sqlite",
}
"""Indexes made on one kind of database only (``Index.ddl_if``), and which: the migrations make
them there and nowhere else."""


class InspectionRecord(LedgerRecordColumns, Base):
    """One inspection visit of a county's ledger (检查记录), identified by ``key`` (检查编号, or
    统一社会信用代码 or 企业名称 + 检查日期): the day (midnight), the enterprise and its region, how it
    was inspected (``catalog.INSPECTION_METHODS``), the hazards found and the major ones among them,
    the documents issued. Written, re-sent, retired and undone as the other ledgers' records."""

    __tablename__ = "inspection_record"
    __table_args__ = (
        CheckConstraint(
            "hazards >= 0 AND major_hazards >= 0 AND major_hazards <= hazards AND orders >= 0 AND decisions >= 0 "
            "AND reviews >= 0",
            name="counts",
        ),
        # Reads filter by day and region. On PostgreSQL (migration 0013) the index by day holds every
        # column the counts read. On SQLite (migration 0018) a narrow index by day, the records in
        # force and region: the page's counts come from the month sums and the distinct counts kept
        # (``enforcement_sums``, ``inspection_distinct``), and the covering index by year, region and
        # enterprise of migration 0015 cost 2.1 s of a million records' import (this one 0.9 s).
        Index(
            "ix_inspection_record_inspected_on",
            "inspected_on",
            "region",
            "retired",
            "method",
            "credit_code",
            "company",
            "hazards",
            "major_hazards",
        ).ddl_if(dialect=DIALECT_INDEXES["ix_inspection_record_inspected_on"]),  # fmt: skip
        Index("ix_inspection_record_day", "inspected_on", "retired", "region").ddl_if(
            dialect=DIALECT_INDEXES["ix_inspection_record_day"]
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(Text, unique=True)
    record_no: Mapped[str | None] = mapped_column(String(128))
    inspected_on: Mapped[dt.datetime] = mapped_column(DateTime)
    region: Mapped[str] = mapped_column(ForeignKey("region.code"))
    company: Mapped[str] = mapped_column(Text)
    credit_code: Mapped[str | None] = mapped_column(String(18))
    sector: Mapped[str | None] = mapped_column(String(32))
    method: Mapped[str] = mapped_column(String(16))
    hazards: Mapped[int] = mapped_column(Integer)
    major_hazards: Mapped[int] = mapped_column(Integer)
    orders: Mapped[int] = mapped_column(Integer)
    decisions: Mapped[int] = mapped_column(Integer)
    reviews: Mapped[int] = mapped_column(Integer)


class InspectionChange(LedgerChangeColumns, Base):
    """An inspection record updated or retired by a batch, with every old value (``old_*``) and, for
    an update, the new ones (``new_*``), as ``HazardChange`` keeps them."""

    __tablename__ = "inspection_change"

    old_record_no: Mapped[str | None] = mapped_column(String(128))
    old_inspected_on: Mapped[dt.datetime] = mapped_column(DateTime)
    old_region: Mapped[str] = mapped_column(String(32))
    old_company: Mapped[str] = mapped_column(Text)
    old_credit_code: Mapped[str | None] = mapped_column(String(18))
    old_sector: Mapped[str | None] = mapped_column(String(32))
    old_method: Mapped[str] = mapped_column(String(16))
    old_hazards: Mapped[int] = mapped_column(Integer)
    old_major_hazards: Mapped[int] = mapped_column(Integer)
    old_orders: Mapped[int] = mapped_column(Integer)
    old_decisions: Mapped[int] = mapped_column(Integer)
    old_reviews: Mapped[int] = mapped_column(Integer)
    new_record_no: Mapped[str | None] = mapped_column(String(128))
    new_inspected_on: Mapped[dt.datetime | None] = mapped_column(DateTime)
    new_region: Mapped[str | None] = mapped_column(String(32))
    new_company: Mapped[str | None] = mapped_column(Text)
    new_credit_code: Mapped[str | None] = mapped_column(String(18))
    new_sector: Mapped[str | None] = mapped_column(String(32))
    new_method: Mapped[str | None] = mapped_column(String(16))
    new_hazards: Mapped[int | None] = mapped_column(Integer)
    new_major_hazards: Mapped[int | None] = mapped_column(Integer)
    new_orders: Mapped[int | None] = mapped_column(Integer)
    new_decisions: Mapped[int | None] = mapped_column(Integer)
    new_reviews: Mapped[int | None] = mapped_column(Integer)
    new_source_row: Mapped[int | None] = mapped_column(Integer)


INSPECTION_RESTORED_COLUMNS = (*INSPECTION_VALUE_COLUMNS, *LEDGER_RECORD_RESTORED)
"""The columns of an inspection record a change row keeps (as ``old_<name>``) and an undo restores."""


class CaseRecord(LedgerRecordColumns, Base):
    """One administrative penalty case of a county's ledger (行政处罚案件), identified by ``key`` (its
    案件编号): its days (立案, 处罚决定, 结案, 移送; midnight), region, party, 案件来源
    (``catalog.CASE_SOURCES``), 违法行为, 处罚种类 (``catalog.PENALTY_KINDS``' codes, comma-separated),
    fine and confiscation (元) and whether it was transferred to the judicial organs (``yes``/``no``).
    Written, re-sent, retired and undone as the other ledgers' records."""

    __tablename__ = "case_record"
    __table_args__ = (
        CheckConstraint("fine >= 0 AND confiscation >= 0", name="amounts"),
        CheckConstraint("transferred IN ('yes', 'no')", name="transferred"),
        Index("ix_case_record_filed_on", "filed_on", "region", "retired"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(Text, unique=True)
    record_no: Mapped[str | None] = mapped_column(String(128))
    filed_on: Mapped[dt.datetime] = mapped_column(DateTime)
    decided_on: Mapped[dt.datetime | None] = mapped_column(DateTime)
    closed_on: Mapped[dt.datetime | None] = mapped_column(DateTime)
    region: Mapped[str] = mapped_column(ForeignKey("region.code"))
    party: Mapped[str] = mapped_column(Text)
    credit_code: Mapped[str | None] = mapped_column(String(18))
    sector: Mapped[str | None] = mapped_column(String(32))
    source: Mapped[str] = mapped_column(String(16))
    violation: Mapped[str] = mapped_column(Text)
    penalties: Mapped[str] = mapped_column(String(128))
    fine: Mapped[float] = mapped_column(Float)
    confiscation: Mapped[float] = mapped_column(Float)
    transferred: Mapped[str] = mapped_column(String(8))
    transferred_on: Mapped[dt.datetime | None] = mapped_column(DateTime)


class CaseChange(LedgerChangeColumns, Base):
    """A penalty case updated (a decision or closing day filled in, any field corrected) or retired by
    a batch, with every old value (``old_*``) and, for an update, the new ones (``new_*``)."""

    __tablename__ = "case_change"

    old_record_no: Mapped[str | None] = mapped_column(String(128))
    old_filed_on: Mapped[dt.datetime] = mapped_column(DateTime)
    old_decided_on: Mapped[dt.datetime | None] = mapped_column(DateTime)
    old_closed_on: Mapped[dt.datetime | None] = mapped_column(DateTime)
    old_region: Mapped[str] = mapped_column(String(32))
    old_party: Mapped[str] = mapped_column(Text)
    old_credit_code: Mapped[str | None] = mapped_column(String(18))
    old_sector: Mapped[str | None] = mapped_column(String(32))
    old_source: Mapped[str] = mapped_column(String(16))
    old_violation: Mapped[str] = mapped_column(Text)
    old_penalties: Mapped[str] = mapped_column(String(128))
    old_fine: Mapped[float] = mapped_column(Float)
    old_confiscation: Mapped[float] = mapped_column(Float)
    old_transferred: Mapped[str] = mapped_column(String(8))
    old_transferred_on: Mapped[dt.datetime | None] = mapped_column(DateTime)
    new_record_no: Mapped[str | None] = mapped_column(String(128))
    new_filed_on: Mapped[dt.datetime | None] = mapped_column(DateTime)
    new_decided_on: Mapped[dt.datetime | None] = mapped_column(DateTime)
    new_closed_on: Mapped[dt.datetime | None] = mapped_column(DateTime)
    new_region: Mapped[str | None] = mapped_column(String(32))
    new_party: Mapped[str | None] = mapped_column(Text)
    new_credit_code: Mapped[str | None] = mapped_column(String(18))
    new_sector: Mapped[str | None] = mapped_column(String(32))
    new_source: Mapped[str | None] = mapped_column(String(16))
    new_violation: Mapped[str | None] = mapped_column(Text)
    new_penalties: Mapped[str | None] = mapped_column(String(128))
    new_fine: Mapped[float | None] = mapped_column(Float)
    new_confiscation: Mapped[float | None] = mapped_column(Float)
    new_transferred: Mapped[str | None] = mapped_column(String(8))
    new_transferred_on: Mapped[dt.datetime | None] = mapped_column(DateTime)
    new_source_row: Mapped[int | None] = mapped_column(Integer)


CASE_RESTORED_COLUMNS = (*CASE_VALUE_COLUMNS, *LEDGER_RECORD_RESTORED)
"""The columns of a penalty case a change row keeps (as ``old_<name>``) and an undo restores."""


class InspectionMonthSum(Base):
    """The inspection records in force summed per record region, month inspected (YYYY-MM) and
    检查方式 (``store.enforcement_sums``): 检查家次 and the hazards found, of them major. Kept with every
    write of the records, so a span's sums per 检查方式, month or region are read from a few rows
    instead of counted from every record (migration 0017). Sums only: 执法检查企业数, a distinct
    count, is never kept here, since it cannot be added up over months or regions."""

    __tablename__ = "inspection_month_sum"

    month: Mapped[str] = mapped_column(String(7), primary_key=True)  # YYYY-MM inspected
    region: Mapped[str] = mapped_column(String(32), primary_key=True)
    method: Mapped[str] = mapped_column(String(16), primary_key=True)
    visits: Mapped[int] = mapped_column(Integer)
    hazards: Mapped[int] = mapped_column(Integer)
    major_hazards: Mapped[int] = mapped_column(Integer)


class InspectionDistinct(Base):
    """执法检查企业数 kept (``store.inspection_distinct``): per year, region (its towns included; the
    city: every record) and span of whole months within the year (first to last month), the
    distinct enterprises inspected; only counts above 0. Counted again for the years a write of
    the inspections touches, so a page reads a distinct count instead of counting a year's records
    (migration 0017)."""

    __tablename__ = "inspection_distinct"

    year: Mapped[int] = mapped_column(Integer, primary_key=True)
    region: Mapped[str] = mapped_column(String(32), primary_key=True)
    first_month: Mapped[int] = mapped_column(Integer, primary_key=True)
    last_month: Mapped[int] = mapped_column(Integer, primary_key=True)
    enterprises: Mapped[int] = mapped_column(Integer)


class CaseMonthSum(Base):
    """The penalty cases in force summed per record region, month filed (立案日期, YYYY-MM), 案件来源
    and combination of 处罚种类 as stored (``store.enforcement_sums``): cases, fines and
    confiscations (元), cases transferred to the judicial organs, cases closed. Kept with every
    write of the cases (migration 0017)."""

    __tablename__ = "case_month_sum"

    month: Mapped[str] = mapped_column(String(7), primary_key=True)  # YYYY-MM filed
    region: Mapped[str] = mapped_column(String(32), primary_key=True)
    source: Mapped[str] = mapped_column(String(16), primary_key=True)
    penalties: Mapped[str] = mapped_column(String(128), primary_key=True)
    cases: Mapped[int] = mapped_column(Integer)
    fines: Mapped[float] = mapped_column(Float)
    confiscations: Mapped[float] = mapped_column(Float)
    transferred: Mapped[int] = mapped_column(Integer)
    closed: Mapped[int] = mapped_column(Integer)


class ControlTarget(Base):
    """安全生产控制指标: a region's cap on an indicator for a year (控制数). The newest value
    counts; each revision is in the audit log (action ``target_revise``, the old and new value)."""

    __tablename__ = "control_target"
    __table_args__ = (UniqueConstraint("region_code", "year", "indicator_code", name="uq_control_target_key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    region_code: Mapped[str] = mapped_column(ForeignKey("region.code"))
    year: Mapped[int] = mapped_column(Integer)
    indicator_code: Mapped[str] = mapped_column(ForeignKey("indicator.code"))
    target: Mapped[float] = mapped_column(Float)
    source_text: Mapped[str | None] = mapped_column(Text)
    synthetic: Mapped[bool] = mapped_column(Boolean, default=False)
    updated_by: Mapped[str] = mapped_column(String(64))
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class Meta(Base):
    """Small key/value facts about the store, e.g. the data version caches key on."""

    __tablename__ = "meta"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class Account(Base):
    """A person who may sign in: a password hash (argon2), a role and, for a county analyst, a region."""

    __tablename__ = "account"
    __table_args__ = (CheckConstraint("role IN ('viewer', 'county', 'admin')", name="role"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    display_name: Mapped[str] = mapped_column(String(64), default="")
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(16))
    region_code: Mapped[str | None] = mapped_column(ForeignKey("region.code"))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    password_changed_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    failed_logins: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[dt.datetime | None] = mapped_column(DateTime)
    last_login_at: Mapped[dt.datetime | None] = mapped_column(DateTime)


class AuditEvent(Base):
    """One change of data or of accounts: who, when, what, from which file. Append-only (the
    database refuses UPDATE and DELETE on it)."""

    __tablename__ = "audit_event"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, index=True)
    actor: Mapped[str] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(String(32), index=True)
    target: Mapped[str] = mapped_column(String(255), default="")
    region_code: Mapped[str | None] = mapped_column(String(32))
    batch_id: Mapped[int | None] = mapped_column(Integer)
    file_name: Mapped[str | None] = mapped_column(String(255))
    file_hash: Mapped[str | None] = mapped_column(String(64))
    detail: Mapped[str] = mapped_column(Text, default="")
