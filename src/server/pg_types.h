// Orbit's types as PostgreSQL clients see them: the type OID, size and modifier of each
// result column, a value's text as PostgreSQL writes it (booleans t/f, Infinity, NaN), its
// binary form for the types that have a simple one, and a client's parameter value (text
// or binary, with the type OID the client declared) as an orbit::Parameter.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "orbit/error.h"
#include "orbit/parameter.h"
#include "orbit/query_result.h"

namespace orbit::server {

/// PostgreSQL's type OIDs (pg_type.dat) that Orbit produces or accepts.
namespace oid {
inline constexpr int32_t kUnspecified = 0;
inline constexpr int32_t kBool = 16;
inline constexpr int32_t kBytea = 17;
inline constexpr int32_t kInt8 = 20;
inline constexpr int32_t kInt2 = 21;
inline constexpr int32_t kInt4 = 23;
inline constexpr int32_t kText = 25;
inline constexpr int32_t kOid = 26;
inline constexpr int32_t kFloat4 = 700;
inline constexpr int32_t kFloat8 = 701;
inline constexpr int32_t kUnknown = 705;
inline constexpr int32_t kBpchar = 1042;
inline constexpr int32_t kVarchar = 1043;
inline constexpr int32_t kDate = 1082;
inline constexpr int32_t kTimestamp = 1114;
inline constexpr int32_t kTimestamptz = 1184;
inline constexpr int32_t kInterval = 1186;
inline constexpr int32_t kNumeric = 1700;
}  // namespace oid

/// A result column as RowDescription describes it.
struct PgColumn {
  std::string name;
  TypeKind kind = TypeKind::kVarchar;
  int32_t type_oid = oid::kText;
  int16_t type_size = -1;  ///< bytes of a fixed-width type, -1 for variable width
  int32_t type_modifier = -1;
};

/// How a column of `info`'s type is described: BOOLEAN 16, INTEGER 23, BIGINT 20, DOUBLE 701,
/// DECIMAL(p,s) 1700 with its precision and scale, DATE 1082, VARCHAR 1043, TIMESTAMP 1114,
/// and the type of a bare NULL as text (25), as PostgreSQL's `SELECT NULL`.
PgColumn DescribeColumn(const ColumnInfo& info);

/// A value as PostgreSQL's text output writes it, from Orbit's text of it
/// (QueryResult::GetText): booleans "t"/"f", doubles Infinity/-Infinity/NaN; the other types
/// are already written as PostgreSQL writes them (dates ISO, timestamps
/// 'YYYY-MM-DD HH:MM:SS[.ffffff]').
std::string PgText(TypeKind kind, std::string orbit_text);

/// Whether the binary result format is available for `kind`: every Orbit type except a bare NULL.
bool HasBinaryFormat(TypeKind kind);
/// A value's binary form (PostgreSQL's send functions), from Orbit's text of it; an
/// InvalidData error for a value the binary form cannot hold (a date BC).
Expected<std::string> PgBinary(TypeKind kind, int scale, std::string_view orbit_text);

/// A parameter from its bytes: `format` 0 is text, 1 binary; `type_oid` is what the client
/// declared in Parse (0 when it left it to the server: the value is then untyped text, as a
/// quoted literal). Text of a declared numeric, boolean, date or timestamp type becomes a
/// typed value. An InvalidData error for bytes that are not a value of the type, NotSupported
/// for a binary format Orbit cannot read.
Expected<Parameter> DecodeParameter(int32_t type_oid, int16_t format, std::string_view bytes);

/// Days since 1970-01-01 of "YYYY-MM-DD" or "YYYY-MM-DD BC" (as Orbit and PostgreSQL write
/// dates before year 1); nullopt for other text.
std::optional<int32_t> ParseIsoDate(std::string_view text);
/// Microseconds since 1970-01-01 of "YYYY-MM-DD[ HH:MM:SS[.ffffff]][ BC]"; nullopt for other text.
std::optional<int64_t> ParseIsoTimestamp(std::string_view text);

}  // namespace orbit::server
