// How a call of an operator the registry holds (||, ~, <->, ...) is written in EXPLAIN and
// in column names: "(a <op> b)". Its operator entries' ScalarFunction::display.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <fmt/format.h>

namespace orbit {

inline std::string ShowInfix(std::string_view symbol, int /*variant*/, const std::vector<std::string>& arguments) {
  return fmt::format("({} {} {})", arguments[0], symbol, arguments[1]);
}

}  // namespace orbit
