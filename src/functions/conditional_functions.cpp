// Conditional functions: coalesce, nullif, greatest and least. The parser writes each as
// a CASE (sql/parser/transform_conditional.cpp), which evaluates only the branch a row
// needs; the registry lists them so that orbit_functions() and the README show them.
#include "functions/function_registry.h"

namespace orbit {

namespace {

ScalarFunction Conditional(std::string name, std::vector<Signature> signatures, std::string description) {
  ScalarFunction f;
  f.name = std::move(name);
  f.signatures = std::move(signatures);
  f.description = std::move(description);
  return f;
}

}  // namespace

Status RegisterConditionalFunctions(FunctionRegistry& registry) {
  ORBIT_RETURN_IF_ERROR(
      registry.Add(Conditional("coalesce", {{"T, T, ...", "T"}}, "the first argument that is not NULL")));
  ORBIT_RETURN_IF_ERROR(
      registry.Add(Conditional("nullif", {{"T, T", "T"}}, "NULL if the two are equal, else the first")));
  ORBIT_RETURN_IF_ERROR(
      registry.Add(Conditional("greatest", {{"T, T, ...", "T"}}, "the largest argument, NULLs ignored")));
  return registry.Add(Conditional("least", {{"T, T, ...", "T"}}, "the smallest argument, NULLs ignored"));
}

}  // namespace orbit
