// The C ABI of Orbit (see include/orbit/c_api.h): what the Python binding and other
// languages load to exchange Arrow data with Orbit without copies. Every entry point
// catches everything: no exception crosses the C boundary (DESIGN rule 6).
#include "orbit/c_api.h"

#include <cstdlib>
#include <cstring>
#include <exception>
#include <new>
#include <string>

#include "columnar/arrow_c_data.h"
#include "orbit/orbit.h"
#include "sql/catalog/catalog.h"

struct orbit_database {
  orbit::Database database;
};

struct orbit_connection {
  explicit orbit_connection(orbit::Database& database) : connection(database) {}
  orbit::Connection connection;
};

namespace {

using orbit::Status;

void SetError(char** error, const std::string& message) {
  if (error == nullptr) return;
  *error = static_cast<char*>(std::malloc(message.size() + 1));
  if (*error != nullptr) std::memcpy(*error, message.c_str(), message.size() + 1);
}

/// Runs `fn` (returning a Status), translating failures and exceptions into the C
/// convention: 0 on success, 1 with a message in *error otherwise.
template <typename Fn>
int Guarded(char** error, Fn&& fn) {
  if (error != nullptr) *error = nullptr;
  try {
    Status status = fn();
    if (status.ok()) return 0;
    SetError(error, status.ToString());
  } catch (const std::bad_alloc&) {
    SetError(error, "out of memory");
  } catch (const std::exception& e) {
    SetError(error, std::string("internal error: ") + e.what());
  } catch (...) {
    SetError(error, "internal error: unknown exception");
  }
  return 1;
}

Status ExportResult(const orbit::QueryResult& result, ArrowArrayStream* out) {
  orbit::TablePtr table = result.table();
  if (!result.returns_rows() || table == nullptr) table = std::make_shared<orbit::Table>("result", orbit::Schema{});
  return orbit::ExportTable(table, out);
}

Status BufferAddress(orbit::Catalog& catalog, const char* table_name, int column_index, int batch_index,
                     int which, uintptr_t* out) {
  ORBIT_ASSIGN_OR_RETURN(orbit::TablePtr table, catalog.GetTable(table_name));
  if (column_index < 0 || column_index >= table->num_columns()) {
    return Status::InvalidArgument("table \"{}\" has {} columns; there is no column {}", table_name,
                                   table->num_columns(), column_index);
  }
  if (batch_index < 0 || batch_index >= static_cast<int>(table->batches().size())) {
    return Status::InvalidArgument("table \"{}\" has {} batches; there is no batch {}", table_name,
                                   table->batches().size(), batch_index);
  }
  const orbit::Column& column = *table->batches()[batch_index].columns[column_index];
  const std::shared_ptr<orbit::Buffer>* buffer = nullptr;
  switch (which) {
    case ORBIT_BUFFER_VALIDITY: buffer = &column.validity_buffer(); break;
    case ORBIT_BUFFER_DATA: buffer = &column.data_buffer(); break;
    case ORBIT_BUFFER_CHARS:
      if (column.type().id != orbit::TypeId::kVarchar) {
        return Status::InvalidArgument("column {} of \"{}\" is {}, which has no character buffer", column_index,
                                       table_name, column.type().ToString());
      }
      buffer = &column.chars_buffer();
      break;
    default:
      return Status::InvalidArgument("buffer kind {} is not one of 0 (validity), 1 (data), 2 (chars)", which);
  }
  *out = *buffer ? reinterpret_cast<uintptr_t>((*buffer)->data()) : 0;
  return Status::OK();
}

}  // namespace

extern "C" {

const char* orbit_version(void) { return "0.1.0"; }

orbit_database* orbit_open(void) {
  try {
    return new orbit_database();
  } catch (...) {
    return nullptr;
  }
}

void orbit_close(orbit_database* database) {
  try {
    delete database;
  } catch (...) {  // a destructor that throws must not unwind into C
  }
}

orbit_connection* orbit_connect(orbit_database* database) {
  if (database == nullptr) return nullptr;
  try {
    return new orbit_connection(database->database);
  } catch (...) {
    return nullptr;
  }
}

void orbit_disconnect(orbit_connection* connection) {
  try {
    delete connection;
  } catch (...) {
  }
}

int orbit_query_arrow(orbit_connection* connection, const char* sql, ArrowArrayStream* out, char** error) {
  return Guarded(error, [&]() -> Status {
    if (connection == nullptr || sql == nullptr || out == nullptr) {
      return Status::InvalidArgument("orbit_query_arrow needs a connection, SQL text and an output stream");
    }
    ORBIT_ASSIGN_OR_RETURN(orbit::QueryResult result, connection->connection.Query(sql));
    return ExportResult(result, out);
  });
}

int orbit_table_arrow(orbit_connection* connection, const char* table, ArrowArrayStream* out, char** error) {
  return Guarded(error, [&]() -> Status {
    if (connection == nullptr || table == nullptr || out == nullptr) {
      return Status::InvalidArgument("orbit_table_arrow needs a connection, a table name and an output stream");
    }
    ORBIT_ASSIGN_OR_RETURN(orbit::TablePtr stored, connection->connection.database().catalog().GetTable(table));
    return orbit::ExportTable(stored, out);
  });
}

int orbit_register_arrow(orbit_connection* connection, const char* table_name, ArrowArrayStream* stream,
                         char** error) {
  return Guarded(error, [&]() -> Status {
    if (connection == nullptr || table_name == nullptr || *table_name == '\0') {
      if (stream != nullptr && stream->release != nullptr) stream->release(stream);  // always consumed
      return Status::InvalidArgument("orbit_register_arrow needs a connection and a table name");
    }
    ORBIT_ASSIGN_OR_RETURN(orbit::TablePtr table, orbit::ImportStream(stream, table_name));
    return connection->connection.database().catalog().CreateTable(std::move(table), /*replace=*/true);
  });
}

int orbit_table_buffer_address(orbit_connection* connection, const char* table, int column, int batch, int which,
                               uintptr_t* out, char** error) {
  return Guarded(error, [&]() -> Status {
    if (connection == nullptr || table == nullptr || out == nullptr) {
      return Status::InvalidArgument("orbit_table_buffer_address needs a connection, a table name and an output");
    }
    return BufferAddress(connection->connection.database().catalog(), table, column, batch, which, out);
  });
}

void orbit_free_error(char* error) { std::free(error); }

}  // extern "C"
