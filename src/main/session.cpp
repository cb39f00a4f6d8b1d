#include <chrono>
#include <new>
#include <stdexcept>

#include "columnar/value_format.h"
#include "columnar/value_rows.h"
#include "common/memory_scope.h"
#include "common/statement_clock.h"
#include "exec/explain/explain.h"
#include "exec/operators/row_order.h"
#include "exec/pipeline/executor.h"
#include "functions/function_list.h"
#include "io/csv/csv_writer.h"
#include "main/check_constraints.h"
#include "main/database_store.h"
#include "main/insert_conflicts.h"
#include "main/session.h"
#include "main/settings/setting_registry.h"
#include "main/table_list.h"
#include "main/unique_keys.h"
#include "main/update_in_place.h"
#include "plan/optimizer/optimizer.h"
#include "sql/binder/binder.h"
#include "sql/catalog/catalog.h"
#include "sql/catalog/not_null_check.h"
#include "sql/parser/parameters.h"
#include "sql/parser/parser.h"

namespace orbit {

namespace {

using Clock = std::chrono::steady_clock;

TablePtr LinesTable(const std::vector<std::string>& lines) {
  auto table = std::make_shared<Table>("explain", Schema{{"plan", DataType::Varchar()}});
  ColumnBuilder builder(DataType::Varchar());
  for (const auto& line : lines) builder.AppendString(line);
  Batch batch;
  batch.length = static_cast<int64_t>(lines.size());
  batch.columns.push_back(builder.Finish());
  table->Append(std::move(batch));
  return table;
}

// SHOW name: one column named after the setting; SHOW ALL: name, setting, description.
Result<TablePtr> ShowSettings(const SessionSettings& settings, const std::string& name) {
  const SettingRegistry& registry = BuiltinSettings();
  const bool all = name == "all";
  ColumnBuilder names(DataType::Varchar()), values(DataType::Varchar()), descriptions(DataType::Varchar());
  for (const Setting& setting : registry.settings()) {
    if (!all && name != setting.name) continue;
    names.AppendString(setting.name);
    values.AppendString(setting.get(settings));
    descriptions.AppendString(setting.description);
  }
  if (names.length() == 0) {
    return Status::InvalidArgument("unrecognized setting \"{}\"; known settings: {} (or SHOW ALL)", name,
                                   registry.Names());
  }
  Batch batch;
  batch.length = names.length();
  Schema schema;
  if (all) {
    schema = {{"name", DataType::Varchar()}, {"setting", DataType::Varchar()}, {"description", DataType::Varchar()}};
    batch.columns = {names.Finish(), values.Finish(), descriptions.Finish()};
  } else {
    schema = {{name, DataType::Varchar()}};
    batch.columns = {values.Finish()};
  }
  auto table = std::make_shared<Table>("settings", std::move(schema));
  table->Append(std::move(batch));
  return table;
}

ExecutionOptions OptionsFrom(const SessionSettings& settings, const QueryInterrupt& interrupt) {
  ExecutionOptions options{settings.threads, settings.device, settings.kernels, settings.fallback, {}};
  options.interrupt = &interrupt;
  options.device_timeout = settings.device_timeout;
  // SET fault_inject was checked when set; the environment's plan applies otherwise.
  auto plan = ParseFaultPlan(settings.fault_inject);
  options.faults = plan.ok() && plan->active() ? *plan : EnvironmentFaultPlan();
  return options;
}

// A new version of `table` with `batches` appended (tables are immutable snapshots).
TablePtr WithAppended(const TablePtr& table, const std::vector<Batch>& batches) {
  auto next = std::make_shared<Table>(*table);
  for (const Batch& b : batches) {
    if (b.length > 0) next->Append(b);
  }
  return next;
}

// RETURNING's rows: statement.returning over `rows` (the table's columns); null without RETURNING.
Result<TablePtr> ReturnedRows(const BoundStatement& statement, const std::vector<Batch>& rows) {
  if (statement.returning.empty()) return TablePtr();
  auto returned = std::make_shared<Table>("returning", statement.returning_schema);
  for (const Batch& batch : rows) {
    if (batch.length == 0) continue;
    Batch out;
    out.length = batch.length;
    ORBIT_ASSIGN_OR_RETURN(out.columns, EvaluateColumns(batch, statement.returning));
    returned->Append(out);
  }
  return TablePtr(returned);
}

// COPY ... TO: the query's rows into the file, in the statement's format.
Result<int64_t> WriteCopyFile(const BoundStatement& statement, const TablePtr& rows) {
  if (statement.copy_format == CopyFormat::kParquet) {
    return WriteParquet(rows, statement.path, statement.parquet_options);
  }
  return WriteCsv(*rows, statement.path, statement.csv_options);
}

// Statements that change rows or the catalog: one runs at a time, and in a persistent
// database each commits once it ran.
bool ChangesCatalog(const ast::Statement& statement) {
  if (auto* copy = std::get_if<ast::CopyStatement>(&statement.node)) return !copy->to;
  return std::holds_alternative<ast::InsertStatement>(statement.node) ||
         std::holds_alternative<ast::UpdateStatement>(statement.node) ||
         std::holds_alternative<ast::DeleteStatement>(statement.node) ||
         std::holds_alternative<ast::AlterTableStatement>(statement.node) ||
         std::holds_alternative<ast::TruncateStatement>(statement.node) ||
         std::holds_alternative<ast::CreateTableStatement>(statement.node) ||
         std::holds_alternative<ast::CreateTableAsStatement>(statement.node) ||
         std::holds_alternative<ast::DropTableStatement>(statement.node) ||
         std::holds_alternative<ast::CreateViewStatement>(statement.node) ||
         std::holds_alternative<ast::SchemaStatement>(statement.node);
}

// The value of a count(*) query's one row.
int64_t SingleCount(const Table& result) {
  for (const Batch& b : result.batches()) {
    if (b.length > 0) return b.columns.at(0)->values<int64_t>()[0];
  }
  return 0;
}

}  // namespace

// A statement PREPARE kept: run by EXECUTE with its parameters' values.
struct PreparedStatement {
  std::string sql;  // the PREPARE statement's text (the locations in `statement` point into it)
  ast::PrepareStatement prepare;
};

Session::Session(DatabaseInstance& database) : database_(database) {}
Session::~Session() {
  // A block left open (a client that went away) ends as ROLLBACK does.
  if (block_) (void)EndBlock(/*commit=*/false);
}

Result<StatementResult> Session::Query(const std::string& sql, const std::vector<ParameterValue>& parameters) {
  interrupt_.Reset();
  ORBIT_ASSIGN_OR_RETURN(std::vector<std::string> statements, SplitStatements(sql));
  if (!parameters.empty() && statements.size() != 1) {
    return Status::InvalidArgument("parameter values are given to one statement at a time, and this script has {}",
                                   statements.size());
  }
  StatementResult last;
  for (const auto& statement : statements) {
    ORBIT_ASSIGN_OR_RETURN(last, RunStatement(statement, parameters));
  }
  return last;
}

Result<StatementResult> Session::QueryOne(const std::string& statement_sql,
                                          const std::vector<ParameterValue>& parameters) {
  interrupt_.Reset();
  return RunStatement(statement_sql, parameters);
}

Result<StatementResult> Session::RunStatement(const std::string& statement_sql,
                                              const std::vector<ParameterValue>& parameters) {
  Result<StatementResult> result = Status::Internal("the statement did not run");
  try {
    StatementMemoryScope memory(settings_.memory_limit);
    StatementClock clock;
    result = RunStatementCharged(statement_sql, parameters);
  } catch (const std::bad_alloc& error) {
    result = OutOfMemoryStatus(error);
  } catch (const std::length_error&) {
    result = Status::OutOfMemory("this statement asked for more memory than can be addressed");
  }
  // As in PostgreSQL, any error inside a block fails it: only ROLLBACK (or COMMIT) ends it.
  if (!result.ok() && block_ && !probing_) block_->failed = true;
  return result;
}

Result<StatementResult> Session::RunStatementCharged(const std::string& statement_sql,
                                                     const std::vector<ParameterValue>& parameters) {
  // Each statement has the whole timeout (set first: the last one's deadline is over), and a
  // cancel that came while the previous statement of the script ran stops this one too.
  interrupt_.SetTimeout(settings_.statement_timeout, "statement_timeout");
  ORBIT_RETURN_IF_ERROR(interrupt_.Check());
  const auto start = Clock::now();
  ORBIT_ASSIGN_OR_RETURN(ast::Statement parsed, ParseStatement(statement_sql));
  if (parsed.parameter_count > 0 && parameters.empty()) return MissingParameterValues(parsed);
  if (parsed.parameter_count > 0 || !parameters.empty()) {
    ORBIT_ASSIGN_OR_RETURN(parsed, SubstituteParameters(parsed, parameters));
  }
  if (auto* transaction = std::get_if<ast::TransactionStatement>(&parsed.node)) {
    if (probing_) return Status::InvalidArgument("a transaction statement cannot be described");
    return RunTransaction(*transaction);
  }
  if (block_ && block_->failed) {
    return Status(StatusCode::kTransactionAborted,
                  "current transaction is aborted, commands ignored until end of transaction block");
  }
  if (auto* prepare = std::get_if<ast::PrepareStatement>(&parsed.node)) {
    if (prepared_.count(prepare->name)) {
      return Status::InvalidArgument("prepared statement \"{}\" already exists", prepare->name);
    }
    auto kept = std::make_shared<PreparedStatement>(PreparedStatement{statement_sql, std::move(*prepare)});
    prepared_[kept->prepare.name] = std::move(kept);
    return StatementResult({}, false, 0);
  }
  if (auto* deallocate = std::get_if<ast::DeallocateStatement>(&parsed.node)) {
    if (deallocate->name.empty()) {
      prepared_.clear();
    } else if (prepared_.erase(deallocate->name) == 0) {
      return Status::InvalidArgument("prepared statement \"{}\" does not exist", deallocate->name);
    }
    return StatementResult({}, false, 0);
  }
  std::string sql = statement_sql;
  if (auto* execute = std::get_if<ast::ExecuteStatement>(&parsed.node)) {
    auto it = prepared_.find(execute->name);
    if (it == prepared_.end())
      return Status::InvalidArgument("prepared statement \"{}\" does not exist", execute->name);
    std::shared_ptr<const PreparedStatement> prepared = it->second;  // kept even if the statement deallocates it
    ORBIT_ASSIGN_OR_RETURN(std::vector<ParameterValue> values, BindParameterArguments(execute->arguments));
    const ast::PrepareStatement& prepare = prepared->prepare;
    const size_t expected = std::max<size_t>(prepare.statement->parameter_count, prepare.parameter_types.size());
    if (values.size() != expected) {
      return Status::InvalidArgument("wrong number of parameters for prepared statement \"{}\": expected {}, got {}",
                                     prepare.name, expected, values.size());
    }
    ORBIT_ASSIGN_OR_RETURN(parsed, SubstituteParameters(*prepare.statement, values, prepare.parameter_types));
    sql = prepared->sql;
    if (std::holds_alternative<ast::TransactionStatement>(parsed.node)) {
      return Status::NotSupported("EXECUTE of a prepared transaction statement");
    }
  }
  return RunParsed(parsed, sql, start);
}

Result<StatementResult> Session::RunParsed(const ast::Statement& parsed, const std::string& sql,
                                           Clock::time_point start) {
  const SearchPathScope search_path(settings_.search_path);  // what the binder resolves names through
  const bool changes = ChangesCatalog(parsed);
  DatabaseStore* store = database_.store();
  if (changes && probing_) return Status::InvalidArgument("only a query can be described before it runs");
  if (changes && store && store->read_only()) {
    return Status::InvalidArgument("database {} is open read-only; it cannot be changed", store->path());
  }
  if (block_) {
    if (changes) {
      if (block_->read_only) return ReadOnlyBlockRefuses(sql);
      ORBIT_RETURN_IF_ERROR(BeginBlockChange());
    } else {
      StartBlockStatement();
    }
    Catalog& catalog = block_->catalog ? *block_->catalog : database_.catalog();
    ORBIT_ASSIGN_OR_RETURN(BoundStatement statement, BindStatement(parsed, sql, catalog));
    return RunBound(statement, start, catalog);
  }
  if (!changes) {
    ORBIT_ASSIGN_OR_RETURN(BoundStatement statement, BindStatement(parsed, sql, database_.catalog()));
    return RunBound(statement, start, database_.catalog());
  }
  // A change outside a block is a block of its own: made on a copy, published whole when it
  // ran (stored first in a persistent database), dropped when it failed.
  ORBIT_RETURN_IF_ERROR(database_.writer().Acquire(this, /*for_block=*/false, settings_.lock_timeout, interrupt_));
  struct Release {
    Session* session;
    ~Release() { session->database_.writer().Release(session); }
  } release{this};
  uint64_t generation = 0;
  std::unique_ptr<Catalog> work = database_.Snapshot(&generation);
  ORBIT_ASSIGN_OR_RETURN(BoundStatement statement, BindStatement(parsed, sql, *work));
  ORBIT_ASSIGN_OR_RETURN(StatementResult result, RunBound(statement, start, *work));
  ORBIT_RETURN_IF_ERROR(database_.Publish(work->State()));
  return result;
}

Result<StatementResult> Session::RunBound(BoundStatement& statement, Clock::time_point start, Catalog& catalog) {
  auto seconds = [&] { return std::chrono::duration<double>(Clock::now() - start).count(); };
  BoundStatement& query = statement.explained ? *statement.explained : statement;
  if (query.plan) {
    ORBIT_ASSIGN_OR_RETURN(query.plan, Optimize(std::move(query.plan)));
  }
  ExecutionOptions options = OptionsFrom(settings_, interrupt_);

  // A table's next version replaces it once its PRIMARY KEY and UNIQUE constraints hold.
  auto swap_in = [&](TablePtr next) -> Status {
    ORBIT_RETURN_IF_ERROR(CheckUniqueKeys(next, catalog.Constraints(next->name()).keys, options));
    catalog.ReplaceTable(std::move(next));
    return Status::OK();
  };

  switch (statement.kind) {
    case StatementKind::kSelect: {
      ORBIT_ASSIGN_OR_RETURN(PhysicalPlan plan, PlanPhysical(*statement.plan));
      ORBIT_ASSIGN_OR_RETURN(TablePtr result, ExecutePlan(plan, options));
      return StatementResult(result, true, seconds());
    }
    case StatementKind::kExplain: {
      const BoundStatement& inner = *statement.explained;
      ORBIT_ASSIGN_OR_RETURN(PhysicalPlan plan, PlanPhysical(*inner.plan));
      double run_seconds = 0;
      if (statement.explain_analyze) {
        auto run_start = Clock::now();
        ORBIT_ASSIGN_OR_RETURN(TablePtr ignored, ExecutePlan(plan, options));
        (void)ignored;
        run_seconds = std::chrono::duration<double>(Clock::now() - run_start).count();
      } else {
        ORBIT_RETURN_IF_ERROR(PlaceWithoutRunning(plan, options));
      }
      const uint64_t peak = CurrentMemoryAccount().peak();
      return StatementResult(LinesTable(ExplainPlan(plan, statement.explain_analyze, run_seconds, peak)), true,
                             seconds());
    }
    case StatementKind::kCreateTable: {
      if (statement.if_not_exists && catalog.HasTable(statement.table_name))
        return StatementResult({}, false, seconds());
      ORBIT_RETURN_IF_ERROR(
          catalog.CreateTable(std::make_shared<Table>(statement.table_name, statement.columns), statement.or_replace));
      catalog.SetConstraints(statement.table_name, statement.constraints);
      return StatementResult({}, false, seconds());
    }
    case StatementKind::kCreateTableAs: {
      if (statement.if_not_exists && catalog.HasTable(statement.table_name))
        return StatementResult({}, false, seconds());
      if (!statement.or_replace && catalog.HasTable(statement.table_name)) {
        return Status::BindError("table \"{}\" already exists", statement.table_name);
      }
      ORBIT_ASSIGN_OR_RETURN(PhysicalPlan plan, PlanPhysical(*statement.plan));
      ORBIT_ASSIGN_OR_RETURN(TablePtr result, ExecutePlan(plan, options));
      auto table = std::make_shared<Table>(statement.table_name, statement.plan->output);
      for (const Batch& b : result->batches()) table->Append(b);
      ORBIT_RETURN_IF_ERROR(catalog.CreateTable(table, statement.or_replace));
      return StatementResult({}, false, seconds());
    }
    case StatementKind::kCopyFrom: {
      ORBIT_ASSIGN_OR_RETURN(TablePtr target, catalog.GetTable(statement.table_name));
      CsvOptions csv = statement.csv_options;
      csv.columns = target->schema();
      csv.interrupt = &interrupt_;
      Result<TablePtr> loaded = Status::Internal("COPY did not run");
      RunWithThreads(settings_.threads, [&] { loaded = ReadCsv(statement.path, csv, target->name()); });
      if (!loaded.ok()) return loaded.status();
      ORBIT_RETURN_IF_ERROR(CheckNotNull(*target, (*loaded)->batches()));
      ORBIT_RETURN_IF_ERROR(CheckRows(*target, catalog.Constraints(target->name()).checks, (*loaded)->batches()));
      ORBIT_RETURN_IF_ERROR(swap_in(WithAppended(target, (*loaded)->batches())));
      return StatementResult({}, false, seconds(), (*loaded)->num_rows());
    }
    case StatementKind::kCopyTo: {
      ORBIT_ASSIGN_OR_RETURN(PhysicalPlan plan, PlanPhysical(*statement.plan));
      ORBIT_ASSIGN_OR_RETURN(TablePtr result, ExecutePlan(plan, options));
      Result<int64_t> written = Status::Internal("COPY did not run");
      RunWithThreads(settings_.threads, [&] { written = WriteCopyFile(statement, result); });
      if (!written.ok()) return written.status();
      return StatementResult({}, false, seconds(), *written);
    }
    case StatementKind::kInsertValues:
    case StatementKind::kInsertSelect: {
      ORBIT_ASSIGN_OR_RETURN(TablePtr target, catalog.GetTable(statement.table_name));
      std::vector<Batch> rows;
      if (statement.kind == StatementKind::kInsertValues) {
        rows.push_back(RowsToBatch(target->schema(), statement.rows));
      } else {
        ORBIT_ASSIGN_OR_RETURN(PhysicalPlan plan, PlanPhysical(*statement.plan));
        ORBIT_ASSIGN_OR_RETURN(TablePtr result, ExecutePlan(plan, options));
        rows = result->batches();
      }
      ORBIT_RETURN_IF_ERROR(CheckNotNull(*target, rows));
      if (statement.on_conflict) {
        ORBIT_ASSIGN_OR_RETURN(ConflictOutcome outcome, ResolveConflicts(statement, target, rows, options));
        ORBIT_RETURN_IF_ERROR(CheckNotNull(*target, outcome.next->batches()));  // DO UPDATE's new values
        ORBIT_RETURN_IF_ERROR(CheckRows(*target, catalog.Constraints(target->name()).checks, outcome.next->batches()));
        ORBIT_ASSIGN_OR_RETURN(TablePtr returned, ReturnedRows(statement, outcome.inserted));
        ORBIT_RETURN_IF_ERROR(swap_in(outcome.next));
        return StatementResult(returned, returned != nullptr, seconds(), outcome.changed);
      }
      ORBIT_RETURN_IF_ERROR(CheckRows(*target, catalog.Constraints(target->name()).checks, rows));
      int64_t inserted = 0;
      for (const Batch& b : rows) inserted += b.length;
      ORBIT_ASSIGN_OR_RETURN(TablePtr returned, ReturnedRows(statement, rows));
      ORBIT_RETURN_IF_ERROR(swap_in(WithAppended(target, rows)));
      return StatementResult(returned, returned != nullptr, seconds(), inserted);
    }
    case StatementKind::kUpdate:
    case StatementKind::kDelete: {
      // The table's next rows replace it whole once all are there: computed in place (an
      // UPDATE without FROM: only the assigned columns anew) or by a query producing them.
      ORBIT_ASSIGN_OR_RETURN(TablePtr target, catalog.GetTable(statement.table_name));
      std::optional<Result<UpdatedTable>> in_place;
      if (statement.update_values) {
        ORBIT_ASSIGN_OR_RETURN(LogicalPtr values, Optimize(std::move(statement.update_values)));
        in_place =
            UpdateInPlace(target, *values, statement.updated_columns, options.kernels, options.threads, &interrupt_);
      }
      TablePtr result;
      int64_t changed = 0;
      if (in_place) {
        if (!in_place->ok()) return in_place->status();
        result = (*in_place)->next;
        changed = (*in_place)->changed;
      } else {
        ORBIT_ASSIGN_OR_RETURN(PhysicalPlan plan, PlanPhysical(*statement.plan));
        ORBIT_ASSIGN_OR_RETURN(result, ExecutePlan(plan, options));
        changed = target->num_rows() - result->num_rows();
        if (statement.kind == StatementKind::kUpdate) {
          changed = target->num_rows();
          if (statement.count_plan) {
            ORBIT_ASSIGN_OR_RETURN(statement.count_plan, Optimize(std::move(statement.count_plan)));
            ORBIT_ASSIGN_OR_RETURN(PhysicalPlan count_plan, PlanPhysical(*statement.count_plan));
            ORBIT_ASSIGN_OR_RETURN(TablePtr count, ExecutePlan(count_plan, options));
            changed = SingleCount(*count);
          }
        }
      }
      if (statement.kind == StatementKind::kUpdate) {
        ORBIT_RETURN_IF_ERROR(CheckNotNull(*target, result->batches()));
        ORBIT_RETURN_IF_ERROR(CheckRows(*target, catalog.Constraints(target->name()).checks, result->batches()));
      }
      // RETURNING reads the changed rows before the table is replaced.
      TablePtr returned;
      if (statement.returning_rows) {
        ORBIT_ASSIGN_OR_RETURN(statement.returning_rows, Optimize(std::move(statement.returning_rows)));
        ORBIT_ASSIGN_OR_RETURN(PhysicalPlan rows_plan, PlanPhysical(*statement.returning_rows));
        ORBIT_ASSIGN_OR_RETURN(TablePtr rows, ExecutePlan(rows_plan, options));
        ORBIT_ASSIGN_OR_RETURN(returned, ReturnedRows(statement, rows->batches()));
      }
      auto next = std::make_shared<Table>(target->name(), target->schema());
      for (const Batch& b : result->batches()) {
        if (b.length > 0) next->Append(b);
      }
      ORBIT_RETURN_IF_ERROR(swap_in(next));
      return StatementResult(returned, returned != nullptr, seconds(), changed);
    }
    case StatementKind::kAlterTable: {
      if (!catalog.HasTable(statement.table_name) && statement.if_exists) return StatementResult({}, false, seconds());
      ORBIT_ASSIGN_OR_RETURN(TablePtr target, catalog.GetTable(statement.table_name));
      ORBIT_ASSIGN_OR_RETURN(TablePtr next, AlterTable(target, statement.alterations));
      ORBIT_ASSIGN_OR_RETURN(TableConstraints constraints, AlterConstraints(catalog.Constraints(target->name()),
                                                                            statement.alterations, target->name()));
      for (const TableAlteration& alteration : statement.alterations) {
        if (alteration.kind == TableAlteration::Kind::kAddCheck) {
          ORBIT_RETURN_IF_ERROR(ValidateCheck(*next, alteration.check));
        }
      }
      if (ToLower(next->name()) == ToLower(target->name())) {
        catalog.ReplaceTable(next);
        catalog.SetConstraints(next->name(), std::move(constraints));
        return StatementResult({}, false, seconds());
      }
      if (catalog.HasTable(next->name()) || catalog.FindView(next->name())) {
        return Status::BindError("relation \"{}\" already exists", next->name());
      }
      ORBIT_RETURN_IF_ERROR(catalog.CreateTable(next));
      ORBIT_RETURN_IF_ERROR(catalog.DropTable(target->name(), /*if_exists=*/false));
      catalog.SetConstraints(next->name(), std::move(constraints));
      return StatementResult({}, false, seconds());
    }
    case StatementKind::kTruncate: {
      std::vector<TablePtr> targets;  // every one found before any is emptied
      for (const std::string& name : statement.table_names) {
        ORBIT_ASSIGN_OR_RETURN(TablePtr target, catalog.GetTable(name));
        targets.push_back(std::move(target));
      }
      for (const TablePtr& target : targets) {
        catalog.ReplaceTable(std::make_shared<Table>(target->name(), target->schema()));
      }
      return StatementResult({}, false, seconds());
    }
    case StatementKind::kDropTable:
      ORBIT_RETURN_IF_ERROR(catalog.DropTable(statement.table_name, statement.if_exists));
      return StatementResult({}, false, seconds());
    case StatementKind::kCreateView: {
      auto view = std::make_shared<ViewDefinition>(*statement.view);
      view->sql = statement.sql;
      ORBIT_RETURN_IF_ERROR(catalog.CreateView(std::move(view), statement.or_replace));
      return StatementResult({}, false, seconds());
    }
    case StatementKind::kDropView:
      ORBIT_RETURN_IF_ERROR(catalog.DropView(statement.table_name, statement.if_exists));
      return StatementResult({}, false, seconds());
    case StatementKind::kSchema:
      ORBIT_RETURN_IF_ERROR(catalog.ChangeSchemas(statement.schema_change));
      return StatementResult({}, false, seconds());
    case StatementKind::kSet:
      ORBIT_RETURN_IF_ERROR(statement.setting_to_default ? Reset(statement.setting)
                                                         : Set(statement.setting, statement.setting_value));
      return StatementResult({}, false, seconds());
    case StatementKind::kShow: {
      if (statement.setting == "functions") {
        return StatementResult(FunctionListTable(BuiltinFunctions()), true, seconds());
      }
      if (statement.setting == "tables") {
        return StatementResult(TableListTable(catalog.State(), database_.store() != nullptr), true, seconds());
      }
      ORBIT_ASSIGN_OR_RETURN(TablePtr table, ShowSettings(settings_, statement.setting));
      return StatementResult(std::move(table), true, seconds());
    }
  }
  return Status::Internal("unknown statement kind");
}

Status Session::Set(const std::string& name, const std::string& value) {
  const Setting* setting = BuiltinSettings().Find(name);
  if (!setting) {
    return Status::InvalidArgument("unrecognized setting \"{}\"; known settings: {}", name, BuiltinSettings().Names());
  }
  return setting->set(settings_, value);
}

Status Session::Reset(const std::string& name) {
  if (name == "all") {
    for (const Setting& setting : BuiltinSettings().settings()) {
      if (setting.process_default == nullptr) ORBIT_RETURN_IF_ERROR(setting.set(settings_, setting.default_value()));
    }
    return Status::OK();
  }
  const Setting* setting = BuiltinSettings().Find(name);
  if (!setting) {
    return Status::InvalidArgument("unrecognized setting \"{}\"; known settings: {}", name, BuiltinSettings().Names());
  }
  return setting->set(settings_, setting->default_value());
}

}  // namespace orbit
