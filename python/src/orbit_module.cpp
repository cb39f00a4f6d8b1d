// orbit._core: the engine inside the Python package, written on the public C++ API alone
// (include/orbit/). It is small on purpose: databases, connections, results and Arrow
// streams as PyCapsules; python/orbit/ builds the DuckDB- and Polars-shaped API on it.
//
// A query runs with the GIL released. Run from Python's main thread, it also takes SIGINT
// for as long as it runs, so Ctrl-C cancels it (Connection::Interrupt only sets a flag,
// which a signal handler may do) instead of waiting for Python's next bytecode.
#include <nanobind/nanobind.h>
#include <nanobind/stl/optional.h>
#include <nanobind/stl/string.h>
#include <nanobind/stl/string_view.h>
#include <nanobind/stl/tuple.h>
#include <nanobind/stl/vector.h>

#include <atomic>
#include <csignal>
#include <cstring>
#include <optional>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "orbit/orbit.h"

namespace nb = nanobind;

namespace {

constexpr const char* kStreamCapsule = "arrow_array_stream";

/// What the engine's errors reach Python as: _core.Error(message, code, sqlstate); the
/// package maps the code to its exception classes (orbit.ParserError, ...).
nb::object& ErrorType() {
  static nb::object type;
  return type;
}

[[noreturn]] void Raise(const orbit::Error& error) {
  nb::object instance = ErrorType()(error.message(), static_cast<int>(error.code()), error.sqlstate());
  PyErr_SetObject(ErrorType().ptr(), instance.ptr());
  throw nb::python_error();
}

template <typename T>
T ValueOrRaise(orbit::Expected<T>&& result) {
  if (!result.ok()) Raise(result.error());
  return std::move(*result);
}

void CheckOrRaise(const orbit::Expected<void>& result) {
  if (!result.ok()) Raise(result.error());
}

/// An Arrow stream in a PyCapsule named "arrow_array_stream" (the Arrow PyCapsule
/// Interface). A consumer moves the stream out and sets its release to null; whatever is
/// left when the capsule dies is released here.
nb::capsule StreamCapsule(ArrowArrayStream* stream) {
  return nb::capsule(stream, kStreamCapsule, [](void* pointer) noexcept {
    auto* owned = static_cast<ArrowArrayStream*>(pointer);
    if (owned->release != nullptr) owned->release(owned);
    delete owned;
  });
}

/// Moves the stream out of a consumer-side capsule, leaving it released (as the interface
/// says a consumer must).
ArrowArrayStream TakeStream(const nb::capsule& capsule) {
  if (capsule.name() == nullptr || std::strcmp(capsule.name(), kStreamCapsule) != 0) {
    throw nb::type_error("expected a PyCapsule named \"arrow_array_stream\" (from __arrow_c_stream__)");
  }
  auto* source = static_cast<ArrowArrayStream*>(capsule.data());
  if (source->release == nullptr) throw nb::value_error("the Arrow stream was already consumed");
  ArrowArrayStream moved = *source;
  source->release = nullptr;
  return moved;
}

/// The connection Ctrl-C cancels: the one running a query on Python's main thread.
std::atomic<orbit::Connection*> interruptible{nullptr};

extern "C" void OnInterrupt(int) {
  if (orbit::Connection* connection = interruptible.load()) connection->Interrupt();
}

/// Takes SIGINT for the duration of one query on the main thread; gives Python's handler
/// back after.
class InterruptScope {
 public:
  InterruptScope(orbit::Connection& connection, bool active) : active_(active) {
    if (!active_) return;
    interruptible.store(&connection);
    struct sigaction action {};
    action.sa_handler = OnInterrupt;
    sigemptyset(&action.sa_mask);
    sigaction(SIGINT, &action, &previous_);
  }
  ~InterruptScope() {
    if (!active_) return;
    sigaction(SIGINT, &previous_, nullptr);
    interruptible.store(nullptr);
  }
  InterruptScope(const InterruptScope&) = delete;
  InterruptScope& operator=(const InterruptScope&) = delete;

