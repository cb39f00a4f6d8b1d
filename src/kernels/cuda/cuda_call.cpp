#include "kernels/cuda/cuda_call.h"

#include <fmt/format.h>

#include "devices/cuda/cuda_plugin_loader.h"

namespace orbit::cuda {

namespace {

/// Outside a pipeline (tests, benchmarks) each host thread keeps one stream for the
/// process's lifetime, or until the device gets a fresh context (which destroys it).
void* ThreadStream(const CudaDevice& device, int32_t* code) {
  thread_local void* stream = nullptr;
  thread_local int made_in_context = 0;
  if (made_in_context != device.context_resets()) stream = nullptr;
  if (stream == nullptr) {
    made_in_context = device.context_resets();
    *code = device.api().stream_create(device.index(), &stream);
    if (*code != 0) stream = nullptr;
  }
  return stream;
}

}  // namespace

const OrbitCudaKernelApi* KernelApi() {
  static const OrbitCudaKernelApi* const api = [] {
    auto entry = reinterpret_cast<OrbitCudaKernelsEntry>(FindCudaPluginSymbol(ORBIT_CUDA_KERNELS_ENTRY));
    const OrbitCudaKernelApi* table = entry != nullptr ? entry() : nullptr;
    return table != nullptr && table->abi_version == ORBIT_CUDA_KERNEL_ABI_VERSION ? table : nullptr;
  }();
  return api;
}

device::DeviceBackend& Backend() {
  static device::DeviceBackend backend(DeviceKind::kCuda, "cuda", "CUDA");
  return backend;
}

CudaCall::CudaCall(const char* kernel_name) : DeviceCall(Backend(), kernel_name), kernels_(KernelApi()) {
  if (failed()) return;
  if (kernels_ == nullptr) {
    Fail(Status::DeviceError("the CUDA plugin has no kernel table {} (ABI {}); rebuild it", ORBIT_CUDA_KERNELS_ENTRY,
                             ORBIT_CUDA_KERNEL_ABI_VERSION));
    return;
  }
  // A lost context fails every call: it is not tried again (the pipeline re-runs on the CPU).
  if (const std::string unavailable = device().unavailable_reason(); !unavailable.empty()) {
    Fail(Status::DeviceError("{} is unavailable for CUDA kernel {}: {}", device().id(), name(), unavailable));
    return;
  }
  if (session() != nullptr) {
    Status error;
    stream_ = static_cast<CudaSession*>(session())->StreamOfThisThread(&error);
    if (!error.ok()) Fail(error);
  } else {
    int32_t code = 0;
    stream_ = ThreadStream(device(), &code);
    Check(code, "creating a stream");
  }
  Inject(FaultPoint::kBuild, "loading the CUDA kernels");
}

CudaCall::~CudaCall() {
  if (stream_ == nullptr) return;
  ReleaseBuffers([this](void* buffer) { api().free_async(buffer, stream_); });
}

void CudaCall::Check(int32_t code, const char* what) {
  if (code != 0) FailStep(what, device().RecordError(code, fmt::format("{} for CUDA kernel {}", what, name())));
}

void* CudaCall::Allocate(size_t bytes) {
  if (Inject(FaultPoint::kAlloc, "allocating device memory")) return nullptr;
  void* p = nullptr;
  Check(api().alloc_async(device().index(), bytes, stream_, &p), "allocating device memory");
  Own(p);
  return p;
}

void CudaCall::CopyIn(void* device, const void* host, size_t bytes) {
  if (failed() || bytes == 0 || Inject(FaultPoint::kUpload, "copying to the device")) return;
  Check(api().copy_to_device(device, host, bytes, stream_), "copying to the device");
}

const void* CudaCall::Input(const void* host, size_t bytes) {
  if (failed() || host == nullptr) return nullptr;
  if (session() != nullptr && bytes > 0) {
    ResidentLookup lookup = static_cast<CudaSession*>(session())->FindResident(host, bytes);
    if (!lookup.status.ok()) {
      Fail(lookup.status);
      return nullptr;
    }
    if (lookup.device != nullptr) return lookup.device;
  }
  void* device = Allocate(bytes);
  CopyIn(device, host, bytes);
  if (!failed() && bytes > 0) CountUpload(bytes);
  return device;
}

void* CudaCall::Output(size_t bytes) { return Allocate(bytes); }

void* CudaCall::Zeroed(size_t bytes) {
  void* device = Allocate(bytes);
  if (!failed() && bytes > 0) Check(api().memset_async(device, 0, bytes, stream_), "clearing device memory");
  return device;
}

void* CudaCall::InputOutput(const void* host, size_t bytes) {
  void* device = Allocate(bytes);
  CopyIn(device, host, bytes);
  return device;
}

void CudaCall::Read(void* host, const void* device, size_t bytes) {
  if (failed() || bytes == 0 || Inject(FaultPoint::kDownload, "copying from the device")) return;
  Check(api().copy_to_host(host, device, bytes, stream_), "copying from the device");
  if (!failed()) CountRead(host, bytes, const_cast<void*>(device));
}

}  // namespace orbit::cuda
