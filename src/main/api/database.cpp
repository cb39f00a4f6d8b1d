#include "orbit/database.h"
#include "main/api/error_translation.h"
#include "main/api/handles.h"

namespace orbit {

Database::Database(std::shared_ptr<Impl> impl) : impl_(std::move(impl)) {}
Database::~Database() = default;
Database::Database(Database&&) noexcept = default;
Database& Database::operator=(Database&&) noexcept = default;

Expected<Database> Database::Open() {
  return api::Guarded([]() -> Expected<Database> { return Database(std::make_shared<Impl>()); });
}

Expected<Connection> Database::Connect() {
  return api::Guarded([&]() -> Expected<Connection> {
    if (impl_ == nullptr) return Error(ErrorCode::kInvalidArgument, "this database was moved from; open a new one");
    return Connection(std::make_unique<Connection::Impl>(impl_->instance));
  });
}

}  // namespace orbit
