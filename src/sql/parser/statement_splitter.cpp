// Splits a script at the semicolons that end its statements. Every byte of the script
// belongs to a statement or to the white space and comments between them: text that is
// not a statement becomes one (and fails to parse with a position), and an unterminated
// quote or comment makes the rest of the script one statement that fails on its own.
// libpg_query's splitters are not used: they drop text that does not begin with a keyword,
// stop at unbalanced parentheses and fail the whole script on a lexical error.
#include <algorithm>
#include <cctype>
#include <string_view>
#include <utility>

#include "sql/parser/parser.h"

namespace orbit {

namespace {

// PostgreSQL's identifier characters (scan.l: ident_cont), which also make '$' part of an
// identifier rather than the start of a dollar quote.
bool IsIdentifierByte(unsigned char c) { return std::isalnum(c) || c == '_' || c == '$' || c >= 0x80; }

bool IsTagStartByte(unsigned char c) { return std::isalpha(c) || c == '_' || c >= 0x80; }

// Scans one script; each piece between top-level semicolons becomes a statement unless it
// holds only white space and complete comments.
class ScriptScanner {
 public:
  explicit ScriptScanner(std::string_view sql) : sql_(sql) {}

  std::vector<std::string> Split() {
    while (pos_ < sql_.size()) {
      const char c = sql_[pos_];
      if (c == ';') {
        EndStatement();
        ++pos_;
      } else if (std::isspace(static_cast<unsigned char>(c))) {
        ++pos_;
      } else if (sql_.compare(pos_, 2, "--") == 0) {
        size_t end = sql_.find('\n', pos_);
        pos_ = end == std::string_view::npos ? sql_.size() : end + 1;
      } else if (sql_.compare(pos_, 2, "/*") == 0) {
        SkipBlockComment();
      } else {
        const char previous = last_significant_;
        Significant();
        if (c == '\'') {
          SkipQuoted('\'', PrecededByEscapePrefix());
        } else if (c == '"') {
          SkipQuoted('"', /*backslash_escapes=*/false);
        } else if (c == '$' && !PrecededByIdentifier()) {
          SkipDollarQuotedOrSign();
        } else {
          if (c == '?') question_marks_.push_back(pos_);
          // DuckDB's list literal ['a', 'b'] where PostgreSQL has no '[': read_parquet's files,
          // and a named argument's value (seeds => [1, 2]).
          if (c == '[' && (previous == '(' || previous == ',' || previous == '>')) list_brackets_.push_back(pos_);
          if (c == '(') deepest_parenthesis_ = std::max(deepest_parenthesis_, ++parenthesis_depth_);
          if (c == ')') --parenthesis_depth_;
          ++pos_;
        }
      }
    }
    EndStatement();
    return std::move(statements_);
  }

  /// Where the `?` placeholders are, once Split has run: outside quotes and comments.
  const std::vector<size_t>& question_marks() const { return question_marks_; }
  /// Where a '[' opens a list literal (it follows '(', ',' or =>), once Split has run.
  const std::vector<size_t>& list_brackets() const { return list_brackets_; }
  /// Whether a $n parameter was seen.
  bool dollar_parameters() const { return dollar_parameters_; }
  /// The deepest nesting of parentheses outside quotes and comments.
  int deepest_parenthesis() const { return deepest_parenthesis_; }

 private:
  void Significant() {
    last_significant_ = sql_[pos_];
    if (first_token_ == std::string_view::npos) first_token_ = pos_;
    last_token_end_ = pos_ + 1;
  }

  bool PrecededByIdentifier() const { return pos_ > 0 && IsIdentifierByte(static_cast<unsigned char>(sql_[pos_ - 1])); }

  // E'...' (or e'...') takes backslash escapes; "name'...'" does not start one.
  bool PrecededByEscapePrefix() const {
    if (pos_ == 0 || (sql_[pos_ - 1] != 'e' && sql_[pos_ - 1] != 'E')) return false;
    return pos_ < 2 || !IsIdentifierByte(static_cast<unsigned char>(sql_[pos_ - 2]));
  }

  // From an opening quote to past its closing one (a doubled quote stands for itself);
  // unterminated, to the end of the script.
  void SkipQuoted(char quote, bool backslash_escapes) {
    ++pos_;
    while (pos_ < sql_.size()) {
      const char c = sql_[pos_];
      if (backslash_escapes && c == '\\') {
        pos_ += 2;
      } else if (c == quote) {
        if (pos_ + 1 < sql_.size() && sql_[pos_ + 1] == quote) {
          pos_ += 2;
        } else {
          ++pos_;
          last_token_end_ = pos_;
          return;
        }
      } else {
        ++pos_;
      }
    }
    pos_ = last_token_end_ = sql_.size();
  }

