// The public API's parameter values (include/orbit/parameter.h) as the engine's.
// Private to src/main/api.
#pragma once

#include <vector>

#include "common/status.h"
#include "orbit/parameter.h"
#include "sql/parser/parameters.h"

namespace orbit::api {

/// Fails on a DECIMAL whose text is not a number of at most 38 digits.
Result<std::vector<ParameterValue>> ToParameterValues(const std::vector<Parameter>& parameters);

}  // namespace orbit::api
