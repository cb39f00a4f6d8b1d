#include <chrono>
#include <new>
#include <stdexcept>

#include "columnar/value_format.h"
#include "common/memory_scope.h"
#include "exec/explain/explain.h"
#include "exec/pipeline/executor.h"
#include "functions/function_list.h"
#include "main/session.h"
#include "main/settings/setting_registry.h"
#include "plan/optimizer/optimizer.h"
#include "sql/binder/binder.h"
#include "sql/catalog/catalog.h"
#include "sql/catalog/not_null_check.h"
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

Batch RowsToBatch(const Schema& schema, const std::vector<std::vector<Value>>& rows) {
  Batch batch;
  batch.length = static_cast<int64_t>(rows.size());
  for (size_t c = 0; c < schema.size(); ++c) {
    ColumnBuilder builder(schema[c].type, batch.length);
    for (const auto& row : rows) {
      const Value& v = row[c];
      if (v.is_null) {
        builder.AppendNull();
        continue;
      }
      switch (physical_type(schema[c].type)) {
        case PhysicalType::kBit: builder.AppendBool(v.bool_value); break;
        case PhysicalType::kInt32: builder.AppendInt32(static_cast<int32_t>(v.int_value)); break;
        case PhysicalType::kInt64: builder.AppendInt64(v.int_value); break;
        case PhysicalType::kInt128: builder.AppendInt128(v.wide_value); break;
        case PhysicalType::kDouble: builder.AppendDouble(v.double_value); break;
        case PhysicalType::kString: builder.AppendString(v.string_value); break;
        case PhysicalType::kNone: builder.AppendNull(); break;
      }
    }
    batch.columns.push_back(builder.Finish());
  }
  return batch;
}

}  // namespace

Session::Session(DatabaseInstance& database) : database_(database) {}
Session::~Session() = default;

Result<StatementResult> Session::Query(const std::string& sql) {
  interrupt_.Reset();
  ORBIT_ASSIGN_OR_RETURN(std::vector<std::string> statements, SplitStatements(sql));
  StatementResult last;
  for (const auto& statement : statements) {
    ORBIT_ASSIGN_OR_RETURN(last, RunStatement(statement));
  }
  return last;
}

Result<StatementResult> Session::QueryOne(const std::string& statement_sql) {
  interrupt_.Reset();
  return RunStatement(statement_sql);
}

Result<StatementResult> Session::RunStatement(const std::string& statement_sql) {
  try {
    StatementMemoryScope memory(settings_.memory_limit);
    return RunStatementCharged(statement_sql);
  } catch (const std::bad_alloc& error) {
    return OutOfMemoryStatus(error);
  } catch (const std::length_error&) {
    return Status::OutOfMemory("this statement asked for more memory than can be addressed");
  }
}

Result<StatementResult> Session::RunStatementCharged(const std::string& statement_sql) {
  // Each statement has the whole timeout (set first: the last one's deadline is over), and a
  // cancel that came while the previous statement of the script ran stops this one too.
  interrupt_.SetTimeout(settings_.statement_timeout, "statement_timeout");
  ORBIT_RETURN_IF_ERROR(interrupt_.Check());
  auto start = Clock::now();
  auto seconds = [&] { return std::chrono::duration<double>(Clock::now() - start).count(); };
  Catalog& catalog = database_.catalog();
  ORBIT_ASSIGN_OR_RETURN(BoundStatement statement, BindStatement(statement_sql, catalog));
  BoundStatement& query = statement.explained ? *statement.explained : statement;
  if (query.plan) {
    ORBIT_ASSIGN_OR_RETURN(query.plan, Optimize(std::move(query.plan)));
  }
  ExecutionOptions options = OptionsFrom(settings_, interrupt_);

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
      if (statement.if_not_exists && catalog.FindTable(statement.table_name))
        return StatementResult({}, false, seconds());
      ORBIT_RETURN_IF_ERROR(catalog.CreateTable(std::make_shared<Table>(statement.table_name, statement.columns)));
      return StatementResult({}, false, seconds());
    }
    case StatementKind::kCreateTableAs: {
      if (statement.if_not_exists && catalog.FindTable(statement.table_name))
        return StatementResult({}, false, seconds());
      if (!statement.or_replace && catalog.FindTable(statement.table_name)) {
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
      catalog.ReplaceTable(WithAppended(target, (*loaded)->batches()));
      return StatementResult({}, false, seconds());
    }
    case StatementKind::kInsertValues: {
      ORBIT_ASSIGN_OR_RETURN(TablePtr target, catalog.GetTable(statement.table_name));
      std::vector<Batch> rows{RowsToBatch(target->schema(), statement.rows)};
      ORBIT_RETURN_IF_ERROR(CheckNotNull(*target, rows));
      catalog.ReplaceTable(WithAppended(target, rows));
      return StatementResult({}, false, seconds());
    }
    case StatementKind::kInsertSelect: {
      ORBIT_ASSIGN_OR_RETURN(TablePtr target, catalog.GetTable(statement.table_name));
      ORBIT_ASSIGN_OR_RETURN(PhysicalPlan plan, PlanPhysical(*statement.plan));
      ORBIT_ASSIGN_OR_RETURN(TablePtr result, ExecutePlan(plan, options));
      ORBIT_RETURN_IF_ERROR(CheckNotNull(*target, result->batches()));
      catalog.ReplaceTable(WithAppended(target, result->batches()));
      return StatementResult({}, false, seconds());
    }
    case StatementKind::kDropTable:
      ORBIT_RETURN_IF_ERROR(catalog.DropTable(statement.table_name, statement.if_exists));
      return StatementResult({}, false, seconds());
    case StatementKind::kCreateView:
      ORBIT_RETURN_IF_ERROR(catalog.CreateView(statement.view, statement.or_replace));
      return StatementResult({}, false, seconds());
    case StatementKind::kDropView:
      ORBIT_RETURN_IF_ERROR(catalog.DropView(statement.table_name, statement.if_exists));
      return StatementResult({}, false, seconds());
    case StatementKind::kSet:
      ORBIT_RETURN_IF_ERROR(statement.setting_to_default ? Reset(statement.setting)
                                                         : Set(statement.setting, statement.setting_value));
      return StatementResult({}, false, seconds());
    case StatementKind::kShow: {
      if (statement.setting == "functions") {
        return StatementResult(FunctionListTable(BuiltinFunctions()), true, seconds());
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
