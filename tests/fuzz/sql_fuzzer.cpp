// libFuzzer target for the SQL path: the input is a script that is split, parsed, bound,
// planned and executed (Connection::Query) against a fresh database holding two small
// tables, on one thread, the CPU only, under a statement timeout and a memory limit.
// Every cell of the result is formatted. Any internal error (a failed ORBIT_CHECK aborts
// here, an escaped exception is kInternal) is a bug: user input must never reach one.
//
// Inputs that would touch files or the settings that bound a run (COPY, read_csv, SET
// statement_timeout, ...) are skipped: the CSV fuzzer covers the file readers.
#include <algorithm>
#include <cctype>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "common/check.h"
#include "orbit/orbit.h"

namespace {

// Lower-case words whose statements read or write files, or lift the run's bounds.
constexpr std::string_view kSkippedWords[] = {"copy",   "read_",   "attach",   "detach",       "export",   "import",
                                              "load",   "install", "timeout",  "memory_limit", "device",   "fault",
                                              "thread", "kernels", "calibrat", "checkpoint",   "reset",    "pragma",
                                              "orbit_", "sleep",   "lo_",      "file",         "directory"};

constexpr const char* kCatalog =
    "CREATE TABLE fz (i INTEGER, b BIGINT, d DOUBLE, m DECIMAL(10,2), w DECIMAL(30,5), dt DATE, s VARCHAR, "
    "f BOOLEAN);"
    "INSERT INTO fz VALUES (1, 10, 1.5, 2.25, 12345678901234567890.12345, DATE '2020-01-31', 'a', true),"
    " (2, NULL, -0.5, 3.10, -1.5, DATE '2020-02-29', 'bb', false),"
    " (NULL, 30, NULL, NULL, NULL, NULL, NULL, NULL),"
    " (-2147483648, 9223372036854775807, 1e308, -99999999.99, 0, DATE '1999-12-31', '', true),"
    " (4, -9223372036854775808, 'nan', 0.01, 1, DATE '0001-01-01', 'héllo wörld', false);"
    "CREATE TABLE fy (k INTEGER, v VARCHAR, x DOUBLE);"
    "INSERT INTO fy VALUES (1, 'one', 1.0), (2, 'two', NULL), (2, 'deux', 2.5), (NULL, NULL, -0.0), (7, 'a,b', 7)";

bool Skipped(std::string_view sql) {
  std::string lower(sql);
  std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
  return std::any_of(std::begin(kSkippedWords), std::end(kSkippedWords),
                     [&](std::string_view word) { return lower.find(word) != std::string::npos; });
}

[[noreturn]] void InternalError(const orbit::Error& error) {
  std::fprintf(stderr, "sql_fuzzer: internal error reached from SQL: %s\n", error.ToString().c_str());
  std::abort();
}

void CheckNotInternal(const orbit::Error& error) {
  if (error.code() == orbit::ErrorCode::kInternal) InternalError(error);
}

orbit::Connection Open() {
  auto database = orbit::Database::Open();
  if (!database.ok()) InternalError(database.error());
  auto connection = database->Connect();
  if (!connection.ok()) InternalError(connection.error());
  for (const auto& [name, value] :
       {std::pair{"threads", "1"}, {"device", "cpu"}, {"statement_timeout", "1s"}, {"memory_limit", "64MB"}}) {
    auto set = connection->Set(name, value);
    if (!set.ok()) InternalError(set.error());
  }
  auto created = connection->Query(kCatalog);
  if (!created.ok()) InternalError(created.error());
  // The connection keeps its database alive.
  return std::move(*connection);
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int* /*argc*/, char*** /*argv*/) {
  orbit::SetCheckFailuresAbort(true);
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view sql(reinterpret_cast<const char*>(data), size);
  if (size > 4096 || Skipped(sql)) return -1;  // -1: not added to the corpus
  orbit::Connection connection = Open();
  auto result = connection.Query(sql);
  if (!result.ok()) {
    CheckNotInternal(result.error());
    return 0;
  }
  const int64_t rows = std::min<int64_t>(result->num_rows(), 10000);
  for (int c = 0; c < result->num_columns(); ++c) {
    for (int64_t r = 0; r < rows; ++r) (void)result->GetText(c, r);
  }
  return 0;
}
