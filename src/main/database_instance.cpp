#include "main/session.h"
#include "sql/catalog/catalog.h"

namespace orbit {

DatabaseInstance::DatabaseInstance() : catalog_(std::make_unique<Catalog>()) {}
DatabaseInstance::~DatabaseInstance() = default;

}  // namespace orbit
