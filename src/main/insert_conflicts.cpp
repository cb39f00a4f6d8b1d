#include "main/insert_conflicts.h"

#include <fmt/format.h>

#include "exec/expression/expression_evaluator.h"
#include "main/internal_query.h"
#include "main/unique_keys.h"
#include "sql/binder/statement/statement_binders.h"

namespace orbit {

namespace {

constexpr const char* kExcluded = "excluded";
constexpr const char* kProposal = "orbit_proposal";  // the proposed row's position, for "the first"

// The proposed rows as the table "excluded": the target's columns, then their position.
TablePtr ProposedRows(const Table& target, const std::vector<Batch>& rows) {
  Schema schema = target.schema();
  schema.push_back({kProposal, DataType::Int64()});
  auto excluded = std::make_shared<Table>(kExcluded, schema);
  int64_t position = 0;
  for (const Batch& batch : rows) {
    if (batch.length == 0) continue;
    Batch numbered = batch;
    ColumnPtr positions = Column::Allocate(DataType::Int64(), batch.length);
    int64_t* values = positions->mutable_values<int64_t>();
    for (int64_t i = 0; i < batch.length; ++i) values[i] = position++;
    numbered.columns.push_back(std::move(positions));
    excluded->Append(numbered);
  }
  return excluded;
}

std::string KeyMatches(const std::string& table, const UniqueKey& key, const std::string& other) {
  std::vector<std::string> equal;
  for (const std::string& c : key.columns) {
    equal.push_back(fmt::format("{0}.{2} = {1}.{2}", table, other, QuotedIdentifier(c)));
  }
  return fmt::format("{}", fmt::join(equal, " AND "));
}

std::string KeyHasNull(const UniqueKey& key) {
  std::vector<std::string> nulls;
  for (const std::string& c : key.columns) nulls.push_back(QuotedIdentifier(c) + " IS NULL");
  return fmt::format("{}", fmt::join(nulls, " OR "));
}

// The proposed rows that go in: no row of the table has their key (for each key), and
// (first_of_each) none before them among the proposed rows has it either.
std::string InsertedQuery(const Table& target, const UniqueKeys& keys, bool first_of_each) {
  const std::string table = QuotedRelation(target.name());
  std::vector<std::string> columns, numbers, conditions;
  for (const Field& f : target.schema()) columns.push_back(QuotedIdentifier(f.name));
  for (size_t k = 0; k < keys.size(); ++k) {
    std::vector<std::string> key_columns;
    for (const std::string& c : keys[k].columns) key_columns.push_back(QuotedIdentifier(c));
    conditions.push_back(
        fmt::format("NOT EXISTS (SELECT 1 FROM {0} WHERE {1})", table, KeyMatches(table, keys[k], "proposed")));
    if (first_of_each) {
      numbers.push_back(fmt::format(", row_number() OVER (PARTITION BY {} ORDER BY {}) AS orbit_copy_{}",
                                    fmt::join(key_columns, ", "), kProposal, k));
      conditions.push_back(fmt::format("(orbit_copy_{} = 1 OR {})", k, KeyHasNull(keys[k])));
    }
  }
  const std::string where = conditions.empty() ? "" : fmt::format(" WHERE {}", fmt::join(conditions, " AND "));
  return fmt::format("SELECT {0} FROM (SELECT *{1} FROM {2}) AS proposed{3} ORDER BY {4}", fmt::join(columns, ", "),
                     fmt::join(numbers, ""), QuotedRelation(kExcluded), where, kProposal);
}

// DO UPDATE: two proposed rows with one (non-NULL) key would change one row twice.
Status CheckProposedOnce(const UniqueKey& key, const Catalog& scratch, const ExecutionOptions& options) {
  ORBIT_ASSIGN_OR_RETURN(TablePtr twice, RunInternalQuery(DuplicateKeyQuery(kExcluded, key), scratch, options));
  if (twice->num_rows() > 0) {
    return Status::InvalidArgument(
        "ON CONFLICT DO UPDATE command cannot affect row a second time (two proposed rows have one key of \"{}\")",
        key.name);
  }
  return Status::OK();
}

// t's key = excluded's key [AND (where)], as the UPDATE's condition.
ast::ExprPtr UpdateCondition(const std::string& table, const UniqueKey& key, const ast::ExprPtr& where) {
  std::vector<ast::ExprPtr> parts;
  for (const std::string& c : key.columns) {
    auto left = ast::NewExpr(ast::ExprKind::kColumnRef);
    left->names = {table, c};
    auto right = ast::NewExpr(ast::ExprKind::kColumnRef);
    right->names = {kExcluded, c};
    auto equal = ast::NewExpr(ast::ExprKind::kBinaryOp, {left, right});
    equal->name = "=";
    parts.push_back(equal);
  }
  if (where) parts.push_back(where);
  return parts.size() == 1 ? parts[0] : ast::NewExpr(ast::ExprKind::kAnd, std::move(parts));
}

int64_t CountOf(const Table& count) {
  if (count.num_rows() == 0) return 0;
  return ValueAt(count.batches()[0].columns[0]->view(), 0).int_value;
}

}  // namespace

Result<ConflictOutcome> ResolveConflicts(const BoundStatement& statement, const TablePtr& target,
                                         const std::vector<Batch>& rows, const ExecutionOptions& options) {
  const ast::OnConflict& clause = *statement.on_conflict;
  if (ToLower(target->name()) == kExcluded) {
    return Status::NotSupported("ON CONFLICT on a table named \"excluded\" (the proposed rows' name)");
  }
  Catalog scratch;  // the table as it is, and the proposed rows
  ORBIT_RETURN_IF_ERROR(scratch.CreateTable(target));
  ORBIT_RETURN_IF_ERROR(scratch.CreateTable(ProposedRows(*target, rows)));
  ConflictOutcome outcome;
  TablePtr base = target;
  if (clause.update) {
    const UniqueKey& key = statement.conflict_keys.at(0);
    ORBIT_RETURN_IF_ERROR(CheckProposedOnce(key, scratch, options));
    ast::UpdateStatement update;
    update.target.name = QualifiedName(target->name());  // the scratch catalog's, whatever the search_path
    update.assignments = clause.assignments;
    update.from = ast::TableRef{};
    update.from->name = QualifiedName(kExcluded);
    update.where = UpdateCondition(NameOfKey(target->name()), key, clause.where);
    ORBIT_ASSIGN_OR_RETURN(BoundStatement bound, BindUpdate(update, scratch));
    ORBIT_ASSIGN_OR_RETURN(TablePtr updated, RunPlan(std::move(bound.plan), options));
    if (bound.count_plan) {
      ORBIT_ASSIGN_OR_RETURN(TablePtr count, RunPlan(std::move(bound.count_plan), options));
      outcome.changed += CountOf(*count);
    }
    auto next = std::make_shared<Table>(target->name(), target->schema());
    for (const Batch& b : updated->batches()) {
      if (b.length > 0) next->Append(b);
    }
    base = next;
  }
  ORBIT_ASSIGN_OR_RETURN(
      TablePtr inserted,
      RunInternalQuery(InsertedQuery(*target, statement.conflict_keys, !clause.update), scratch, options));
  auto next = std::make_shared<Table>(*base);
  for (const Batch& b : inserted->batches()) {
    if (b.length == 0) continue;
    next->Append(b);
    outcome.inserted.push_back(b);
  }
  outcome.changed += inserted->num_rows();
  outcome.next = std::move(next);
  return outcome;
}

}  // namespace orbit
