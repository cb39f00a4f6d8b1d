#include "server/copy_command.h"

#include <cctype>

#include "server/sql_tokens.h"

namespace orbit::server {

namespace {

bool IsWord(const std::vector<SqlToken>& tokens, size_t i, std::string_view word) {
  return i < tokens.size() && tokens[i].kind == SqlToken::Kind::kWord && tokens[i].text == word;
}

bool IsSymbol(const std::vector<SqlToken>& tokens, size_t i, std::string_view symbol) {
  return i < tokens.size() && tokens[i].kind == SqlToken::Kind::kSymbol && tokens[i].text == symbol;
}

// HEADER's value when one follows (true, off, 1, ...); a bare HEADER is true.
std::optional<bool> BooleanOption(const std::vector<SqlToken>& tokens, size_t* i) {
  if (*i >= tokens.size()) return true;
  std::string value = tokens[*i].text;
  for (char& c : value) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  if (value == "TRUE" || value == "ON" || value == "1") {
    ++*i;
    return true;
  }
  if (value == "FALSE" || value == "OFF" || value == "0") {
    ++*i;
    return false;
  }
  if (value == "MATCH") return std::nullopt;
  return true;
}

// The options after STDIN/STDOUT: `WITH (FORMAT csv, HEADER, DELIMITER ',', NULL '')`, or
// PostgreSQL's older `CSV HEADER DELIMITER AS ','`.
Expected<void> ReadOptions(const std::vector<SqlToken>& tokens, size_t i, CopyCommand* command) {
  if (IsWord(tokens, i, "WITH")) ++i;
  const bool parenthesised = IsSymbol(tokens, i, "(");
  if (parenthesised) ++i;
  bool delimiter_given = false, null_given = false;
  while (i < tokens.size() && !IsSymbol(tokens, i, ")") && !IsSymbol(tokens, i, ";")) {
    if (IsSymbol(tokens, i, ",")) {
      ++i;
      continue;
    }
    const std::string option = tokens[i++].text;
    if (option == "FORMAT") {
      const std::string format = i < tokens.size() ? tokens[i++].text : "";
      if (format == "CSV" || format == "csv") {
        command->csv = true;
      } else if (format != "TEXT" && format != "text") {
        return Error(ErrorCode::kNotSupported, "COPY with the client supports FORMAT text and csv, not " + format);
      }
    } else if (option == "CSV") {
      command->csv = true;
    } else if (option == "BINARY") {
      return Error(ErrorCode::kNotSupported, "COPY with the client supports FORMAT text and csv, not binary");
    } else if (option == "HEADER") {
      std::optional<bool> header = BooleanOption(tokens, &i);
      if (!header) return Error(ErrorCode::kNotSupported, "HEADER MATCH is not supported with STDIN");
      command->header = *header;
    } else if (option == "DELIMITER" || option == "NULL" || option == "QUOTE") {
      if (IsWord(tokens, i, "AS")) ++i;
      if (i >= tokens.size() || tokens[i].kind != SqlToken::Kind::kString) {
        return Error(ErrorCode::kInvalidArgument, option + " takes a quoted string");
      }
      const std::string value = tokens[i++].text;
      if (option == "NULL") {
        command->null_string = value;
        null_given = true;
      } else if (value.size() != 1) {
        return Error(ErrorCode::kInvalidArgument, "COPY " + option + " must be a single one-byte character");
      } else if (option == "DELIMITER") {
        command->delimiter = value[0];
        delimiter_given = true;
      } else {
        command->quote = value[0];
      }
    } else if (option == "ENCODING") {
      if (i < tokens.size()) ++i;  // Orbit speaks UTF8 only; the client's encoding is UTF8 too
    } else {
      return Error(ErrorCode::kNotSupported, "COPY option " + option + " is not supported with STDIN/STDOUT");
    }
  }
  if (command->csv && !delimiter_given) command->delimiter = ',';
  if (command->csv && !null_given) command->null_string = "";
  return {};
}

// Text format's escapes: backslash, the delimiter and line breaks.
void AppendTextEscaped(const std::string& value, char delimiter, std::string* out) {
  for (char c : value) {
    if (c == '\\') {
      *out += "\\\\";
    } else if (c == '\n') {
      *out += "\\n";
    } else if (c == '\r') {
      *out += "\\r";
    } else if (c == '\t' && delimiter == '\t') {
      *out += "\\t";
    } else if (c == delimiter) {
      *out += '\\';
      *out += c;
    } else {
      *out += c;
    }
  }
}

std::string TextUnescaped(std::string_view field) {
  std::string out;
  for (size_t i = 0; i < field.size(); ++i) {
    if (field[i] != '\\' || i + 1 == field.size()) {
      out += field[i];
      continue;
    }
    const char next = field[++i];
    switch (next) {
      case 'n': out += '\n'; break;
      case 'r': out += '\r'; break;
      case 't': out += '\t'; break;
      case 'b': out += '\b'; break;
      case 'f': out += '\f'; break;
      case 'v': out += '\v'; break;
      default: out += next; break;
    }
  }
  return out;
}

Expected<std::vector<CopyRow>> ParseText(const CopyCommand& command, std::string_view data) {
  std::vector<CopyRow> rows;
  size_t start = 0;
  bool first = true;
  while (start < data.size()) {
    size_t end = data.find('\n', start);
    if (end == std::string_view::npos) end = data.size();
    std::string_view line = data.substr(start, end - start);
    start = end + 1;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line == "\\.") break;  // the end marker of older clients
    if (std::exchange(first, false) && command.header) continue;
    CopyRow row;
    size_t field_start = 0;
    for (size_t i = 0; i <= line.size(); ++i) {
      if (i < line.size() && line[i] == '\\') {
        ++i;  // an escaped character, the delimiter included, is part of the field
        continue;
      }
      if (i == line.size() || line[i] == command.delimiter) {
        const std::string_view field = line.substr(field_start, i - field_start);
        if (field == command.null_string) {
          row.emplace_back(std::nullopt);
        } else {
          row.emplace_back(TextUnescaped(field));
        }
        field_start = i + 1;
      }
    }
    rows.push_back(std::move(row));
  }
  return rows;
}

Expected<std::vector<CopyRow>> ParseCsv(const CopyCommand& command, std::string_view data) {
  std::vector<CopyRow> rows;
  CopyRow row;
  std::string field;
  bool quoted = false, in_quotes = false, any = false, first = true;
  auto end_field = [&] {
    if (!quoted && field == command.null_string) {
      row.emplace_back(std::nullopt);
    } else {
      row.emplace_back(field);
    }
    field.clear();
    quoted = false;
  };
  auto end_row = [&] {
    end_field();
    const bool marker = row.size() == 1 && row[0] && *row[0] == "\\.";
    if (!(std::exchange(first, false) && command.header) && !marker) rows.push_back(std::move(row));
    row.clear();
    any = false;
  };
  for (size_t i = 0; i < data.size(); ++i) {
    const char c = data[i];
    any = true;
    if (in_quotes) {
      if (c == command.quote && i + 1 < data.size() && data[i + 1] == command.quote) {
        field += c;
        ++i;
      } else if (c == command.quote) {
        in_quotes = false;
      } else {
        field += c;
      }
    } else if (c == command.quote) {
      in_quotes = quoted = true;
    } else if (c == command.delimiter) {
      end_field();
    } else if (c == '\n') {
      if (!field.empty() && field.back() == '\r' && !quoted) field.pop_back();
      end_row();
    } else {
      field += c;
    }
  }
  if (in_quotes) return Error(ErrorCode::kInvalidData, "unterminated CSV quoted field in COPY data");
  if (any) end_row();
  return rows;
}

}  // namespace

