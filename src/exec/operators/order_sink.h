// OrderSink: collects every row, then sorts by the sort keys (evaluated once per row as
// columns) with a stable multi-key comparison honouring ASC/DESC and NULLS FIRST/LAST.
#pragma once

#include <vector>

#include "exec/operators/collect_sink.h"
#include "plan/logical_plan.h"

namespace orbit {

class OrderSink final : public CollectSink {
 public:
  OrderSink(Schema schema, std::vector<SortKey> keys) : CollectSink(std::move(schema)), keys_(std::move(keys)) {}
  std::string name() const override { return "Order"; }
  std::string detail() const override;
  Result<TablePtr> Finalize() override;

 private:
  std::vector<SortKey> keys_;
};

}  // namespace orbit
