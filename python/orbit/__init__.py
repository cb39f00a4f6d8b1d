"""Orbit from Python: run SQL and exchange tables with pyarrow without copying buffers.

    import orbit

    con = orbit.connect()
    con.register("trips", trips)               # trips: a pyarrow.Table; Orbit reads its buffers in place
    result = con.sql("SELECT count(*) FROM trips")   # a pyarrow.Table over Orbit's buffers

This is a thin ctypes binding over Orbit's C ABI (include/orbit/c_api.h); data crosses in
both directions through the Arrow C Stream Interface, so buffers are shared, not copied.
The library is liborbit_c.so, found at $ORBIT_LIB or else build/liborbit_c.so in the
source tree. A fuller package (dataframe API, pandas/Polars results) comes later.
"""

import ctypes
import datetime
import decimal
import os
import pathlib
import threading

import pyarrow as pa

__all__ = ["Connection", "Error", "IntegrityError", "OutOfMemoryError", "QueryCanceled", "UniqueViolation", "connect",
           "library_path"]

# Which buffer Connection.buffer_address reports (enum orbit_buffer_kind in c_api.h).
BUFFER_VALIDITY = 0
BUFFER_DATA = 1  # values, or the int32 offsets of a VARCHAR column
BUFFER_CHARS = 2


class Error(Exception):
    """An error reported by Orbit (bad SQL, unknown table, unsupported Arrow type, ...).
    `code` is the C API's orbit_error_code; `sqlstate` what a PostgreSQL client would get."""

    sqlstate = "XX000"

    def __init__(self, message, code=11):
        super().__init__(message)
        self.code = code


class QueryCanceled(Error):
    """The statement was cancelled: Connection.interrupt(), Ctrl-C, or statement_timeout."""

    sqlstate = "57014"


class OutOfMemoryError(Error):
    """The statement ran out of memory, or over SET memory_limit."""

    sqlstate = "53200"


class IntegrityError(Error):
    """A row broke a table's constraint (a NULL in a NOT NULL column)."""

    sqlstate = "23502"


class UniqueViolation(IntegrityError):
    """A row's key is already in the table: a PRIMARY KEY or UNIQUE constraint."""

    sqlstate = "23505"


_ERROR_CLASSES = {10: OutOfMemoryError, 12: QueryCanceled, 13: IntegrityError,
                  14: UniqueViolation}  # enum orbit_error_code in c_api.h


class _Parameter(ctypes.Structure):
    """struct orbit_parameter in c_api.h."""

    _fields_ = [("kind", ctypes.c_int), ("integer", ctypes.c_int64), ("real", ctypes.c_double),
                ("text", ctypes.c_char_p)]


# enum orbit_parameter_kind in c_api.h
_NULL, _BOOLEAN, _INT64, _DOUBLE, _TEXT, _DATE, _DECIMAL = range(7)
_EPOCH = datetime.date(1970, 1, 1)


def _parameter(value):
    """A Python value as an orbit_parameter: None, bool, int, float, str (untyped, as a quoted
    literal), datetime.date and decimal.Decimal."""
    if value is None:
        return _Parameter(_NULL)
    if isinstance(value, bool):
        return _Parameter(_BOOLEAN, int(value))
    if isinstance(value, int):
        if -(2**63) <= value < 2**63:
            return _Parameter(_INT64, value)
        return _Parameter(_DECIMAL, text=str(value).encode())
    if isinstance(value, float):
        return _Parameter(_DOUBLE, real=value)
    if isinstance(value, str):
        return _Parameter(_TEXT, text=value.encode())
    if isinstance(value, datetime.datetime):
        raise TypeError("datetime parameters need TIMESTAMP, which Orbit does not have yet; pass a date")
    if isinstance(value, datetime.date):
        return _Parameter(_DATE, (value - _EPOCH).days)
    if isinstance(value, decimal.Decimal):
        if not value.is_finite():
            raise TypeError(f"decimal parameter {value} is not a finite number")
        return _Parameter(_DECIMAL, text=format(value, "f").encode())
    raise TypeError(f"cannot pass a {type(value).__name__} as a parameter; "
                    "use None, bool, int, float, str, datetime.date or decimal.Decimal")


