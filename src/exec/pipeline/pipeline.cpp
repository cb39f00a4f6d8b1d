#include "exec/pipeline/pipeline.h"

#include <algorithm>
#include <chrono>
#include <mutex>

#include <tbb/parallel_for.h>

#include "common/check.h"
#include "common/memory_scope.h"

namespace orbit {

namespace {
using Clock = std::chrono::steady_clock;

int64_t NanosSince(Clock::time_point start) {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(Clock::now() - start).count();
}
}  // namespace

TableScan::TableScan(TablePtr table, std::vector<int> column_ids)
    : table_(std::move(table)), column_ids_(std::move(column_ids)) {}

TableScan::TableScan(TableSourcePtr source, std::vector<int> column_ids)
    : source_(std::move(source)), column_ids_(std::move(column_ids)) {}

std::string TableScan::detail() const {
  std::string out = source_ ? source_->name() : table_->name();
  if (!column_ids_.empty()) {
    out += " [";
    for (size_t i = 0; i < column_ids_.size(); ++i) {
      if (i) out += ", ";
      out += schema()[column_ids_[i]].name;
    }
    out += "]";
  }
  const std::string report = source_ ? source_->scan_report() : "";
  if (!report.empty()) out += " (" + report + ")";
  return out;
}

Status TableScan::Produce() {
  if (!source_ || table_) return Status::OK();
  auto start = Clock::now();
  ORBIT_ASSIGN_OR_RETURN(TablePtr table, source_->Table());
  const Schema& expected = source_->schema();
  bool matches = table->schema().size() == expected.size();
  for (size_t i = 0; matches && i < expected.size(); ++i) matches = table->schema()[i].type == expected[i].type;
  ORBIT_CHECK(matches, "{} produced other columns than it bound", source_->name());
  table_ = std::move(table);
  produce_seconds_ = std::chrono::duration<double>(Clock::now() - start).count();
  return Status::OK();
}

int64_t TableScan::rows() const {
  if (table_) return table_->num_rows();
  return static_cast<int64_t>(std::max(0.0, source_->estimated_rows()));
}

std::vector<Morsel> TableScan::Split(int64_t morsel_rows) const {
  std::vector<Morsel> morsels;
  const auto& batches = table_->batches();
  for (size_t b = 0; b < batches.size(); ++b) {
    for (int64_t begin = 0; begin < batches[b].length; begin += morsel_rows) {
      morsels.push_back({b, begin, std::min(begin + morsel_rows, batches[b].length)});
    }
  }
  // A source with no rows still runs once so sinks see an (empty) input.
  return morsels;
}

void TableScan::Read(const Morsel& morsel, int64_t begin, int64_t vector_rows, Chunk& chunk) const {
  const Batch& batch = table_->batches()[morsel.batch];
  int64_t length = std::min(vector_rows, morsel.end - begin);
  chunk.size = length;
  chunk.ClearMask();
  chunk.columns.resize(column_ids_.size());
  for (size_t i = 0; i < column_ids_.size(); ++i) {
    chunk.columns[i].view = batch.columns[column_ids_[i]]->view().Slice(begin, length);
    chunk.columns[i].owner = nullptr;
  }
}

Status Pipeline::PassOn(size_t index, Chunk& chunk, ExecutionContext& context,
                        std::vector<ChunkCoalescer>& coalescers) {
  ChunkCoalescer& coalescer = coalescers[index];
  if (!coalescer.empty() && (!ChunkCoalescer::Wants(chunk) || coalescer.WouldOverflow(chunk))) {
    Chunk held = coalescer.Take();
    ORBIT_RETURN_IF_ERROR(Push(index, held, context, coalescers));
  }
  if (!ChunkCoalescer::Wants(chunk)) return Push(index, chunk, context, coalescers);
  coalescer.Add(chunk);
  if (!coalescer.Full()) return Status::OK();
  Chunk held = coalescer.Take();
  return Push(index, held, context, coalescers);
}

Status Pipeline::FlushCoalescers(ExecutionContext& context, std::vector<ChunkCoalescer>& coalescers) {
  for (size_t index = 0; index < coalescers.size(); ++index) {
    if (coalescers[index].empty()) continue;
    Chunk held = coalescers[index].Take();
    ORBIT_RETURN_IF_ERROR(Push(index, held, context, coalescers));
  }
  return Status::OK();
}

// Runs the Finish step of each operator, in order, each one's output going through the
// rest of the pipeline; the rows it held back reach the next operator before that one
// finishes.
Status Pipeline::FinishOperators(ExecutionContext& context) {
  std::vector<ChunkCoalescer> coalescers(operators_.size() + 1);
  for (size_t index = 0; index < operators_.size(); ++index) {
    Operator& op = *operators_[index];
    ORBIT_RETURN_IF_ERROR(op.Finish(context, [&](Chunk& out) -> Status {
      if (out.size == 0) return Status::OK();
      op.metrics.rows_out += out.rows();
      return PassOn(index + 1, out, context, coalescers);
    }));
    ORBIT_RETURN_IF_ERROR(FlushCoalescers(context, coalescers));
  }
  return Status::OK();
}

Status Pipeline::Push(size_t index, Chunk& chunk, ExecutionContext& context, std::vector<ChunkCoalescer>& coalescers) {
  const bool wide_taken = index == operators_.size() ? sink_->TakesWideChunks() : operators_[index]->TakesWideChunks();
  if (chunk.size <= kVectorSize || wide_taken) return PushWhole(index, chunk, context, coalescers);
  for (int64_t begin = 0; begin < chunk.size; begin += kVectorSize) {
    Chunk slice = SliceChunk(chunk, begin, std::min(kVectorSize, chunk.size - begin));
    if (slice.rows() == 0) continue;
    ORBIT_RETURN_IF_ERROR(PushWhole(index, slice, context, coalescers));
  }
  return Status::OK();
}

Status Pipeline::PushWhole(size_t index, Chunk& chunk, ExecutionContext& context,
                           std::vector<ChunkCoalescer>& coalescers) {
  // Every chunk an operator takes, including each one a join probe emits: a query whose
  // joins multiply rows stops within one vector of its cancel.
  if (context.interrupt != nullptr) ORBIT_RETURN_IF_ERROR(context.interrupt->Check());
  if (index == operators_.size()) {
    auto t = Clock::now();
    sink_->metrics.rows_in += chunk.rows();
    Status status = sink_->Consume(chunk, context);
    sink_->metrics.nanos += NanosSince(t);
    return status;
  }
  Operator& op = *operators_[index];
  op.metrics.rows_in += chunk.rows();
  // An operator's time excludes what the operators after it spend on its output.
  int64_t downstream = 0;
  auto start = Clock::now();
  Status status = op.Process(chunk, context, [&](Chunk& out) -> Status {
    if (out.size == 0) return Status::OK();
    op.metrics.rows_out += out.rows();
    auto t = Clock::now();
    Status s = PassOn(index + 1, out, context, coalescers);
    downstream += NanosSince(t);
    return s;
  });
  op.metrics.nanos += NanosSince(start) - downstream;
  return status;
}

std::vector<std::pair<const void*, size_t>> TableScan::HostBuffers() const {
  std::vector<std::pair<const void*, size_t>> buffers;
  for (const Batch& batch : table_->batches()) {
    for (int id : column_ids_) {
      const ColumnView view = batch.columns[id]->view();
      const auto length = static_cast<size_t>(view.length);
      if (view.validity != nullptr) buffers.emplace_back(view.validity, bitmap::Bytes(length));
      switch (physical_type(view.type)) {
        case PhysicalType::kString:
          buffers.emplace_back(view.data, (length + 1) * sizeof(int32_t));
          buffers.emplace_back(view.chars, static_cast<size_t>(view.offsets()[length]));
          break;
        case PhysicalType::kBit: buffers.emplace_back(view.data, bitmap::Bytes(length)); break;
        case PhysicalType::kNone: break;
        default: buffers.emplace_back(view.data, length * static_cast<size_t>(view.type.byte_width()));
      }
    }
  }
  return buffers;
}

std::vector<OperatorMetrics*> Pipeline::AllMetrics() {
  std::vector<OperatorMetrics*> all{&source_->metrics, &sink_->metrics};
  for (auto& op : operators_) all.push_back(&op->metrics);
  return all;
}

void Pipeline::RecordFallback(const std::string& device, const std::string& reason) {
  device_report_.fallback_device = device;
  device_report_.fallback_reason = reason;
}

namespace {

/// Opens the device session of a placement (none on the host) and declares the scanned
/// columns its inputs: each is copied to the device once, when a kernel first reads it.
Result<std::unique_ptr<DeviceSession>> OpenDeviceSession(const Placement& placement, const FaultPlan& faults,
                                                         const TableScan& scan) {
  ORBIT_ASSIGN_OR_RETURN(std::unique_ptr<DeviceSession> session, placement.device->OpenSession(faults));
  if (!session) return session;
  for (const auto& [data, bytes] : scan.HostBuffers()) session->AddPipelineInput(data, bytes);
  return session;
}

}  // namespace

Result<TablePtr> Pipeline::Run(const Placement& placement, const FaultPlan& faults, const QueryInterrupt* interrupt) {
  placement_ = placement;
  auto start = Clock::now();
  for (OperatorMetrics* m : AllMetrics()) m->Reset();
  for (auto& op : operators_) op->Prepare();
  ORBIT_ASSIGN_OR_RETURN(std::unique_ptr<DeviceSession> session, OpenDeviceSession(placement, faults, *source_));
  auto report_transfers = [&] {
    if (!session) return;
    const TransferStats& stats = session->stats();
    device_report_.ran_on_device = true;
    device_report_.resident_buffers = stats.resident_buffers;
    device_report_.resident_bytes = stats.resident_bytes;
    device_report_.upload_bytes = stats.upload_bytes;
    device_report_.download_bytes = stats.download_bytes;
    device_report_.launches = stats.launches;
    device_report_.kernel_calls = stats.kernel_calls;
    device_report_.kept_output_hits = stats.kept_output_hits;
    device_report_.in_place_buffers = stats.in_place_buffers;
    device_report_.in_place_bytes = stats.in_place_bytes;
  };
  // An accelerator takes wide vectors (kDeviceVectorRows); the host vectors of kVectorSize.
  const int64_t vector_rows = session ? kDeviceVectorRows : kVectorSize;
  std::vector<Morsel> morsels = source_->Split(session ? kDeviceVectorRows : kMorselRows);
  // One slot more than the morsels: rows operators emit in their Finish step come last.
  sink_->Prepare(morsels.size() + 1);
  std::mutex error_mutex;
  Status first_error;
  std::atomic<bool> failed{false};

  auto run_morsel = [&](size_t index) {
    ScopedDeviceSession device_scope(session.get());
    ExpressionEvaluator evaluator(*placement.kernels);
    ExecutionContext context{&evaluator, index, interrupt};
    const Morsel& morsel = morsels[index];
    Chunk chunk;
    std::vector<ChunkCoalescer> coalescers(operators_.size() + 1);
    // Each vector of the morsel, then (begin = end) the rows still held by coalescers.
    for (int64_t begin = morsel.begin; !failed.load(); begin = std::min(begin + vector_rows, morsel.end)) {
      const bool last = begin >= morsel.end;
      Status status;
      if (!last) {
        auto t0 = Clock::now();
        source_->Read(morsel, begin, vector_rows, chunk);
        source_->metrics.rows_out += chunk.size;
        source_->metrics.nanos += NanosSince(t0);
        status = chunk.size > 0 ? Push(0, chunk, context, coalescers) : Status::OK();
      } else {
        status = FlushCoalescers(context, coalescers);
      }
      // A device kernel that failed still returned the right answer, but the pipeline
      // stops here and runs again on the CPU rather than go on with a failing device.
      if (status.ok() && session && session->failed()) status = session->failure();
      if (!status.ok()) {
        std::lock_guard lock(error_mutex);
        if (!failed.exchange(true)) first_error = status;
        return;
      }
      if (last) return;
    }
  };

  try {
    tbb::parallel_for(tbb::blocked_range<size_t>(0, morsels.size(), 1),
                      UnderCurrentMemoryAccount([&](const tbb::blocked_range<size_t>& r) {
                        for (size_t i = r.begin(); i != r.end(); ++i) run_morsel(i);
                      }));
  } catch (const std::bad_alloc& error) {
    return OutOfMemoryStatus(error);
  }
  if (!failed) {
    ScopedDeviceSession device_scope(session.get());
    ExpressionEvaluator evaluator(*placement.kernels);
    ExecutionContext context{&evaluator, morsels.size(), interrupt};
    Status status = FinishOperators(context);
    if (status.ok() && session && session->failed()) status = session->failure();
    if (!status.ok()) {
      failed = true;
      first_error = status;
    }
  }
  report_transfers();
  if (failed) return first_error;
  if (interrupt != nullptr) ORBIT_RETURN_IF_ERROR(interrupt->Check());
  auto t = Clock::now();
  auto result = sink_->Finalize();
  sink_->metrics.nanos += NanosSince(t);
  if (session && session->failed()) return session->failure();
  if (result.ok()) sink_->metrics.rows_out += (*result)->num_rows();
  seconds_ = std::chrono::duration<double>(Clock::now() - start).count();
  return result;
}

}  // namespace orbit
