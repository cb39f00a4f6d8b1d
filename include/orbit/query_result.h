// What one statement produced, read either cell by cell as text (what the orbit shell
// prints) or, without copying, as Arrow through the Arrow C Stream Interface.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "orbit/arrow_c_abi.h"
#include "orbit/error.h"
#include "orbit/export.h"

namespace orbit {

/// @brief The SQL type of a result column.
enum class TypeKind {
  kNull,       ///< the type of a bare NULL
  kBoolean,    ///< BOOLEAN
  kInt32,      ///< INTEGER
  kInt64,      ///< BIGINT
  kDouble,     ///< DOUBLE
  kDecimal,    ///< DECIMAL(precision, scale)
  kDate,       ///< DATE
  kVarchar,    ///< VARCHAR
  kTimestamp,  ///< TIMESTAMP (microseconds since 1970-01-01 00:00:00, no time zone)
  kReal,       ///< REAL (float32)
  kArray,      ///< T[n], a fixed-size array; type_name says which ("REAL[384]"), Arrow a FixedSizeList
  kInt16,      ///< SMALLINT
  kInt8,       ///< TINYINT
  kInterval,   ///< INTERVAL (months, days and microseconds; Arrow month_day_nano)
  kList,       ///< T[], a variable-length array; type_name says which ("INTEGER[]"), Arrow a List
};

/// @brief One column of a result: its name and type.
struct ColumnInfo {
  std::string name;
  TypeKind kind = TypeKind::kNull;
  std::string type_name;  ///< the SQL spelling: "INTEGER", "DECIMAL(15,2)", ...
  int precision = 0;      ///< DECIMAL only
  int scale = 0;          ///< DECIMAL only

  /// @return true for the numeric types (TINYINT, SMALLINT, INTEGER, BIGINT, REAL, DOUBLE, DECIMAL)
  bool is_numeric() const noexcept {
    return kind == TypeKind::kInt8 || kind == TypeKind::kInt16 || kind == TypeKind::kInt32 ||
           kind == TypeKind::kInt64 || kind == TypeKind::kReal || kind == TypeKind::kDouble ||
           kind == TypeKind::kDecimal;
  }
};

/// @brief The result of one statement: rows (none, and no columns, for statements such
/// as CREATE, INSERT or SET) and how long the statement took. Cheap to copy: copies
/// share the same immutable data, which stays valid as long as any copy does.
///
/// Row and column indexes must be in range (0 <= column < num_columns(),
/// 0 <= row < num_rows()). Accessors returning text may throw std::bad_alloc, as any
/// std::string does; nothing else throws.
class ORBIT_EXPORT QueryResult {
 public:
  /// @brief An empty result: no rows, no columns.
  QueryResult();
  ~QueryResult();
  QueryResult(const QueryResult&);
  QueryResult& operator=(const QueryResult&);
  QueryResult(QueryResult&&) noexcept;
  QueryResult& operator=(QueryResult&&) noexcept;

  /// @return false for statements that return no rows (CREATE, COPY, INSERT, DROP, SET)
  bool returns_rows() const noexcept;
  /// @return the statement's run time in seconds
  double seconds() const noexcept;
  /// @return the rows INSERT or COPY added, UPDATE changed or DELETE removed; -1 for other statements
  int64_t rows_changed() const noexcept;
  /// @return the number of columns
  int num_columns() const noexcept;
  /// @return the number of rows
  int64_t num_rows() const noexcept;
  /// @return the name and type of every column, in order
  const std::vector<ColumnInfo>& columns() const noexcept;

  /// @brief Whether a cell is NULL.
  /// @param column the column index
  /// @param row the row index
  /// @return true when the cell is NULL
  bool IsNull(int column, int64_t row) const;
  /// @brief A cell as the orbit shell shows it: decimals with every digit, doubles as the
  /// shortest text that reads back identically, dates as YYYY-MM-DD.
  /// @param column the column index
  /// @param row the row index
  /// @return the text, or std::nullopt when the cell is NULL
  std::optional<std::string> GetText(int column, int64_t row) const;

  /// @brief Exports the rows as an Arrow stream of struct arrays, one per batch, whose
  /// buffers are Orbit's own (no copy). A result without rows gives a stream without
  /// columns.
  /// @param out an uninitialised stream; on success the caller owns it and must release it
  /// @return success, or why the export failed
  Expected<void> ExportArrow(ArrowArrayStream* out) const;

 private:
  friend class Connection;
  struct Impl;
  explicit QueryResult(std::shared_ptr<const Impl> impl);
  std::shared_ptr<const Impl> impl_;
};

}  // namespace orbit
