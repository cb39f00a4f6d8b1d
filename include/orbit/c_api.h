/* Orbit's C API: open a database, run SQL, and exchange tables with any Arrow library
 * through the Arrow C Stream Interface without copying buffers; usable from any language
 * with a C FFI (Python's ctypes, ...). Exported by liborbit (and liborbit_c, the same
 * library under the name the GPU bundle's scripts load).
 *
 * Conventions:
 *  - Functions returning int return 0 on success and, on failure, the orbit_error_code
 *    of the failure (never 0); *error (when error is not NULL) then receives a malloc'd,
 *    NUL-terminated message that the caller frees with orbit_free_error. On success
 *    *error is set to NULL.
 *  - No C++ exception ever leaves these functions.
 *  - A connection must be disconnected before its database is closed.
 *  - One connection is used by one thread at a time; a database may be shared.
 *  - The Arrow structs are declared by orbit/arrow_c_abi.h (or any other copy of the
 *    specification's declarations).
 */
#ifndef ORBIT_C_API_H_
#define ORBIT_C_API_H_

#include <stddef.h>
#include <stdint.h>

#include "orbit/export.h"

#ifdef __cplusplus
extern "C" {
#endif

#define ORBIT_C_EXPORT ORBIT_EXPORT

struct ArrowArrayStream; /* from the Arrow C Stream Interface */

/** @brief What a failing call returns: the kind of failure (orbit::ErrorCode's values). */
enum orbit_error_code {
  ORBIT_OK = 0,
  ORBIT_ERROR_SYNTAX = 1,
  ORBIT_ERROR_BIND = 2,
  ORBIT_ERROR_TYPE = 3,
  ORBIT_ERROR_NOT_SUPPORTED = 4,
  ORBIT_ERROR_INVALID_DATA = 5,
  ORBIT_ERROR_OUT_OF_RANGE = 6,
  ORBIT_ERROR_IO = 7,
  ORBIT_ERROR_INVALID_ARGUMENT = 8,
  ORBIT_ERROR_DEVICE = 9,
  ORBIT_ERROR_OUT_OF_MEMORY = 10,
  ORBIT_ERROR_INTERNAL = 11,
  ORBIT_ERROR_CANCELLED = 12,             /* orbit_interrupt, statement_timeout (SQLSTATE 57014) */
  ORBIT_ERROR_CONSTRAINT = 13,            /* a NULL in a NOT NULL column (SQLSTATE 23502) */
  ORBIT_ERROR_UNIQUE_VIOLATION = 14,      /* a key a PRIMARY KEY or UNIQUE constraint already holds (23505) */
  ORBIT_ERROR_CHECK_VIOLATION = 15,       /* a row for which a CHECK constraint is false (23514) */
  ORBIT_ERROR_TRANSACTION_ABORTED = 16,   /* a statement in a failed transaction block (25P02) */
  ORBIT_ERROR_LOCK_NOT_AVAILABLE = 17,    /* another session's transaction block holds the writes (55P03) */
  ORBIT_ERROR_SERIALIZATION_FAILURE = 18, /* a block would overwrite a newer commit (40001) */
  ORBIT_ERROR_NO_ACTIVE_TRANSACTION = 19, /* SAVEPOINT and the like outside a transaction block (25P01) */
  ORBIT_ERROR_INVALID_SAVEPOINT = 20,     /* RELEASE or ROLLBACK TO an unknown savepoint (3B001) */
  ORBIT_ERROR_READ_ONLY_TRANSACTION = 21  /* a change inside BEGIN READ ONLY (25006) */
};

typedef struct orbit_database orbit_database;
typedef struct orbit_connection orbit_connection;

/** @brief What an orbit_parameter holds (orbit::Parameter::Kind's values). */
enum orbit_parameter_kind {
  ORBIT_PARAMETER_NULL = 0,
  ORBIT_PARAMETER_BOOLEAN = 1,  /**< integer: 0 or 1 */
  ORBIT_PARAMETER_INT64 = 2,    /**< integer */
  ORBIT_PARAMETER_DOUBLE = 3,   /**< real */
  ORBIT_PARAMETER_TEXT = 4,     /**< text of no type yet, as a quoted literal (NUL-terminated) */
  ORBIT_PARAMETER_DATE = 5,     /**< integer: days since 1970-01-01 */
  ORBIT_PARAMETER_DECIMAL = 6,  /**< text: the digits, such as "-12.50" */
  ORBIT_PARAMETER_TIMESTAMP = 7 /**< integer: microseconds since 1970-01-01 00:00:00 */
};

/** @brief One value for a statement parameter ($1, $2, ... or ?). */
typedef struct orbit_parameter {
  int kind; /**< an orbit_parameter_kind */
  int64_t integer;
  double real;
  const char* text;
} orbit_parameter;

/** @brief Which buffer orbit_table_buffer_address reports. */
enum orbit_buffer_kind {
  ORBIT_BUFFER_VALIDITY = 0, /**< the validity bitmap; address 0 when the column has none */
  ORBIT_BUFFER_DATA = 1,     /**< the values (of an array column: its elements), or a VARCHAR column's int32 offsets */
  ORBIT_BUFFER_CHARS = 2,    /**< the characters of a VARCHAR column */
};

/** @return Orbit's version, e.g. "0.1.0" (a static string) */
ORBIT_C_EXPORT const char* orbit_version(void);

/** @brief Opens a new, empty in-memory database.
 *  @return the database, or NULL if it could not be created */
ORBIT_C_EXPORT orbit_database* orbit_open(void);
/** @brief Closes a database (NULL is ignored); disconnect its connections first. */
ORBIT_C_EXPORT void orbit_close(orbit_database* database);

/** @brief A new session on `database`.
 *  @return the connection, or NULL if it could not be created */
ORBIT_C_EXPORT orbit_connection* orbit_connect(orbit_database* database);
/** @brief Ends a session (NULL is ignored). */
ORBIT_C_EXPORT void orbit_disconnect(orbit_connection* connection);
/** @brief Cancels the statement `connection` is running, and the rest of its script: that
 *  call returns ORBIT_ERROR_CANCELLED. Safe from any thread and from a signal handler while
 *  the connection exists; a request while nothing runs is dropped. NULL is ignored. */
ORBIT_C_EXPORT void orbit_interrupt(orbit_connection* connection);
/** @brief Where `connection` stands in a transaction block, as PostgreSQL's ReadyForQuery
 *  says it: 'I' outside one (also for NULL), 'T' in a block (BEGIN), 'E' in a block an
 *  error failed (every statement but ROLLBACK and COMMIT fails until it ends). */
ORBIT_C_EXPORT char orbit_transaction_status(const orbit_connection* connection);

/** @brief Runs every statement of `sql` and exports the last one's result. Statements that
 *  return no rows (CREATE, INSERT, SET, ...) yield a stream with no columns. The exported
 *  batches point at Orbit's buffers and keep them alive until released.
 *  @param connection the session
 *  @param sql NUL-terminated SQL, one or more statements
 *  @param out an uninitialised ArrowArrayStream the caller owns afterwards and must release
 *  @param error receives the message on failure (may be NULL)
 *  @return 0 on success */
ORBIT_C_EXPORT int orbit_query_arrow(orbit_connection* connection, const char* sql, struct ArrowArrayStream* out,
                                     char** error);

/** @brief Runs one statement with values for its parameters and exports its result, as
 *  orbit_query_arrow does.
 *  @param connection the session
 *  @param sql NUL-terminated SQL, one statement
 *  @param parameters `count` values, for $1 to $count (or the ?s in order); NULL when count is 0
 *  @param count how many
 *  @param out an uninitialised ArrowArrayStream the caller owns afterwards and must release
 *  @param error receives the message on failure (may be NULL)
 *  @return 0 on success */
ORBIT_C_EXPORT int orbit_query_arrow_params(orbit_connection* connection, const char* sql,
                                            const orbit_parameter* parameters, size_t count,
                                            struct ArrowArrayStream* out, char** error);

/** @brief Exports the stored table `table` as it is, every batch pointing at Orbit's buffers.
 *  @param connection the session
 *  @param table the table's name
 *  @param out an uninitialised ArrowArrayStream the caller owns afterwards and must release
 *  @param error receives the message on failure (may be NULL)
 *  @return 0 on success */
ORBIT_C_EXPORT int orbit_table_arrow(orbit_connection* connection, const char* table, struct ArrowArrayStream* out,
                                     char** error);

/** @brief Imports every batch of `stream` without copying its buffers and creates (or
 *  replaces) the table `table_name`. The imported arrays stay alive, inside Orbit, until
 *  the table and every query result using its buffers are gone.
 *  @param connection the session
 *  @param table_name the table's name
 *  @param stream always consumed: released before this returns, also on failure
 *  @param error receives the message on failure (may be NULL)
 *  @return 0 on success */
ORBIT_C_EXPORT int orbit_register_arrow(orbit_connection* connection, const char* table_name,
                                        struct ArrowArrayStream* stream, char** error);

/** @brief The address of one buffer of a stored table, so tests can check that data
 *  crossed the boundary without a copy.
 *  @param connection the session
 *  @param table the table's name
 *  @param column the column index
 *  @param batch the batch index
 *  @param which an orbit_buffer_kind
 *  @param out receives the address
 *  @param error receives the message on failure (may be NULL)
 *  @return 0 on success */
ORBIT_C_EXPORT int orbit_table_buffer_address(orbit_connection* connection, const char* table, int column, int batch,
                                              int which, uintptr_t* out, char** error);

/** @brief Frees a message returned through an `error` argument (NULL is ignored). */
ORBIT_C_EXPORT void orbit_free_error(char* error);

#ifdef __cplusplus
}
#endif

#endif /* ORBIT_C_API_H_ */
