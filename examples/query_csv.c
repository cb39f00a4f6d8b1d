/* Orbit from C: open a database, load a CSV file, run a query and read the result through
 * the Arrow C Stream Interface.
 *
 *   query_csv_c cities.csv
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "orbit/arrow_c_abi.h"
#include "orbit/c_api.h"

static int is_valid(const struct ArrowArray* column, int64_t row) {
  const uint8_t* validity = (const uint8_t*)column->buffers[0];
  int64_t i = column->offset + row;
  return validity == NULL || ((validity[i / 8] >> (i % 8)) & 1);
}

/* Prints one cell of a VARCHAR ("u") or BIGINT ("l") column. */
static void print_cell(const struct ArrowSchema* type, const struct ArrowArray* column, int64_t row) {
  int64_t i = column->offset + row;
  if (!is_valid(column, row)) {
    printf("NULL");
  } else if (strcmp(type->format, "u") == 0) {
    const int32_t* offsets = (const int32_t*)column->buffers[1];
    const char* chars = (const char*)column->buffers[2];
    printf("%.*s", (int)(offsets[i + 1] - offsets[i]), chars + offsets[i]);
  } else if (strcmp(type->format, "l") == 0) {
    printf("%lld", (long long)((const int64_t*)column->buffers[1])[i]);
  } else {
    printf("<%s>", type->format);
  }
}

static int fail(char* error) {
  fprintf(stderr, "%s\n", error);
  orbit_free_error(error);
  return 1;
}

int main(int argc, char** argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: query_csv_c <cities.csv>\n");
    return 2;
  }
  orbit_database* database = orbit_open();
  orbit_connection* connection = database ? orbit_connect(database) : NULL;
  if (connection == NULL) {
    fprintf(stderr, "could not open a database\n");
    return 1;
  }
  char* error = NULL;
  struct ArrowArrayStream stream;

  const char* create = "CREATE TABLE cities (name VARCHAR, country VARCHAR, population BIGINT);";
  size_t size = strlen(create) + strlen(argv[1]) + 64;
  char* load = malloc(size);
  snprintf(load, size, "%sCOPY cities FROM '%s' (DELIMITER ',', HEADER true)", create, argv[1]);
  int failed = orbit_query_arrow(connection, load, &stream, &error);
  free(load);
  if (failed) return fail(error);
  stream.release(&stream); /* a statement without rows still yields a stream */

  const char* query =
      "SELECT country, sum(population)::BIGINT AS people, count(*) AS cities "
      "FROM cities GROUP BY country ORDER BY country";
  if (orbit_query_arrow(connection, query, &stream, &error)) return fail(error);

  struct ArrowSchema schema;
  if (stream.get_schema(&stream, &schema) != 0) {
    fprintf(stderr, "get_schema failed: %s\n", stream.get_last_error(&stream));
    return 1;
  }
  for (int64_t c = 0; c < schema.n_children; ++c) printf("%s%s", c ? "," : "", schema.children[c]->name);
  printf("\n");
  int status = 0;
  for (;;) {
    struct ArrowArray batch;
    if (stream.get_next(&stream, &batch) != 0) {
      fprintf(stderr, "get_next failed: %s\n", stream.get_last_error(&stream));
      status = 1;
      break;
    }
    if (batch.release == NULL) break; /* the end of the stream */
    for (int64_t r = 0; r < batch.length; ++r) {
      for (int64_t c = 0; c < batch.n_children; ++c) {
        if (c) printf(",");
        print_cell(schema.children[c], batch.children[c], batch.offset + r);
      }
      printf("\n");
    }
    batch.release(&batch);
  }
  schema.release(&schema);
  stream.release(&stream);
  orbit_disconnect(connection);
  orbit_close(database);
  return status;
}
