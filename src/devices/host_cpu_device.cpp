#include "devices/host_cpu_device.h"

#include <fstream>
#include <string>
#include <thread>

namespace orbit {

namespace {
std::string ReadCpuModel() {
  std::ifstream cpuinfo("/proc/cpuinfo");
  std::string line;
  while (std::getline(cpuinfo, line)) {
    for (const char* key : {"model name", "Model", "Hardware"}) {
      if (line.rfind(key, 0) == 0) {
        auto colon = line.find(':');
        if (colon != std::string::npos) return line.substr(line.find_first_not_of(' ', colon + 1));
      }
    }
  }
  return "unknown CPU";
}
}  // namespace

HostCpuDevice::HostCpuDevice() : model_(ReadCpuModel()) {
  unsigned n = std::thread::hardware_concurrency();
  cores_ = n == 0 ? 1 : static_cast<int>(n);
}

std::vector<std::pair<std::string, std::string>> HostCpuDevice::properties() const {
  return {{"model", model_}, {"cores", std::to_string(cores_)}};
}

}  // namespace orbit
