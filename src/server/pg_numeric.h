// PostgreSQL's binary form of NUMERIC (numeric_send/numeric_recv): base-10000 digits with
// a weight, a sign and a display scale, to and from the plain decimal text Orbit writes
// and reads ("-12.50").
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace orbit::server {

/// The binary form of `text`, plain decimal digits with an optional sign and point; nullopt
/// for anything else.
std::optional<std::string> NumericToBinary(std::string_view text);
/// The plain decimal text of a binary NUMERIC; nullopt when malformed or NaN/infinite
/// (Orbit's DECIMAL has neither).
std::optional<std::string> NumericFromBinary(std::string_view bytes);

}  // namespace orbit::server
