#include "kernels/opencl/opencl_program.h"

#include <unistd.h>

#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <sstream>
#include <vector>

#include <fmt/format.h>

#include "kernels/opencl/opencl_sources.h"  // generated: kOpenCLProgramSource

namespace orbit::opencl {

namespace {

constexpr const char* kBuildOptions = "-cl-std=CL1.2";

struct DeviceProgram {
  std::once_flag built;
  Status status;
  cl_program program = nullptr;
  cl_mem placeholder = nullptr;
  std::mutex kernels_mutex;
  // std::map keeps node addresses stable, so handed-out mutex pointers stay valid.
  std::map<std::string, std::pair<cl_kernel, std::unique_ptr<std::mutex>>> kernels;
};

uint64_t Fnv1a(const std::string& text) {
  uint64_t h = 0xcbf29ce484222325ULL;
  for (char c : text) h = (h ^ static_cast<uint8_t>(c)) * 0x100000001b3ULL;
  return h;
}

std::string CacheFile(const OpenCLDevice& device) {
  const std::string dir = ProgramCacheDirectory();
  if (dir.empty()) return "";
  const uint64_t key =
      Fnv1a(std::string(kOpenCLProgramSource) + '\0' + kBuildOptions + '\0' + device.BuildFingerprint() + '\0' +
            "with-header");  // files from before the checked header have another name
  return fmt::format("{}/opencl/{:016x}.bin", dir, key);
}

std::string BuildLog(const OpenCLDevice& device, cl_program program) {
  size_t size = 0;
  device.api().GetProgramBuildInfo(program, device.device_id(), CL_PROGRAM_BUILD_LOG, 0, nullptr, &size);
  std::string log(size, '\0');
  if (size > 0)
    device.api().GetProgramBuildInfo(program, device.device_id(), CL_PROGRAM_BUILD_LOG, size, log.data(), nullptr);
  while (!log.empty() && (log.back() == '\0' || log.back() == '\n')) log.pop_back();
  return log;
}

// A cache file is a header, then the driver's binary. Drivers crash on a truncated or
// corrupt binary instead of rejecting it, so its length and checksum are checked first.
constexpr char kCacheMagic[8] = {'O', 'R', 'B', 'I', 'T', 'C', 'L', '1'};
struct CacheHeader {
  char magic[8];
  uint64_t length;    // bytes of binary after the header
  uint64_t checksum;  // FNV-1a of those bytes
};

uint64_t Fnv1aBytes(const unsigned char* data, size_t size) {
  uint64_t h = 0xcbf29ce484222325ULL;
  for (size_t i = 0; i < size; ++i) h = (h ^ data[i]) * 0x100000001b3ULL;
  return h;
}

void WarnBadCache(const std::string& path, const char* why) {
  std::cerr << "orbit: warning: OpenCL program cache " << path << " is " << why << "; rebuilding it\n";
}

/// The cached binary, built; nullptr when there is none, it fails its checks (with a
/// warning) or the driver rejects it.
cl_program LoadCachedBinary(const OpenCLDevice& device, const std::string& path) {
  if (path.empty()) return nullptr;
  std::ifstream file(path, std::ios::binary);
  if (!file) return nullptr;
  std::vector<unsigned char> contents((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
  CacheHeader header{};
  if (contents.size() < sizeof(header)) {
    WarnBadCache(path, "truncated");
    return nullptr;
  }
  std::memcpy(&header, contents.data(), sizeof(header));
  const unsigned char* data = contents.data() + sizeof(header);
  const size_t size = contents.size() - sizeof(header);
  if (std::memcmp(header.magic, kCacheMagic, sizeof(kCacheMagic)) != 0) {
    WarnBadCache(path, "not an Orbit cache file");
    return nullptr;
  }
  if (header.length != size || size == 0) {
    WarnBadCache(path, "truncated");
    return nullptr;
  }
  if (header.checksum != Fnv1aBytes(data, size)) {
    WarnBadCache(path, "corrupt (checksum mismatch)");
    return nullptr;
  }
  const OpenCLApi& api = device.api();
  cl_int binary_status = CL_SUCCESS, error = CL_SUCCESS;
  cl_device_id id = device.device_id();
  cl_program program = api.CreateProgramWithBinary(device.context(), 1, &id, &size, &data, &binary_status, &error);
  if (error != CL_SUCCESS || binary_status != CL_SUCCESS) {
    if (program != nullptr) api.ReleaseProgram(program);
    return nullptr;
  }
  if (api.BuildProgram(program, 1, &id, kBuildOptions, nullptr, nullptr) != CL_SUCCESS) {
    api.ReleaseProgram(program);
    return nullptr;
  }
  return program;
}

/// Best effort: a cache that cannot be written only costs the next process a compile.
void StoreBinary(const OpenCLDevice& device, cl_program program, const std::string& path) {
  if (path.empty()) return;
  const OpenCLApi& api = device.api();
  size_t size = 0;
  if (api.GetProgramInfo(program, CL_PROGRAM_BINARY_SIZES, sizeof(size), &size, nullptr) != CL_SUCCESS || size == 0)
    return;
  std::vector<unsigned char> binary(size);
  unsigned char* data = binary.data();
  if (api.GetProgramInfo(program, CL_PROGRAM_BINARIES, sizeof(data), &data, nullptr) != CL_SUCCESS) return;
  CacheHeader header{};
  std::memcpy(header.magic, kCacheMagic, sizeof(kCacheMagic));
  header.length = size;
  header.checksum = Fnv1aBytes(binary.data(), size);
  std::error_code ignored;
  std::filesystem::create_directories(std::filesystem::path(path).parent_path(), ignored);
  // Written under a unique name, then renamed: concurrent processes never read half a file.
  const std::string temp = fmt::format("{}.{}.tmp", path, getpid());
  {
    std::ofstream file(temp, std::ios::binary);
    if (!file.write(reinterpret_cast<const char*>(&header), sizeof(header)) ||
        !file.write(reinterpret_cast<const char*>(binary.data()), static_cast<std::streamsize>(size))) {
      return;
    }
  }
  std::filesystem::rename(temp, path, ignored);
  if (ignored) std::filesystem::remove(temp, ignored);
}

Status Build(const OpenCLDevice& device, DeviceProgram& entry) {
  const OpenCLApi& api = device.api();
  cl_int error = CL_SUCCESS;
  entry.placeholder = api.CreateBuffer(device.context(), CL_MEM_READ_WRITE, 16, nullptr, &error);
  if (error != CL_SUCCESS)
    return Status::DeviceError("allocating on {} failed: {}", device.id(), OpenCLErrorName(error));
  const std::string cache_file = CacheFile(device);
  entry.program = LoadCachedBinary(device, cache_file);
  if (entry.program != nullptr) return Status::OK();
  const char* source = kOpenCLProgramSource;
  entry.program = api.CreateProgramWithSource(device.context(), 1, &source, nullptr, &error);
  if (error != CL_SUCCESS) {
    return Status::DeviceError("creating the OpenCL program on {} failed: {}", device.id(), OpenCLErrorName(error));
  }
  cl_device_id id = device.device_id();
  error = api.BuildProgram(entry.program, 1, &id, kBuildOptions, nullptr, nullptr);
  if (error != CL_SUCCESS) {
    return Status::DeviceError("building Orbit's OpenCL kernels for {} ({}) failed: {}\n{}", device.id(), device.name(),
                               OpenCLErrorName(error), BuildLog(device, entry.program));
  }
  StoreBinary(device, entry.program, cache_file);
  return Status::OK();
}

DeviceProgram& ProgramFor(const OpenCLDevice& device) {
  // Never destroyed: kernels may run until exit, and the driver may tear itself down first.
  static auto* programs = new std::map<const OpenCLDevice*, std::unique_ptr<DeviceProgram>>();
  static std::mutex mutex;
  std::lock_guard lock(mutex);
  auto& entry = (*programs)[&device];
  if (!entry) entry = std::make_unique<DeviceProgram>();
  return *entry;
}

DeviceProgram* BuiltProgram(const OpenCLDevice& device, Status* status) {
  DeviceProgram& entry = ProgramFor(device);
  std::call_once(entry.built, [&] { entry.status = Build(device, entry); });
  *status = entry.status;
  return entry.status.ok() ? &entry : nullptr;
}

}  // namespace

std::string ProgramCacheDirectory() {
  if (const char* dir = std::getenv("ORBIT_CACHE_DIR"); dir != nullptr && *dir != '\0') return dir;
  if (const char* dir = std::getenv("XDG_CACHE_HOME"); dir != nullptr && *dir != '\0')
    return std::string(dir) + "/orbit";
  if (const char* home = std::getenv("HOME"); home != nullptr && *home != '\0')
    return std::string(home) + "/.cache/orbit";
  return "";
}

Result<SharedKernel> GetKernel(const OpenCLDevice& device, const std::string& name) {
  Status status;
  DeviceProgram* entry = BuiltProgram(device, &status);
  if (entry == nullptr) return status;
  std::lock_guard lock(entry->kernels_mutex);
  auto it = entry->kernels.find(name);
  if (it == entry->kernels.end()) {
    cl_int error = CL_SUCCESS;
    cl_kernel kernel = device.api().CreateKernel(entry->program, name.c_str(), &error);
    if (error != CL_SUCCESS) {
      return Status::DeviceError("OpenCL kernel {} is missing on {}: {}", name, device.id(), OpenCLErrorName(error));
    }
    it = entry->kernels.emplace(name, std::make_pair(kernel, std::make_unique<std::mutex>())).first;
  }
  return SharedKernel{it->second.first, it->second.second.get()};
}

Result<cl_mem> PlaceholderBuffer(const OpenCLDevice& device) {
  Status status;
  DeviceProgram* entry = BuiltProgram(device, &status);
  if (entry == nullptr) return status;
  return entry->placeholder;
}

}  // namespace orbit::opencl
