#!/usr/bin/env python3
"""Writes the fuzz targets' seed corpora, made from the tests, to OUT/<target>/ (scripts/fuzz).

  sql_fuzzer                   every query and statement of tests/sqllogic/*.test, after its
                               file's CREATE and INSERT statements, plus a few over the
                               fuzzer's own tables (fz, fy)
  csv_fuzzer                   the CSV texts of tests/io/csv*_test.cpp, each behind a few
                               option prefixes (the fuzzer's first bytes, see csv_fuzzer.cpp)
  arrow_import_fuzzer          one well-formed stream per format the fuzzer knows, in its byte
                               encoding (arrow_import_fuzzer.cpp), with and without NULLs
  performance_database_fuzzer  files in the performance database's format, good and bad
  calibration_fuzzer           files in the calibration format, good and bad
  auth_fuzzer                  RFC 7677's SCRAM messages, JWTs signed and not, base64 and
                               SCRAM verifiers, each behind its part's first byte

Seeds are generated, not committed: they follow the tests as they change.
"""
import base64
import hashlib
import hmac
import json
import pathlib
import random
import re
import sys

ROOT = pathlib.Path(__file__).resolve().parents[2]
MAX_SQL = 4096
# The SQL fuzzer skips inputs with these words (sql_fuzzer.cpp); seeds holding them are left out.
SKIPPED_WORDS = ["copy", "read_", "attach", "detach", "export", "import", "load", "install", "timeout",
                 "memory_limit", "device", "fault", "thread", "kernels", "calibrat", "checkpoint", "reset",
                 "pragma", "orbit_", "sleep", "lo_", "file", "directory"]


def write(folder: pathlib.Path, name: str, data: bytes):
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_bytes(data)


def sqllogic_records(text: str):
    """(kind, sql) of each record of a .test file."""
    records = []
    lines = text.splitlines()
    i = 0
    while i < len(lines):
        line = lines[i]
        if line.startswith("statement") or line.startswith("query"):
            kind = line.split()[0]
            body = []
            i += 1
            while i < len(lines) and lines[i].strip() and lines[i] != "----":
                body.append(lines[i])
                i += 1
            records.append((kind, "\n".join(body)))
        i += 1
    return records


def sql_seeds(out: pathlib.Path):
    count = 0
    for path in sorted((ROOT / "tests" / "sqllogic").glob("*.test")):
        records = sqllogic_records(path.read_text(errors="replace"))
        setup = [sql for kind, sql in records
                 if kind == "statement" and re.match(r"\s*(CREATE|INSERT)", sql, re.IGNORECASE)]
        prefix = ";\n".join(setup[:12])
        for n, (kind, sql) in enumerate(records):
            if sql in setup:
                continue
            seed = (prefix + ";\n" + sql) if prefix else sql
            if len(seed) > MAX_SQL:
                seed = sql
            if len(seed) > MAX_SQL or any(word in seed.lower() for word in SKIPPED_WORDS):
                continue
            write(out, f"{path.stem}-{n:03d}.sql", seed.encode())
            count += 1
    own = [
        "SELECT * FROM fz ORDER BY i",
        "SELECT i, b, d, m, w, dt, s, f FROM fz WHERE i BETWEEN 1 AND 4 OR s LIKE 'a%'",
        "SELECT s, count(*), sum(m), avg(d), min(dt), max(w) FROM fz GROUP BY s HAVING count(*) > 0 ORDER BY 1",
        "SELECT fz.i, fy.v FROM fz LEFT JOIN fy ON fz.i = fy.k WHERE fy.x IS NULL OR fy.x > 0",
        "SELECT k, string_agg(v, ',') FROM fy GROUP BY k ORDER BY k NULLS FIRST",
        "SELECT i, row_number() OVER (PARTITION BY f ORDER BY d DESC) FROM fz",
        "SELECT * FROM fz WHERE i IN (SELECT k FROM fy) AND NOT EXISTS (SELECT 1 FROM fy WHERE fy.k = fz.i + 5)",
        "SELECT CAST(s AS INTEGER), CAST(d AS DECIMAL(38,10)), dt + 1, dt - INTERVAL '1' MONTH FROM fz",
        "SELECT i FROM fz UNION ALL SELECT k FROM fy EXCEPT SELECT 2 ORDER BY 1 LIMIT 3 OFFSET 1",
        "WITH r AS (SELECT i * 2 AS j FROM fz) SELECT j, CASE WHEN j > 2 THEN 'big' ELSE 'small' END FROM r",
        "SELECT coalesce(i, b, 0), nullif(s, ''), greatest(m, 1), abs(b), round(d, 2), upper(s) FROM fz",
        "CREATE TABLE n (a INTEGER PRIMARY KEY, b VARCHAR DEFAULT 'x'); INSERT INTO n VALUES (1, 'a'), (2, NULL);"
        " UPDATE n SET b = b || '!' WHERE a = 1; DELETE FROM n WHERE a = 2; SELECT * FROM n",
        "CREATE VIEW v AS SELECT * FROM fz WHERE f; SELECT count(*) FROM v; DROP VIEW v",
        "SELECT generate_series FROM generate_series(1, 10) WHERE generate_series % 3 = 0",
        "EXPLAIN SELECT s, sum(i) FROM fz GROUP BY s",
        "SELECT 1; SELECT 2); SELECT 'unterminated",
        "SELECT $1 + 1",
        "SHOW ALL",
    ]
    for n, sql in enumerate(own):
        write(out, f"own-{n:03d}.sql", sql.encode())
    return count + len(own)


