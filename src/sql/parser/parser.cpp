#include "sql/parser/parser.h"

#include <pg_query.h>

#include <algorithm>
#include <cctype>
#include <string_view>
#include <vector>

#include "sql/parser/parse_tree_transformer.h"

namespace orbit {

namespace {

// Owns one libpg_query parse result.
class PgParseResult {
 public:
  explicit PgParseResult(const std::string& sql) : result_(pg_query_parse(sql.c_str())) {}
  ~PgParseResult() { pg_query_free_parse_result(result_); }
  PgParseResult(const PgParseResult&) = delete;
  PgParseResult& operator=(const PgParseResult&) = delete;

  const PgQueryError* error() const { return result_.error; }
  const char* tree() const { return result_.parse_tree; }

 private:
  PgQueryParseResult result_;
};

class PgSplitResult {
 public:
  explicit PgSplitResult(const std::string& sql) : result_(pg_query_split_with_scanner(sql.c_str())) {}
  ~PgSplitResult() { pg_query_free_split_result(result_); }
  PgSplitResult(const PgSplitResult&) = delete;
  PgSplitResult& operator=(const PgSplitResult&) = delete;

  const PgQuerySplitResult& get() const { return result_; }

 private:
  PgQuerySplitResult result_;
};

// " (line 2, column 14)" for libpg_query's 1-based cursor, which (as in PostgreSQL)
// counts characters, not bytes.
std::string PositionSuffix(const std::string& sql, int cursor) {
  if (cursor <= 0) return "";
  int line = 1, column = 1, characters_before = 0;
  for (size_t i = 0; i < sql.size() && characters_before < cursor - 1; ++i) {
    unsigned char c = static_cast<unsigned char>(sql[i]);
    if ((c & 0xC0) == 0x80) continue;  // a UTF-8 continuation byte: same character
    ++characters_before;
    if (c == '\n') {
      ++line;
      column = 1;
    } else {
      ++column;
    }
  }
  return fmt::format(" (line {}, column {})", line, column);
}

// Where `text` stops being UTF-8 without NUL bytes, or npos. libpg_query reads a C string
// (a NUL would silently end the statement) and copies the bytes of literals and names into
// its JSON, which must be UTF-8 to parse; PostgreSQL rejects both, as this does.
size_t FirstInvalidByte(std::string_view text) {
  size_t i = 0;
  while (i < text.size()) {
    const auto lead = static_cast<unsigned char>(text[i]);
    if (lead == 0) return i;
    if (lead < 0x80) {
      ++i;
      continue;
    }
    // The lead byte fixes the length and the range of the second byte (no overlong
    // encodings, no surrogates, nothing above U+10FFFF).
    size_t length = 0;
    unsigned char low = 0x80, high = 0xBF;
    if (lead >= 0xC2 && lead <= 0xDF) {
      length = 2;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
      length = 3;
      if (lead == 0xE0) low = 0xA0;
      if (lead == 0xED) high = 0x9F;
    } else if (lead >= 0xF0 && lead <= 0xF4) {
      length = 4;
      if (lead == 0xF0) low = 0x90;
      if (lead == 0xF4) high = 0x8F;
    } else {
      return i;
    }
    if (i + length > text.size()) return i;
    for (size_t k = 1; k < length; ++k) {
      const auto next = static_cast<unsigned char>(text[i + k]);
      if (next < (k == 1 ? low : 0x80) || next > (k == 1 ? high : 0xBF)) return i;
    }
    i += length;
  }
  return std::string_view::npos;
}

Status CheckEncoding(const std::string& sql) {
  const size_t bad = FirstInvalidByte(sql);
  if (bad == std::string_view::npos) return Status::OK();
  const int cursor = 1 + static_cast<int>(std::count_if(sql.begin(), sql.begin() + static_cast<ptrdiff_t>(bad),
                                                        [](char c) { return (c & 0xC0) != 0x80; }));
  return Status::SyntaxError("invalid byte sequence for encoding \"UTF8\": 0x{:02x}{}",
                             static_cast<unsigned char>(sql[bad]), PositionSuffix(sql, cursor));
}

Status SyntaxErrorFrom(const PgQueryError& error, const std::string& sql) {
  return Status::SyntaxError("{}{}", error.message, PositionSuffix(sql, error.cursorpos));
}

// Skips white space, -- line comments and (nested) /* block comments */ from `pos`.
size_t SkipSpaceAndComments(const std::string& sql, size_t pos) {
  while (pos < sql.size()) {
    if (std::isspace(static_cast<unsigned char>(sql[pos]))) {
      ++pos;
    } else if (sql.compare(pos, 2, "--") == 0) {
      pos = sql.find('\n', pos);
      if (pos == std::string::npos) return sql.size();
    } else if (sql.compare(pos, 2, "/*") == 0) {
      int depth = 0;
      do {
        if (sql.compare(pos, 2, "/*") == 0) {
          ++depth;
          pos += 2;
        } else if (sql.compare(pos, 2, "*/") == 0) {
          --depth;
          pos += 2;
        } else {
          ++pos;
        }
      } while (depth > 0 && pos < sql.size());
    } else {
      break;
    }
  }
  return pos;
}

// The keyword-like word at `pos` (lower-cased) and where it ends.
std::string WordAt(const std::string& sql, size_t pos, size_t* end) {
  std::string word;
  while (pos < sql.size() && (std::isalnum(static_cast<unsigned char>(sql[pos])) || sql[pos] == '_')) {
    word += static_cast<char>(std::tolower(static_cast<unsigned char>(sql[pos])));
    ++pos;
  }
  *end = pos;
  return word;
}

// CREATE OR REPLACE TABLE is DuckDB's syntax, not PostgreSQL's: blank out "OR REPLACE"
// (keeping every byte offset, so error positions stay right) and report whether it was there.
bool StripOrReplaceTable(std::string* sql) {
  std::vector<std::pair<size_t, size_t>> words;  // [begin, end) of the leading words
  size_t pos = 0;
  while (words.size() < 6) {
    pos = SkipSpaceAndComments(*sql, pos);
    size_t end;
    if (WordAt(*sql, pos, &end).empty()) break;
    words.emplace_back(pos, end);
    pos = end;
  }
  auto word = [&](size_t i) {
    size_t end;
    return i < words.size() ? WordAt(*sql, words[i].first, &end) : std::string();
  };
  size_t first = 0;
  while (word(first) == "explain" || word(first) == "analyze" || word(first) == "verbose") ++first;
  if (word(first) != "create" || word(first + 1) != "or" || word(first + 2) != "replace" ||
      word(first + 3) != "table") {
    return false;
  }
  for (size_t i : {first + 1, first + 2}) {
    for (size_t p = words[i].first; p < words[i].second; ++p) (*sql)[p] = ' ';
  }
  return true;
}

void MarkOrReplace(ast::Statement* statement) {
  if (auto* explain = std::get_if<ast::ExplainStatement>(&statement->node)) {
    MarkOrReplace(explain->statement.get());
  } else if (auto* create_as = std::get_if<ast::CreateTableAsStatement>(&statement->node)) {
    create_as->or_replace = true;
  } else if (auto* create = std::get_if<ast::CreateTableStatement>(&statement->node)) {
    create->or_replace = true;
  }
}

// The deepest nesting of expressions, subqueries and set operations Orbit takes. The
// transformer, binder, optimizer and evaluator all recurse over the tree; bounding it once
// here bounds them all, well within a thread's stack. Each level is about two levels of
// libpg_query's JSON (a node and its body).
constexpr size_t kMaxNestingLevels = 1000;
constexpr size_t kMaxJsonDepth = 2 * kMaxNestingLevels;

// Whether `root` nests deeper than `limit`, found without recursion.
bool NestsDeeperThan(const nlohmann::json& root, size_t limit) {
  std::vector<std::pair<const nlohmann::json*, size_t>> pending = {{&root, 0}};
  while (!pending.empty()) {
    auto [node, depth] = pending.back();
    pending.pop_back();
    if (depth > limit) return true;
    if (!node->is_structured()) continue;
    for (const auto& child : *node) {
      if (child.is_structured()) pending.emplace_back(&child, depth + 1);
    }
  }
  return false;
}

// Parses `sql` and returns the JSON of its statements.
Result<nlohmann::json> ParseToJson(const std::string& sql) {
  ORBIT_RETURN_IF_ERROR(CheckEncoding(sql));
  PgParseResult parsed(sql);
  if (parsed.error()) return SyntaxErrorFrom(*parsed.error(), sql);
  auto tree = nlohmann::json::parse(parsed.tree(), nullptr, /*allow_exceptions=*/false);
  if (tree.is_discarded()) return Status::Internal("libpg_query returned malformed JSON");
  if (NestsDeeperThan(tree, kMaxJsonDepth)) {
    return Status::InvalidArgument(
        "statement too complex: it nests expressions, subqueries or set operations more than {} levels deep; "
        "split it up (for example into views or a temporary table)",
        kMaxNestingLevels);
  }
  return tree.contains("stmts") ? std::move(tree["stmts"]) : nlohmann::json::array();
}

}  // namespace

Result<ast::Statement> ParseStatement(const std::string& statement_sql) {
  ORBIT_ASSIGN_OR_RETURN(std::string sql, TextForParser(statement_sql));
  bool or_replace = StripOrReplaceTable(&sql);
  ORBIT_ASSIGN_OR_RETURN(nlohmann::json statements, ParseToJson(sql));
  if (statements.empty()) return Status::SyntaxError("empty statement");
  if (statements.size() > 1) {
    return Status::InvalidArgument("expected one statement, got {}; split the script first", statements.size());
  }
  try {
    ParseTreeTransformer transformer(sql);
    ORBIT_ASSIGN_OR_RETURN(ast::Statement statement, transformer.TransformStatement(statements[0].at("stmt")));
    if (or_replace) MarkOrReplace(&statement);
    if (!std::holds_alternative<ast::PrepareStatement>(statement.node)) {
      statement.parameter_count = transformer.max_parameter();
    }
    return statement;
  } catch (const nlohmann::json::exception& e) {
    return Status::Internal("unexpected parse tree from libpg_query: {}", e.what());
  }
}

Result<std::vector<ast::ColumnDefinition>> ParseColumnDefinitions(const std::string& text) {
  const std::string prefix = "CREATE TABLE x (";
  std::string sql = prefix + text + ")";
  ORBIT_RETURN_IF_ERROR(CheckEncoding(text));
  PgParseResult parsed(sql);
  if (parsed.error()) {
    // Report the position within `text`, not within the wrapper statement.
    int cursor = parsed.error()->cursorpos - static_cast<int>(prefix.size());
    cursor = std::clamp(cursor, 1, static_cast<int>(text.size()) + 1);
    return Status::SyntaxError("{} in column definitions '{}'{}", parsed.error()->message, text,
                               PositionSuffix(text, cursor));
  }
  try {
    auto tree = nlohmann::json::parse(parsed.tree());
    const auto& statements = tree.at("stmts");
    // Text such as "a INT); DROP TABLE t; (" must not smuggle in other statements.
    if (statements.size() != 1 || ParseTreeTransformer::NodeType(statements[0].at("stmt")) != "CreateStmt") {
      return Status::InvalidArgument("'{}' is not a list of column definitions", text);
    }
    ParseTreeTransformer transformer(sql);
    const auto& create = ParseTreeTransformer::NodeBody(statements[0]["stmt"]);
    std::vector<ast::ColumnDefinition> columns;
    if (!create.contains("tableElts")) return Status::InvalidArgument("no column definitions in '{}'", text);
    for (const auto& element : create["tableElts"]) {
      ORBIT_ASSIGN_OR_RETURN(ast::ColumnDefinition column, transformer.TransformColumnDefinition(element));
      columns.push_back(std::move(column));
    }
    return columns;
  } catch (const nlohmann::json::exception& e) {
    return Status::Internal("unexpected parse tree from libpg_query: {}", e.what());
  }
}

}  // namespace orbit
