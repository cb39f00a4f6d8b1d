// Morsel-driven pipelines (DESIGN "exec"): a source splits its rows into morsels, worker
// threads take morsels and push each vector through the pipeline's operators into its
// sink. Sinks keep per-thread state and produce a table when the pipeline finishes; that
// table is the source of the next pipeline.
#pragma once

#include <atomic>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "columnar/table.h"
#include "common/query_interrupt.h"
#include "common/status.h"
#include "devices/fault_injection.h"
#include "exec/expression/expression_evaluator.h"
#include "exec/pipeline/chunk.h"
#include "exec/pipeline/chunk_coalescer.h"
#include "exec/pipeline/kernel_calls.h"
#include "functions/table_function.h"
#include "placement/placement.h"

namespace orbit {

/// Rows per morsel: large enough to amortise scheduling, small enough to balance threads.
constexpr int64_t kMorselRows = 60 * kVectorSize;
/// Rows per morsel, and per vector, of a pipeline on an accelerator: each kernel launch
/// then covers this many rows, which amortises the launch, the queue round trip and the
/// copy back (tens of microseconds on a GPU, more on OpenCL) that a host-sized vector
/// would pay every 2048 rows. Operators that only take host-sized vectors get the wide
/// chunk in slices (Operator::TakesWideChunks).
constexpr int64_t kDeviceVectorRows = int64_t{1} << 20;

/// Counters every operator keeps for EXPLAIN ANALYZE (summed over threads).
struct OperatorMetrics {
  std::atomic<int64_t> rows_in{0};
  std::atomic<int64_t> rows_out{0};
  std::atomic<int64_t> nanos{0};
  void Reset() {
    rows_in = 0;
    rows_out = 0;
    nanos = 0;
  }
};

/// What a worker thread carries while it runs a morsel.
struct ExecutionContext {
  ExpressionEvaluator* evaluator = nullptr;
  size_t morsel_index = 0;
  /// Checked before each chunk enters an operator; null when nothing can cancel the run.
  const QueryInterrupt* interrupt = nullptr;
};

/// Takes an operator's output chunks: the rest of the pipeline after it.
using ChunkConsumer = std::function<Status(Chunk&)>;

/// A streaming operator. It reads one chunk at a time and passes its output, in chunks of
/// at most kVectorSize rows, to `emit` before returning (so an operator whose output can
/// outgrow its input, such as a join probe, emits several chunks).
class Operator {
 public:
  virtual ~Operator() = default;
  virtual std::string name() const = 0;
  virtual std::string detail() const = 0;
  virtual Status Process(Chunk& chunk, ExecutionContext& context, const ChunkConsumer& emit) = 0;
  /// The kernel calls Process makes per vector, from its expressions (placement's input).
  virtual KernelCalls kernel_calls() const { return {}; }
  /// Whether Process takes chunks of more than kVectorSize rows (device pipelines read
  /// kDeviceVectorRows at a time); others get such chunks in slices of kVectorSize.
  virtual bool TakesWideChunks() const { return false; }
  /// Called before each run of the pipeline (a run after a device failure starts over).
  virtual void Prepare() {}
  /// Called once, on one thread, after every morsel has passed: an operator that holds rows
  /// back until it has seen its whole input (a RIGHT or FULL join's unmatched build rows)
  /// emits them here.
  virtual Status Finish(ExecutionContext& context, const ChunkConsumer& emit) { return Status::OK(); }
  OperatorMetrics metrics;
  double estimated_rows = -1;  // the optimizer's estimate of the output rows; -1 unknown
};

/// An operator that transforms a chunk in place, never adding rows (Filter, Projection).
class InPlaceOperator : public Operator {
 public:
  virtual Status Execute(Chunk& chunk, ExecutionContext& context) = 0;
  Status Process(Chunk& chunk, ExecutionContext& context, const ChunkConsumer& emit) final {
    ORBIT_RETURN_IF_ERROR(Execute(chunk, context));
    return chunk.size > 0 ? emit(chunk) : Status::OK();
  }
};

/// The end of a pipeline: consumes chunks from many threads, then produces a table.
class Sink {
 public:
  virtual ~Sink() = default;
  virtual std::string name() const = 0;
  virtual std::string detail() const = 0;
  /// Called once before any Consume, with the number of morsel indexes Consume will see
  /// (the source's morsels, plus one for rows operators emit after them).
  virtual void Prepare(size_t morsel_count) {}
  virtual Status Consume(Chunk& chunk, ExecutionContext& context) = 0;
  /// The kernel calls Consume makes per vector, from its expressions (placement's input).
  virtual KernelCalls kernel_calls() const { return {}; }
  /// As Operator::TakesWideChunks.
  virtual bool TakesWideChunks() const { return false; }
  virtual Result<TablePtr> Finalize() = 0;
  OperatorMetrics metrics;
  double estimated_rows = -1;  // the optimizer's estimate of the rows it produces; -1 unknown
};

/// What a pipeline moved between host and device (EXPLAIN ANALYZE), and any fallback.
struct DeviceReport {
  bool ran_on_device = false;
  int64_t resident_buffers = 0;
  int64_t resident_bytes = 0;
  int64_t upload_bytes = 0;
  int64_t download_bytes = 0;
  int64_t launches = 0;
  int64_t kernel_calls = 0;  // 0 on a device: no operator of the pipeline had device work
  int64_t kept_output_hits = 0;
  int64_t in_place_buffers = 0;  // read in place by a device sharing host memory
  int64_t in_place_bytes = 0;
  std::string fallback_device;  // non-empty when the pipeline fell back to the CPU
  std::string fallback_reason;
};

/// Rows [begin, end) of one batch of the source table.
struct Morsel {
  size_t batch = 0;
  int64_t begin = 0;
  int64_t end = 0;
};

/// Reads a table (all of it, or selected columns) in morsels: a table of the catalog, an
/// earlier pipeline's result, or a table function's rows, which its source makes when the
/// pipeline is about to run (Produce), not when the query is planned or explained.
class TableScan {
 public:
  TableScan(TablePtr table, std::vector<int> column_ids);
  TableScan(TableSourcePtr source, std::vector<int> column_ids);
  std::string name() const { return "TableScan"; }
  std::string detail() const;
  /// The table read; for a table function, null until Produce.
  const TablePtr& table() const { return table_; }
  void set_table(TablePtr table) { table_ = std::move(table); }
  /// A table function's source, or null.
  const TableSource* table_function() const { return source_.get(); }
  /// Makes a table function's rows (once; for any other scan, nothing): the executor calls
  /// it before placement, which counts them. Errors are the source's (a bad file).
  Status Produce();
  /// Seconds Produce took; -1 when it did not run.
  double produce_seconds() const { return produce_seconds_; }
  /// The columns of what is scanned (all of them, not only column_ids()).
  const Schema& schema() const { return table_ ? table_->schema() : source_->schema(); }
  const std::vector<int>& column_ids() const { return column_ids_; }
  /// The rows read: the table's, or before Produce the source's estimate.
  int64_t rows() const;
  /// Morsels of at most `morsel_rows` rows (a multiple of 8).
  std::vector<Morsel> Split(int64_t morsel_rows) const;
  /// The vector of at most `vector_rows` rows of `morsel` starting at row `begin`
  /// (absolute within the batch).
  void Read(const Morsel& morsel, int64_t begin, int64_t vector_rows, Chunk& chunk) const;
  /// Every host buffer the scan reads (values, offsets, characters, validity of each
  /// scanned column of each batch): what a device pipeline copies to the device once.
  std::vector<std::pair<const void*, size_t>> HostBuffers() const;
  OperatorMetrics metrics;
  double estimated_rows = -1;  // the optimizer's estimate of the rows it reads; -1 unknown

