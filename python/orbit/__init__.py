"""Orbit from Python: SQL over Arrow data, in the shape of DuckDB's and Polars' APIs.

    import orbit

    orbit.sql("SELECT 42 AS x").fetchall()          # the default connection
    con = orbit.connect()                           # a new in-memory database
    con.register("trips", trips)                    # pyarrow, Polars, pandas: read in place
    rel = con.sql("SELECT vendor, avg(fare) FROM trips WHERE day >= ? GROUP BY 1", params=[day])
    rel.arrow(); rel.pl(); rel.df(); rel.fetchall()

The engine is the extension module orbit._core, linked in whole; results cross to pyarrow,
Polars and DuckDB through the Arrow C Stream Interface (PyCapsules), without copies.
"""
import threading

from . import _core
from .connection import BUFFER_CHARS, BUFFER_DATA, BUFFER_VALIDITY, Connection
from .cursor import Cursor
from .errors import (BinderError, ConversionError, DatabaseError, DataError, DeviceError, Error, FileError,
                     IntegrityError, InterfaceError, InternalError, InvalidArgumentError, NotSupportedError,
                     OperationalError, OutOfMemoryError, OutOfRangeError, ParserError, ProgrammingError,
                     QueryCanceled, TypeMismatchError, UniqueViolation, Warning)
from .errors import from_engine as _from_engine
from .relation import Relation

__version__ = _core.version()

# PEP 249 module globals.
apilevel = "2.0"
threadsafety = 1  # connections may not be shared between threads; cursors are their own sessions
paramstyle = "qmark"  # also $1, $2, ... ("numeric" with a $)

__all__ = ["BUFFER_CHARS", "BUFFER_DATA", "BUFFER_VALIDITY", "BinderError", "Connection", "ConversionError",
           "Cursor", "DatabaseError", "DataError", "DeviceError", "Error", "FileError", "IntegrityError",
           "InterfaceError", "InternalError", "InvalidArgumentError", "NotSupportedError", "OperationalError",
           "OutOfMemoryError", "OutOfRangeError", "ParserError", "ProgrammingError", "QueryCanceled", "Relation",
           "TypeMismatchError", "UniqueViolation", "Warning", "apilevel", "connect", "default_connection",
           "paramstyle", "sql", "threadsafety"]


def connect(database=None, config=None, read_only=False):
    """A connection to a new in-memory database (`database` None or ":memory:").
    `config` is a dict of settings, each applied as `SET name = value`."""
    if database not in (None, ":memory:"):
        raise NotSupportedError("databases stored in files are not supported yet; connect() without a path "
                                "opens one in memory")
    if read_only:
        raise NotSupportedError("read_only applies to databases stored in files, which are not supported yet")
    try:
        engine = _core.Database.open()
    except _core.Error as error:
        raise _from_engine(error) from None
    return Connection(engine, config)


_default = None
_default_lock = threading.Lock()


def default_connection():
    """The connection orbit.sql() uses: one in-memory database for the process."""
    global _default
    with _default_lock:
        if _default is None:
            _default = connect()
        return _default


def sql(text, params=None):
    """Runs `text` on the default connection (see Connection.sql)."""
    return default_connection().sql(text, params)
