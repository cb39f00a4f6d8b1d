// What GET /metrics reports, in Prometheus' text format (written here, no client library):
// statements run by protocol and outcome, their latency as a histogram, those running now,
// HTTP responses by status code. Thread-safe; every connection of both protocols records here.
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <string_view>

#include "orbit/error.h"

namespace orbit::server {

enum class Protocol { kPostgres, kHttp };

class ServerMetrics {
 public:
  /// A statement's outcome as the metrics label it: ok, error, denied (its role may not run
  /// it), timeout (statement_timeout), cancelled (a cancel request).
  static const char* OutcomeOf(const Error& error);

  void QueryStarted(Protocol protocol);
  void QueryFinished(Protocol protocol, const char* outcome, double seconds);
  void HttpResponse(int status);
  /// Statements running now, on both protocols.
  int64_t InFlight() const;
  /// Every metric in the text exposition format (version 0.0.4); `extra` (the devices'
  /// metrics, already in that format) is appended.
  std::string Render(std::string_view extra) const;

  /// The histogram's upper bounds, in seconds (the last bucket, +Inf, is implied).
  static constexpr std::array<double, 12> kBuckets = {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05,
                                                      0.1,   0.25,   0.5,   1,    5,     30};

 private:
  struct Histogram {
    std::array<uint64_t, kBuckets.size()> counts{};  // not cumulative; Render adds them up
    uint64_t count = 0;
    double sum = 0;
  };
  static constexpr size_t kProtocols = 2;
  mutable std::mutex mutex_;
  std::array<std::map<std::string, uint64_t>, kProtocols> queries_;
  std::array<Histogram, kProtocols> latency_;
  std::array<int64_t, kProtocols> in_flight_{};
  std::map<int, uint64_t> http_responses_;
};

/// Escapes a label value for the text format (backslash, quote, line break).
std::string PrometheusLabel(std::string_view value);

}  // namespace orbit::server