class _ArrowArrayStream(ctypes.Structure):
    """struct ArrowArrayStream from the Arrow C Stream Interface; pyarrow fills or reads it."""

    _fields_ = [
        ("get_schema", ctypes.c_void_p),
        ("get_next", ctypes.c_void_p),
        ("get_last_error", ctypes.c_void_p),
        ("release", ctypes.c_void_p),
        ("private_data", ctypes.c_void_p),
    ]

    def release_if_owned(self):
        """Releases the stream unless a consumer already moved it out (release set to NULL)."""
        if self.release:
            ctypes.CFUNCTYPE(None, ctypes.c_void_p)(self.release)(ctypes.addressof(self))


def library_path():
    """Where liborbit_c.so is loaded from: $ORBIT_LIB, else build/ in the source tree."""
    if os.environ.get("ORBIT_LIB"):
        return pathlib.Path(os.environ["ORBIT_LIB"])
    return pathlib.Path(__file__).resolve().parents[2] / "build" / "liborbit_c.so"


_lib = None


def _library():
    """Loads the C ABI once and declares its signatures."""
    global _lib
    if _lib is not None:
        return _lib
    path = library_path()
    if not path.exists():
        raise Error(f"Orbit's C library is not at {path}; build the orbit_c target or set ORBIT_LIB")
    lib = ctypes.CDLL(str(path))  # CDLL releases the GIL during calls
    handle, error = ctypes.c_void_p, ctypes.POINTER(ctypes.c_char_p)
    signatures = {
        "orbit_version": ([], ctypes.c_char_p),
        "orbit_open": ([], handle),
        "orbit_close": ([handle], None),
        "orbit_connect": ([handle], handle),
        "orbit_disconnect": ([handle], None),
        "orbit_interrupt": ([handle], None),
        "orbit_query_arrow": ([handle, ctypes.c_char_p, ctypes.c_void_p, error], ctypes.c_int),
        "orbit_query_arrow_params": (
            [handle, ctypes.c_char_p, ctypes.POINTER(_Parameter), ctypes.c_size_t, ctypes.c_void_p, error],
            ctypes.c_int,
        ),
        "orbit_table_arrow": ([handle, ctypes.c_char_p, ctypes.c_void_p, error], ctypes.c_int),
        "orbit_register_arrow": ([handle, ctypes.c_char_p, ctypes.c_void_p, error], ctypes.c_int),
        "orbit_table_buffer_address": (
            [handle, ctypes.c_char_p, ctypes.c_int, ctypes.c_int, ctypes.c_int,
             ctypes.POINTER(ctypes.c_size_t), error],
            ctypes.c_int,
        ),
        "orbit_free_error": ([ctypes.c_void_p], None),
    }
    for name, (argtypes, restype) in signatures.items():
        function = getattr(lib, name)
        function.argtypes, function.restype = argtypes, restype
    _lib = lib
    return lib


def _check(lib, status, error):
    """Raises Error with Orbit's message when a C call failed, freeing the message."""
    if status == 0:
        return
    message = error.value.decode("utf-8", "replace") if error.value else "unknown error"
    lib.orbit_free_error(ctypes.cast(error, ctypes.c_void_p))
    raise _ERROR_CLASSES.get(status, Error)(message, status)


def _as_reader(data):
    """A pyarrow RecordBatchReader over a Table, RecordBatch, reader or Arrow stream object."""
    if isinstance(data, pa.RecordBatchReader):
        return data
    if isinstance(data, pa.Table):
        return data.to_reader()
    if isinstance(data, pa.RecordBatch):
        return pa.Table.from_batches([data]).to_reader()
    if hasattr(data, "__arrow_c_stream__"):  # DuckDB relations, Polars frames, ...
        return pa.RecordBatchReader.from_stream(data)
    raise TypeError(f"cannot register a {type(data).__name__}; pass a pyarrow Table, RecordBatch or reader")


