// The SQL syntax tree: what the parser makes of libpg_query's parse tree and what the
// binder reads. It holds only the constructs Orbit can run (the parser rejects the rest as
// "not supported yet"), with names already lower-cased where SQL folds them, and byte
// offsets into the statement text for error messages.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "columnar/data_type.h"
#include "functions/window_function.h"  // FrameUnit, FrameBoundKind, FrameExclusion

namespace orbit::ast {

enum class ExprKind : uint8_t {
  kColumnRef,  // names: {"l_quantity"} or {"t", "l_quantity"}
  kStar,       // names: {} for *, {"t"} for t.*
  kConstant,   // constant
  kCast,       // CAST(children[0] AS type), children[0]::type, DATE '...', INTERVAL '...' DAY
  kUnaryOp,    // op children[0], op "-" or "+"
  kBinaryOp,   // children[0] op children[1], op one of = <> < <= > >= + - * / %
  kAnd,        // children[0] AND children[1] AND ...
  kOr,
  kNot,
  kIsNull,
  kIsNotNull,
  kBetween,        // children[0] [NOT] BETWEEN children[1] AND children[2]
  kInList,         // children[0] [NOT] IN (children[1..])
  kFunction,       // name(children...), or name(*) when star
  kNamedArgument,  // name => children[0], a table function's option
  kDefault,        // DEFAULT in INSERT ... VALUES
  kCase,           // CASE WHEN c1 THEN r1 ... [ELSE e] END: children c1, r1, c2, r2, ..., [e]
                   // (an odd count has the ELSE); CASE x WHEN v ... arrives as WHEN x = v
  kLike,           // children[0] [NOT] LIKE children[1]
  kSubquery,       // (SELECT ...) as `subquery_kind` says; kIn: children[0] IN (SELECT ...)
  kConditional,    // name(children...): coalesce, nullif, greatest or least
  kParameter,      // $n (a `?` is numbered in order): parameter, 1-based
  kArray,          // ARRAY[children...] or [children...]: an array value, or a table function's list argument
  kWindow,         // name(...) OVER (...): a window function, or an aggregate over a window;
                   // `window` says how, and how its children are laid out
};

enum class SubqueryKind : uint8_t {
  kScalar,  // (SELECT x ...): one value, NULL for no row, an error for more than one
  kExists,  // EXISTS (SELECT ...)
  kIn,      // children[0] IN (SELECT x ...); NOT IN arrives as kNot over it
};

enum class ConstantKind : uint8_t { kInteger, kNumeric, kString, kBoolean, kNull };

struct Constant {
  ConstantKind kind = ConstantKind::kNull;
  int64_t integer = 0;  // kInteger (fits int64)
  std::string text;     // kNumeric: the literal as written ("0.05", "1.5e3"); kString: the value
  bool boolean = false;
};

struct TypeName {
  std::vector<std::string> names;     // as libpg_query spells them: {"pg_catalog", "numeric"}, {"date"}
  std::vector<int64_t> modifiers;     // DECIMAL(15, 2) -> {15, 2}; INTERVAL '1' DAY -> {field mask}
  std::vector<int64_t> array_bounds;  // REAL[384] -> {384}; REAL[] -> {-1}; empty for a scalar type
  int location = -1;

