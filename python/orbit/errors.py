"""Orbit's exceptions: PEP 249's hierarchy, with one class per kind of engine error.

Every error is an `orbit.Error` with `.code` (the engine's error code, as the C API's
orbit_error_code) and `.sqlstate` (what a PostgreSQL client would get).
"""

__all__ = ["Warning", "Error", "InterfaceError", "DatabaseError", "DataError", "OperationalError",
           "IntegrityError", "InternalError", "ProgrammingError", "NotSupportedError", "ParserError",
           "BinderError", "TypeMismatchError", "InvalidArgumentError", "ConversionError", "OutOfRangeError",
           "FileError", "DeviceError", "OutOfMemoryError", "QueryCanceled", "UniqueViolation",
           "CheckViolation", "InFailedSqlTransaction", "LockNotAvailable", "SerializationFailure",
           "NoActiveSqlTransaction", "InvalidSavepointSpecification", "ReadOnlySqlTransaction"]


class Warning(Exception):  # noqa: A001 (PEP 249 names it so)
    """PEP 249's warning; Orbit raises none yet."""


class Error(Exception):
    """An error reported by Orbit. `code` is the engine's error code; `sqlstate` the
    PostgreSQL SQLSTATE."""

    sqlstate = "XX000"

    def __init__(self, message, code=11, sqlstate=None):
        super().__init__(message)
        self.code = code
        if sqlstate is not None:
            self.sqlstate = sqlstate


class InterfaceError(Error):
    """The Python package was used wrongly (a closed connection, a bad parameter)."""


class DatabaseError(Error):
    """An error of the engine."""


class DataError(DatabaseError):
    """A value that is malformed or out of its type's range."""


class OperationalError(DatabaseError):
    """The statement could not run to its end: cancelled, out of memory, a file, a device."""


class IntegrityError(DatabaseError):
    """A row broke a table's constraint (a NULL in a NOT NULL column)."""

    sqlstate = "23502"


class InternalError(DatabaseError):
    """A bug in Orbit."""


class ProgrammingError(DatabaseError):
    """SQL that does not parse or bind, or a bad setting."""


class NotSupportedError(DatabaseError):
    """Valid SQL that Orbit does not run yet."""

    sqlstate = "0A000"


class ParserError(ProgrammingError):
    """SQL that does not parse."""

    sqlstate = "42601"


class BinderError(ProgrammingError):
    """An unknown table or column, an ambiguous name."""


class TypeMismatchError(ProgrammingError):
    """An expression whose types do not fit."""

    sqlstate = "42804"


class InvalidArgumentError(ProgrammingError):
    """A bad option, setting or argument."""

    sqlstate = "22023"


class ConversionError(DataError):
    """A malformed file or value."""

    sqlstate = "22P02"


class OutOfRangeError(DataError):
    """Overflow, division by zero, a value out of its type's range."""

    sqlstate = "22003"


class FileError(OperationalError):
    """A file that cannot be opened, read or written."""

    sqlstate = "58030"


class DeviceError(OperationalError):
    """An accelerator failed and the statement could not fall back."""


class OutOfMemoryError(OperationalError):
    """The statement ran out of memory, or over SET memory_limit."""

    sqlstate = "53200"


class QueryCanceled(OperationalError):
    """The statement was cancelled: Connection.interrupt(), Ctrl-C, or statement_timeout."""

    sqlstate = "57014"


class UniqueViolation(IntegrityError):
    """A row's key is already in the table: a PRIMARY KEY or UNIQUE constraint."""

    sqlstate = "23505"


class CheckViolation(IntegrityError):
    """A row for which a table's CHECK constraint is false."""

    sqlstate = "23514"


class InFailedSqlTransaction(InternalError):
    """A statement in a transaction block that an earlier error failed: only ROLLBACK (or
    COMMIT, which rolls back) ends it. psycopg's class of the same name."""

    sqlstate = "25P02"


class NoActiveSqlTransaction(InternalError):
    """SAVEPOINT, RELEASE or ROLLBACK TO outside a transaction block."""

    sqlstate = "25P01"


class InvalidSavepointSpecification(InternalError):
    """RELEASE or ROLLBACK TO a savepoint the transaction block does not have."""

    sqlstate = "3B001"


class ReadOnlySqlTransaction(InternalError):
    """A change inside a READ ONLY transaction block (BEGIN READ ONLY)."""

    sqlstate = "25006"


class LockNotAvailable(OperationalError):
    """Another session's transaction block holds the database's writes (past lock_timeout)."""

    sqlstate = "55P03"


class SerializationFailure(OperationalError):
    """A REPEATABLE READ or SERIALIZABLE block would write over a change committed after its
    snapshot: roll back and run it again."""

    sqlstate = "40001"


# The engine's error codes (orbit::ErrorCode, the C API's orbit_error_code) and their classes.
_CLASS_OF_CODE = {1: ParserError, 2: BinderError, 3: TypeMismatchError, 4: NotSupportedError, 5: ConversionError,
                  6: OutOfRangeError, 7: FileError, 8: InvalidArgumentError, 9: DeviceError, 10: OutOfMemoryError,
                  11: InternalError, 12: QueryCanceled, 13: IntegrityError, 14: UniqueViolation,
                  15: CheckViolation, 16: InFailedSqlTransaction, 17: LockNotAvailable, 18: SerializationFailure,
                  19: NoActiveSqlTransaction, 20: InvalidSavepointSpecification,
                  21: ReadOnlySqlTransaction}


def from_engine(error):
    """The orbit exception for an orbit._core.Error(message, code, sqlstate)."""
    message, code, sqlstate = error.args
    return _CLASS_OF_CODE.get(code, DatabaseError)(message, code, sqlstate)
