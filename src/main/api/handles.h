// What the public API's handles hold: the engine objects behind Database, Connection and
// QueryResult (include/orbit/). Private to src/main/api.
#pragma once

#include <memory>
#include <vector>

#include "main/session.h"
#include "orbit/database.h"
#include "orbit/query_result.h"

namespace orbit {

struct Database::Impl {
  std::shared_ptr<DatabaseInstance> instance = std::make_shared<DatabaseInstance>();
};

struct Connection::Impl {
  explicit Impl(std::shared_ptr<DatabaseInstance> database) : instance(std::move(database)), session(*instance) {}

  std::shared_ptr<DatabaseInstance> instance;  // keeps the database alive as long as the session
  Session session;
};

struct QueryResult::Impl {
  explicit Impl(StatementResult statement_result);

  StatementResult result;
  std::vector<ColumnInfo> columns;
  std::vector<int64_t> batch_ends;  // rows up to and including each batch, for GetText's lookup
};

}  // namespace orbit
