// The cost model: each term of the prediction, the crossover between a device with a fast
// kernel and a slow link and the host, history pulling a wrong model towards what was
// measured (and a device that is slower than the model thinks being learned and avoided),
// and exploration that is deterministic under a seed and bounded.
#include <gtest/gtest.h>

#include "placement/cost_model.h"
#include "placement/exploration.h"

namespace orbit {
namespace {

PipelineProfile FilterSum(int64_t rows) {
  PipelineProfile p;
  p.kind = "TableScan|Filter|Aggregate";
  p.rows = rows;
  p.input_bytes = rows * 16;
  p.vectors = (rows + 2047) / 2048;
  p.device_vectors = (rows + (1 << 20) - 1) >> 20;
  p.parallelism = 1;
  p.calls_per_vector[static_cast<size_t>(KernelFamily::kFilter)] = 1;
  p.calls_per_vector[static_cast<size_t>(KernelFamily::kSum)] = 1;
  return p;
}

CandidateDevice Host() {
  CandidateDevice c;
  c.id = "cpu";
  c.is_host = true;
  c.figures = DefaultHostFigures("cpu", "test cpu");
  c.figures.seconds_per_row = {5e-9, 5e-9, 5e-9, 8e-9, 5e-9};
  c.figures.launch_seconds = 0;
  return c;
}

/// A device 20x faster per row, behind a 10 GB/s link, with 1 us launches and 200 us per pipeline.
CandidateDevice Gpu() {
  CandidateDevice c;
  c.id = "gpu:0";
  c.figures = DefaultAcceleratorFigures("gpu:0", "test gpu");
  c.figures.measured = true;
  c.figures.seconds_per_row = {0.25e-9, 0.25e-9, 0.25e-9, 0.4e-9, 0.25e-9};
  c.figures.link_bytes_per_second = 10e9;
  c.figures.launch_seconds = 1e-6;
  c.figures.session_seconds = 200e-6;
  c.figures.setup_seconds = 0;
  return c;
}

TEST(CostModelTest, EachTermFollowsTheFigures) {
  const PipelineProfile profile = FilterSum(1 << 20);
  const Prediction host = ModelPrediction(profile, Host());
  EXPECT_EQ(host.transfer, 0.0);  // the data is already in host memory
  EXPECT_NEAR(host.compute, (1 << 20) * 10e-9, 1e-12);
  const Prediction gpu = ModelPrediction(profile, Gpu());
  EXPECT_NEAR(gpu.transfer, (1 << 20) * 16 / 10e9, 1e-12);
  EXPECT_NEAR(gpu.compute, (1 << 20) * 0.5e-9, 1e-12);
  // A device reads 2^20 rows per vector: one launch per kernel, not one per 2048 rows.
  EXPECT_NEAR(gpu.latency, 1 * 2 * 1e-6 + 200e-6, 1e-12);
  EXPECT_DOUBLE_EQ(gpu.model, gpu.transfer + gpu.compute + gpu.latency);
  EXPECT_DOUBLE_EQ(gpu.predicted, gpu.model);

  // Threads divide the host's work; pipelines in flight add to a device's.
  PipelineProfile parallel = profile;
  parallel.parallelism = 4;
  EXPECT_NEAR(ModelPrediction(parallel, Host()).compute, host.compute / 4, 1e-12);
  CandidateDevice busy = Gpu();
  busy.in_flight = 2;
  EXPECT_NEAR(ModelPrediction(profile, busy).load, 2 * (gpu.compute + gpu.latency), 1e-12);
  // A device that reads host memory in place (PoCL, an integrated GPU) copies nothing.
  CandidateDevice shared = Gpu();
  shared.shares_host_memory = true;
  EXPECT_EQ(ModelPrediction(profile, shared).transfer, 0.0);
  CandidateDevice cold = Gpu();
  cold.first_use = true;
  cold.figures.setup_seconds = 0.1;
  EXPECT_NEAR(ModelPrediction(profile, cold).setup, 0.1, 1e-12);
}

TEST(CostModelTest, SmallInputsStayOnTheHostLargeOnesMoveToTheFastDevice) {
  // Per row the device saves 9.5 ns of compute and pays 1.6 ns of transfer and about 1 ns
  // of launches, but 200 us per pipeline: it wins from about 30K rows on, for good.
  bool device_won = false;
  int64_t crossover = 0;
  for (int64_t rows = 1000; rows <= 100'000'000; rows *= 2) {
    const std::vector<Prediction> both = {ModelPrediction(FilterSum(rows), Host()),
                                          ModelPrediction(FilterSum(rows), Gpu())};
    const bool device_wins = Fastest(both) == 1;
    if (device_won) {
      EXPECT_TRUE(device_wins) << rows;
    }
    if (device_wins && !device_won) crossover = rows;
    device_won = device_won || device_wins;
  }
  EXPECT_TRUE(device_won);
  EXPECT_GT(crossover, 16000);
  EXPECT_LT(crossover, 64000);
}

TEST(CostModelTest, HistoryPullsThePredictionTowardsWhatWasMeasured) {
  const PipelineProfile profile = FilterSum(100'000);
  PerformanceDatabase db("");
  const Prediction model = Predict(profile, Gpu(), &db);
  EXPECT_EQ(model.history_samples, 0);
  EXPECT_DOUBLE_EQ(model.predicted, model.model);
  // The device really takes 10x what the model says, measured at the same size.
  double last = model.predicted;
  for (int i = 1; i <= 20; ++i) {
    db.Record({profile.kind, "gpu:0", SizeBucket(profile.rows)}, 10 * model.model, profile.rows);
    const Prediction corrected = Predict(profile, Gpu(), &db);
    EXPECT_EQ(corrected.history_samples, i);
    EXPECT_NEAR(corrected.history_seconds, 10 * model.model, 1e-12);
    EXPECT_GT(corrected.predicted, last);  // more samples, more weight
    last = corrected.predicted;
  }
  EXPECT_NEAR(last, 10 * model.model, 1.0 * model.model);
  EXPECT_TRUE(Confident(Predict(profile, Gpu(), &db)));
  // A first use pays its setup in full, history or not.
  // A device that reads host memory in place (PoCL, an integrated GPU) copies nothing.
  CandidateDevice shared = Gpu();
  shared.shares_host_memory = true;
  EXPECT_EQ(ModelPrediction(profile, shared).transfer, 0.0);
  CandidateDevice cold = Gpu();
  cold.first_use = true;
  cold.figures.setup_seconds = 0.1;
  EXPECT_NEAR(Predict(profile, cold, &db).predicted, last + 0.1, 1e-9);
  // Another size in the same bucket is rescaled by the model's shape, not copied.
  const Prediction nearby = Predict(FilterSum(120'000), Gpu(), &db);
  EXPECT_GT(nearby.history_seconds, 10 * model.model);
  // Other buckets and devices are untouched.
  EXPECT_EQ(Predict(FilterSum(10'000'000), Gpu(), &db).history_samples, 0);
  EXPECT_EQ(Predict(profile, Host(), &db).history_samples, 0);
}

TEST(CostModelTest, ScatteredSamplesWeighLessAndAreNotConfident) {
  const PipelineProfile profile = FilterSum(100'000);
  PerformanceDatabase steady(""), scattered("");
  const PerformanceKey key{profile.kind, "gpu:0", SizeBucket(profile.rows)};
  for (int i = 0; i < 10; ++i) {
    steady.Record(key, 0.01, profile.rows);
    scattered.Record(key, i % 2 ? 0.0001 : 0.0199, profile.rows);  // the same mean, spread wide
  }
  const Prediction a = Predict(profile, Gpu(), &steady);
  const Prediction b = Predict(profile, Gpu(), &scattered);
  EXPECT_GT(a.history_weight, b.history_weight);
  EXPECT_TRUE(Confident(a));
  EXPECT_FALSE(Confident(b));
}

TEST(CostModelTest, ADeviceSlowerThanItsFiguresIsLearnedAndAvoided) {
  // The figures promise a fast device; every real run on it takes 50x the model. Running
  // the auto choice in a loop and recording each run's time, the choice must move to the
  // host after a few runs and stay there.
  PerformanceDatabase db("");
  const PipelineProfile profile = FilterSum(4'000'000);
  const CandidateDevice host = Host(), gpu = Gpu();
  std::vector<std::string> chosen;
  for (int run = 0; run < 10; ++run) {
    const std::vector<Prediction> predictions = {Predict(profile, host, &db), Predict(profile, gpu, &db)};
    const size_t best = Fastest(predictions);
    chosen.push_back(predictions[best].device);
    const double truth = best == 0 ? ModelPrediction(profile, host).model : 50 * ModelPrediction(profile, gpu).model;
    db.Record({profile.kind, predictions[best].device, SizeBucket(profile.rows)}, truth, profile.rows);
  }
  EXPECT_EQ(chosen.front(), "gpu:0");
  EXPECT_EQ(chosen.back(), "cpu");
  const auto first_host = std::find(chosen.begin(), chosen.end(), "cpu");
  ASSERT_LE(first_host - chosen.begin(), 3);
  EXPECT_TRUE(std::all_of(first_host, chosen.end(), [](const std::string& d) { return d == "cpu"; }));
}

TEST(ExplorationTest, TheSameSeedMakesTheSameDecisions) {
  ExplorationPolicy policy;
  policy.probability = 0.3;
  policy.budget_allowance_seconds = 1e9;
  Explorer a(policy), b(policy);
  policy.seed += 1;
  Explorer c(policy);
  std::string why;
  int explored = 0, differs = 0;
  for (int i = 0; i < 200; ++i) {
    const bool x = a.ShouldExplore(1000, 0.001, 0.002, &why);
    EXPECT_EQ(x, b.ShouldExplore(1000, 0.001, 0.002, &why)) << i;
    differs += x != c.ShouldExplore(1000, 0.001, 0.002, &why);
    explored += x;
  }
  EXPECT_GT(explored, 30);
  EXPECT_LT(explored, 90);
  EXPECT_GT(differs, 0);
  EXPECT_EQ(a.explorations(), explored);
}

TEST(ExplorationTest, NeverOnABigInputPredictedMuchSlowerNorBeyondTheBudget) {
  ExplorationPolicy policy;
  policy.probability = 1.0;
  policy.budget_allowance_seconds = 0.010;
  policy.budget_fraction = 0.5;
  Explorer explorer(policy);
  std::string why;
  // Big input, 4x slower: never, whatever the budget.
  EXPECT_FALSE(explorer.ShouldExplore(policy.big_rows, 0.001, 0.004, &why));
  EXPECT_NE(why.find("slower"), std::string::npos) << why;
  // Small input, 4 ms extra each: two fit in the 10 ms allowance, the third does not.
  EXPECT_TRUE(explorer.ShouldExplore(1000, 0.001, 0.005, &why));
  EXPECT_TRUE(explorer.ShouldExplore(1000, 0.001, 0.005, &why));
  EXPECT_FALSE(explorer.ShouldExplore(1000, 0.001, 0.005, &why));
  EXPECT_NE(why.find("budget"), std::string::npos) << why;
  // Measured work grows the budget by its fraction.
  explorer.AddMeasuredSeconds(0.010);
  EXPECT_TRUE(explorer.ShouldExplore(1000, 0.001, 0.005, &why));
  // A big input only a little slower may be explored.
  explorer.AddMeasuredSeconds(1.0);
  EXPECT_TRUE(explorer.ShouldExplore(policy.big_rows, 0.010, 0.020, &why));
  policy.probability = 0;
  Explorer off(policy);
  EXPECT_FALSE(off.ShouldExplore(1000, 0.001, 0.0011, &why));
}

}  // namespace
}  // namespace orbit
