// The performance database (DESIGN rule 3): how long pipelines actually took, per
// (pipeline kind, device, input-size bucket), as a running mean and variance (Welford)
// with a sample count, so the cost model can correct its predictions with history.
//
// It lives in one JSON file in the cache folder ({"format": "orbit-performance-database",
// "version": 1, "entries": [...]}) that several Orbit processes share. A process keeps the
// samples it recorded since its last flush apart from what it read; Flush() takes an
// exclusive flock on "<file>.lock", reads the file again, merges its own samples into it
// (Chan's parallel Welford merge, which is exact and order-free, so no process loses
// another's samples), writes a temporary file and renames it over the old one (readers see
// the old or the new file, never half of one). A corrupt, truncated or other-version file
// is reported on stderr once and replaced by a rebuilt database; it never fails a query.
#pragma once

#include <compare>
#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "common/status.h"

namespace orbit {

/// Which inputs' timings are comparable: the same kind of pipeline on the same device
/// with a similar number of rows (bucket = floor(log4(rows)): 1K rows is bucket 4, 1M is 9).
struct PerformanceKey {
  std::string pipeline_kind;
  std::string device;
  int bucket = 0;
  // NOLINTNEXTLINE(modernize-use-nullptr): clang-tidy 14 misreads a defaulted <=>
  auto operator<=>(const PerformanceKey&) const = default;
};

int SizeBucket(int64_t rows);

/// Welford's running statistics of one key's measured seconds, and the mean input rows.
struct RunningStats {
  int64_t count = 0;
  double mean_seconds = 0;
  double m2 = 0;  // sum of squared deviations from the mean
  double mean_rows = 0;

  void Add(double seconds, int64_t rows);
  /// Adds every sample of `other` as if they had been added one by one.
  void Merge(const RunningStats& other);
  double variance() const { return count > 1 ? m2 / static_cast<double>(count - 1) : 0.0; }
  /// Standard deviation over mean; 0 with fewer than two samples.
  double coefficient_of_variation() const;
};

class PerformanceDatabase {
 public:
  /// `path` = "" keeps the database in memory only (nothing is read or written).
  explicit PerformanceDatabase(std::string path);

  /// Adds one measured run. Thread-safe; nothing is written until Flush().
  void Record(const PerformanceKey& key, double seconds, int64_t rows);
  /// What is known of `key`: the file's samples (as of the last load or flush) plus this
  /// process's; nullopt when there is none.
  std::optional<RunningStats> Lookup(const PerformanceKey& key) const;
  /// Merges this process's new samples into the file (see the top of this file).
  Status Flush();
  /// Reads the file now if it was not read yet (otherwise the first Lookup does).
  void Load() const;
  /// Samples recorded since the last successful flush.
  int64_t pending_samples() const;
  std::vector<std::pair<PerformanceKey, RunningStats>> Entries() const;
  const std::string& path() const { return path_; }

 private:
  using Table = std::map<PerformanceKey, RunningStats>;
  void LoadIfNeeded() const;
  /// Reads the file; a missing file is empty, an unreadable one is reported and empty.
  Table ReadFile() const;

  mutable std::mutex mutex_;
  std::string path_;
  mutable bool loaded_ = false;
  mutable bool warned_ = false;
  mutable Table known_;  // the file as last read, plus pending_
  Table pending_;
  int64_t pending_samples_ = 0;
};

}  // namespace orbit
