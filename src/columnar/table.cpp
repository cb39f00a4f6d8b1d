#include "columnar/table.h"

namespace orbit {

int64_t Table::num_rows() const {
  int64_t rows = 0;
  for (const Batch& b : batches_) rows += b.length;
  return rows;
}

}  // namespace orbit