 private:
  TablePtr table_;
  TableSourcePtr source_;
  std::vector<int> column_ids_;
  double produce_seconds_ = -1;
};

class Pipeline {
 public:
  Pipeline(std::unique_ptr<TableScan> source, std::vector<std::unique_ptr<Operator>> operators,
           std::unique_ptr<Sink> sink)
      : source_(std::move(source)), operators_(std::move(operators)), sink_(std::move(sink)) {}

  TableScan& source() { return *source_; }
  const std::vector<std::unique_ptr<Operator>>& operators() const { return operators_; }
  Sink& sink() { return *sink_; }

  /// Runs on the threads of the current TBB arena with the placement's kernels. On an
  /// accelerator the scanned columns are first copied to the device, once; a device
  /// failure returns a DeviceError and the pipeline can be run again (its sink restarts).
  /// Every operator checks `interrupt` (if any) between chunks: a cancelled or timed-out
  /// run returns its Cancelled error.
  Result<TablePtr> Run(const Placement& placement, const FaultPlan& faults = {},
                       const QueryInterrupt* interrupt = nullptr);
  /// Notes that the device run failed and the CPU is about to run the pipeline again.
  void RecordFallback(const std::string& device, const std::string& reason);
  const DeviceReport& device_report() const { return device_report_; }
  /// The metrics of the source, every operator and the sink.
  std::vector<OperatorMetrics*> AllMetrics();

  /// The pipeline whose result this one's source scans (set before running), or -1 when it
  /// scans a table of the catalog.
  int input_pipeline() const { return input_pipelines_.empty() ? -1 : input_pipelines_[0]; }
  void set_input_pipeline(int index) { input_pipelines_ = index < 0 ? std::vector<int>{} : std::vector<int>{index}; }
  /// Several pipelines whose results the source scans one after another (UNION ALL).
  const std::vector<int>& input_pipelines() const { return input_pipelines_; }
  void set_input_pipelines(std::vector<int> indexes) { input_pipelines_ = std::move(indexes); }

  const Placement& placement() const { return placement_; }
  /// Records a placement without running (EXPLAIN shows where the pipeline would run).
  void set_placement(Placement placement) { placement_ = std::move(placement); }
  double seconds() const { return seconds_; }

 private:
  /// Passes `chunk` through operators [index, end) into the sink; small chunks wait in
  /// coalescers[index] (one per operator and the sink, per morsel) for more rows.
  Status Push(size_t index, Chunk& chunk, ExecutionContext& context, std::vector<ChunkCoalescer>& coalescers);
  /// Push of one chunk the stage at `index` takes whole.
  Status PushWhole(size_t index, Chunk& chunk, ExecutionContext& context, std::vector<ChunkCoalescer>& coalescers);
  /// Feeds one operator's output to the next stage, through its coalescer.
  Status PassOn(size_t index, Chunk& chunk, ExecutionContext& context, std::vector<ChunkCoalescer>& coalescers);
  /// Passes on every held chunk, first stage first (flushing one can fill a later one).
  Status FlushCoalescers(ExecutionContext& context, std::vector<ChunkCoalescer>& coalescers);
  /// Runs every operator's Finish step (after the last morsel), in order.
  Status FinishOperators(ExecutionContext& context);

  std::unique_ptr<TableScan> source_;
  std::vector<std::unique_ptr<Operator>> operators_;
  std::unique_ptr<Sink> sink_;
  std::vector<int> input_pipelines_;
  Placement placement_;
  double seconds_ = 0;
  DeviceReport device_report_;
};

}  // namespace orbit
