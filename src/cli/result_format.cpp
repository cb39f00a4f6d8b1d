#include "result_format.h"

#include <algorithm>
#include <optional>
#include <vector>

#include <nlohmann/json.hpp>

namespace orbit::cli {

bool ParseOutputFormat(const std::string& text, OutputFormat* format) {
  if (text == "table") {
    *format = OutputFormat::kTable;
  } else if (text == "csv") {
    *format = OutputFormat::kCsv;
  } else if (text == "json") {
    *format = OutputFormat::kJson;
  } else {
    return false;
  }
  return true;
}

namespace {

// A result cell as text, or nullopt for NULL.
using Cell = std::optional<std::string>;

// Calls fn(row_cells) for every row.
template <typename Fn>
void ForEachRow(const QueryResult& result, Fn fn) {
  std::vector<Cell> row(result.num_columns());
  for (int64_t r = 0; r < result.num_rows(); ++r) {
    for (int c = 0; c < result.num_columns(); ++c) row[c] = result.GetText(c, r);
    fn(row);
  }
}

// What the table format shows for a cell.
std::string Shown(const Cell& cell) { return cell ? *cell : "NULL"; }

bool RightAligned(const ColumnInfo& column) { return column.is_numeric(); }

size_t DisplayWidth(const std::string& s) {
  size_t w = 0;
  for (unsigned char c : s) w += (c & 0xC0) != 0x80;  // count UTF-8 code points
  return w;
}

void WriteTable(const QueryResult& result, std::ostream& out) {
  const std::vector<ColumnInfo>& schema = result.columns();
  std::vector<std::vector<std::string>> cells;
  std::vector<size_t> widths;
  for (const ColumnInfo& f : schema) widths.push_back(std::max(DisplayWidth(f.name), DisplayWidth(f.type_name)));
  ForEachRow(result, [&](const std::vector<Cell>& row) {
    std::vector<std::string> texts;
    for (size_t c = 0; c < row.size(); ++c) {
      texts.push_back(Shown(row[c]));
      widths[c] = std::max(widths[c], DisplayWidth(texts.back()));
    }
    cells.push_back(std::move(texts));
  });
  auto rule = [&] {
    out << '+';
    for (size_t w : widths) out << std::string(w + 2, '-') << '+';
    out << '\n';
  };
  auto line = [&](const std::vector<std::string>& texts, bool header) {
    out << '|';
    for (size_t c = 0; c < texts.size(); ++c) {
      size_t pad = widths[c] - DisplayWidth(texts[c]);
      bool right = !header && RightAligned(schema[c]);
      out << ' ' << (right ? std::string(pad, ' ') : "") << texts[c] << (right ? "" : std::string(pad, ' ')) << " |";
    }
    out << '\n';
  };
  rule();
  std::vector<std::string> names, types;
  for (const ColumnInfo& f : schema) {
    names.push_back(f.name);
    types.push_back(f.type_name);
  }
  line(names, true);
  line(types, true);
  rule();
  for (const auto& texts : cells) line(texts, false);
  rule();
  out << cells.size() << (cells.size() == 1 ? " row" : " rows") << '\n';
}

std::string CsvField(const std::string& s) {
  if (s.find_first_of(",\"\n\r") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

void WriteCsv(const QueryResult& result, std::ostream& out) {
  const std::vector<ColumnInfo>& schema = result.columns();
  for (size_t c = 0; c < schema.size(); ++c) out << (c ? "," : "") << CsvField(schema[c].name);
  out << '\n';
  ForEachRow(result, [&](const std::vector<Cell>& row) {
    for (size_t c = 0; c < row.size(); ++c) {
      // NULL is an empty field; an empty string is quoted so the two stay distinct.
      std::string text = row[c].value_or("");
      text = row[c] && text.empty() ? "\"\"" : CsvField(text);
      out << (c ? "," : "") << text;
    }
    out << '\n';
  });
}

// A JSON string; bytes that are not UTF-8 become U+FFFD rather than aborting the output.
std::string JsonString(const std::string& text) {
  return nlohmann::json(text).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::string JsonValue(const Cell& cell, TypeKind kind) {
  if (!cell) return "null";
  switch (kind) {
    case TypeKind::kBoolean:  // "true" or "false"
    case TypeKind::kInt8:
    case TypeKind::kInt16:
    case TypeKind::kInt32:
    case TypeKind::kInt64:
    case TypeKind::kDecimal: return *cell;  // exact digits as a JSON number
    case TypeKind::kDouble: {
      const std::string& text = *cell;
      // JSON has no NaN or infinity; write them as strings.
      return (text == "nan" || text == "inf" || text == "-inf") ? "\"" + text + "\"" : text;
    }
    case TypeKind::kReal: {
      const std::string& text = *cell;
      return (text == "NaN" || text == "Infinity" || text == "-Infinity") ? "\"" + text + "\"" : text;
    }
    default: return JsonString(*cell);
  }
}

void WriteJson(const QueryResult& result, std::ostream& out) {
  std::vector<std::string> keys;
  for (const ColumnInfo& f : result.columns()) keys.push_back(JsonString(f.name));
  out << '[';
  bool first = true;
  ForEachRow(result, [&](const std::vector<Cell>& row) {
    out << (first ? "\n" : ",\n") << "  {";
    first = false;
    for (size_t c = 0; c < row.size(); ++c) {
      out << (c ? ", " : "") << keys[c] << ": " << JsonValue(row[c], result.columns()[c].kind);
    }
    out << '}';
  });
  out << (first ? "]\n" : "\n]\n");
}

}  // namespace

void WriteResult(const QueryResult& result, OutputFormat format, std::ostream& out) {
  switch (format) {
    case OutputFormat::kTable: WriteTable(result, out); break;
    case OutputFormat::kCsv: WriteCsv(result, out); break;
    case OutputFormat::kJson: WriteJson(result, out); break;
  }
}

}  // namespace orbit::cli
