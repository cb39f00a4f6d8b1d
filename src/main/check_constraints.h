// CHECK constraints kept: before a statement's rows go into a table (INSERT, COPY, UPDATE,
// ON CONFLICT), each CHECK is bound over the table's columns and evaluated on them; a row for
// which one is false (NULL passes, as in PostgreSQL) fails the statement with PostgreSQL's
// message. ALTER TABLE ... ADD CONSTRAINT ... CHECK checks the rows already there.
#pragma once

#include <vector>

#include "columnar/table.h"
#include "common/status.h"
#include "sql/catalog/catalog.h"

namespace orbit {

/// OK when every CHECK of `checks` holds for every row of `rows` (rows of `table`); else a
/// CheckViolation: `new row for relation "t" violates check constraint "t_a_check"
/// (failing row contains (0, x))`.
Status CheckRows(const Table& table, const CheckConstraints& checks, const std::vector<Batch>& rows);

/// ALTER TABLE ... ADD CONSTRAINT: `check` over the rows `table` holds; else `check
/// constraint "c" of relation "t" is violated by some row`.
Status ValidateCheck(const Table& table, const CheckConstraint& check);

}  // namespace orbit
