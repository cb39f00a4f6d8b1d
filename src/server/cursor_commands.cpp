// SQL cursors for clients that page through a result (psycopg's server-side cursors):
// DECLARE name CURSOR FOR query runs the query (Orbit returns whole results) and keeps it;
// FETCH and MOVE go forward through it; CLOSE drops it. A cursor lives until CLOSE or the
// end of the connection, WITH HOLD or not, since Orbit's statements commit as they run.
#include <algorithm>
#include <cctype>
#include <limits>

#include "server/statement_runner.h"

namespace orbit::server {

namespace {

bool IsWord(const std::vector<SqlToken>& tokens, size_t i, std::string_view word) {
  return i < tokens.size() && tokens[i].kind == SqlToken::Kind::kWord && tokens[i].text == word;
}

// A cursor's name as PostgreSQL folds it: quoted as written, else lower-cased.
std::string NameOf(const SqlToken& token) {
  if (token.kind != SqlToken::Kind::kWord) return token.text;
  std::string name = token.text;
  for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return name;
}

Error NoCursor(const std::string& name) {
  return Error(ErrorCode::kInvalidArgument, "cursor \"" + name + "\" does not exist");
}

constexpr int64_t kAll = std::numeric_limits<int64_t>::max();

}  // namespace

const std::vector<PgColumn>* StatementRunner::CursorColumns(const std::string& name) const {
  auto found = cursors_.find(name);
  return found == cursors_.end() ? nullptr : &found->second.rows.columns();
}

std::optional<Expected<StatementOutcome>> StatementRunner::RunCursorCommand(std::string_view statement,
                                                                            const std::vector<SqlToken>& tokens,
                                                                            const std::vector<Parameter>& parameters) {
  if (IsWord(tokens, 0, "DECLARE") && tokens.size() > 2) {
    size_t i = 2;
    while (i < tokens.size() && !IsWord(tokens, i, "CURSOR")) ++i;
    while (i < tokens.size() && !IsWord(tokens, i, "FOR")) ++i;
    if (i >= tokens.size()) return std::nullopt;  // not a cursor: Orbit says what it is
    const std::string name = NameOf(tokens[1]);
    if (cursors_.contains(name)) {
      return Expected<StatementOutcome>(Error(ErrorCode::kInvalidArgument, "cursor \"" + name + "\" already exists"));
    }
    const std::string_view query = statement.substr(tokens[i].end);
    const std::vector<std::string> first = LeadingWords(query, 1);
    if (first.empty() || (first[0] != "SELECT" && first[0] != "WITH" && first[0] != "VALUES" && first[0] != "TABLE")) {
      return Expected<StatementOutcome>(Error(ErrorCode::kInvalidArgument, "cursor can only scan a query"));
    }
    Expected<StatementOutcome> rows = RunOrbit(query, parameters);
    if (!rows.ok()) return rows;
    if (!rows->returns_rows()) {
      return Expected<StatementOutcome>(Error(ErrorCode::kInvalidArgument, "cursor can only scan a query"));
    }
    cursors_.emplace(name, Cursor{std::move(*rows), 0});
    return StatementOutcome::Command("DECLARE CURSOR");
  }
  const bool fetch = IsWord(tokens, 0, "FETCH");
  if (fetch || IsWord(tokens, 0, "MOVE")) {
    // FETCH [NEXT | FORWARD [n | ALL] | ALL | n | ABSOLUTE n | RELATIVE n] [FROM | IN] name
    size_t i = 1;
    int64_t count = 1;
    bool absolute = false;
    auto number = [&](size_t at) -> std::optional<int64_t> {
      if (at >= tokens.size() || tokens[at].kind != SqlToken::Kind::kNumber || tokens[at].text.size() > 18) {
        return std::nullopt;
      }
      return std::stoll(tokens[at].text);
    };
    if (IsWord(tokens, i, "NEXT")) {
      ++i;
    } else if (IsWord(tokens, i, "ALL")) {
      count = kAll;
      ++i;
    } else if (IsWord(tokens, i, "FORWARD") || IsWord(tokens, i, "RELATIVE") || IsWord(tokens, i, "ABSOLUTE")) {
      absolute = IsWord(tokens, i, "ABSOLUTE");
      const bool forward = IsWord(tokens, i, "FORWARD");
      ++i;
      if (forward && IsWord(tokens, i, "ALL")) {
        count = kAll;
        ++i;
      } else if (auto n = number(i)) {
        count = *n;
        ++i;
      } else if (!forward) {
        return Expected<StatementOutcome>(Error(ErrorCode::kSyntaxError, "ABSOLUTE and RELATIVE take a count"));
      }
    } else if (auto n = number(i)) {
      count = *n;
      ++i;
    } else if (IsWord(tokens, i, "PRIOR") || IsWord(tokens, i, "FIRST") || IsWord(tokens, i, "LAST") ||
               IsWord(tokens, i, "BACKWARD")) {
      return Expected<StatementOutcome>(
          Error(ErrorCode::kNotSupported, "Orbit's cursors go forward only (FETCH NEXT, FORWARD, ALL, ABSOLUTE)"));
    }
    if (IsWord(tokens, i, "FROM") || IsWord(tokens, i, "IN")) ++i;
    if (i >= tokens.size() || tokens[i].kind == SqlToken::Kind::kSymbol) return std::nullopt;
    const std::string name = NameOf(tokens[i]);
    auto found = cursors_.find(name);
    if (found == cursors_.end()) return Expected<StatementOutcome>(NoCursor(name));
    Cursor& cursor = found->second;
    const int64_t total = cursor.rows.num_rows();
    int64_t first = cursor.position;
    if (absolute) {
      if (count < cursor.position) {
        return Expected<StatementOutcome>(Error(ErrorCode::kNotSupported, "Orbit's cursors go forward only"));
      }
      first = std::min(total, std::max<int64_t>(count - 1, 0));
      count = count > 0 && count <= total ? 1 : 0;
    } else if (count < 0) {
      return Expected<StatementOutcome>(Error(ErrorCode::kNotSupported, "Orbit's cursors go forward only"));
    }
    const int64_t taken = std::min(count, total - first);
    cursor.position = first + taken;
    const std::string tag = std::string(fetch ? "FETCH " : "MOVE ") + std::to_string(taken);
    if (!fetch) return StatementOutcome::Command(tag);
    return StatementOutcome::Window(cursor.rows, first, taken, tag);
  }
  if (IsWord(tokens, 0, "CLOSE") && tokens.size() >= 2) {
    if (IsWord(tokens, 1, "ALL")) {
      cursors_.clear();
      return StatementOutcome::Command("CLOSE CURSOR ALL");
    }
    const std::string name = NameOf(tokens[1]);
    if (cursors_.erase(name) == 0) return Expected<StatementOutcome>(NoCursor(name));
    return StatementOutcome::Command("CLOSE CURSOR");
  }
  return std::nullopt;
}

}  // namespace orbit::server
