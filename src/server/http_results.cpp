#include "server/http_results.h"

#include <cmath>
#include <cstdlib>

#include "server/command_tag.h"

namespace orbit::server {

namespace {

std::string_view Trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

std::string Lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// A DOUBLE or REAL as JSON: a number, or the text of NaN and the infinities (JSON has none).
nlohmann::json FloatJson(const std::string& text) {
  char* end = nullptr;
  const double value = std::strtod(text.c_str(), &end);
  if (end == text.c_str() || *end != '\0' || !std::isfinite(value)) {
    if (text == "nan") return "NaN";
    if (text == "inf") return "Infinity";
    if (text == "-inf") return "-Infinity";
    return text;
  }
  return value;
}

nlohmann::json CellJson(const ColumnInfo& column, const std::string& text) {
  switch (column.kind) {
    case TypeKind::kBoolean: return text == "true";
    case TypeKind::kInt32:
    case TypeKind::kInt64: return static_cast<int64_t>(std::strtoll(text.c_str(), nullptr, 10));
    case TypeKind::kDouble:
    case TypeKind::kReal: return FloatJson(text);
    case TypeKind::kArray: {
      // "{1,2.5,3}": the elements, numbers as DOUBLE's.
      nlohmann::json elements = nlohmann::json::array();
      std::string_view body(text);
      if (body.size() >= 2 && body.front() == '{' && body.back() == '}') body = body.substr(1, body.size() - 2);
      while (!body.empty()) {
        const size_t comma = body.find(',');
        const std::string element(Trim(body.substr(0, comma)));
        char* end = nullptr;
        const long long integer = std::strtoll(element.c_str(), &end, 10);
        if (end != element.c_str() && *end == '\0') {
          elements.push_back(static_cast<int64_t>(integer));
        } else {
          elements.push_back(FloatJson(element));
        }
        if (comma == std::string_view::npos) break;
        body.remove_prefix(comma + 1);
      }
      return elements;
    }
    default: return text;  // DECIMAL (exact digits), DATE, TIMESTAMP, VARCHAR
  }
}

void AppendCsvField(std::string* out, const std::string& text) {
  const bool quote =
      text.empty() || text.find_first_of(",\"\r\n") != std::string::npos || text.front() == ' ' || text.back() == ' ';
  if (!quote) {
    *out += text;
    return;
  }
  *out += '"';
  for (char c : text) {
    if (c == '"') *out += '"';
    *out += c;
  }
  *out += '"';
}

}  // namespace

std::optional<ResultFormat> NegotiateFormat(std::string_view accept) {
  if (Trim(accept).empty()) return ResultFormat::kJson;
  std::optional<ResultFormat> best;
  double best_q = 0;
  while (!accept.empty()) {
    const size_t comma = accept.find(',');
    std::string_view item = accept.substr(0, comma);
    accept = comma == std::string_view::npos ? std::string_view{} : accept.substr(comma + 1);
    const size_t semicolon = item.find(';');
    const std::string type = Lower(Trim(item.substr(0, semicolon)));
    double q = 1;
    if (semicolon != std::string_view::npos) {
      std::string_view parameters = item.substr(semicolon + 1);
      while (!parameters.empty()) {
        const size_t next = parameters.find(';');
        const std::string_view parameter = Trim(parameters.substr(0, next));
        if (parameter.starts_with("q=")) q = std::strtod(std::string(parameter.substr(2)).c_str(), nullptr);
        parameters = next == std::string_view::npos ? std::string_view{} : parameters.substr(next + 1);
      }
    }
    std::optional<ResultFormat> format;
    if (type == kJsonType || type == "application/*" || type == "*/*") format = ResultFormat::kJson;
    if (type == kCsvType || type == "text/*") format = ResultFormat::kCsv;
    if (type == kArrowType) format = ResultFormat::kArrow;
    if (format && q > best_q) {
      best = format;
      best_q = q;
    }
  }
  return best;
}

nlohmann::json ResultJson(std::string_view statement, const QueryResult& result) {
  nlohmann::json columns = nlohmann::json::array();
  nlohmann::json rows = nlohmann::json::array();
  int64_t row_count = 0;
  if (result.returns_rows()) {
    for (const ColumnInfo& column : result.columns()) {
      columns.push_back({{"name", column.name}, {"type", column.type_name}});
    }
    row_count = result.num_rows();
    for (int64_t r = 0; r < result.num_rows(); ++r) {
      nlohmann::json row = nlohmann::json::array();
      for (int c = 0; c < result.num_columns(); ++c) {
        std::optional<std::string> text = result.GetText(c, r);
        row.push_back(text ? CellJson(result.columns()[static_cast<size_t>(c)], *text) : nlohmann::json(nullptr));
      }
      rows.push_back(std::move(row));
    }
  } else if (result.rows_changed() >= 0) {
    row_count = result.rows_changed();
  }
  return {{"columns", std::move(columns)},
          {"rows", std::move(rows)},
          {"row_count", row_count},
          {"command", CommandTag(statement, result.returns_rows(), result.num_rows(), result.rows_changed())},
          {"seconds", result.seconds()}};
}

std::string ResultCsv(const QueryResult& result) {
  std::string out;
  if (!result.returns_rows()) return out;
  for (int c = 0; c < result.num_columns(); ++c) {
    if (c > 0) out += ',';
    AppendCsvField(&out, result.columns()[static_cast<size_t>(c)].name);
  }
  out += "\r\n";
  for (int64_t r = 0; r < result.num_rows(); ++r) {
    for (int c = 0; c < result.num_columns(); ++c) {
      if (c > 0) out += ',';
      std::optional<std::string> text = result.GetText(c, r);
      if (text) AppendCsvField(&out, *text);  // NULL: nothing; an empty string is quoted
    }
    out += "\r\n";
  }
  return out;
}

Expected<std::vector<Parameter>> ParametersFromJson(const nlohmann::json& params) {
  std::vector<Parameter> parameters;
  if (params.is_null()) return parameters;
  if (!params.is_array()) return Error(ErrorCode::kInvalidArgument, "\"params\" must be an array");
  for (size_t i = 0; i < params.size(); ++i) {
    const nlohmann::json& value = params[i];
    if (value.is_null()) {
      parameters.push_back(Parameter::Null());
    } else if (value.is_boolean()) {
      parameters.push_back(Parameter::Boolean(value.get<bool>()));
    } else if (value.is_number_integer() && !value.is_number_unsigned()) {
      parameters.push_back(Parameter::Int64(value.get<int64_t>()));
    } else if (value.is_number_unsigned()) {
      const auto number = value.get<uint64_t>();
      if (number > static_cast<uint64_t>(INT64_MAX)) {
        return Error(ErrorCode::kInvalidArgument, "parameter $" + std::to_string(i + 1) + " is out of BIGINT's range");
      }
      parameters.push_back(Parameter::Int64(static_cast<int64_t>(number)));
    } else if (value.is_number_float()) {
      parameters.push_back(Parameter::Double(value.get<double>()));
    } else if (value.is_string()) {
      parameters.push_back(Parameter::Text(value.get<std::string>()));
    } else {
      return Error(ErrorCode::kInvalidArgument,
                   "parameter $" + std::to_string(i + 1) + " must be null, a boolean, a number or a string");
    }
  }
  return parameters;
}

std::string ErrorBody(std::string_view sqlstate, std::string_view message) {
  return nlohmann::json{{"error", {{"code", sqlstate}, {"message", message}}}}.dump(
      -1, ' ', false, nlohmann::json::error_handler_t::replace);
}

int HttpStatusOf(std::string_view sqlstate) {
  if (sqlstate == "42501") return 403;
  if (sqlstate == "57014") return 504;
  if (sqlstate.starts_with("53")) return 503;
  if (sqlstate.starts_with("58") || sqlstate.starts_with("XX")) return 500;
  return 400;
}

}  // namespace orbit::server
