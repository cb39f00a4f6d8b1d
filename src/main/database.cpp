#include "orbit/orbit.h"
#include "sql/catalog/catalog.h"

namespace orbit {

Database::Database() : catalog_(std::make_unique<Catalog>()) {}
Database::~Database() = default;

}  // namespace orbit
