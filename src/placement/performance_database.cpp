#include "placement/performance_database.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <stdexcept>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace orbit {

namespace {

constexpr const char* kFormatName = "orbit-performance-database";
constexpr int kFormatVersion = 1;

// An integer field within [low, high]. nlohmann's get<int> of a number that is not an
// integer in range (5e101, read as a double) is undefined behaviour: such a field is a bad
// entry (found by performance_database_fuzzer).
int64_t IntegerField(const nlohmann::json& object, const char* name, int64_t low, int64_t high) {
  const nlohmann::json& value = object.at(name);
  bool in_range = false;
  if (value.is_number_unsigned()) {
    const uint64_t u = value.get<uint64_t>();
    in_range = high >= 0 && u <= static_cast<uint64_t>(high) && static_cast<int64_t>(u) >= low;
  } else if (value.is_number_integer()) {
    in_range = value.get<int64_t>() >= low && value.get<int64_t>() <= high;
  }
  if (!in_range) {
    throw std::invalid_argument(
        fmt::format("\"{}\" is {}, not an integer from {} to {}", name, value.dump(), low, high));
  }
  return value.get<int64_t>();
}

/// Holds an exclusive flock on a lock file beside the database for its lifetime. The
/// data file itself cannot carry the lock: rename() replaces it with a new inode.
class FileLock {
 public:
  explicit FileLock(const std::string& path) {
    fd_ = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (fd_ >= 0 && ::flock(fd_, LOCK_EX) != 0) {
      ::close(fd_);
      fd_ = -1;
    }
  }
  ~FileLock() {
    if (fd_ >= 0) ::close(fd_);  // closing releases the lock
  }
  FileLock(const FileLock&) = delete;
  FileLock& operator=(const FileLock&) = delete;
  bool locked() const { return fd_ >= 0; }

 private:
  int fd_ = -1;
};

bool Plausible(const RunningStats& s) {
  return s.count > 0 && std::isfinite(s.mean_seconds) && s.mean_seconds >= 0 && std::isfinite(s.m2) && s.m2 >= 0 &&
         std::isfinite(s.mean_rows) && s.mean_rows >= 0;
}

}  // namespace

int SizeBucket(int64_t rows) {
  int bucket = 0;
  while (rows >= 4) {
    rows /= 4;
    ++bucket;
  }
  return bucket;
}

void RunningStats::Add(double seconds, int64_t rows) {
  count += 1;
  const double n = static_cast<double>(count);
  const double delta = seconds - mean_seconds;
  mean_seconds += delta / n;
  m2 += delta * (seconds - mean_seconds);
  mean_rows += (static_cast<double>(rows) - mean_rows) / n;
}

void RunningStats::Merge(const RunningStats& other) {
  if (other.count == 0) return;
  if (count == 0) {
    *this = other;
    return;
  }
  const double na = static_cast<double>(count);
  const double nb = static_cast<double>(other.count);
  const double n = na + nb;
  const double delta = other.mean_seconds - mean_seconds;
  mean_seconds += delta * nb / n;
  m2 += other.m2 + delta * delta * na * nb / n;
  mean_rows += (other.mean_rows - mean_rows) * nb / n;
  count += other.count;
}

double RunningStats::coefficient_of_variation() const {
  if (count < 2 || mean_seconds <= 0) return 0.0;
  return std::sqrt(variance()) / mean_seconds;
}

PerformanceDatabase::PerformanceDatabase(std::string path) : path_(std::move(path)) {}

