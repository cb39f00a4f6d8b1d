// One measured region for callgrind: instrumentation and collection are on only between
// Begin and End, and End dumps the counts under the region's name (a file of their own,
// which bench/regress reads), so process start-up, data generation and warm-up runs are
// never counted. Outside valgrind every call is a no-op costing a few instructions.
#pragma once

#include <valgrind/callgrind.h>

#include <string>

namespace orbit::regress {

inline void BeginMeasuredRegion() {
  CALLGRIND_START_INSTRUMENTATION;
  CALLGRIND_TOGGLE_COLLECT;
}

inline void EndMeasuredRegion(const std::string& name) {
  CALLGRIND_TOGGLE_COLLECT;
  CALLGRIND_DUMP_STATS_AT(name.c_str());
  CALLGRIND_STOP_INSTRUMENTATION;
}

/// Runs `work` once unmeasured (first-use initialisation, caches) and once measured.
template <typename Work>
void MeasureWarm(const std::string& name, Work&& work) {
  work();
  BeginMeasuredRegion();
  work();
  EndMeasuredRegion(name);
}

}  // namespace orbit::regress