std::string CopyCommand::SelectSql() const {
  if (!target.empty() && target[0] == '(') {
    const size_t close = target.rfind(')');
    return target.substr(1, close == std::string::npos ? std::string::npos : close - 1);
  }
  const size_t open = target.find('(');
  if (open == std::string::npos) return "SELECT * FROM " + target;
  const size_t close = target.rfind(')');
  return "SELECT " + target.substr(open + 1, close - open - 1) + " FROM " + target.substr(0, open);
}

std::optional<Expected<CopyCommand>> ParseCopyCommand(std::string_view statement) {
  const std::vector<SqlToken> tokens = Tokenize(statement);
  if (!IsWord(tokens, 0, "COPY")) return std::nullopt;
  int depth = 0;
  for (size_t i = 1; i + 1 < tokens.size(); ++i) {
    if (IsSymbol(tokens, i, "(")) ++depth;
    if (IsSymbol(tokens, i, ")")) --depth;
    if (depth != 0) continue;
    const bool to = IsWord(tokens, i, "TO") && IsWord(tokens, i + 1, "STDOUT");
    const bool from = IsWord(tokens, i, "FROM") && IsWord(tokens, i + 1, "STDIN");
    if (!to && !from) continue;
    CopyCommand command;
    command.to_client = to;
    command.target = std::string(statement.substr(tokens[1].offset, tokens[i].offset - tokens[1].offset));
    while (!command.target.empty() && std::isspace(static_cast<unsigned char>(command.target.back()))) {
      command.target.pop_back();
    }
    if (Expected<void> options = ReadOptions(tokens, i + 2, &command); !options.ok()) {
      return Expected<CopyCommand>(options.error());
    }
    return Expected<CopyCommand>(std::move(command));
  }
  return std::nullopt;
}

std::string FormatCopyRow(const CopyCommand& command, const CopyRow& row) {
  std::string line;
  for (size_t i = 0; i < row.size(); ++i) {
    if (i > 0) line += command.delimiter;
    if (!row[i]) {
      line += command.null_string;
    } else if (!command.csv) {
      AppendTextEscaped(*row[i], command.delimiter, &line);
    } else {
      const std::string& value = *row[i];
      // Quoted when it holds the delimiter, the quote or a line break, or would read back as NULL.
      const bool quote = value == command.null_string || value.find(command.delimiter) != std::string::npos ||
                         value.find(command.quote) != std::string::npos ||
                         value.find_first_of("\r\n") != std::string::npos;
      if (!quote) {
        line += value;
        continue;
      }
      line += command.quote;
      for (char c : value) {
        if (c == command.quote) line += command.quote;
        line += c;
      }
      line += command.quote;
    }
  }
  line += '\n';
  return line;
}

Expected<std::vector<CopyRow>> ParseCopyData(const CopyCommand& command, std::string_view data) {
  return command.csv ? ParseCsv(command, data) : ParseText(command, data);
}

std::string OrbitCsv(const std::vector<CopyRow>& rows) {
  std::string out;
  for (const CopyRow& row : rows) {
    for (size_t i = 0; i < row.size(); ++i) {
      if (i > 0) out += ',';
      if (!row[i]) continue;
      out += '"';
      for (char c : *row[i]) {
        if (c == '"') out += '"';
        out += c;
      }
      out += '"';
    }
    out += '\n';
  }
  return out;
}

}  // namespace orbit::server