  const std::string& name() const { return names.back(); }
  /// SQL spelling for messages: "DECIMAL(15,2)", "INTEGER", "INTERVAL".
  std::string ToString() const;
};

/// The type name that resolves to `type` ("int4", "numeric" with its modifiers, ...).
TypeName TypeNameOf(const DataType& type);

struct Expr;
using ExprPtr = std::shared_ptr<const Expr>;

// kConditional names beside coalesce, nullif, greatest and least: the predicates that read
// their operands once (IS [NOT] DISTINCT FROM, IS [NOT] TRUE/FALSE).
inline constexpr std::string_view kIsDistinctFrom = "is distinct from";
inline constexpr std::string_view kIsTrue = "is true";
inline constexpr std::string_view kIsFalse = "is false";
struct SelectStatement;

/// ASC/DESC and NULLS FIRST/LAST of one ORDER BY item of a window (its expression is a child
/// of the call).
struct WindowOrder {
  bool descending = false;
  std::optional<bool> nulls_first;  // unset: PostgreSQL's default for the direction
};

/// What OVER (...) says, a named window (WINDOW w AS (...); OVER w) already copied in. The
/// call's children are, in order: the function's arguments, the PARTITION BY expressions,
/// the ORDER BY expressions, then the frame's start and end offsets where written; so every
/// walk over an expression's children (parameters, aggregates, subqueries) sees them all.
struct WindowSpec {
  size_t arguments = 0;
  size_t partitions = 0;
  std::vector<WindowOrder> order;
  bool has_frame = false;  // a frame clause was written; else the default frame
  FrameUnit unit = FrameUnit::kRange;
  FrameBoundKind start = FrameBoundKind::kUnboundedPreceding;
  FrameBoundKind end = FrameBoundKind::kCurrentRow;
  FrameExclusion exclusion = FrameExclusion::kNoOthers;
  int start_offset = -1;  // the child holding the start's offset (n PRECEDING), or -1
  int end_offset = -1;

  size_t partition_begin() const { return arguments; }
  size_t order_begin() const { return arguments + partitions; }
};

struct Expr {
  ExprKind kind = ExprKind::kConstant;
  int location = -1;               // byte offset in the statement, -1 when unknown
  std::vector<std::string> names;  // kColumnRef, kStar
  std::string name;                // kFunction (lower-case), kUnaryOp/kBinaryOp operator, kNamedArgument
  Constant constant;               // kConstant
  TypeName type;                   // kCast
  std::vector<ExprPtr> children;
  bool negated = false;                                // kBetween, kInList: NOT BETWEEN, NOT IN
  bool star = false;                                   // kFunction: count(*)
  bool distinct = false;                               // kFunction: count(DISTINCT x)
  SubqueryKind subquery_kind = SubqueryKind::kScalar;  // kSubquery
  std::shared_ptr<const SelectStatement> subquery;     // kSubquery
  int parameter = 0;                                   // kParameter: n of $n
  std::shared_ptr<const WindowSpec> window;            // kWindow
  // kFunction: ORDER BY inside an aggregate call (string_agg(s, ',' ORDER BY t)) or its
  // WITHIN GROUP (ORDER BY x); the keys are the last aggregate_order.size() children.
  std::vector<WindowOrder> aggregate_order;
  bool within_group = false;
  // kFunction: array_agg(x) FILTER (WHERE c)'s c; other aggregates read FILTER as CASE (they skip NULLs).
  ExprPtr aggregate_filter;

  bool IsStringLiteral() const { return kind == ExprKind::kConstant && constant.kind == ConstantKind::kString; }
  /// SQL-like text for error messages, shaped like the bound expression's text:
  /// "(l_returnflag = 1)", "sum(l_quantity)", "DATE '1998-12-01'".
  std::string ToString() const;
};

/// A new node of `kind` over `children`, for code that writes a tree rather than parsing one
/// (rewrites, the statements the engine runs on its own behalf).
std::shared_ptr<Expr> NewExpr(ExprKind kind, std::vector<ExprPtr> children = {}, int location = -1);

struct SelectItem {
  ExprPtr expr;
  std::string alias;  // empty when none
};

struct OrderItem {
  ExprPtr expr;
  bool descending = false;
  std::optional<bool> nulls_first;  // unset: PostgreSQL's default for the direction
};

enum class JoinType : uint8_t {
  kCross,  // FROM a, b and a CROSS JOIN b: every pair of rows
  kInner,  // [INNER] JOIN ... ON / USING
  kLeft,   // LEFT [OUTER] JOIN ... ON / USING
  kRight,  // RIGHT [OUTER] JOIN ... ON / USING
  kFull,   // FULL [OUTER] JOIN ... ON / USING
};

struct JoinClause;
struct SelectStatement;

/// A FROM item: a table, a table function call such as read_csv('f.csv', delim => '|'),
/// a subquery, or a join of two FROM items (a comma list is a chain of cross joins, left
/// to right).
struct TableRef {
  std::string name;  // table or function name
  std::string alias;
  std::vector<std::string> column_aliases;  // AS t (a, b): names for the first columns
  bool is_function = false;
  std::vector<ExprPtr> arguments;  // is_function only
  int location = -1;
  std::shared_ptr<const JoinClause> join;           // set for a join; name and arguments unused
  std::shared_ptr<const SelectStatement> subquery;  // set for (SELECT ...) AS alias
  bool lateral = false;                             // LATERAL (SELECT ...): reads the items before it
  bool with_ordinality = false;                     // f(...) WITH ORDINALITY: a last column 1, 2, ...
  std::vector<std::vector<ExprPtr>> values;         // VALUES (...), ...: its rows (columns column1, ...)

