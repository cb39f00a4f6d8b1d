#include "server/command_tag.h"

#include <set>
#include <vector>

#include "server/sql_tokens.h"

namespace orbit::server {

namespace {

// CREATE [OR REPLACE] [TEMP] [UNIQUE] <object>: the object's words, e.g. "MATERIALIZED VIEW".
std::string ObjectOf(const std::vector<std::string>& words) {
  static const std::set<std::string> kSkipped = {"OR",    "REPLACE", "TEMP", "TEMPORARY", "UNLOGGED", "GLOBAL",
                                                 "LOCAL", "UNIQUE",  "IF",   "NOT",       "EXISTS",   "CONCURRENTLY"};
  for (size_t i = 1; i < words.size(); ++i) {
    if (kSkipped.contains(words[i])) continue;
    if (words[i] == "MATERIALIZED" && i + 1 < words.size()) return "MATERIALIZED " + words[i + 1];
    return words[i];
  }
  return "";
}

}  // namespace

std::string CommandTag(std::string_view statement, bool returns_rows, int64_t rows, int64_t rows_changed) {
  const std::vector<std::string> words = LeadingWords(statement, 6);
  std::string first = words.empty() ? "" : words[0];
  const int64_t count = returns_rows ? rows : std::max<int64_t>(rows_changed, 0);
  if (first == "INSERT") return "INSERT 0 " + std::to_string(count);
  if (first == "UPDATE" || first == "DELETE" || first == "MERGE" || first == "COPY" || first == "FETCH" ||
      first == "MOVE") {
    return first + " " + std::to_string(count);
  }
  if (first == "CREATE" || first == "DROP" || first == "ALTER") {
    const std::string object = ObjectOf(words);
    // CREATE TABLE ... AS SELECT reports the rows it wrote, as PostgreSQL's "SELECT n".
    if (first == "CREATE" && object == "TABLE" && rows_changed >= 0) return "SELECT " + std::to_string(rows_changed);
    return object.empty() ? first : first + " " + object;
  }
  if (first == "TRUNCATE") return "TRUNCATE TABLE";
  if (first == "START") return "START TRANSACTION";
  if (first == "END") return "COMMIT";
  if (first == "ABORT") return "ROLLBACK";
  if (first == "EXPLAIN" || first == "SHOW" || first == "SET" || first == "RESET" || first == "PREPARE" ||
      first == "DEALLOCATE" || first == "BEGIN" || first == "COMMIT" || first == "ROLLBACK" || first == "ANALYZE" ||
      first == "VACUUM" || first == "CHECKPOINT" || first == "DISCARD") {
    return first;
  }
  if (returns_rows || first == "SELECT" || first == "WITH" || first == "VALUES" || first == "TABLE") {
    return "SELECT " + std::to_string(count);
  }
  return first.empty() ? "SELECT 0" : first;
}

}  // namespace orbit::server
