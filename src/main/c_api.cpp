// The C ABI of Orbit (see include/orbit/c_api.h): what the Python binding and other
// languages load to exchange Arrow data with Orbit without copies. Written on the public
// C++ API alone, whose calls never throw; every entry point still catches everything,
// since building a message can run out of memory, and no exception may cross into C.
#include "orbit/c_api.h"

#include <cstdlib>
#include <cstring>
#include <exception>
#include <new>
#include <string>

#include "orbit/orbit.h"

struct orbit_database {
  explicit orbit_database(orbit::Database opened) : database(std::move(opened)) {}
  orbit::Database database;
};

struct orbit_connection {
  explicit orbit_connection(orbit::Connection connected) : connection(std::move(connected)) {}
  orbit::Connection connection;
};

namespace {

using orbit::Error;
using orbit::ErrorCode;
using orbit::Expected;

void SetError(char** error, const std::string& message) {
  if (error == nullptr) return;
  *error = static_cast<char*>(std::malloc(message.size() + 1));
  if (*error != nullptr) std::memcpy(*error, message.c_str(), message.size() + 1);
}

/// Runs `fn` (returning an Expected<void>), translating failures and exceptions into the
/// C convention: 0 on success, else the orbit_error_code with a message in *error.
template <typename Fn>
int Guarded(char** error, Fn&& fn) {
  if (error != nullptr) *error = nullptr;
  try {
    Expected<void> done = fn();
    if (done.ok()) return ORBIT_OK;
    SetError(error, done.error().ToString());
    return static_cast<int>(done.error().code());
  } catch (const std::bad_alloc&) {
    SetError(error, "Out of memory: no memory left for this statement");
    return ORBIT_ERROR_OUT_OF_MEMORY;
  } catch (const std::exception& e) {
    SetError(error, std::string("internal error: ") + e.what());
  } catch (...) {
    SetError(error, "internal error: unknown exception");
  }
  return ORBIT_ERROR_INTERNAL;
}

// The C codes are the C++ API's, value for value.
static_assert(ORBIT_ERROR_SYNTAX == static_cast<int>(ErrorCode::kSyntaxError));
static_assert(ORBIT_ERROR_DEVICE == static_cast<int>(ErrorCode::kDeviceError));
static_assert(ORBIT_ERROR_OUT_OF_MEMORY == static_cast<int>(ErrorCode::kOutOfMemory));
static_assert(ORBIT_ERROR_INTERNAL == static_cast<int>(ErrorCode::kInternal));
static_assert(ORBIT_ERROR_CANCELLED == static_cast<int>(ErrorCode::kCancelled));
static_assert(ORBIT_ERROR_CONSTRAINT == static_cast<int>(ErrorCode::kConstraint));
static_assert(ORBIT_ERROR_UNIQUE_VIOLATION == static_cast<int>(ErrorCode::kUniqueViolation));
static_assert(ORBIT_ERROR_CHECK_VIOLATION == static_cast<int>(ErrorCode::kCheckViolation));
static_assert(ORBIT_ERROR_TRANSACTION_ABORTED == static_cast<int>(ErrorCode::kTransactionAborted));
static_assert(ORBIT_ERROR_LOCK_NOT_AVAILABLE == static_cast<int>(ErrorCode::kLockNotAvailable));
static_assert(ORBIT_ERROR_SERIALIZATION_FAILURE == static_cast<int>(ErrorCode::kSerializationFailure));
static_assert(ORBIT_ERROR_NO_ACTIVE_TRANSACTION == static_cast<int>(ErrorCode::kNoActiveTransaction));
static_assert(ORBIT_ERROR_INVALID_SAVEPOINT == static_cast<int>(ErrorCode::kInvalidSavepoint));
static_assert(ORBIT_ERROR_READ_ONLY_TRANSACTION == static_cast<int>(ErrorCode::kReadOnlyTransaction));

Error InvalidArgument(std::string message) { return Error(ErrorCode::kInvalidArgument, std::move(message)); }

/// Releases an Arrow stream, schema or array that this file took, on every return path.
template <typename T>
struct Released {
  T value{};
  ~Released() {
    if (value.release != nullptr) value.release(&value);
  }
};

/// The address of one buffer of a stored table, read from its zero-copy Arrow export:
/// the exported arrays point at the table's own buffers.
Expected<void> BufferAddress(orbit::Connection& connection, const char* table, int column, int batch, int which,
                             uintptr_t* out) {
  Released<ArrowArrayStream> stream;
  if (auto exported = connection.ExportTable(table, &stream.value); !exported.ok()) return exported;
  Released<ArrowSchema> schema;
  if (stream.value.get_schema(&stream.value, &schema.value) != 0) return Error(ErrorCode::kInternal, "no schema");
  if (column < 0 || column >= schema.value.n_children) {
    return InvalidArgument("table \"" + std::string(table) + "\" has " + std::to_string(schema.value.n_children) +
                           " columns; there is no column " + std::to_string(column));
  }
  Released<ArrowArray> array;
  int batches = 0;
  for (;; ++batches) {
    if (array.value.release != nullptr) array.value.release(&array.value);
    if (stream.value.get_next(&stream.value, &array.value) != 0) return Error(ErrorCode::kInternal, "no batch");
    if (array.value.release == nullptr || batches == batch) break;  // the end, or the batch asked for
  }
  if (batch < 0 || array.value.release == nullptr) {
    return InvalidArgument("table \"" + std::string(table) + "\" has " + std::to_string(batches) +
                           " batches; there is no batch " + std::to_string(batch));
  }
  const ArrowArray& child = *array.value.children[column];
  const bool is_varchar = std::strcmp(schema.value.children[column]->format, "u") == 0;
  int index = 0;
  switch (which) {
    case ORBIT_BUFFER_VALIDITY: index = 0; break;
    case ORBIT_BUFFER_DATA: index = 1; break;
    case ORBIT_BUFFER_CHARS:
      if (!is_varchar) {
        return InvalidArgument("column " + std::to_string(column) + " of \"" + table +
                               "\" is not VARCHAR, so it has no character buffer");
      }
      index = 2;
      break;
    default:
      return InvalidArgument("buffer kind " + std::to_string(which) +
                             " is not one of 0 (validity), 1 (data), 2 (chars)");
  }
  // A T[n] array's values are its fixed-size list's one child's data buffer.
  const bool is_array = std::strncmp(schema.value.children[column]->format, "+w:", 3) == 0;
  const ArrowArray& holder = is_array && which == ORBIT_BUFFER_DATA ? *child.children[0] : child;
  *out = index < holder.n_buffers ? reinterpret_cast<uintptr_t>(holder.buffers[index]) : 0;
  return {};
}

}  // namespace

