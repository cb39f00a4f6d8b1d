// PostgreSQL's text form of a one-dimensional array (T[], data_type.h): '{1,2,NULL}',
// '{"a b",c,"NULL"}'. The one place that splits such text into element texts and quotes
// element texts back, so casts, literals, CSV and result printing agree with array_in
// and array_out.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"

namespace orbit {

/// The element texts of '{...}' (std::nullopt for an unquoted NULL), unescaped; blanks
/// around elements are dropped. A malformed text, or one with nested braces (a
/// multidimensional array), is an error naming it.
Result<std::vector<std::optional<std::string>>> SplitListText(std::string_view text);

/// Appends `element` to `out` as array_out writes it: in double quotes, with \ before
/// " and \, when it is empty, is NULL in any case, or holds a blank, a brace, a comma,
/// a quote or a backslash.
void AppendListElementText(std::string_view element, std::string* out);

}  // namespace orbit