  // $tag$ ... $tag$, or a lone '$' ($1 parameters and the like).
  void SkipDollarQuotedOrSign() {
    size_t tag_end = pos_ + 1;
    if (tag_end < sql_.size() && IsTagStartByte(static_cast<unsigned char>(sql_[tag_end]))) {
      while (tag_end < sql_.size() && IsIdentifierByte(static_cast<unsigned char>(sql_[tag_end])) &&
             sql_[tag_end] != '$') {
        ++tag_end;
      }
    }
    if (tag_end >= sql_.size() || sql_[tag_end] != '$') {
      if (tag_end < sql_.size() && std::isdigit(static_cast<unsigned char>(sql_[tag_end]))) dollar_parameters_ = true;
      ++pos_;
      return;
    }
    std::string_view tag = sql_.substr(pos_, tag_end + 1 - pos_);
    size_t close = sql_.find(tag, tag_end + 1);
    pos_ = last_token_end_ = close == std::string_view::npos ? sql_.size() : close + tag.size();
  }

  // Nested /* */ comments, as in PostgreSQL. An unterminated one is kept as text so that
  // its statement fails to parse instead of vanishing.
  void SkipBlockComment() {
    const size_t start = pos_;
    int depth = 0;
    do {
      if (sql_.compare(pos_, 2, "/*") == 0) {
        ++depth;
        pos_ += 2;
      } else if (sql_.compare(pos_, 2, "*/") == 0) {
        --depth;
        pos_ += 2;
      } else {
        ++pos_;
      }
    } while (depth > 0 && pos_ < sql_.size());
    if (depth > 0) {
      if (first_token_ == std::string_view::npos) first_token_ = start;
      pos_ = last_token_end_ = sql_.size();
    }
  }

  void EndStatement() {
    if (first_token_ != std::string_view::npos) {
      statements_.emplace_back(sql_.substr(first_token_, last_token_end_ - first_token_));
    }
    first_token_ = std::string_view::npos;
    last_token_end_ = 0;
  }

  std::string_view sql_;
  size_t pos_ = 0;
  size_t first_token_ = std::string_view::npos;  // first byte of the statement's text
  size_t last_token_end_ = 0;                    // past its last byte that is not space or comment
  std::vector<std::string> statements_;
  std::vector<size_t> question_marks_;
  std::vector<size_t> list_brackets_;
  char last_significant_ = 0;  // the first byte of the last token (a quote for a quoted one)
  bool dollar_parameters_ = false;
  int parenthesis_depth_ = 0;
  int deepest_parenthesis_ = 0;
};

// Parentheses nested deeper than this are refused before libpg_query sees them: its parser
// recurses per level and overflows the stack at about 60,000. Parentheses around a value
// add no level to the tree, so this is well above the tree's own limit (parser.cpp).
constexpr int kMaxParenthesisDepth = 10000;

}  // namespace

Result<std::vector<std::string>> SplitStatements(const std::string& sql) { return ScriptScanner(sql).Split(); }

Result<std::string> TextForParser(const std::string& statement_sql) {
  ScriptScanner scanner(statement_sql);
  (void)scanner.Split();
  if (scanner.deepest_parenthesis() > kMaxParenthesisDepth) {
    return Status::InvalidArgument(
        "statement too complex: it nests parentheses {} deep, more than {}; split it up (for example into views or a "
        "temporary table)",
        scanner.deepest_parenthesis(), kMaxParenthesisDepth);
  }
  const std::vector<size_t>& marks = scanner.question_marks();
  if (!marks.empty() && scanner.dollar_parameters()) {
    return Status::SyntaxError("a statement cannot mix ? and $n parameters; number them all ($1, $2, ...)");
  }
  // Each ? becomes $n and each list's '[' becomes ARRAY[, in the order they appear.
  std::vector<std::pair<size_t, bool>> edits;  // position, is a question mark
  for (size_t mark : marks) edits.emplace_back(mark, true);
  for (size_t bracket : scanner.list_brackets()) edits.emplace_back(bracket, false);
  if (edits.empty()) return statement_sql;
  std::sort(edits.begin(), edits.end());
  std::string out;
  size_t from = 0;
  int parameter = 0;
  for (const auto& [position, is_mark] : edits) {
    out.append(statement_sql, from, position - from);
    out += is_mark ? "$" + std::to_string(++parameter) : "ARRAY[";
    from = position + 1;
  }
  out.append(statement_sql, from, std::string::npos);
  return out;
}

}  // namespace orbit
