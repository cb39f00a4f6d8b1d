#include "placement/calibration.h"

#include <algorithm>
#include <chrono>
#include <functional>
#include <random>

#include <fmt/format.h>

#include "devices/device_session.h"

namespace orbit {

namespace {

using Clock = std::chrono::steady_clock;

double Seconds(const std::function<void()>& fn) {
  const auto start = Clock::now();
  fn();
  return std::chrono::duration<double>(Clock::now() - start).count();
}

double Median(const std::function<void()>& fn, int repetitions) {
  std::vector<double> times;
  for (int i = 0; i < std::max(1, repetitions); ++i) times.push_back(Seconds(fn));
  std::nth_element(times.begin(), times.begin() + times.size() / 2, times.end());
  return times[times.size() / 2];
}

}  // namespace

Result<DeviceFigures> CalibrateDevice(const Device& device, const KernelTable& kernels,
                                      const CalibrationOptions& options) {
  const auto n = static_cast<size_t>(std::max<int64_t>(options.rows, 1024));
  constexpr uint32_t kGroups = 16;
  std::mt19937_64 random(42);
  std::vector<int64_t> values(n), fresh(n), one(1, 7);
  std::vector<uint32_t> groups(n), selection(n);
  std::vector<uint64_t> hashes(n);
  std::vector<int64_t> products(n);
  for (size_t i = 0; i < n; ++i) {
    values[i] = static_cast<int64_t>(random() % 1000);
    fresh[i] = values[i];
    groups[i] = static_cast<uint32_t>(random() % kGroups);
  }

  ORBIT_ASSIGN_OR_RETURN(std::unique_ptr<DeviceSession> session, device.OpenSession(FaultPlan{}));
  if (session) {
    for (const auto* column : {&values, &fresh, &one}) {
      session->AddPipelineInput(column->data(), column->size() * sizeof(int64_t));
    }
    session->AddPipelineInput(groups.data(), groups.size() * sizeof(uint32_t));
  }
  ScopedDeviceSession scope(session.get());

  int128_t sum = 0;
  int64_t count = 0;
  std::vector<int128_t> sums(kGroups);
  std::vector<int64_t> counts(kGroups);
  auto sum_of = [&](const std::vector<int64_t>& column, size_t rows) {
    return [&, rows] { kernels.agg_i64.sum(column.data(), nullptr, rows, &sum, &count); };
  };

  DeviceFigures f;
  f.device_id = device.id();
  f.device_name = device.name();
  f.measured = true;
  f.source = "orbit calibrate";
  // The first call may build or load the device's programs.
  f.setup_seconds = session ? Seconds(sum_of(one, 1)) : 0.0;
  f.launch_seconds = Median(sum_of(one, 1), options.repetitions * 4);
  if (session) {
    f.session_seconds = Median(
        [&] {
          auto extra = device.OpenSession(FaultPlan{});
          if (extra.ok() && *extra) (*extra)->AddPipelineInput(one.data(), sizeof(int64_t));
        },
        options.repetitions);
    // Reading `fresh` the first time copies it to the device; later reads find it there.
    const double copying = Seconds(sum_of(fresh, n));
    const double resident = Median(sum_of(fresh, n), options.repetitions);
    f.link_bytes_per_second = static_cast<double>(n * sizeof(int64_t)) / std::max(copying - resident, 1e-9);
  }
  auto per_row = [&](KernelFamily family, const std::function<void()>& call) {
    call();  // warm: resident inputs, caches, page faults of outputs
    const double t = Median(call, options.repetitions);
    f.seconds_per_row[static_cast<size_t>(family)] = std::max(t - f.launch_seconds, 0.0) / static_cast<double>(n);
    return t;
  };
  per_row(KernelFamily::kFilter, [&] {
    kernels.filter_i64.compare_constant(values.data(), nullptr, n, nullptr, 0, CompareOp::kLt, 500, selection.data());
  });
  per_row(KernelFamily::kArithmetic, [&] {
    const int64_t factor = 3;
    kernels.arith_i64.binary(ArithmeticOp::kMul, values.data(), &factor, true, nullptr, n, int64_t{1} << 60,
                             products.data());
  });
  const double sum_seconds = per_row(KernelFamily::kSum, sum_of(values, n));
  per_row(KernelFamily::kGroupedAggregate,
          [&] { kernels.grouped_i64.sum(values.data(), nullptr, groups.data(), n, sums.data(), counts.data()); });
  per_row(KernelFamily::kHash, [&] { kernels.hash.int64(values.data(), nullptr, n, false, hashes.data()); });
  f.memory_bytes_per_second =
      static_cast<double>(n * sizeof(int64_t)) / std::max(sum_seconds - f.launch_seconds, 1e-12);
  if (session && session->failed()) {
    return Status::DeviceError("{} failed during calibration: {}", device.id(), session->failure().message());
  }
  return f;
}

std::vector<std::string> DescribeFigures(const DeviceFigures& f) {
  std::vector<std::string> lines;
  lines.push_back(f.measured ? "calibration: measured (" + f.source + ")"
                             : "calibration: none, conservative defaults (run `orbit calibrate` to measure)");
  lines.push_back(fmt::format("memory bandwidth: {:.2f} GB/s", f.memory_bytes_per_second / 1e9));
  lines.push_back(f.link_bytes_per_second > 0
                      ? fmt::format("host<->device bandwidth: {:.2f} GB/s", f.link_bytes_per_second / 1e9)
                      : "host<->device bandwidth: none needed (host memory)");
  lines.push_back(fmt::format("launch latency: {:.2f} us", f.launch_seconds * 1e6));
  if (f.session_seconds > 0) lines.push_back(fmt::format("per pipeline: {:.2f} us", f.session_seconds * 1e6));
  if (f.setup_seconds > 0) lines.push_back(fmt::format("first use in a process: {:.1f} ms", f.setup_seconds * 1e3));
  std::string per_row = "per-row cost (ns):";
  for (size_t i = 0; i < kKernelFamilyCount; ++i) {
    per_row += fmt::format(" {} {:.3f}", KernelFamilyName(static_cast<KernelFamily>(i)), f.seconds_per_row[i] * 1e9);
  }
  lines.push_back(per_row);
  return lines;
}

}  // namespace orbit
