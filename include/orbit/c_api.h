/* Orbit's C ABI: open a database, run SQL, and exchange tables with any Arrow library
 * through the Arrow C Stream Interface without copying buffers. Loaded by the Python
 * binding (python/orbit) with ctypes; usable from any language with a C FFI.
 *
 * Conventions:
 *  - Functions returning int return 0 on success and nonzero on failure; on failure
 *    *error (when error is not NULL) receives a malloc'd, NUL-terminated message that the
 *    caller frees with orbit_free_error. On success *error is set to NULL.
 *  - No C++ exception ever leaves these functions.
 *  - A connection must be disconnected before its database is closed.
 *  - One connection is used by one thread at a time; a database may be shared.
 */
#ifndef ORBIT_C_API_H_
#define ORBIT_C_API_H_

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define ORBIT_C_EXPORT __attribute__((visibility("default")))

struct ArrowArrayStream; /* from the Arrow C Stream Interface */

typedef struct orbit_database orbit_database;
typedef struct orbit_connection orbit_connection;

/* Which buffer orbit_table_buffer_address reports. */
enum orbit_buffer_kind {
  ORBIT_BUFFER_VALIDITY = 0, /* the validity bitmap; address 0 when the column has none */
  ORBIT_BUFFER_DATA = 1,     /* the values, or the int32 offsets of a VARCHAR column */
  ORBIT_BUFFER_CHARS = 2,    /* the characters of a VARCHAR column */
};

ORBIT_C_EXPORT const char* orbit_version(void);

/* A new in-memory database, or NULL if it could not be created. */
ORBIT_C_EXPORT orbit_database* orbit_open(void);
ORBIT_C_EXPORT void orbit_close(orbit_database* database);

/* A new session on `database`, or NULL if it could not be created. */
ORBIT_C_EXPORT orbit_connection* orbit_connect(orbit_database* database);
ORBIT_C_EXPORT void orbit_disconnect(orbit_connection* connection);

/* Runs every statement of `sql` and exports the last one's result into `out` (an
 * uninitialised ArrowArrayStream the caller owns afterwards and must release). Statements
 * that return no rows (CREATE, INSERT, SET, ...) yield a stream with no columns. The
 * exported batches point at Orbit's buffers and keep them alive until released. */
ORBIT_C_EXPORT int orbit_query_arrow(orbit_connection* connection, const char* sql, struct ArrowArrayStream* out,
                                     char** error);

/* Exports the stored table `table` as it is, every batch pointing at Orbit's buffers. */
ORBIT_C_EXPORT int orbit_table_arrow(orbit_connection* connection, const char* table, struct ArrowArrayStream* out,
                                     char** error);

/* Imports every batch of `stream` without copying its buffers and creates (or replaces)
 * the table `table_name` in the connection's database. The stream is always consumed:
 * released before this returns, also on failure. The imported arrays stay alive, inside
 * Orbit, until the table and every query result using its buffers are gone. */
ORBIT_C_EXPORT int orbit_register_arrow(orbit_connection* connection, const char* table_name,
                                        struct ArrowArrayStream* stream, char** error);

/* The address of one buffer of a stored table (`which` is an orbit_buffer_kind), so
 * tests can check that data crossed the boundary without a copy. */
ORBIT_C_EXPORT int orbit_table_buffer_address(orbit_connection* connection, const char* table, int column,
                                              int batch, int which, uintptr_t* out, char** error);

ORBIT_C_EXPORT void orbit_free_error(char* error);

#ifdef __cplusplus
}
#endif

#endif /* ORBIT_C_API_H_ */