 private:
  bool active_;
  struct sigaction previous_ {};
};

/// A parameter as the package hands it over: (kind, integer, real, text), the kind being
/// orbit::Parameter::Kind's value.
using ParameterTuple = std::tuple<int, int64_t, double, std::string>;

std::vector<orbit::Parameter> ToParameters(const std::vector<ParameterTuple>& tuples) {
  std::vector<orbit::Parameter> parameters;
  parameters.reserve(tuples.size());
  for (const auto& [kind, integer, real, text] : tuples) {
    if (kind < 0 || kind > static_cast<int>(orbit::Parameter::Kind::kTimestamp)) {
      throw nb::value_error("unknown parameter kind");
    }
    orbit::Parameter parameter;
    parameter.kind = static_cast<orbit::Parameter::Kind>(kind);
    parameter.boolean = integer != 0;
    parameter.integer = integer;
    parameter.real = real;
    parameter.text = text;
    parameters.push_back(std::move(parameter));
  }
  return parameters;
}

nb::capsule ExportResult(const orbit::QueryResult& result) {
  auto* stream = new ArrowArrayStream{};
  if (auto exported = result.ExportArrow(stream); !exported.ok()) {
    delete stream;
    Raise(exported.error());
  }
  return StreamCapsule(stream);
}

std::vector<std::tuple<std::string, std::string>> ColumnsOf(const orbit::QueryResult& result) {
  std::vector<std::tuple<std::string, std::string>> columns;
  for (const orbit::ColumnInfo& column : result.columns()) columns.emplace_back(column.name, column.type_name);
  return columns;
}

orbit::QueryResult RunQuery(orbit::Connection& connection, std::string_view sql,
                            const std::optional<std::vector<ParameterTuple>>& parameters, bool main_thread) {
  std::optional<std::vector<orbit::Parameter>> values;
  if (parameters) values = ToParameters(*parameters);
  std::optional<orbit::Expected<orbit::QueryResult>> result;
  {
    nb::gil_scoped_release unlocked;
    InterruptScope scope(connection, main_thread);
    result.emplace(values ? connection.Query(sql, *values) : connection.Query(sql));
  }
  return ValueOrRaise(std::move(*result));
}

}  // namespace

NB_MODULE(_core, module) {
  module.doc() = "Orbit's engine; use the orbit package, not this module.";
  ErrorType() = nb::steal(
      PyErr_NewExceptionWithDoc("orbit._core.Error", "An error from Orbit's engine.", PyExc_Exception, nullptr));
  module.attr("Error") = ErrorType();
  module.def("version", [] { return std::string(orbit::Version()); });
  module.def(
      "split_statements", [](std::string_view sql) { return ValueOrRaise(orbit::Connection::SplitStatements(sql)); },
      nb::arg("sql"));

  nb::class_<orbit::QueryResult>(module, "Result")
      .def_prop_ro("returns_rows", &orbit::QueryResult::returns_rows)
      .def_prop_ro("rows_changed", &orbit::QueryResult::rows_changed)
      .def_prop_ro("num_rows", &orbit::QueryResult::num_rows)
      .def_prop_ro("seconds", &orbit::QueryResult::seconds)
      .def_prop_ro("columns", &ColumnsOf)
      .def("export", &ExportResult);

  nb::class_<orbit::Connection>(module, "Connection")
      .def("query", &RunQuery, nb::arg("sql"), nb::arg("parameters").none(), nb::arg("main_thread"))
      .def("interrupt", &orbit::Connection::Interrupt)
      .def("transaction_status",
           [](const orbit::Connection& connection) {
             switch (connection.transaction_status()) {
               case orbit::TransactionStatus::kInBlock: return "T";
               case orbit::TransactionStatus::kFailed: return "E";
               case orbit::TransactionStatus::kIdle: break;
             }
             return "I";
           })
      .def("set", [](orbit::Connection& connection, std::string_view name,
                     std::string_view value) { CheckOrRaise(connection.Set(name, value)); })
      .def("table_names", [](const orbit::Connection& connection) { return ValueOrRaise(connection.TableNames()); })
      .def("export_table",
           [](orbit::Connection& connection, std::string_view table) {
             auto* stream = new ArrowArrayStream{};
             if (auto exported = connection.ExportTable(table, stream); !exported.ok()) {
               delete stream;
               Raise(exported.error());
             }
             return StreamCapsule(stream);
           })
      .def("register_arrow", [](orbit::Connection& connection, std::string_view table, const nb::capsule& capsule) {
        ArrowArrayStream stream = TakeStream(capsule);
        std::optional<orbit::Expected<void>> registered;
        {
          nb::gil_scoped_release unlocked;
          registered.emplace(connection.RegisterArrow(table, &stream));  // consumes the stream
        }
        CheckOrRaise(*registered);
      });

  nb::class_<orbit::Database>(module, "Database")
      .def_static("open", [] { return ValueOrRaise(orbit::Database::Open()); })
      .def_static(
          "open_folder",
          [](const std::string& path, bool read_only) {
            std::optional<orbit::Expected<orbit::Database>> opened;
            {
              nb::gil_scoped_release unlocked;  // opening reads the catalog and, read-only, every file's footer
              opened.emplace(orbit::Database::Open(path, orbit::OpenOptions{read_only}));
            }
            return ValueOrRaise(std::move(*opened));  // raises only with the GIL held
          },
          nb::arg("path"), nb::arg("read_only") = false)
      .def("connect", [](orbit::Database& database) { return ValueOrRaise(database.Connect()); });
}
