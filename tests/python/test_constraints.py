"""NOT NULL through every way rows arrive (INSERT, INSERT ... SELECT, COPY) and every client:
the statement fails whole with SQLSTATE 23502, and the column leaves Orbit as a
non-nullable Arrow field."""
import pytest

import orbit


def test_copy_with_a_null_in_a_not_null_column_adds_nothing(tmp_path):
    data = tmp_path / "rows.csv"
    data.write_text("1,a\n2,\n,c\n")
    with orbit.connect() as con:
        con.sql("CREATE TABLE t (id INTEGER NOT NULL, name VARCHAR)")
        with pytest.raises(orbit.IntegrityError) as failure:
            con.sql(f"COPY t FROM '{data}' (DELIMITER ',', HEADER false)")
        assert 'null value in column "id" of relation "t" violates not-null constraint' in str(failure.value)
        assert failure.value.sqlstate == "23502" and failure.value.code == 13
        assert con.sql("SELECT count(*) AS n FROM t").arrow().column("n").to_pylist() == [0]
        data.write_text("1,a\n2,\n")
        con.sql(f"COPY t FROM '{data}' (DELIMITER ',', HEADER false)")
        assert con.sql("SELECT count(*) AS n FROM t").arrow().column("n").to_pylist() == [2]


def test_not_null_columns_export_as_non_nullable_arrow_fields():
    with orbit.connect() as con:
        con.sql("CREATE TABLE t (id INTEGER NOT NULL, name VARCHAR); INSERT INTO t VALUES (1, NULL)")
        schema = con.table("t").arrow().schema
        assert not schema.field("id").nullable
        assert schema.field("name").nullable


def test_duplicate_keys_raise_unique_violation():
    with orbit.connect() as con:
        con.sql("CREATE TABLE t (id INTEGER PRIMARY KEY, name VARCHAR UNIQUE)")
        con.sql("INSERT INTO t VALUES (1, 'a'), (2, NULL), (3, NULL)")
        with pytest.raises(orbit.UniqueViolation) as failure:
            con.sql("INSERT INTO t VALUES (?, ?)", params=[1, "b"])
        assert 'duplicate key value violates unique constraint "t_pkey": Key (id)=(1) already exists' in str(failure.value)
        assert failure.value.sqlstate == "23505" and failure.value.code == 14
        assert isinstance(failure.value, orbit.IntegrityError)
        assert con.sql("SELECT count(*) AS n FROM t").arrow().column("n").to_pylist() == [3]