extern "C" {

const char* orbit_version(void) { return orbit::Version(); }

orbit_database* orbit_open(void) {
  try {
    Expected<orbit::Database> database = orbit::Database::Open();
    return database.ok() ? new orbit_database(std::move(database).value()) : nullptr;
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
    Expected<orbit::Connection> connection = database->database.Connect();
    return connection.ok() ? new orbit_connection(std::move(connection).value()) : nullptr;
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

void orbit_interrupt(orbit_connection* connection) {
  if (connection != nullptr) connection->connection.Interrupt();
}

char orbit_transaction_status(const orbit_connection* connection) {
  if (connection == nullptr) return 'I';
  switch (connection->connection.transaction_status()) {
    case orbit::TransactionStatus::kIdle: return 'I';
    case orbit::TransactionStatus::kInBlock: return 'T';
    case orbit::TransactionStatus::kFailed: return 'E';
  }
  return 'I';
}

int orbit_query_arrow(orbit_connection* connection, const char* sql, ArrowArrayStream* out, char** error) {
  return Guarded(error, [&]() -> Expected<void> {
    if (connection == nullptr || sql == nullptr || out == nullptr) {
      return InvalidArgument("orbit_query_arrow needs a connection, SQL text and an output stream");
    }
    Expected<orbit::QueryResult> result = connection->connection.Query(sql);
    if (!result.ok()) return result.error();
    return result->ExportArrow(out);
  });
}

int orbit_query_arrow_params(orbit_connection* connection, const char* sql, const orbit_parameter* parameters,
                             size_t count, ArrowArrayStream* out, char** error) {
  return Guarded(error, [&]() -> Expected<void> {
    if (connection == nullptr || sql == nullptr || out == nullptr || (parameters == nullptr && count > 0)) {
      return InvalidArgument(
          "orbit_query_arrow_params needs a connection, SQL text, its parameters and an output stream");
    }
    std::vector<orbit::Parameter> values;
    for (size_t i = 0; i < count; ++i) {
      const orbit_parameter& p = parameters[i];
      const bool has_text = p.text != nullptr;
      switch (p.kind) {
        case ORBIT_PARAMETER_NULL: values.push_back(orbit::Parameter::Null()); break;
        case ORBIT_PARAMETER_BOOLEAN: values.push_back(orbit::Parameter::Boolean(p.integer != 0)); break;
        case ORBIT_PARAMETER_INT64: values.push_back(orbit::Parameter::Int64(p.integer)); break;
        case ORBIT_PARAMETER_DOUBLE: values.push_back(orbit::Parameter::Double(p.real)); break;
        case ORBIT_PARAMETER_DATE: values.push_back(orbit::Parameter::Date(static_cast<int32_t>(p.integer))); break;
        case ORBIT_PARAMETER_TIMESTAMP: values.push_back(orbit::Parameter::Timestamp(p.integer)); break;
        case ORBIT_PARAMETER_TEXT:
        case ORBIT_PARAMETER_DECIMAL:
          if (!has_text) return InvalidArgument("parameter " + std::to_string(i + 1) + " has no text");
          values.push_back(p.kind == ORBIT_PARAMETER_TEXT ? orbit::Parameter::Text(p.text)
                                                          : orbit::Parameter::Decimal(p.text));
          break;
        default: return InvalidArgument("parameter " + std::to_string(i + 1) + " has an unknown kind");
      }
    }
    Expected<orbit::QueryResult> result = connection->connection.Query(sql, values);
    if (!result.ok()) return result.error();
    return result->ExportArrow(out);
  });
}

int orbit_table_arrow(orbit_connection* connection, const char* table, ArrowArrayStream* out, char** error) {
  return Guarded(error, [&]() -> Expected<void> {
    if (connection == nullptr || table == nullptr || out == nullptr) {
      return InvalidArgument("orbit_table_arrow needs a connection, a table name and an output stream");
    }
    return connection->connection.ExportTable(table, out);
  });
}

int orbit_register_arrow(orbit_connection* connection, const char* table_name, ArrowArrayStream* stream, char** error) {
  return Guarded(error, [&]() -> Expected<void> {
    if (connection == nullptr || table_name == nullptr || *table_name == '\0') {
      if (stream != nullptr && stream->release != nullptr) stream->release(stream);  // always consumed
      return InvalidArgument("orbit_register_arrow needs a connection and a table name");
    }
    return connection->connection.RegisterArrow(table_name, stream);
  });
}

int orbit_table_buffer_address(orbit_connection* connection, const char* table, int column, int batch, int which,
                               uintptr_t* out, char** error) {
  return Guarded(error, [&]() -> Expected<void> {
    if (connection == nullptr || table == nullptr || out == nullptr) {
      return InvalidArgument("orbit_table_buffer_address needs a connection, a table name and an output");
    }
    return BufferAddress(connection->connection, table, column, batch, which, out);
  });
}

void orbit_free_error(char* error) { std::free(error); }

}  // extern "C"
