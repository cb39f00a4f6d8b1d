// What a statement would do if it ran, found by parsing it (never by matching its text):
// whether it only reads the database, changes it, or reaches beyond it (the server's
// files, settings of the whole process). A server decides from this whether a client's
// role may run it (Connection::Classify).
#pragma once

#include <string>

namespace orbit {

/// @brief The least a statement needs to be allowed, from least to most.
enum class StatementAccess {
  kRead,   ///< reads tables or changes only its own session (SELECT, SHOW, SET, EXPLAIN, PREPARE of a read)
  kWrite,  ///< changes the database: INSERT, UPDATE, DELETE, CREATE, DROP, ALTER, TRUNCATE, COPY FROM
  kAdmin,  ///< reaches beyond the database: reads or writes the server's files (read_csv, read_parquet,
           ///< COPY to or from a file), or changes a setting of the whole process (process_memory_limit)
};

/// @brief A statement's classification.
struct StatementClass {
  StatementAccess access = StatementAccess::kRead;
  /// The statement's kind in capitals, as PostgreSQL names it in messages: "SELECT",
  /// "INSERT", "CREATE TABLE", "COPY", "SET", ...
  std::string kind;
  /// Why it needs more than kRead, for a refusal's message ("reads the server's files");
  /// empty for a read.
  std::string reason;
};

/// @return "read", "write" or "admin"
inline const char* AccessName(StatementAccess access) {
  switch (access) {
    case StatementAccess::kRead: return "read";
    case StatementAccess::kWrite: return "write";
    case StatementAccess::kAdmin: return "admin";
  }
  return "admin";
}

}  // namespace orbit