C_LITERAL = re.compile(r'"((?:[^"\\\n]|\\.)*)"')


def c_unescape(text: str) -> bytes:
    out = bytearray()
    i = 0
    while i < len(text):
        c = text[i]
        if c != "\\":
            out += c.encode()
            i += 1
            continue
        nxt = text[i + 1]
        if nxt == "x":
            m = re.match(r"[0-9a-fA-F]{1,2}", text[i + 2:])
            out.append(int(m.group(0), 16))
            i += 2 + len(m.group(0))
            continue
        out += {"n": b"\n", "r": b"\r", "t": b"\t", "0": b"\0", "\\": b"\\", '"': b'"', "'": b"'"}.get(nxt, nxt.encode())
        i += 2
    return bytes(out)


def csv_texts():
    texts = []
    for path in sorted((ROOT / "tests" / "io").glob("csv*_test.cpp")):
        source = path.read_text(errors="replace")
        # Adjacent string literals form one text; keep those that look like records.
        for group in re.finditer(r'(?:"(?:[^"\\\n]|\\.)*"\s*)+', source):
            data = b"".join(c_unescape(m.group(1)) for m in C_LITERAL.finditer(group.group(0)))
            if b"\n" in data and len(data) < 4096:
                texts.append(data)
    texts += [b"a,b\n1,2\n", b"x|y\n\"q|uoted\"|NULL\n", b"1\t2.5\t2020-01-01\ttrue\n", b"\"unterminated\n1,2\n"]
    return sorted(set(texts))


def csv_seeds(out: pathlib.Path):
    # Prefixes: flags, delimiter, quote, chunk size, sample rows (csv_fuzzer.cpp's TakeOptions).
    prefixes = [bytes([0b0000001, 0, 0, 0, 9]),      # header, ',', '"', whole file, inferred
                bytes([0b0000011, 0, 0, 0, 9]),      # the same through CsvFile (read_csv)
                bytes([0b0010001, 1, 0, 4, 2]),      # '|', NULL string "NULL", 16-byte chunks
                bytes([0b1000001, 0, 0, 2, 9, 3, 0, 3, 6])]  # declared INTEGER, VARCHAR, DECIMAL(10,2)
    n = 0
    for text in csv_texts():
        for prefix in prefixes:
            write(out, f"csv-{n:04d}", prefix + text)
            n += 1
    return n


