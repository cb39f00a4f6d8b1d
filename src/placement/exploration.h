// Bounded exploration: how `auto` learns the true crossover between devices. A device
// the model does not prefer is only ever measured through history if it sometimes runs,
// so now and then (probability p, drawn from a seeded generator: deterministic in tests)
// a pipeline runs on the best non-preferred device whose history is not yet confident.
// Bounds, all required:
//   - never when the input is big (>= big_rows) and the prediction is > max_slowdown x
//     the preferred device's;
//   - the predicted extra time of all explorations stays within a budget: a fixed
//     allowance plus a fraction of all pipeline time measured so far in this process.
// Settings come from $ORBIT_EXPLORE ("off", or a probability in [0, 1]) and
// $ORBIT_PLACEMENT_SEED.
#pragma once

#include <cstdint>
#include <mutex>
#include <string>

namespace orbit {

struct ExplorationPolicy {
  double probability = 0.05;
  uint64_t seed = 0x0b17'5eed;
  int64_t big_rows = 1 << 20;
  double max_slowdown = 3.0;
  double budget_fraction = 0.02;
  double budget_allowance_seconds = 0.005;

  /// The default policy, changed by $ORBIT_EXPLORE and $ORBIT_PLACEMENT_SEED.
  static ExplorationPolicy FromEnvironment();
};

class Explorer {
 public:
  explicit Explorer(ExplorationPolicy policy = {}) : policy_(policy), state_(policy.seed) {}

  /// Whether to run this pipeline on the candidate predicted at `candidate_seconds`
  /// instead of the preferred device's `best_seconds`; charges the budget when so.
  /// `reason` says why not (or why) for EXPLAIN.
  bool ShouldExplore(int64_t rows, double best_seconds, double candidate_seconds, std::string* reason);
  /// Adds measured pipeline time, which grows the budget.
  void AddMeasuredSeconds(double seconds);
  const ExplorationPolicy& policy() const { return policy_; }
  int64_t explorations() const;

 private:
  double NextUniform();  // splitmix64: a small, seedable, portable generator

  ExplorationPolicy policy_;
  mutable std::mutex mutex_;
  uint64_t state_;
  double spent_seconds_ = 0;
  double measured_seconds_ = 0;
  int64_t explorations_ = 0;
};

}  // namespace orbit
