#include "functions/table_function.h"

namespace orbit {

Result<TablePtr> TableSource::Table() const {
  std::lock_guard lock(mutex_);
  if (table_) return table_;
  ORBIT_ASSIGN_OR_RETURN(TablePtr table, Produce());
  table_ = std::move(table);
  return table_;
}

}  // namespace orbit