class Connection:
    """A session on its own in-memory Orbit database. Close it (or use `with`) when done;
    results already returned stay valid after closing, as they own their buffers."""

    def __init__(self):
        self._lib = _library()
        self._database = self._lib.orbit_open()
        if not self._database:
            raise Error("could not open an Orbit database")
        self._connection = self._lib.orbit_connect(self._database)
        if not self._connection:
            self._lib.orbit_close(self._database)
            raise Error("could not connect to the Orbit database")

    def sql(self, text, params=None):
        """Runs the statements in `text` and returns the last one's rows as a pyarrow.Table
        whose buffers are Orbit's (no copy). Statements without rows give a table with no columns.
        `params` (a sequence) are the values of $1, $2, ... or of the ?s in order, for one statement."""
        if params is None:
            return self._read_stream(self._lib.orbit_query_arrow, text)
        values = [_parameter(v) for v in params]
        array = (_Parameter * max(len(values), 1))(*values)
        query = self._lib.orbit_query_arrow_params
        return self._read_stream(
            lambda handle, sql, out, error: query(handle, sql, array, len(values), out, error), text)

    def interrupt(self):
        """Cancels the statement this connection is running (from another thread); that
        call raises QueryCanceled. Ctrl-C does the same for a statement run on the main thread."""
        if self._connection:
            self._lib.orbit_interrupt(self._connection)

    def table(self, name):
        """A stored table as a pyarrow.Table over the very buffers Orbit stores (no copy)."""
        return self._read_stream(self._lib.orbit_table_arrow, name)

    def register(self, name, data):
        """Creates or replaces table `name` from a pyarrow Table/RecordBatch/reader (or any
        object with __arrow_c_stream__). Orbit wraps the Arrow buffers in place and keeps
        them alive for as long as it needs them."""
        stream = _ArrowArrayStream()
        _as_reader(data)._export_to_c(ctypes.addressof(stream))
        error = ctypes.c_char_p()
        status = self._lib.orbit_register_arrow(self._handle(), name.encode(), ctypes.addressof(stream),
                                                ctypes.byref(error))
        _check(self._lib, status, error)

    def buffer_address(self, table, column, batch, which):
        """The address of a buffer of a stored table (which: BUFFER_VALIDITY, BUFFER_DATA or
        BUFFER_CHARS; 0 for a missing validity bitmap). Lets tests prove nothing was copied."""
        address, error = ctypes.c_size_t(), ctypes.c_char_p()
        status = self._lib.orbit_table_buffer_address(self._handle(), table.encode(), column, batch, which,
                                                      ctypes.byref(address), ctypes.byref(error))
        _check(self._lib, status, error)
        return address.value

    def close(self):
        """Ends the session and drops the database (tables imported from Arrow are released
        once no result still uses their buffers)."""
        if getattr(self, "_connection", None):
            self._lib.orbit_disconnect(self._connection)
            self._lib.orbit_close(self._database)
            self._connection = self._database = None

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        self.close()

    def __del__(self):
        self.close()

    def _handle(self):
        if not self._connection:
            raise Error("the connection is closed")
        return self._connection

    def _read_stream(self, produce, text):
        stream, error = _ArrowArrayStream(), ctypes.c_char_p()
        handle = self._handle()
        status = self._call_interruptibly(lambda: produce(handle, text.encode(), ctypes.addressof(stream),
                                                          ctypes.byref(error)))
        _check(self._lib, status, error)
        try:
            reader = pa.RecordBatchReader._import_from_c(ctypes.addressof(stream))  # moves the stream
        finally:
            stream.release_if_owned()
        return reader.read_all()


    def _call_interruptibly(self, call):
        """Runs a C call; on the main thread it runs on a helper thread so that Ctrl-C
        (KeyboardInterrupt, delivered only between bytecodes of the main thread) can
        cancel the statement: the call then ends with QueryCanceled."""
        if threading.current_thread() is not threading.main_thread():
            return call()
        outcome = []
        worker = threading.Thread(target=lambda: outcome.append(call()), daemon=True)
        worker.start()
        while True:
            try:
                worker.join()
                return outcome[0]
            except KeyboardInterrupt:
                self.interrupt()  # the statement stops within a vector; the join above finishes


def connect():
    """A new connection to a new in-memory database."""
    return Connection()