  bool is_join() const { return join != nullptr; }
};

struct JoinClause {
  JoinType type = JoinType::kCross;
  TableRef left;
  TableRef right;
  ExprPtr condition;                       // ON; null for CROSS and USING
  std::vector<std::string> using_columns;  // USING (a, b)
  bool natural = false;                    // NATURAL: USING every name both sides have
};

/// WITH name [(columns)] AS (query): a named query the statement's FROM items may use.
struct CommonTableExpr {
  std::string name;
  std::vector<std::string> column_aliases;
  std::shared_ptr<const SelectStatement> query;
  int location = -1;
  bool recursive = false;     // in WITH RECURSIVE: the query may read itself
  bool materialized = false;  // AS MATERIALIZED: run once, every reference reading that result
};

enum class SetOperation : uint8_t { kNone, kUnion, kIntersect, kExcept };

struct SelectStatement {
  std::vector<CommonTableExpr> ctes;  // WITH, visible to the whole statement
  // A set operation (UNION, ...) combines set_left and set_right; its ORDER BY, LIMIT and
  // OFFSET below apply to the combined rows, and the select-list fields are unused.
  SetOperation set_operation = SetOperation::kNone;
  bool set_all = false;  // UNION ALL
  std::shared_ptr<const SelectStatement> set_left;
  std::shared_ptr<const SelectStatement> set_right;

