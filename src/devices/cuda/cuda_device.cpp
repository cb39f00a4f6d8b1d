#include "devices/cuda/cuda_device.h"

#include <iostream>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "devices/cuda/cuda_plugin_loader.h"
#include "devices/cuda/cuda_session.h"

namespace orbit::cuda {

namespace {

constexpr uint64_t kBandwidthProbeBytes = uint64_t{256} << 20;
constexpr int kMinimumComputeMajor = 8;

std::string GigabytesPerSecond(double bps) { return bps > 0 ? fmt::format("{:.1f} GB/s", bps / 1e9) : "n/a"; }

constexpr uint64_t kProbeBytes = 4096;

}  // namespace

void CudaDevice::Log(const std::string& event) const { std::cerr << "orbit: device " << id() << ": " << event << '\n'; }

std::string CudaDevice::RecordError(int32_t code, std::string_view during) const {
  std::string name = CudaErrorName(api_, code);
  if (api_.error_is_sticky(code) == 0) return name;
  std::lock_guard lock(health_mutex_);
  if (!lost_) {
    lost_ = true;
    lost_reason_ = fmt::format("{} while {}", name, during);
    Log("CUDA context lost (" + lost_reason_ + "); pipelines on it re-run on the CPU and no new one starts there");
  }
  return name;
}

bool CudaDevice::lost() const {
  std::lock_guard lock(health_mutex_);
  return lost_;
}

int CudaDevice::context_resets() const {
  std::lock_guard lock(health_mutex_);
  return resets_;
}

std::string CudaDevice::unavailable_reason() const {
  std::lock_guard lock(health_mutex_);
  if (!lost_) return "";
  if (!reset_failed_.empty()) {
    return fmt::format("its CUDA context was lost ({}) and a fresh one failed ({}); restart the process to use it",
                       lost_reason_, reset_failed_);
  }
  if (resets_ >= kContextResets) {
    return fmt::format(
        "its CUDA context was lost ({}) after the fresh context Orbit makes once per process; restart the process to "
        "use it",
        lost_reason_);
  }
  return fmt::format("its CUDA context was lost ({}); a fresh one is made when the pipelines running on it end",
                     lost_reason_);
}

int32_t CudaDevice::Probe() const {
  void* stream = nullptr;
  int32_t code = api_.stream_create(index_, &stream);
  if (code != 0) return code;
  void* memory = nullptr;
  code = api_.alloc_async(index_, kProbeBytes, stream, &memory);
  if (code == 0) code = api_.memset_async(memory, 0, kProbeBytes, stream);
  if (memory != nullptr && code == 0) code = api_.free_async(memory, stream);
  const int32_t synchronized = api_.stream_synchronize(stream);
  if (code == 0) code = synchronized;
  api_.stream_destroy(stream);
  return code;
}

void CudaDevice::ResetLocked() const {
  if (!lost_ || open_sessions_ > 0 || resets_ >= kContextResets || !reset_failed_.empty()) return;
  ++resets_;
  int32_t code = api_.device_reset(index_);
  if (code == 0) code = Probe();
  if (code != 0) {
    reset_failed_ = CudaErrorName(api_, code);
    Log("a fresh CUDA context (cudaDeviceReset) failed: " + reset_failed_ + "; the device stays unavailable");
    return;
  }
  Log("fresh CUDA context (cudaDeviceReset) after the loss (" + lost_reason_ + "); the device takes pipelines again");
  lost_ = false;
  pool_configured_ = false;
}

void CudaDevice::SessionStarted() const {
  std::lock_guard lock(health_mutex_);
  ++open_sessions_;
  if (pool_configured_ || lost_) return;
  pool_configured_ = true;
  // Freed blocks up to the threshold stay in the pool for the next pipeline; beyond it
  // they go back to the driver, for other processes and for what Orbit allocates outside
  // the pool.
  const int32_t code = api_.pool_set_release_threshold(index_, pool_threshold_);
  if (code != 0) Log("setting the memory pool's release threshold failed: " + CudaErrorName(api_, code));
}

void CudaDevice::SessionEnded() const {
  std::lock_guard lock(health_mutex_);
  if (--open_sessions_ > 0) return;
  if (lost_) {
    ResetLocked();
    return;
  }
  // Idle: the pool keeps no more than its threshold.
  api_.pool_trim(index_, pool_threshold_);
}

const CudaBandwidth& CudaDevice::bandwidth() const {
  std::call_once(measured_, [this] {
    const uint64_t bytes = std::min<uint64_t>(kBandwidthProbeBytes, info_.total_memory / 8);
    const int32_t error =
        api_.measure_bandwidth(index_, bytes, &bandwidth_.device, &bandwidth_.to_device, &bandwidth_.to_host);
    if (error != 0) bandwidth_.error = "bandwidth not measured: " + CudaErrorName(api_, error);
  });
  return bandwidth_;
}

std::vector<std::pair<std::string, std::string>> CudaDevice::properties() const {
  const CudaBandwidth& measured = bandwidth();
  std::vector<std::pair<std::string, std::string>> out = {
      {"compute capability", fmt::format("{}.{}", info_.compute_major, info_.compute_minor)},
      {"memory", fmt::format("{} MiB", info_.total_memory >> 20)},
      {"multiprocessors", std::to_string(info_.multiprocessors)},
      {"pci bus", info_.pci_bus_id},
      {"device bandwidth (measured)", GigabytesPerSecond(measured.device)},
      {"host->device bandwidth (measured)", GigabytesPerSecond(measured.to_device)},
      {"device->host bandwidth (measured)", GigabytesPerSecond(measured.to_host)},
      {"memory pool", fmt::format("keeps up to {} MiB of freed memory", pool_threshold_ >> 20)}};
  if (!measured.error.empty()) out.emplace_back("note", measured.error);
  const int resets = context_resets();
  if (resets > 0) out.emplace_back("context", fmt::format("fresh after a loss ({} cudaDeviceReset)", resets));
  return out;
}

Result<std::unique_ptr<DeviceSession>> CudaDevice::OpenSession(const FaultPlan& faults) const {
  {
    // A device lost outside any session (a kernel call of a test or benchmark) gets its
    // fresh context here.
    std::lock_guard lock(health_mutex_);
    ResetLocked();
  }
  const std::string unavailable = unavailable_reason();
  if (!unavailable.empty()) return Status::DeviceError("{} is unavailable: {}", id(), unavailable);
  return std::unique_ptr<DeviceSession>(std::make_unique<CudaSession>(*this, faults));
}

std::vector<std::unique_ptr<Device>> DetectCudaDevices(std::string* why) {
  std::vector<std::unique_ptr<Device>> devices;
  const OrbitCudaApi* api = LoadCudaPlugin(why);
  if (api == nullptr) return devices;
  int32_t count = 0;
  const int32_t error = api->device_count(&count);
  if (error != 0 || count == 0) {
    *why = error == 0 ? "no CUDA device" : "no CUDA device (" + CudaErrorName(*api, error) + ")";
    return devices;
  }
  std::vector<std::string> problems;
  for (int32_t i = 0; i < count; ++i) {
    OrbitCudaDeviceInfo info{};
    const int32_t info_error = api->device_info(i, &info);
    if (info_error != 0) {
      problems.push_back(fmt::format("device {}: {}", i, CudaErrorName(*api, info_error)));
      continue;
    }
    // The plugin carries sm_80/sm_90 code and sm_90 PTX: older GPUs could not run it.
    if (info.compute_major < kMinimumComputeMajor) {
      problems.push_back(fmt::format("{} has compute capability {}.{}; the CUDA plugin needs {}.0 or newer", info.name,
                                     info.compute_major, info.compute_minor, kMinimumComputeMajor));
      continue;
    }
    devices.push_back(std::make_unique<CudaDevice>(*api, i, info));
  }
  if (devices.empty()) *why = "no usable CUDA device: " + fmt::format("{}", fmt::join(problems, "; "));
  return devices;
}

}  // namespace orbit::cuda
