// SQL type names -> DataType, and the typing rules of Orbit's SQL: numeric promotion, the
// common type of a comparison, the result types of arithmetic, which casts exist. The
// executor relies on these exactly (plan/expression.h), so they live in one place.
#pragma once

#include <optional>

#include "columnar/data_type.h"
#include "common/status.h"
#include "sql/parser/ast.h"

namespace orbit {

/// TINYINT, INT1 -> TINYINT; SMALLINT, INT2 -> SMALLINT; INTEGER, INT, INT4 -> INTEGER;
/// BIGINT, INT8 -> BIGINT; REAL, FLOAT4, FLOAT(1..24) -> REAL; DOUBLE [PRECISION], FLOAT,
/// FLOAT(25..53), FLOAT8 -> DOUBLE; DECIMAL/NUMERIC[(p[,s])] (bare: DECIMAL(18,3)); DATE;
/// VARCHAR[(n)], TEXT, CHAR(n) -> VARCHAR; BOOLEAN, BOOL. Anything else is NotSupported.
Result<DataType> ResolveTypeName(const ast::TypeName& type);

/// The decimal that holds every value of an exact numeric type: TINYINT -> DECIMAL(3,0),
/// SMALLINT -> DECIMAL(5,0), INTEGER -> DECIMAL(10,0), BIGINT -> DECIMAL(19,0), DECIMAL -> itself.
DataType AsDecimal(const DataType& type);

/// Position in the numeric promotion order TINYINT < SMALLINT < INTEGER < BIGINT < DECIMAL <
/// REAL < DOUBLE; 0 otherwise.
int NumericRank(const DataType& type);

/// The type both sides of a comparison (or BETWEEN / IN) are cast to; nullopt when the two
/// types cannot be compared. DECIMALs keep every integer digit and every fractional digit:
/// scale = max(s), precision = max(p - s) + scale, capped at 38. A NULL literal's type
/// (kNull) takes the other side's type. REAL with anything but REAL compares as DOUBLE.
std::optional<DataType> ComparisonType(const DataType& a, const DataType& b);

/// The type of a result that may be either (CASE, COALESCE, UNION, VALUES): as
/// ComparisonType, but REAL with an integer or DECIMAL stays REAL, as PostgreSQL resolves it.
std::optional<DataType> CommonType(const DataType& a, const DataType& b);

/// Result type of + and - on two DECIMALs: scale = max(s), precision = max(p - s) + scale + 1,
/// capped at 38.
DataType DecimalAddType(const DataType& a, const DataType& b);

/// Result type of * on two DECIMALs: scale = s1 + s2, precision = p1 + p2, but
/// DECIMAL(18, s1 + s2) when both operands fit 64 bits (DuckDB's rule; the executor checks
/// overflow), capped at 38. Fails when the scale exceeds 38.
Result<DataType> DecimalMultiplyType(const DataType& a, const DataType& b);

/// Whether CAST(x AS to) exists for x of type `from`.
bool CanCast(const DataType& from, const DataType& to);

/// Whether a value of type `from` may be stored into a column of type `to` (INSERT):
/// numeric to numeric, anything to VARCHAR, NULL to anything.
bool CanAssign(const DataType& from, const DataType& to);

}  // namespace orbit
