#include "placement/exploration.h"

#include <cstdlib>
#include <iostream>

#include <fmt/format.h>

namespace orbit {

ExplorationPolicy ExplorationPolicy::FromEnvironment() {
  ExplorationPolicy policy;
  if (const char* text = std::getenv("ORBIT_EXPLORE"); text != nullptr && *text != '\0') {
    char* end = nullptr;
    const double p = std::strtod(text, &end);
    if (std::string(text) == "off") {
      policy.probability = 0;
    } else if (*end == '\0' && p >= 0 && p <= 1) {
      policy.probability = p;
    } else {
      std::cerr << "orbit: ORBIT_EXPLORE ignored: expected 'off' or a probability in [0, 1], got '" << text << "'\n";
    }
  }
  if (const char* text = std::getenv("ORBIT_PLACEMENT_SEED"); text != nullptr && *text != '\0') {
    policy.seed = std::strtoull(text, nullptr, 10);
  }
  return policy;
}

double Explorer::NextUniform() {
  uint64_t z = (state_ += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  z ^= z >> 31;
  return static_cast<double>(z >> 11) * (1.0 / 9007199254740992.0);
}

bool Explorer::ShouldExplore(int64_t rows, double best_seconds, double candidate_seconds, std::string* reason) {
  std::lock_guard lock(mutex_);
  if (policy_.probability <= 0) {
    *reason = "exploration off";
    return false;
  }
  if (rows >= policy_.big_rows && candidate_seconds > policy_.max_slowdown * best_seconds) {
    *reason = fmt::format("no exploration: big input predicted {:.1f}x slower there", candidate_seconds / best_seconds);
    return false;
  }
  const double extra = std::max(0.0, candidate_seconds - best_seconds);
  const double budget = policy_.budget_allowance_seconds + policy_.budget_fraction * measured_seconds_;
  if (spent_seconds_ + extra > budget) {
    *reason = fmt::format("no exploration: {:.3f} ms extra predicted, budget left {:.3f} ms", extra * 1e3,
                          (budget - spent_seconds_) * 1e3);
    return false;
  }
  // Drawn last, so the sequence of draws depends only on the pipelines that could explore.
  if (NextUniform() >= policy_.probability) {
    *reason = "";
    return false;
  }
  spent_seconds_ += extra;
  explorations_ += 1;
  *reason = fmt::format("exploring (probability {}, {:.3f} ms extra predicted, budget {:.3f} ms)", policy_.probability,
                        extra * 1e3, budget * 1e3);
  return true;
}

void Explorer::AddMeasuredSeconds(double seconds) {
  std::lock_guard lock(mutex_);
  measured_seconds_ += seconds;
}

int64_t Explorer::explorations() const {
  std::lock_guard lock(mutex_);
  return explorations_;
}

}  // namespace orbit
