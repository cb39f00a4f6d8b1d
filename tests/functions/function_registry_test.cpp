// The function registry: lookups by name, alias and operator, what every entry declares,
// an implementation called directly over columns, and orbit_functions() / SHOW FUNCTIONS
// against the registry they are generated from.
#include <gtest/gtest.h>

#include "functions/function_list.h"
#include "functions/function_registry.h"
#include "main/session.h"

namespace orbit {
namespace {

TEST(FunctionRegistryTest, BuiltinsRegisterWithoutClashes) { EXPECT_TRUE(BuiltinFunctions().status().ok()); }

TEST(FunctionRegistryTest, LooksUpNamesAliasesAndOperators) {
  const FunctionRegistry& registry = BuiltinFunctions();
  const ScalarFunction* length = registry.FindScalar("length");
  ASSERT_NE(length, nullptr);
  EXPECT_EQ(registry.FindScalar("char_length"), length);
  EXPECT_EQ(registry.FindScalar("trim"), registry.FindScalar("btrim"));
  EXPECT_EQ(registry.FindScalar("soundex"), nullptr);
  EXPECT_EQ(registry.FindScalar("sum"), nullptr);  // an aggregate, not a scalar
  ASSERT_NE(registry.FindOperator("||"), nullptr);
  EXPECT_EQ(registry.FindScalar("||"), nullptr);  // an operator is not callable by name
  ASSERT_NE(registry.FindAggregate("count"), nullptr);
  EXPECT_EQ(registry.FindAggregate("count")->kind, AggregateKind::kCount);
  EXPECT_TRUE(registry.FindAggregate("count")->allows_star);
  EXPECT_FALSE(registry.FindAggregate("sum")->allows_star);
  ASSERT_NE(registry.FindTable("read_csv"), nullptr);
  EXPECT_EQ(registry.FindTable("read_csv_auto"), registry.FindTable("read_csv"));
  EXPECT_EQ(registry.FindTable("orbit_functions")->name, "orbit_functions");
  EXPECT_TRUE(static_cast<bool>(registry.FindTable("orbit_functions")->bind));
}

TEST(FunctionRegistryTest, ANameCallsOneFunction) {
  FunctionRegistry registry;
  ScalarFunction f;
  f.name = "f";
  EXPECT_TRUE(registry.Add(f).ok());
  EXPECT_EQ(registry.Add(f).code(), StatusCode::kInternal);
  AggregateFunction g;
  g.name = "f";
  EXPECT_EQ(registry.Add(g).code(), StatusCode::kInternal);
  ScalarFunction alias;
  alias.name = "h";
  alias.aliases = {"f"};
  EXPECT_EQ(registry.Add(alias).code(), StatusCode::kInternal);
}

TEST(FunctionRegistryTest, EveryEntryIsDocumentedAndCallable) {
  const FunctionRegistry& registry = BuiltinFunctions();
  for (const ScalarFunction& f : registry.scalars()) {
    SCOPED_TRACE(f.name);
    EXPECT_FALSE(f.description.empty());
    EXPECT_FALSE(f.signatures.empty());
    // A function the binder binds has something to run; one without a bind rule is written
    // as another expression by the parser and has none.
    EXPECT_EQ(f.bind != nullptr, f.implementation != nullptr);
    if (f.bind && !f.operator_only) {
      EXPECT_FALSE(f.usage.empty());
    }
  }
  for (const AggregateFunction& f : registry.aggregates()) {
    SCOPED_TRACE(f.name);
    EXPECT_FALSE(f.description.empty());
    EXPECT_NE(f.result_type, nullptr);
  }
  for (const TableFunction& f : registry.tables()) EXPECT_FALSE(f.description.empty()) << f.name;
}

TEST(FunctionRegistryTest, BindRulesCheckArgumentsAndPickTypes) {
  const ScalarFunction& substring = *BuiltinFunctions().FindScalar("substring");
  std::vector<CallArgument> ok = {{DataType::Varchar(), std::nullopt, false}, {DataType::Int32(), std::nullopt, false}};
  Result<Resolution> bound = substring.bind(CallSite{"substr", "substr(s, 1)", ok});
  ASSERT_TRUE(bound.ok()) << bound.status().ToString();
  EXPECT_EQ(bound->form, Resolution::Form::kCall);
  EXPECT_EQ(bound->type, DataType::Varchar());
  EXPECT_EQ(bound->argument_types, (std::vector<DataType>{DataType::Varchar(), DataType::Int64()}));

  std::vector<CallArgument> wrong = {{DataType::Varchar(), std::nullopt, false},
                                     {DataType::Date(), std::nullopt, false}};
  Result<Resolution> error = substring.bind(CallSite{"substr", "substr(s, d)", wrong});
  EXPECT_EQ(error.status().message(), "substr needs an integer for its start argument, not DATE, in substr(s, d)");

  const ScalarFunction& round = *BuiltinFunctions().FindScalar("round");
  std::vector<CallArgument> integer = {{DataType::Int64(), std::nullopt, false}};
  Result<Resolution> identity = round.bind(CallSite{"round", "round(i)", integer});
  ASSERT_TRUE(identity.ok());
  EXPECT_EQ(identity->form, Resolution::Form::kArgument);
}

TEST(FunctionRegistryTest, ImplementationsRunOverColumns) {
  ColumnBuilder text(DataType::Varchar());
  text.AppendString("abc");
  text.AppendNull();
  text.AppendString("Ünï");
  ColumnPtr input = text.Finish();
  std::vector<ColumnView> arguments = {input->view()};
  const std::function<std::string(int)> sql = [](int) { return std::string("s"); };
  const DataType type = DataType::Varchar();
  ScalarCall call{arguments, 3, type, 0, sql};
  Result<ColumnPtr> upper = BuiltinFunctions().FindScalar("upper")->implementation(call);
  ASSERT_TRUE(upper.ok());
  EXPECT_EQ((*upper)->GetString(0), "ABC");
  EXPECT_FALSE((*upper)->IsValid(1));
  EXPECT_EQ((*upper)->GetString(2), "ÜNÏ");

  auto numbers = Column::Allocate(DataType::Int32(), 2);
  numbers->mutable_values<int32_t>()[0] = -5;
  numbers->mutable_values<int32_t>()[1] = INT32_MIN;
  std::vector<ColumnView> abs_arguments = {numbers->view()};
  const DataType int32 = DataType::Int32();
  ScalarCall abs_call{abs_arguments, 1, int32, 0, sql};
  Result<ColumnPtr> abs = BuiltinFunctions().FindScalar("abs")->implementation(abs_call);
  ASSERT_TRUE(abs.ok());
  EXPECT_EQ((*abs)->values<int32_t>()[0], 5);
  abs_call.rows = 2;
  EXPECT_EQ(BuiltinFunctions().FindScalar("abs")->implementation(abs_call).status().code(), StatusCode::kOutOfRange);
}

// A constant pattern is compiled once, by the bind rule: the resolution carries it for
// every row (an invalid one fails there, naming it); a pattern that is not a constant
// leaves the compiling to the rows.
TEST(FunctionRegistryTest, AConstantPatternIsCompiledWhenTheCallIsBound) {
  const ScalarFunction& like = *BuiltinFunctions().FindScalar("regexp_like");
  std::vector<CallArgument> constant = {{DataType::Varchar(), std::nullopt, false},
                                        {DataType::Varchar(), Value::Varchar("^a+b"), true}};
  Result<Resolution> bound = like.bind(CallSite{"regexp_like", "regexp_like(s, '^a+b')", constant});
  ASSERT_TRUE(bound.ok()) << bound.status().ToString();
  EXPECT_NE(bound->state, nullptr);

  std::vector<CallArgument> per_row = {{DataType::Varchar(), std::nullopt, false},
                                       {DataType::Varchar(), std::nullopt, false}};
  Result<Resolution> unbound = like.bind(CallSite{"regexp_like", "regexp_like(s, p)", per_row});
  ASSERT_TRUE(unbound.ok());
  EXPECT_EQ(unbound->state, nullptr);

  constant[1].constant = Value::Varchar("a(");
  Result<Resolution> invalid = like.bind(CallSite{"regexp_like", "regexp_like(s, 'a(')", constant});
  EXPECT_EQ(invalid.status().code(), StatusCode::kInvalidData);
  EXPECT_NE(invalid.status().message().find("invalid regular expression 'a('"), std::string::npos);
}

// random() is the one volatile function: the binder never folds it.
TEST(FunctionRegistryTest, OnlyRandomIsVolatile) {
  for (const ScalarFunction& f : BuiltinFunctions().scalars()) EXPECT_EQ(f.is_volatile, f.name == "random") << f.name;
}

// orbit_functions() as a query returns, row by row, what the registry holds.
TEST(FunctionRegistryTest, OrbitFunctionsListsTheRegistry) {
  const FunctionRegistry& registry = BuiltinFunctions();
  std::vector<std::pair<std::string, std::string>> expected;  // name, kind
  for (const ScalarFunction& f : registry.scalars()) {
    for (size_t i = 0; i < f.signatures.size(); ++i)
      expected.emplace_back(f.name, f.operator_only ? "operator" : "scalar");
  }
  for (const AggregateFunction& f : registry.aggregates()) {
    for (size_t i = 0; i < f.signatures.size(); ++i) expected.emplace_back(f.name, "aggregate");
  }
  for (const WindowFunction& f : registry.windows()) {
    for (size_t i = 0; i < f.signatures.size(); ++i) expected.emplace_back(f.name, "window");
  }
  for (const TableFunction& f : registry.tables()) {
    for (size_t i = 0; i < f.signatures.size(); ++i) expected.emplace_back(f.name, "table");
  }
  DatabaseInstance database;
  Session connection(database);
  for (const char* sql : {"SELECT name, kind FROM orbit_functions()", "SHOW FUNCTIONS"}) {
    SCOPED_TRACE(sql);
    Result<StatementResult> result = connection.Query(sql);
    ASSERT_TRUE(result.ok()) << result.status().ToString();
    std::vector<std::pair<std::string, std::string>> listed;
    for (const Batch& batch : result->table()->batches()) {
      for (int64_t i = 0; i < batch.length; ++i) {
        listed.emplace_back(batch.columns[0]->GetString(i), batch.columns[1]->GetString(i));
      }
    }
    EXPECT_EQ(listed, expected);
  }
  Result<StatementResult> count = connection.Query("SELECT count(*) FROM orbit_functions() WHERE name = 'substring'");
  ASSERT_TRUE(count.ok());
  EXPECT_EQ(count->table()->batches()[0].columns[0]->values<int64_t>()[0], 2);
}

TEST(FunctionRegistryTest, UnknownFunctionsAreClearErrors) {
  DatabaseInstance database;
  Session connection(database);
  Result<StatementResult> scalar = connection.Query("SELECT soundex('a')");
  EXPECT_EQ(scalar.status().message(), "not supported yet: function soundex");
  Result<StatementResult> table = connection.Query("SELECT * FROM read_json('x.json')");
  EXPECT_EQ(table.status().message(),
            "not supported yet: table function read_json (there are read_csv, read_parquet, generate_series, range, "
            "unnest, graph_bfs, spread_activation, orbit_devices and orbit_functions)");
  Result<StatementResult> arguments = connection.Query("SELECT * FROM orbit_functions(1)");
  EXPECT_EQ(arguments.status().code(), StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace orbit
