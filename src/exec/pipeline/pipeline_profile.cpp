#include "exec/pipeline/pipeline_profile.h"

#include <algorithm>
#include <string_view>
#include <thread>

namespace orbit {

namespace {

int Count(std::string_view text, std::string_view what) {
  int n = 0;
  for (size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + what.size())) ++n;
  return n;
}

int ArithmeticOperators(const std::string& text) {
  return Count(text, " * ") + Count(text, " + ") + Count(text, " - ") + Count(text, " / ");
}

int Aggregates(const std::string& text) {
  return Count(text, "sum(") + Count(text, "avg(") + Count(text, "min(") + Count(text, "max(") + Count(text, "count(");
}

/// Keys listed as "keys: a, b; ..." (a comma inside an expression over-counts a little).
int Keys(const std::string& detail) {
  const size_t start = detail.find("keys: ");
  if (start == std::string::npos) return 0;
  const std::string keys = detail.substr(start, detail.find(';', start) - start);
  return 1 + Count(keys, ", ");
}

/// Operators whose detail says which kernels they call; others (scans, sorts, collects) call none.
bool CallsKernels(const std::string& name) {
  return name == "Filter" || name == "Projection" || name == "Aggregate" || name == "HashAggregate" ||
         name.rfind("HashJoin", 0) == 0;
}

void AddCalls(const std::string& name, const std::string& detail, PipelineProfile& profile) {
  auto add = [&](KernelFamily family, int calls) { profile.calls_per_vector[static_cast<size_t>(family)] += calls; };
  if (name == "Filter") {
    add(KernelFamily::kFilter, 1 + Count(detail, " AND ") + Count(detail, " OR "));
    add(KernelFamily::kArithmetic, ArithmeticOperators(detail));
  } else if (name == "Projection") {
    add(KernelFamily::kArithmetic, ArithmeticOperators(detail));
  } else if (name == "Aggregate") {
    add(KernelFamily::kSum, Aggregates(detail));
    add(KernelFamily::kArithmetic, ArithmeticOperators(detail));
  } else if (name == "HashAggregate") {
    add(KernelFamily::kHash, Keys(detail));
    add(KernelFamily::kGroupedAggregate, Aggregates(detail));
    add(KernelFamily::kArithmetic, ArithmeticOperators(detail));
  } else if (name.rfind("HashJoin", 0) == 0) {
    add(KernelFamily::kHash, Keys(detail));
  }
}

}  // namespace

PipelineProfile ProfilePipeline(Pipeline& pipeline, int threads) {
  PipelineProfile profile;
  TableScan& scan = pipeline.source();
  profile.kind = scan.name();
  // Details are formatted expressions: only read where they tell kernel calls.
  for (const auto& op : pipeline.operators()) {
    const std::string name = op->name();
    profile.kind += "|" + name;
    if (CallsKernels(name)) AddCalls(name, op->detail(), profile);
  }
  const std::string sink = pipeline.sink().name();
  profile.kind += "|" + sink;
  if (CallsKernels(sink)) AddCalls(sink, pipeline.sink().detail(), profile);

  int64_t morsels = 0;
  for (const Batch& batch : scan.table()->batches()) {
    profile.rows += batch.length;
    profile.vectors += (batch.length + kVectorSize - 1) / kVectorSize;
    profile.device_vectors += (batch.length + kDeviceVectorRows - 1) / kDeviceVectorRows;
    morsels += (batch.length + kMorselRows - 1) / kMorselRows;
  }
  for (const auto& [data, bytes] : scan.HostBuffers()) profile.input_bytes += static_cast<int64_t>(bytes);
  const int workers = threads > 0 ? threads : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  profile.parallelism = static_cast<int>(std::clamp<int64_t>(morsels, 1, workers));
  return profile;
}

}  // namespace orbit