# The arrow fuzzer's formats (kFormats) with the bytes per value of their values buffer
# (0: bits, "s": strings, None: no values buffer).
ARROW_FORMATS = ["n", "b", "c", "C", "s", "S", "i", "I", "l", "L", "f", "g", "e", "u", "U", "z", "tdD", "tdm",
                 "tsu:", "d:10,2", "d:18,4,64", "d:5,2,32", "d:38,10", "d:19,0", "d:30,2,128", "d:10,2,256",
                 "d:40,2", "+s", "+l", "w:4"]
WIDTHS = {"c": 1, "C": 1, "s": 2, "S": 2, "e": 2, "i": 4, "I": 4, "f": 4, "tdD": 4, "l": 8, "L": 8, "g": 8, "tdm": 8,
          "tsu:": 8, "d:10,2": 16, "d:18,4,64": 8, "d:5,2,32": 4, "d:38,10": 16, "d:19,0": 16, "d:30,2,128": 16,
          "d:10,2,256": 32, "d:40,2": 16}


def arrow_array(fmt: str, length: int, nulls: bool, rng: random.Random) -> bytes:
    """One child array in the fuzzer's encoding (MakeArray), long enough for its parent."""
    flags = 0x40 | (0x04 if nulls else 0)  # length = the parent's; validity when nulls; true null count
    out = bytearray([flags, 0])  # flags, offset 0
    if nulls:
        out += bytes(rng.randrange(256) for _ in range((length + 7) // 8))
    if fmt == "b":
        out += bytes(rng.randrange(256) for _ in range((length + 7) // 8))
    elif fmt in WIDTHS:
        out += bytes(rng.randrange(256) for _ in range(length * WIDTHS[fmt]))
    elif fmt in ("u", "U", "z"):
        out.append(0)  # the first offset
        last = 0
        for _ in range(length + 1):
            step = rng.randrange(6)
            out.append(step)
            last += step
        last -= out[-1]  # the step after the last offset is not used
        out += bytes(rng.choice(b"abc xyz\xc3\xa9") for _ in range(last))
    return bytes(out)


def arrow_seeds(out: pathlib.Path):
    rng = random.Random(10)
    n = 0
    for index, fmt in enumerate(ARROW_FORMATS):
        for through_connection in (0, 1):
            for nulls in (False, True):
                length = 5
                seed = bytearray([through_connection, 0, 1])  # connection?, stream flags, 1 column
                seed += bytes([0, index])  # field flags, format
                seed += bytes([1])  # one batch
                seed += bytes([0, length])  # batch flags, length
                seed += bytes([1])  # the child keeps the schema's format
                seed += arrow_array(fmt, length, nulls, rng)
                seed += bytes([1])  # the child pointer is set
                write(out, f"arrow-{n:03d}", bytes(seed))
                n += 1
    # Two columns, two batches: an integer and a string column.
    seed = bytearray([0, 0, 2, 0, 6, 0, 13, 2])
    for _ in range(2):
        seed += bytes([0, 3])
        for fmt in ("i", "u"):
            seed += bytes([1]) + arrow_array(fmt, 3, True, rng) + bytes([1])
    write(out, f"arrow-{n:03d}", bytes(seed))
    return n + 1


def performance_seeds(out: pathlib.Path):
    entry = {"kind": "scan|filter", "device": "cpu", "bucket": 9, "count": 3, "mean_seconds": 0.002, "m2": 1e-7,
             "mean_rows": 1e6}
    good = {"format": "orbit-performance-database", "version": 1,
            "entries": [entry, dict(entry, device="opencl:0", bucket=4, count=1, m2=0)]}
    files = [good, dict(good, entries=[]), dict(good, version=2), dict(good, format="x"),
             dict(good, entries=[dict(entry, count=-1)]), dict(good, entries=[dict(entry, bucket="9")]),
             dict(good, entries=[entry, entry]), {"entries": {}}, [], 7]
    n = 0
    for document in files:
        text = json.dumps(document, indent=1).encode()
        for lead in (b"", b" "):  # '{' (odd) also flushes; a leading space (even) does not
            write(out, f"performance-{n:03d}.json", lead + text)
            n += 1
    write(out, f"performance-{n:03d}.json", json.dumps(good).encode()[:40])  # truncated
    return n + 1


def calibration_seeds(out: pathlib.Path):
    figures = {"name": "Host CPU", "source": "orbit calibrate", "memory_bytes_per_second": 1e10,
               "link_bytes_per_second": 0, "launch_seconds": 5e-8, "session_seconds": 0, "setup_seconds": 0,
               "seconds_per_row": {"filter": 1e-9, "arithmetic": 1e-9, "sum": 5e-10, "grouped_aggregate": 3e-9,
                                   "hash": 1.5e-9}}
    good = {"format": "orbit-calibration", "version": 1,
            "devices": {"cpu": figures, "opencl:0": dict(figures, name="pthread", link_bytes_per_second=2e9)}}
    files = [good, dict(good, devices={}), dict(good, version=0), dict(good, devices={"cpu": {"name": 1}}),
             dict(good, devices={"cpu": dict(figures, launch_seconds=-1)}), {"devices": []}, "x"]
    n = 0
    for document in files:
        text = json.dumps(document, indent=1).encode()
        for lead in (b"", b" "):
            write(out, f"calibration-{n:03d}.json", lead + text)
            n += 1
    return n


def auth_seeds(out: pathlib.Path):
    client_first = b"n,,n=user,r=rOprNGfwEbeRWgbNEkqO"
    client_final = (b"c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,"
                    b"p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=")
    b64url = lambda data: base64.urlsafe_b64encode(data).rstrip(b"=")
    secret = b"a-fuzzing-secret-of-thirty-two-bytes"
    claims = {"sub": "fuzz", "role": "reader", "exp": 1_900_000_000, "iss": "fuzz", "aud": ["orbit"]}
    part = b64url(json.dumps({"alg": "HS256", "typ": "JWT"}).encode()) + b"." + b64url(json.dumps(claims).encode())
    signed = part + b"." + b64url(hmac.new(secret, part, hashlib.sha256).digest())
    none = b64url(b'{"alg":"none"}') + b"." + b64url(json.dumps(claims).encode()) + b"."
    verifier = (b"SCRAM-SHA-256$4096:OkK53GvdEwMelwzA/nCfeQ==$XKesp+dMWVT2W9LZ4v2MozjNTb/cgBiGHiI7U7CKkJ4=:"
                b"u8d0ACSAULwvO+k2++8y/9kuHOsb9FVx+eKvd1gOuHc=")
    seeds = [b"\0" + client_first + b"\n" + client_final, b"\0" + client_first, b"\0y,,n=,r=abc\nc=eSws,r=abc",
             b"\x0cp=tls-server-end-point,,n=,r=abc\nc=" + base64.b64encode(b"p=tls-server-end-point,,a-certificate-"
                                                                         b"hash-of-32-bytes!!") + b",r=abc",
             b"\1" + signed, b"\1" + none, b"\1" + part + b".", b"\2Zm9vYmFy", b"\2Zm8=", b"\2-_8", b"\3" + verifier]
    for n, seed in enumerate(seeds):
        write(out, f"auth-{n:03d}", seed)
    return len(seeds)


def main() -> int:
    if len(sys.argv) != 2:
        print("usage: make_seeds.py OUT", file=sys.stderr)
        return 2
    out = pathlib.Path(sys.argv[1])
    counts = {
        "sql_fuzzer": sql_seeds(out / "sql_fuzzer"),
        "csv_fuzzer": csv_seeds(out / "csv_fuzzer"),
        "arrow_import_fuzzer": arrow_seeds(out / "arrow_import_fuzzer"),
        "performance_database_fuzzer": performance_seeds(out / "performance_database_fuzzer"),
        "calibration_fuzzer": calibration_seeds(out / "calibration_fuzzer"),
        "auth_fuzzer": auth_seeds(out / "auth_fuzzer"),
    }
    print("seeds: " + ", ".join(f"{name} {count}" for name, count in counts.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
