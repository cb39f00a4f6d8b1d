#include "devices/cuda/cuda_device.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "devices/cuda/cuda_plugin_loader.h"
#include "devices/cuda/cuda_session.h"

namespace orbit::cuda {

namespace {

constexpr uint64_t kBandwidthProbeBytes = uint64_t{256} << 20;
constexpr int kMinimumComputeMajor = 8;

std::string GigabytesPerSecond(double bps) { return bps > 0 ? fmt::format("{:.1f} GB/s", bps / 1e9) : "n/a"; }

}  // namespace

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
      {"device->host bandwidth (measured)", GigabytesPerSecond(measured.to_host)}};
  if (!measured.error.empty()) out.emplace_back("note", measured.error);
  return out;
}

Result<std::unique_ptr<DeviceSession>> CudaDevice::OpenSession(const FaultPlan& faults) const {
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
