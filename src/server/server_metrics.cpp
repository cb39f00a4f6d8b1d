#include "server/server_metrics.h"

#include <fmt/format.h>

#include "server/access_control.h"

namespace orbit::server {

namespace {

const char* ProtocolLabel(size_t protocol) { return protocol == 0 ? "postgresql" : "http"; }

size_t IndexOf(Protocol protocol) { return protocol == Protocol::kPostgres ? 0 : 1; }

}  // namespace

std::string PrometheusLabel(std::string_view value) {
  std::string out;
  for (char c : value) {
    if (c == '\\' || c == '"') {
      out += '\\';
      out += c;
    } else if (c == '\n') {
      out += "\\n";
    } else {
      out += c;
    }
  }
  return out;
}

const char* ServerMetrics::OutcomeOf(const Error& error) {
  if (error.ok()) return "ok";
  if (IsPermissionDenied(error)) return "denied";
  if (error.code() == ErrorCode::kCancelled) {
    return error.message().find("statement_timeout") != std::string::npos ? "timeout" : "cancelled";
  }
  return "error";
}

void ServerMetrics::QueryStarted(Protocol protocol) {
  std::lock_guard lock(mutex_);
  ++in_flight_[IndexOf(protocol)];
}

void ServerMetrics::QueryFinished(Protocol protocol, const char* outcome, double seconds) {
  std::lock_guard lock(mutex_);
  const size_t p = IndexOf(protocol);
  --in_flight_[p];
  ++queries_[p][outcome];
  Histogram& histogram = latency_[p];
  ++histogram.count;
  histogram.sum += seconds;
  for (size_t i = 0; i < kBuckets.size(); ++i) {
    if (seconds <= kBuckets[i]) {
      ++histogram.counts[i];
      break;
    }
  }
}

int64_t ServerMetrics::InFlight() const {
  std::lock_guard lock(mutex_);
  int64_t running = 0;
  for (int64_t n : in_flight_) running += n;
  return running;
}

void ServerMetrics::HttpResponse(int status) {
  std::lock_guard lock(mutex_);
  ++http_responses_[status];
}

std::string ServerMetrics::Render(std::string_view extra) const {
  std::lock_guard lock(mutex_);
  std::string out;
  out += "# HELP orbit_queries_total Statements run, by protocol and outcome.\n";
  out += "# TYPE orbit_queries_total counter\n";
  for (size_t p = 0; p < kProtocols; ++p) {
    std::map<std::string, uint64_t> counts = queries_[p];
    for (const char* outcome : {"ok", "error", "denied", "timeout", "cancelled"}) counts.try_emplace(outcome, 0);
    for (const auto& [outcome, count] : counts) {
      out += fmt::format("orbit_queries_total{{protocol=\"{}\",status=\"{}\"}} {}\n", ProtocolLabel(p),
                         PrometheusLabel(outcome), count);
    }
  }
  out += "# HELP orbit_queries_in_flight Statements running now, by protocol.\n";
  out += "# TYPE orbit_queries_in_flight gauge\n";
  for (size_t p = 0; p < kProtocols; ++p) {
    out += fmt::format("orbit_queries_in_flight{{protocol=\"{}\"}} {}\n", ProtocolLabel(p), in_flight_[p]);
  }
  out += "# HELP orbit_query_duration_seconds How long statements ran, by protocol.\n";
  out += "# TYPE orbit_query_duration_seconds histogram\n";
  for (size_t p = 0; p < kProtocols; ++p) {
    const Histogram& histogram = latency_[p];
    uint64_t cumulative = 0;
    for (size_t i = 0; i < kBuckets.size(); ++i) {
      cumulative += histogram.counts[i];
      out += fmt::format("orbit_query_duration_seconds_bucket{{protocol=\"{}\",le=\"{}\"}} {}\n", ProtocolLabel(p),
                         kBuckets[i], cumulative);
    }
    out += fmt::format("orbit_query_duration_seconds_bucket{{protocol=\"{}\",le=\"+Inf\"}} {}\n", ProtocolLabel(p),
                       histogram.count);
    out += fmt::format("orbit_query_duration_seconds_sum{{protocol=\"{}\"}} {}\n", ProtocolLabel(p), histogram.sum);
    out += fmt::format("orbit_query_duration_seconds_count{{protocol=\"{}\"}} {}\n", ProtocolLabel(p), histogram.count);
  }
  out += "# HELP orbit_http_responses_total HTTP responses, by status code.\n";
  out += "# TYPE orbit_http_responses_total counter\n";
  for (const auto& [status, count] : http_responses_) {
    out += fmt::format("orbit_http_responses_total{{code=\"{}\"}} {}\n", status, count);
  }
  out += extra;
  return out;
}

}  // namespace orbit::server
