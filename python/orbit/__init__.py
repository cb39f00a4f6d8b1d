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
import os
import threading

from . import _core
from .connection import BUFFER_CHARS, BUFFER_DATA, BUFFER_VALIDITY, Connection
from .cursor import Cursor
from .errors import (BinderError, CheckViolation, ConversionError, DatabaseError, DataError, DeviceError, Error,
                     FileError, InFailedSqlTransaction, IntegrityError, InvalidSavepointSpecification, InterfaceError, InternalError,
                     InvalidArgumentError, LockNotAvailable, NoActiveSqlTransaction, NotSupportedError,
                     OperationalError, OutOfMemoryError, OutOfRangeError, ParserError, ProgrammingError,
                     QueryCanceled, ReadOnlySqlTransaction, SerializationFailure, TypeMismatchError,
                     UniqueViolation, Warning)
from .errors import from_engine as _from_engine
from .relation import Relation

__version__ = _core.version()

# PEP 249 module globals.
apilevel = "2.0"
threadsafety = 1  # connections may not be shared between threads; cursors are their own sessions
paramstyle = "qmark"  # also $1, $2, ... ("numeric" with a $)

__all__ = ["BUFFER_CHARS", "BUFFER_DATA", "BUFFER_VALIDITY", "BinderError", "CheckViolation", "Connection",
           "ConversionError", "InFailedSqlTransaction", "LockNotAvailable", "NoActiveSqlTransaction",
           "InvalidSavepointSpecification", "ReadOnlySqlTransaction", "SerializationFailure",
           "Cursor", "DatabaseError", "DataError", "DeviceError", "Error", "FileError", "IntegrityError",
           "InterfaceError", "InternalError", "InvalidArgumentError", "NotSupportedError", "OperationalError",
           "OutOfMemoryError", "OutOfRangeError", "ParserError", "ProgrammingError", "QueryCanceled", "Relation",
           "TypeMismatchError", "UniqueViolation", "Warning", "apilevel", "connect", "default_connection",
           "paramstyle", "sql", "threadsafety"]


def connect(database=None, config=None, read_only=False):
    """A connection to a database: a new in-memory one (`database` None or ":memory:"), or the
    database folder at the path `database` ("sales.orbit"), created when missing. Every
    statement that changes a folder's tables is stored when it returns, all of it or nothing.
    One process may write a folder at a time; `read_only=True` reads it as last committed,
    also while another process writes it. `config` is a dict of settings, each applied as
    `SET name = value`."""
    try:
        if database in (None, ":memory:"):
            if read_only:
                raise NotSupportedError("read_only applies to a database folder; an in-memory database is always "
                                        "writable")
            engine = _core.Database.open()
        else:
            engine = _core.Database.open_folder(os.fspath(database), read_only)
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
