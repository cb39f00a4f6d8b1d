// Pieces of a statement's text read back by position: the parse tree gives where a node
// starts, not where it ends, so the end is found by scanning SQL's tokens.
#pragma once

#include <string>
#include <string_view>

namespace orbit {

/// The expression of a column's DEFAULT as written: from after the DEFAULT keyword at
/// `default_location` to the next constraint of the column (`next_location`, -1 for none)
/// or the end of the column's definition (a ',' or ')' outside parentheses and quotes).
/// Empty when `default_location` is unknown or does not point at DEFAULT.
std::string DefaultExpressionText(std::string_view sql, int default_location, int next_location);

/// The expression of a CHECK constraint as written, inside its parentheses: `location` is
/// where the constraint starts (its CONSTRAINT or CHECK keyword). Empty when not found.
std::string CheckExpressionText(std::string_view sql, int location);

}  // namespace orbit
