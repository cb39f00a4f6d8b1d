#include "columnar/arrow_c_data.h"
#include "main/api/error_translation.h"
#include "main/api/handles.h"
#include "main/api/parameter_values.h"
#include "orbit/database.h"
#include "sql/catalog/catalog.h"
#include "sql/parser/parser.h"

namespace orbit {

Connection::Connection(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Connection::~Connection() = default;
Connection::Connection(Connection&&) noexcept = default;
Connection& Connection::operator=(Connection&&) noexcept = default;

namespace {

Error MovedFrom() { return Error(ErrorCode::kInvalidArgument, "this connection was moved from; connect again"); }

}  // namespace

Expected<QueryResult> Connection::Query(std::string_view sql) {
  return api::Guarded([&]() -> Expected<QueryResult> {
    if (impl_ == nullptr) return MovedFrom();
    Result<StatementResult> result = impl_->session.Query(std::string(sql));
    if (!result.ok()) return api::ToError(result.status());
    return QueryResult(std::make_shared<const QueryResult::Impl>(std::move(result).value()));
  });
}

Expected<QueryResult> Connection::QueryOne(std::string_view statement) {
  return api::Guarded([&]() -> Expected<QueryResult> {
    if (impl_ == nullptr) return MovedFrom();
    Result<StatementResult> result = impl_->session.QueryOne(std::string(statement));
    if (!result.ok()) return api::ToError(result.status());
    return QueryResult(std::make_shared<const QueryResult::Impl>(std::move(result).value()));
  });
}

Expected<QueryResult> Connection::Query(std::string_view statement, const std::vector<Parameter>& parameters) {
  return api::Guarded([&]() -> Expected<QueryResult> {
    if (impl_ == nullptr) return MovedFrom();
    Result<std::vector<ParameterValue>> values = api::ToParameterValues(parameters);
    if (!values.ok()) return api::ToError(values.status());
    Result<StatementResult> result = impl_->session.Query(std::string(statement), *values);
    if (!result.ok()) return api::ToError(result.status());
    return QueryResult(std::make_shared<const QueryResult::Impl>(std::move(result).value()));
  });
}

Expected<QueryResult> Connection::Probe(std::string_view statement, const std::vector<Parameter>& parameters) {
  return api::Guarded([&]() -> Expected<QueryResult> {
    if (impl_ == nullptr) return MovedFrom();
    Result<std::vector<ParameterValue>> values = api::ToParameterValues(parameters);
    if (!values.ok()) return api::ToError(values.status());
    Result<StatementResult> result = impl_->session.Probe(std::string(statement), *values);
    if (!result.ok()) return api::ToError(result.status());
    return QueryResult(std::make_shared<const QueryResult::Impl>(std::move(result).value()));
  });
}

TransactionStatus Connection::transaction_status() const noexcept {
  if (impl_ == nullptr) return TransactionStatus::kIdle;
  switch (impl_->session.transaction_state()) {
    case TransactionState::kIdle: return TransactionStatus::kIdle;
    case TransactionState::kInBlock: return TransactionStatus::kInBlock;
    case TransactionState::kFailed: return TransactionStatus::kFailed;
  }
  return TransactionStatus::kIdle;
}

Expected<std::vector<std::string>> Connection::SplitStatements(std::string_view sql) {
  return api::Guarded([&]() -> Expected<std::vector<std::string>> {
    Result<std::vector<std::string>> statements = orbit::SplitStatements(std::string(sql));
    if (!statements.ok()) return api::ToError(statements.status());
    return std::move(statements).value();
  });
}

void Connection::Interrupt() noexcept {
  if (impl_ != nullptr) impl_->session.Interrupt();
}

Expected<void> Connection::Set(std::string_view name, std::string_view value) {
  return api::Guarded([&]() -> Expected<void> {
    if (impl_ == nullptr) return MovedFrom();
    return api::FromStatus(impl_->session.Set(std::string(name), std::string(value)));
  });
}

Expected<std::vector<std::string>> Connection::TableNames() const {
  return api::Guarded([&]() -> Expected<std::vector<std::string>> {
    if (impl_ == nullptr) return MovedFrom();
    return impl_->session.catalog().TableNames();
  });
}

Expected<void> Connection::ExportTable(std::string_view table, ArrowArrayStream* out) {
  return api::Guarded([&]() -> Expected<void> {
    if (impl_ == nullptr) return MovedFrom();
    if (out == nullptr) return Error(ErrorCode::kInvalidArgument, "ExportTable needs an output stream");
    Result<TablePtr> stored = impl_->session.catalog().GetTable(std::string(table));
    if (!stored.ok()) return api::ToError(stored.status());
    return api::FromStatus(orbit::ExportTable(*stored, out));
  });
}

Expected<void> Connection::RegisterArrow(std::string_view table, ArrowArrayStream* stream) {
  // The stream is consumed on every path, so a caller never has to ask whether to release it.
  auto release = [stream] {
    if (stream != nullptr && stream->release != nullptr) stream->release(stream);
  };
  Expected<void> registered = api::Guarded([&]() -> Expected<void> {
    if (impl_ == nullptr) return MovedFrom();
    if (table.empty()) return Error(ErrorCode::kInvalidArgument, "RegisterArrow needs a table name");
    Result<TablePtr> imported = ImportStream(stream, std::string(table));  // releases the stream
    if (!imported.ok()) return api::ToError(imported.status());
    // In a database folder a registered table stays in memory: it is never stored.
    const bool temporary = impl_->session.database().store() != nullptr;
    TablePtr table_rows = std::move(imported).value();
    return api::FromStatus(impl_->session.ChangeCatalog(
        [&](Catalog& catalog) { return catalog.CreateTable(table_rows, /*replace=*/true, temporary); }));
  });
  release();
  return registered;
}

}  // namespace orbit