  bool distinct = false;  // SELECT DISTINCT
  // SELECT DISTINCT ON (e, ...): the first row (in ORDER BY's order) of each distinct e, ...
  std::vector<ExprPtr> distinct_on;
  std::vector<SelectItem> targets;
  std::optional<TableRef> from;
  ExprPtr where;
  std::vector<ExprPtr> group_by;
  // GROUPING SETS, ROLLUP and CUBE expanded into their sets, each the positions in group_by
  // of its expressions; empty for a plain GROUP BY (one set of them all).
  std::vector<std::vector<size_t>> grouping_sets;
  ExprPtr having;
  std::vector<OrderItem> order_by;
  ExprPtr limit;
  ExprPtr offset;
};

/// [CONSTRAINT name] CHECK (expr), written on a column or on the table.
struct CheckDefinition {
  std::string name;  // empty: PostgreSQL's default name
  ExprPtr expr;
  std::string sql;  // the expression as written, without CHECK's parentheses
  int location = -1;
};

struct ColumnDefinition {
  std::string name;
  TypeName type;
  bool not_null = false;
  ExprPtr default_value;                // DEFAULT expr; null for none
  std::string default_sql;              // its text as written
  bool primary_key = false;             // PRIMARY KEY written on the column
  bool unique = false;                  // UNIQUE written on the column
  std::vector<CheckDefinition> checks;  // CHECK written on the column (it may read other columns)
  int location = -1;
};

/// PRIMARY KEY (a, b) or [CONSTRAINT name] UNIQUE (a): a table constraint (column ones too).
struct KeyDefinition {
  std::string name;  // empty: PostgreSQL's default name
  std::vector<std::string> columns;
  bool primary = false;
  int location = -1;
};

struct CreateTableStatement {
  std::string table;
  std::vector<ColumnDefinition> columns;
  std::vector<KeyDefinition> keys;      // table constraints; column ones are on their columns
  std::vector<CheckDefinition> checks;  // CHECK table constraints
  bool if_not_exists = false;
  bool or_replace = false;  // DuckDB's CREATE OR REPLACE TABLE
};

struct CreateTableAsStatement {
  std::string table;
  SelectStatement query;
  bool if_not_exists = false;
  bool or_replace = false;
};

/// One COPY option as written, in either PostgreSQL form: WITH (DELIMITER '|', HEADER false)
/// or the older DELIMITER '|' CSV HEADER.
struct CopyOption {
  std::string name;                  // lower-case: "delimiter", "header", "format", ...
  std::optional<std::string> value;  // text of the argument; unset for a bare HEADER
  int location = -1;
};

/// COPY t FROM 'f', COPY t TO 'f', COPY (query) TO 'f'.
struct CopyStatement {
  std::string table;  // empty for COPY (query) TO
  std::shared_ptr<const SelectStatement> query;
  bool to = false;
  std::string path;
  std::vector<CopyOption> options;
};

struct OnConflict;

struct InsertStatement {
  std::string table;
  std::vector<std::string> columns;  // empty: every column in table order
  std::vector<std::vector<ExprPtr>> rows;
  std::shared_ptr<const SelectStatement> query;   // INSERT ... SELECT (rows empty)
  std::vector<SelectItem> returning;              // RETURNING: over the inserted rows
  std::shared_ptr<const OnConflict> on_conflict;  // ON CONFLICT ...; null: none
};

/// UPDATE t [AS x] SET col = expr, ... [FROM items] [WHERE cond].
struct UpdateStatement {
  TableRef target;  // a table, with its alias
  struct Assignment {
    std::string column;
    ExprPtr value;
    int location = -1;
  };
  std::vector<Assignment> assignments;
  std::optional<TableRef> from;       // FROM a, b: a chain of cross joins, as in SELECT
  ExprPtr where;                      // null: every row
  std::vector<SelectItem> returning;  // RETURNING: over the changed rows' new values
};

/// INSERT ... ON CONFLICT [(columns) | ON CONSTRAINT name] DO NOTHING | DO UPDATE SET ... [WHERE ...]:
/// what a proposed row whose key a row of the table already has does instead.
struct OnConflict {
  bool update = false;                                   // DO UPDATE (else DO NOTHING)
  std::vector<std::string> columns;                      // the key's columns; empty with no target or ON CONSTRAINT
  std::string constraint;                                // ON CONSTRAINT name
  std::vector<UpdateStatement::Assignment> assignments;  // DO UPDATE SET ...
  ExprPtr where;                                         // DO UPDATE ... WHERE; null: every conflicting row
};

/// DELETE FROM t [AS x] [USING items] [WHERE cond].
struct DeleteStatement {
  TableRef target;
  std::optional<TableRef> using_items;
  ExprPtr where;                      // null: every row
  std::vector<SelectItem> returning;  // RETURNING: over the deleted rows
};

/// One change of ALTER TABLE; several apply in order, all or none.
struct AlterAction {
  enum class Kind : uint8_t {
    kAddColumn,
    kDropColumn,
    kRenameColumn,
    kRenameTable,
    kAddCheck,
    kDropConstraint,
    kSetSchema
  };
  Kind kind = Kind::kAddColumn;
  ColumnDefinition column;  // kAddColumn
  CheckDefinition check;    // kAddCheck
  std::string name;         // kDropColumn, kRenameColumn: the column; kDropConstraint: the constraint
  std::string new_name;     // kRenameColumn, kRenameTable; kSetSchema: the schema
  bool missing_ok = false;  // DROP COLUMN IF EXISTS, ADD COLUMN IF NOT EXISTS, DROP CONSTRAINT IF EXISTS
};

/// ALTER TABLE [IF EXISTS] t action, ...; ALTER TABLE t RENAME [COLUMN a TO b | TO u].
struct AlterTableStatement {
  std::string table;
  bool if_exists = false;
  std::vector<AlterAction> actions;
};

/// TRUNCATE [TABLE] t, ...
struct TruncateStatement {
  std::vector<std::string> tables;
};

struct DropTableStatement {
  std::string table;
  bool if_exists = false;
  bool is_view = false;  // DROP VIEW
};

/// CREATE [OR REPLACE] VIEW name [(columns)] AS query.
struct CreateViewStatement {
  std::string view;
  std::vector<std::string> column_aliases;
  std::shared_ptr<const SelectStatement> query;
  bool or_replace = false;
};

/// CREATE SCHEMA [IF NOT EXISTS] s; DROP SCHEMA [IF EXISTS] a, b [CASCADE | RESTRICT];
/// ALTER SCHEMA a RENAME TO b.
struct SchemaStatement {
  enum class Kind : uint8_t { kCreate, kDrop, kRename };
  Kind kind = Kind::kCreate;
  std::vector<std::string> names;  // kCreate, kRename: one; kDrop: every one named
  std::string new_name;            // kRename
  bool if_not_exists = false;      // kCreate
  bool if_exists = false;          // kDrop
  bool cascade = false;            // kDrop
};

struct SetStatement {
  std::string name;         // lower-case
  std::string value;        // unquoted text
  bool to_default = false;  // SET name TO DEFAULT, RESET name: the setting's default, not `value`
};

struct ShowStatement {
  std::string name;  // lower-case; "all" for SHOW ALL
};

struct Statement;

/// PREPARE name [(types)] AS statement: kept by the session, bound at each EXECUTE.
struct PrepareStatement {
  std::string name;                       // lower-case
  std::vector<TypeName> parameter_types;  // declared $1, $2, ...: the values are cast to them
  std::shared_ptr<const Statement> statement;
};

/// EXECUTE name [(values)].
struct ExecuteStatement {
  std::string name;
  std::vector<ExprPtr> arguments;  // constant expressions, one per parameter
  int location = -1;
};

/// DEALLOCATE [PREPARE] name | ALL.
struct DeallocateStatement {
  std::string name;  // empty for ALL
};

/// BEGIN / START TRANSACTION, COMMIT / END, ROLLBACK / ABORT, SAVEPOINT, RELEASE [SAVEPOINT],
/// ROLLBACK TO [SAVEPOINT]: run by the session (main/transaction.h), never bound.
struct TransactionStatement {
  enum class Kind : uint8_t { kBegin, kCommit, kRollback, kSavepoint, kRelease, kRollbackTo };
  Kind kind = Kind::kBegin;
  std::string isolation;   // BEGIN ISOLATION LEVEL ...: lower-case ("read committed", ...); empty: the default
  bool read_only = false;  // BEGIN READ ONLY
  std::string savepoint;   // kSavepoint, kRelease, kRollbackTo: the name (lower-case unless quoted)
};

struct ExplainStatement {
  bool analyze = false;
  std::unique_ptr<Statement> statement;
};

struct Statement {
  std::variant<SelectStatement, ExplainStatement, CreateTableStatement, CreateTableAsStatement, CopyStatement,
               InsertStatement, DropTableStatement, SetStatement, ShowStatement, CreateViewStatement, PrepareStatement,
               ExecuteStatement, DeallocateStatement, UpdateStatement, DeleteStatement, AlterTableStatement,
               TruncateStatement, TransactionStatement, SchemaStatement>
      node;
  int parameter_count = 0;  // the highest n of the $n the statement holds; 0 for none
};

}  // namespace orbit::ast
