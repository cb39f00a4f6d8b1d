#include "cli/result_format.h"

#include <algorithm>

#include <nlohmann/json.hpp>

#include "exec/expression/expression_evaluator.h"

namespace orbit::cli {

bool ParseOutputFormat(const std::string& text, OutputFormat* format) {
  if (text == "table") *format = OutputFormat::kTable;
  else if (text == "csv") *format = OutputFormat::kCsv;
  else if (text == "json") *format = OutputFormat::kJson;
  else return false;
  return true;
}

namespace {

// Calls fn(row_cells) for every row, cells as text with NULL marked by `null_text`.
template <typename Fn>
void ForEachRow(const Table& table, Fn fn) {
  std::vector<Value> row(table.num_columns());
  for (const Batch& batch : table.batches()) {
    for (int64_t r = 0; r < batch.length; ++r) {
      for (int c = 0; c < table.num_columns(); ++c) row[c] = ValueAt(batch.columns[c]->view(), r);
      fn(row);
    }
  }
}

bool RightAligned(const DataType& t) { return t.is_numeric(); }

size_t DisplayWidth(const std::string& s) {
  size_t w = 0;
  for (unsigned char c : s) w += (c & 0xC0) != 0x80;  // count UTF-8 code points
  return w;
}

void WriteTable(const Table& table, std::ostream& out) {
  const Schema& schema = table.schema();
  std::vector<std::vector<std::string>> cells;
  std::vector<size_t> widths;
  for (const Field& f : schema) widths.push_back(std::max(DisplayWidth(f.name), DisplayWidth(f.type.ToString())));
  ForEachRow(table, [&](const std::vector<Value>& row) {
    std::vector<std::string> texts;
    for (size_t c = 0; c < row.size(); ++c) {
      texts.push_back(row[c].ToString());
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
      bool right = !header && RightAligned(schema[c].type);
      out << ' ' << (right ? std::string(pad, ' ') : "") << texts[c] << (right ? "" : std::string(pad, ' ')) << " |";
    }
    out << '\n';
  };
  rule();
  std::vector<std::string> names, types;
  for (const Field& f : schema) {
    names.push_back(f.name);
    types.push_back(f.type.ToString());
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

void WriteCsv(const Table& table, std::ostream& out) {
  const Schema& schema = table.schema();
  for (size_t c = 0; c < schema.size(); ++c) out << (c ? "," : "") << CsvField(schema[c].name);
  out << '\n';
  ForEachRow(table, [&](const std::vector<Value>& row) {
    for (size_t c = 0; c < row.size(); ++c) {
      // NULL is an empty field; an empty string is quoted so the two stay distinct.
      std::string text = row[c].is_null ? "" : row[c].ToString();
      if (!row[c].is_null && text.empty()) text = "\"\"";
      else text = CsvField(text);
      out << (c ? "," : "") << text;
    }
    out << '\n';
  });
}

// A JSON string; bytes that are not UTF-8 become U+FFFD rather than aborting the output.
std::string JsonString(const std::string& text) {
  return nlohmann::json(text).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::string JsonValue(const Value& v) {
  if (v.is_null) return "null";
  switch (v.type.id) {
    case TypeId::kBoolean: return v.bool_value ? "true" : "false";
    case TypeId::kInt32:
    case TypeId::kInt64:
    case TypeId::kDecimal: return v.ToString();  // exact digits as a JSON number
    case TypeId::kDouble: {
      std::string text = v.ToString();
      // JSON has no NaN or infinity; write them as strings.
      return (text == "nan" || text == "inf" || text == "-inf") ? "\"" + text + "\"" : text;
    }
    default: return JsonString(v.ToString());
  }
}

void WriteJson(const Table& table, std::ostream& out) {
  const Schema& schema = table.schema();
  std::vector<std::string> keys;
  for (const Field& f : schema) keys.push_back(JsonString(f.name));
  out << '[';
  bool first = true;
  ForEachRow(table, [&](const std::vector<Value>& row) {
    out << (first ? "\n" : ",\n") << "  {";
    first = false;
    for (size_t c = 0; c < row.size(); ++c) out << (c ? ", " : "") << keys[c] << ": " << JsonValue(row[c]);
    out << '}';
  });
  out << (first ? "]\n" : "\n]\n");
}

}  // namespace

void WriteResult(const Table& table, OutputFormat format, std::ostream& out) {
  switch (format) {
    case OutputFormat::kTable: WriteTable(table, out); break;
    case OutputFormat::kCsv: WriteCsv(table, out); break;
    case OutputFormat::kJson: WriteJson(table, out); break;
  }
}

}  // namespace orbit::cli
