#include "main/database_store.h"
#include "main/session.h"
#include "sql/catalog/catalog.h"

namespace orbit {

DatabaseInstance::DatabaseInstance() : catalog_(std::make_unique<Catalog>()) {}
DatabaseInstance::~DatabaseInstance() = default;

Result<std::shared_ptr<DatabaseInstance>> DatabaseInstance::OpenFolder(const std::string& path, bool read_only) {
  auto database = std::make_shared<DatabaseInstance>();
  ORBIT_ASSIGN_OR_RETURN(database->store_, DatabaseStore::Open(path, read_only, database->catalog_.get()));
  return database;
}

}  // namespace orbit
