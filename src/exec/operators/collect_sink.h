// CollectSink: gathers a pipeline's output into a table, in source order (each morsel's
// rows land in that morsel's slot, so parallel runs keep the order a serial run gives).
// With a limit/offset it keeps only those rows (LIMIT without ORDER BY).
#pragma once

#include <optional>
#include <vector>

#include "exec/pipeline/pipeline.h"

namespace orbit {

class CollectSink : public Sink {
 public:
  explicit CollectSink(Schema schema, std::optional<int64_t> limit = std::nullopt, int64_t offset = 0)
      : schema_(std::move(schema)), limit_(limit), offset_(offset) {}
  std::string name() const override { return limit_ || offset_ ? "Limit" : "Collect"; }
  std::string detail() const override;
  void Prepare(size_t morsel_count) override;
  Status Consume(Chunk& chunk, ExecutionContext& context) override;
  Result<TablePtr> Finalize() override;

 protected:
  /// All collected rows as one table, in order.
  TablePtr Collected();
  Schema schema_;

 private:
  std::optional<int64_t> limit_;
  int64_t offset_;
  std::vector<std::vector<Batch>> slots_;
};

}  // namespace orbit
