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

Expected<Database> Database::Open(std::string_view path, OpenOptions options) {
  return api::Guarded([&]() -> Expected<Database> {
    if (path.empty()) return Error(ErrorCode::kInvalidArgument, "a database folder needs a path");
    Result<std::shared_ptr<DatabaseInstance>> instance =
        DatabaseInstance::OpenFolder(std::string(path), options.read_only);
    if (!instance.ok()) return api::ToError(instance.status());
    auto impl = std::make_shared<Impl>();
    impl->instance = std::move(instance).value();
    return Database(std::move(impl));
  });
}

Expected<Connection> Database::Connect() {
  return api::Guarded([&]() -> Expected<Connection> {
    if (impl_ == nullptr) return Error(ErrorCode::kInvalidArgument, "this database was moved from; open a new one");
    return Connection(std::make_unique<Connection::Impl>(impl_->instance));
  });
}

}  // namespace orbit
