// PostgreSQL's identity of Orbit's types: the OID, name and modifier PostgreSQL's catalogs
// and clients (psql's \d, drivers' type maps) read for each, and format_type's spelling.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "columnar/data_type.h"

namespace orbit {

/// One row of pg_type: a type Orbit's columns can have, as PostgreSQL describes it.
struct PgTypeInfo {
  int32_t oid;
  const char* name;      // typname: "int4", "_int4"
  int16_t length;        // typlen: bytes, -1 for variable length
  char category;         // typcategory: 'N' numeric, 'S' string, 'A' array, ...
  int32_t element;       // typelem: an array's element type, else 0
  int32_t array;         // typarray: the array of this type, else 0
  bool collatable;       // typcollation is the default collation (100)
  const char* spelling;  // format_type's: "integer", "character varying", "integer[]"
};

/// Every type of pg_type, elements before their arrays.
const std::vector<PgTypeInfo>& PgTypes();

/// The pg_type row of `oid`; null for a type Orbit's columns never have.
const PgTypeInfo* FindPgType(int32_t oid);

/// The pg_type OID of a column of `type` (T[n], which PostgreSQL lacks, as T[]); 0 for NULL.
int32_t PgTypeOid(const DataType& type);

/// atttypmod: NUMERIC(p, s) is ((p << 16) | s) + 4, as PostgreSQL packs it; else -1.
int32_t PgTypeModifier(const DataType& type);

/// format_type(oid, typmod): "numeric(10,2)", "character varying", "integer[]"; "???" for an
/// unknown OID, as PostgreSQL writes it.
std::string PgFormatType(int32_t oid, int32_t modifier);

/// The default collation's OID, pg_collation's "default".
inline constexpr int32_t kPgDefaultCollation = 100;

}  // namespace orbit
