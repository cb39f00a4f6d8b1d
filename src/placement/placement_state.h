// What placement keeps for the life of the process: the performance database (loaded from
// and flushed to the cache folder), each device's calibrated figures (or conservative
// defaults), the explorer, the pipelines in flight per device, and which devices this
// process has used (a first use pays the device's setup). One global instance; tests
// point it at a temporary cache folder with Reset().
#pragma once

#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>

#include "devices/device.h"
#include "placement/device_figures.h"
#include "placement/exploration.h"
#include "placement/performance_database.h"

namespace orbit {

class PlacementState {
 public:
  static PlacementState& Global();
  /// Starts over: re-reads $ORBIT_CACHE_DIR and the exploration settings, forgets the
  /// figures, history and counters of this process (after flushing pending samples).
  static void Reset();
  /// Like Reset(), with an explicit exploration policy (tests).
  static void Reset(const ExplorationPolicy& policy);

  PerformanceDatabase& database() { return *database_; }
  Explorer& explorer() { return *explorer_; }

  /// The device's calibrated figures, else defaults that favour the CPU. The host CPU with
  /// no stored figures is calibrated quickly (a few milliseconds, once per cache folder)
  /// when `calibrate_host_if_missing`.
  DeviceFigures Figures(const Device& device, bool calibrate_host_if_missing = true);
  /// Replaces the figures used from now on (after `orbit calibrate`, or in tests).
  void SetFigures(const DeviceFigures& figures);

  int InFlight(const std::string& device);
  void AddInFlight(const std::string& device, int delta);
  /// True the first time it is asked for a device (its first run in this process).
  bool MarkUsed(const std::string& device);
  bool Used(const std::string& device);

  /// Writes pending samples when enough have gathered or a second has passed since the
  /// last write; Flush() writes now. Errors are reported on stderr once, never fail a query.
  void FlushIfDue();
  void Flush();

 private:
  explicit PlacementState(const ExplorationPolicy& policy);

  std::mutex mutex_;
  std::unique_ptr<PerformanceDatabase> database_;
  std::unique_ptr<Explorer> explorer_;
  bool figures_loaded_ = false;
  std::map<std::string, DeviceFigures> figures_;
  std::map<std::string, int> in_flight_;
  std::set<std::string> used_;
  std::chrono::steady_clock::time_point last_flush_;
  bool flush_error_reported_ = false;
};

}  // namespace orbit
