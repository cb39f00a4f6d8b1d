#include "exec/operators/order_sink.h"

#include "exec/operators/row_order.h"

namespace orbit {

std::string OrderSink::detail() const {
  std::string out;
  for (size_t i = 0; i < keys_.size(); ++i) {
    if (i) out += ", ";
    out += keys_[i].expression->ToString() + (keys_[i].descending ? " DESC" : " ASC");
    out += keys_[i].nulls_first ? " NULLS FIRST" : " NULLS LAST";
  }
  return out;
}

Result<TablePtr> OrderSink::Finalize() {
  TablePtr all = Collected();
  Batch merged = MergeBatches(all->batches(), schema_);
  ORBIT_ASSIGN_OR_RETURN(RowOrder order, SortedRows(merged, keys_));
  auto out = std::make_shared<Table>("result", schema_);
  if (merged.length > 0) out->Append(GatherRows(merged, order));
  return out;
}

}  // namespace orbit