PerformanceDatabase::Table PerformanceDatabase::ReadFile() const {
  Table table;
  if (path_.empty()) return table;
  std::ifstream file(path_);
  if (!file) return table;  // no database yet
  std::stringstream text;
  text << file.rdbuf();
  const std::string contents = text.str();
  const auto rebuilt = [&](const std::string& why) {
    if (warned_) return Table{};  // once per process: the flush that replaces it reads it again
    warned_ = true;
    std::cerr << "orbit: warning: performance database " << path_ << " is unreadable (" << why
              << "); starting a new one (placement falls back to calibrated figures until it has measured again)\n";
    return Table{};
  };
  nlohmann::json json = nlohmann::json::parse(contents, nullptr, /*allow_exceptions=*/false);
  if (json.is_discarded()) return rebuilt("not valid JSON: corrupt or truncated");
  try {
    if (json.value("format", "") != kFormatName) return rebuilt("not an Orbit performance database");
    if (!json.contains("version") || !json["version"].is_number_integer() || json["version"] != kFormatVersion) {
      return rebuilt(fmt::format("format version {}, expected {}", json.value("version", nlohmann::json()).dump(),
                                 kFormatVersion));
    }
    for (const auto& entry : json.at("entries")) {
      PerformanceKey key{entry.at("kind").get<std::string>(), entry.at("device").get<std::string>(),
                         static_cast<int>(IntegerField(entry, "bucket", INT32_MIN, INT32_MAX))};
      RunningStats stats{IntegerField(entry, "count", INT64_MIN, INT64_MAX), entry.at("mean_seconds").get<double>(),
                         entry.at("m2").get<double>(), entry.at("mean_rows").get<double>()};
      if (!Plausible(stats)) return rebuilt("an entry with impossible statistics");
      table[key].Merge(stats);
    }
  } catch (const nlohmann::json::exception& e) {
    return rebuilt(std::string("bad entry: ") + e.what());
  } catch (const std::invalid_argument& e) {
    return rebuilt(std::string("bad entry: ") + e.what());
  }
  return table;
}

void PerformanceDatabase::LoadIfNeeded() const {
  if (loaded_) return;
  known_ = ReadFile();
  for (const auto& [key, stats] : pending_) known_[key].Merge(stats);
  loaded_ = true;
}

void PerformanceDatabase::Record(const PerformanceKey& key, double seconds, int64_t rows) {
  if (!std::isfinite(seconds) || seconds < 0) return;
  std::lock_guard lock(mutex_);
  LoadIfNeeded();
  pending_[key].Add(seconds, rows);
  known_[key].Add(seconds, rows);
  pending_samples_ += 1;
}

std::optional<RunningStats> PerformanceDatabase::Lookup(const PerformanceKey& key) const {
  std::lock_guard lock(mutex_);
  LoadIfNeeded();
  auto it = known_.find(key);
  if (it == known_.end()) return std::nullopt;
  return it->second;
}

void PerformanceDatabase::Load() const {
  std::lock_guard lock(mutex_);
  LoadIfNeeded();
}

int64_t PerformanceDatabase::pending_samples() const {
  std::lock_guard lock(mutex_);
  return pending_samples_;
}

std::vector<std::pair<PerformanceKey, RunningStats>> PerformanceDatabase::Entries() const {
  std::lock_guard lock(mutex_);
  LoadIfNeeded();
  return {known_.begin(), known_.end()};
}

Status PerformanceDatabase::Flush() {
  std::lock_guard lock(mutex_);
  if (path_.empty() || pending_.empty()) return Status::OK();
  std::error_code error;
  const std::filesystem::path file(path_);
  if (file.has_parent_path()) std::filesystem::create_directories(file.parent_path(), error);
  FileLock file_lock(path_ + ".lock");
  if (!file_lock.locked()) return Status::IOError("cannot lock {}.lock to update the performance database", path_);
  // Read what other processes wrote since we last looked, then add our own samples.
  Table merged = ReadFile();
  for (const auto& [key, stats] : pending_) merged[key].Merge(stats);

  nlohmann::json entries = nlohmann::json::array();
  for (const auto& [key, stats] : merged) {
    entries.push_back({{"kind", key.pipeline_kind},
                       {"device", key.device},
                       {"bucket", key.bucket},
                       {"count", stats.count},
                       {"mean_seconds", stats.mean_seconds},
                       {"m2", stats.m2},
                       {"mean_rows", stats.mean_rows}});
  }
  nlohmann::json json = {{"format", kFormatName}, {"version", kFormatVersion}, {"entries", entries}};
  const std::string temporary = fmt::format("{}.tmp.{}", path_, ::getpid());
  {
    std::ofstream out(temporary, std::ios::trunc);
    out << json.dump(1) << '\n';
    out.flush();
    if (!out) {
      std::remove(temporary.c_str());
      return Status::IOError("cannot write the performance database to {}", temporary);
    }
  }
  if (std::rename(temporary.c_str(), path_.c_str()) != 0) {
    std::remove(temporary.c_str());
    return Status::IOError("cannot replace the performance database {}", path_);
  }
  known_ = std::move(merged);
  loaded_ = true;
  pending_.clear();
  pending_samples_ = 0;
  return Status::OK();
}

}  // namespace orbit
