// GET /openapi.json: the HTTP API (http_server.cpp) as OpenAPI 3.0 describes it. Every
// status and media type the server sends is listed, so that a client (or schemathesis,
// tests/python/test_http_api.py) can check each answer against it.
#include <nlohmann/json.hpp>

#include "server/http_server.h"

namespace orbit::server {

namespace {

using nlohmann::json;

json Ref(const std::string& name) { return {{"$ref", "#/components/schemas/" + name}}; }

json ErrorResponse(const std::string& description) {
  return {{"description", description}, {"content", {{"application/json", {{"schema", Ref("Error")}}}}}};
}

json JsonResponse(const std::string& description, const std::string& schema) {
  return {{"description", description}, {"content", {{"application/json", {{"schema", Ref(schema)}}}}}};
}

json Schemas() {
  json schemas;
  schemas["Error"] = {{"type", "object"},
                      {"required", json::array({"error"})},
                      {"properties",
                       {{"error",
                         {{"type", "object"},
                          {"required", {"code", "message"}},
                          {"properties",
                           {{"code",
                             {{"type", "string"},
                              {"pattern", "^[0-9A-Z]{5}$"},
                              {"description",
                               "the SQLSTATE, as PostgreSQL's (42601 syntax error, 42501 insufficient privilege, "
                               "57014 statement timeout, ...)"}}},
                            {"message", {{"type", "string"}}}}}}}}}};
  json sql = {{"type", "string"},
              {"description",
               "one statement, or several separated by ';' (then the last one's result is "
               "answered); with params, exactly one"}};
  json param = {{"nullable", true},
                {"oneOf", json::array({{{"type", "string"}}, {{"type", "number"}}, {{"type", "boolean"}}})}};
  json params = {{"type", "array"},
                 {"description",
                  "values of $1, $2, ...: a string is typed where it is used, as a PostgreSQL text "
                  "parameter"},
                 {"items", param}};
  json timeout = {{"type", "integer"},
                  {"minimum", 0},
                  {"description",
                   "statement_timeout for each statement, in milliseconds (0: the server's); never "
                   "longer than the server's"}};
  schemas["QueryRequest"] = {{"type", "object"},
                             {"required", json::array({"sql"})},
                             {"additionalProperties", false},
                             {"properties", {{"sql", sql}, {"params", params}, {"timeout_ms", timeout}}}};
  schemas["Column"] = {
      {"type", "object"},
      {"required", {"name", "type"}},
      {"properties",
       {{"name", {{"type", "string"}}},
        {"type", {{"type", "string"}, {"description", "Orbit's SQL type: INTEGER, DECIMAL(15,2), ..."}}}}}};
  schemas["QueryResult"] = {
      {"type", "object"},
      {"required", {"columns", "rows", "row_count", "command", "seconds"}},
      {"properties",
       {{"columns", {{"type", "array"}, {"items", Ref("Column")}}},
        {"rows",
         {{"type", "array"},
          {"description",
           "each row's values in column order: BOOLEAN a boolean, INTEGER and BIGINT integers, "
           "DOUBLE and REAL numbers (NaN and the infinities as strings), DECIMAL, DATE, TIMESTAMP "
           "and VARCHAR strings, arrays arrays; NULL null"},
          {"items", {{"type", "array"}, {"items", json::object()}}}}},
        {"row_count",
         {{"type", "integer"}, {"description", "rows returned, or added, changed or removed by the statement"}}},
        {"command", {{"type", "string"}, {"description", "PostgreSQL's command tag: SELECT 3, INSERT 0 2, ..."}}},
        {"seconds", {{"type", "number"}, {"description", "the last statement's run time"}}}}}};
  schemas["Health"] = {{"type", "object"},
                       {"required", json::array({"status"})},
                       {"properties", {{"status", {{"type", "string"}, {"enum", json::array({"ok"})}}}}}};
  schemas["Ready"] = {{"type", "object"},
                      {"required", {"status", "database", "devices"}},
                      {"properties",
                       {{"status", {{"type", "string"}, {"enum", {"ready", "starting"}}}},
                        {"database", {{"type", "string"}}},
                        {"devices",
                         {{"type", "array"},
                          {"items",
                           {{"type", "object"},
                            {"required", {"device", "kind", "available"}},
                            {"properties",
                             {{"device", {{"type", "string"}}},
                              {"kind", {{"type", "string"}}},
                              {"available", {{"type", "boolean"}}}}}}}}}}}};
  return schemas;
}

}  // namespace

std::string OpenApiDocument(bool with_tokens) {
  json query_responses = {
      {"200",
       {{"description", "the last statement's result, in the format Accept asks for (JSON by default)"},
        {"content",
         {{"application/json", {{"schema", Ref("QueryResult")}}},
          {"text/csv", {{"schema", {{"type", "string"}}}}},
          {"application/vnd.apache.arrow.stream", {{"schema", {{"type", "string"}, {"format", "binary"}}}}}}}}},
      {"400", ErrorResponse("a malformed request, or a statement that failed (its SQLSTATE says why)")},
      {"403", ErrorResponse("the token's role may not run a statement (SQLSTATE 42501)")},
      {"406", ErrorResponse("Accept names none of the result formats")},
      {"413", ErrorResponse("the body is larger than max_request_bytes")},
      {"415", ErrorResponse("the body is not application/json")},
      {"429", ErrorResponse("max_concurrent_queries are running; try again")},
      {"500", ErrorResponse("an internal error")},
      {"503", ErrorResponse("the server ran out of a resource (memory: SQLSTATE 53200)")},
      {"504", ErrorResponse("a statement ran past its statement_timeout (SQLSTATE 57014)")}};
  json query = {
      {"summary", "Run SQL"},
      {"operationId", "query"},
      {"requestBody", {{"required", true}, {"content", {{"application/json", {{"schema", Ref("QueryRequest")}}}}}}},
      {"responses", query_responses}};
  json document = {{"openapi", "3.0.3"},
                   {"info",
                    {{"title", "Orbit"},
                     {"version", "1"},
                     {"description",
                      "Orbit's SQL over HTTP: the same database `orbit serve` serves over the "
                      "PostgreSQL protocol"}}},
                   {"paths",
                    {{"/v1/query", {{"post", query}}},
                     {"/v1/health",
                      {{"get",
                        {{"summary", "Whether the server answers"},
                         {"operationId", "health"},
                         {"security", json::array()},
                         {"responses", {{"200", JsonResponse("it answers", "Health")}}}}}}},
                     {"/v1/ready",
                      {{"get",
                        {{"summary", "Whether the database is open and the devices probed"},
                         {"operationId", "ready"},
                         {"security", json::array()},
                         {"responses",
                          {{"200", JsonResponse("ready", "Ready")},
                           {"503", JsonResponse("still probing the devices", "Ready")}}}}}}},
                     {"/metrics",
                      {{"get",
                        {{"summary", "Prometheus metrics"},
                         {"operationId", "metrics"},
                         {"security", json::array()},
                         {"responses",
                          {{"200",
                            {{"description", "the text exposition format"},
                             {"content", {{"text/plain", {{"schema", {{"type", "string"}}}}}}}}}}}}}}},
                     {"/openapi.json",
                      {{"get",
                        {{"summary", "This document"},
                         {"operationId", "openapi"},
                         {"security", json::array()},
                         {"responses",
                          {{"200",
                            {{"description", "the OpenAPI document"},
                             {"content", {{"application/json", {{"schema", {{"type", "object"}}}}}}}}}}}}}}}}},
                   {"components", {{"schemas", Schemas()}}}};
  if (with_tokens) {
    document["components"]["securitySchemes"] = {
        {"token",
         {{"type", "http"},
          {"scheme", "bearer"},
          {"description", "a token of the server's configuration, or a JWT signed as it is configured to take"}}}};
    document["security"] = json::array({{{"token", json::array()}}});
    document["paths"]["/v1/query"]["post"]["responses"]["401"] =
        ErrorResponse("no token, or not one of the server's, or a JWT refused (SQLSTATE 28000 or 28P01)");
  }
  return document.dump(2);
}

}  // namespace orbit::server
