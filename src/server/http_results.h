// A statement's result as the HTTP API answers it: JSON (columns with their names and
// Orbit types, rows of typed values, the row count and the command tag), CSV (a header
// line, then RFC 4180 rows; NULL is an empty unquoted field) or the Arrow IPC stream
// (arrow_ipc.h). Also the JSON request's parameters and the error body.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "orbit/error.h"
#include "orbit/parameter.h"
#include "orbit/query_result.h"

namespace orbit::server {

enum class ResultFormat { kJson, kCsv, kArrow };

inline constexpr std::string_view kJsonType = "application/json";
inline constexpr std::string_view kCsvType = "text/csv";
inline constexpr std::string_view kArrowType = "application/vnd.apache.arrow.stream";

/// The format an Accept header asks for (none, or */*: JSON), by its q-values, then its
/// order; nullopt when it accepts none of the three.
std::optional<ResultFormat> NegotiateFormat(std::string_view accept);
/// The JSON answer for `result` of `statement`.
nlohmann::json ResultJson(std::string_view statement, const QueryResult& result);
/// The CSV answer (a statement without rows gives an empty body).
std::string ResultCsv(const QueryResult& result);
/// The JSON request's "params": null, booleans, integers, numbers and strings (a string
/// is typed where it is used, as a PostgreSQL text parameter). An error names the bad one.
Expected<std::vector<Parameter>> ParametersFromJson(const nlohmann::json& params);
/// {"error": {"code": SQLSTATE, "message": ...}}
std::string ErrorBody(std::string_view sqlstate, std::string_view message);
/// The HTTP status for an error of SQLSTATE `sqlstate`: 403 insufficient privilege, 504 a
/// statement timeout, 503 insufficient resources, 500 internal and system errors, else 400.
int HttpStatusOf(std::string_view sqlstate);

}  // namespace orbit::server
