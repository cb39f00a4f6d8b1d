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

std::unique_ptr<Catalog> DatabaseInstance::Snapshot(uint64_t* generation) const {
  auto copy = std::make_unique<Catalog>();
  // A publish between reading the count and copying would pair a newer catalog with an
  // older count: read again until both agree.
  uint64_t before = 0;
  do {
    before = generation_.load();
    copy->Restore(catalog_->State());
  } while (generation_.load() != before);
  *generation = before;
  return copy;
}

Status DatabaseInstance::Publish(CatalogState state) {
  if (store_) ORBIT_RETURN_IF_ERROR(store_->Commit(state));
  catalog_->Restore(std::move(state));
  ++generation_;
  return Status::OK();
}

}  // namespace orbit
