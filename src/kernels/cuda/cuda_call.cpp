#include "kernels/cuda/cuda_call.h"

#include <algorithm>
#include <mutex>

#include "devices/cuda/cuda_plugin_loader.h"
#include "devices/device_registry.h"

namespace orbit::cuda {

namespace {

std::mutex failure_mutex;
std::string failure_outside_pipelines;

FaultTrigger& EnvironmentFaults() {
  static FaultTrigger trigger(EnvironmentFaultPlan());
  return trigger;
}

/// Outside a pipeline (tests, benchmarks) each host thread keeps one stream for the
/// process's lifetime.
void* ThreadStream(const CudaDevice& device, int32_t* code) {
  thread_local void* stream = nullptr;
  if (stream == nullptr) *code = device.api().stream_create(device.index(), &stream);
  return stream;
}

}  // namespace

const CudaDevice* DefaultDevice() {
  return dynamic_cast<const CudaDevice*>(DeviceRegistry::Instance().FirstOfKind(DeviceKind::kCuda));
}

void ReportFailure(const Status& status) {
  if (auto* session = DeviceSession::Current()) {
    session->RecordFailure(status);
    return;
  }
  std::lock_guard lock(failure_mutex);
  if (failure_outside_pipelines.empty()) failure_outside_pipelines = status.ToString();
}

std::string TakeFailureOutsidePipelines() {
  std::lock_guard lock(failure_mutex);
  std::string failure;
  failure.swap(failure_outside_pipelines);
  return failure;
}

CudaCall::CudaCall(const char* kernel_name) : name_(kernel_name) {
  session_ = dynamic_cast<CudaSession*>(DeviceSession::Current());
  device_ = session_ != nullptr ? &session_->cuda_device() : DefaultDevice();
  if (device_ == nullptr) {
    status_ = Status::DeviceError("no CUDA device for kernel {}", name_);
    return;
  }
  if (session_ != nullptr) {
    session_->kept_outputs().DropOffers();
    stream_ = session_->StreamOfThisThread(&status_);
  } else {
    int32_t code = 0;
    stream_ = ThreadStream(*device_, &code);
    Check(code, "creating a stream");
  }
  Inject(FaultPoint::kBuild, "loading the CUDA kernels");
}

CudaCall::~CudaCall() {
  if (device_ == nullptr || stream_ == nullptr) return;
  if (session_ != nullptr && !failed() && !reads_.empty()) {
    // The session takes over the buffers read back; they are not freed here.
    for (const auto& read : reads_) std::erase(owned_, read.device_buffer);
    session_->kept_outputs().OfferOutputs(std::move(reads_));
  }
  for (void* p : owned_) api().free_async(p, stream_);
}

void CudaCall::Check(int32_t code, const char* what) {
  if (code == 0 || failed()) return;
  status_ = Status::DeviceError("{} for CUDA kernel {} on {} failed: {}", what, name_, device_->id(),
                                CudaErrorName(api(), code));
}

bool CudaCall::Inject(FaultPoint point, const char* what) {
  if (failed()) return true;
  FaultTrigger& faults = session_ != nullptr ? session_->faults() : EnvironmentFaults();
  if (!faults.ShouldFail("cuda", point)) return false;
  status_ = Status::DeviceError("injected fault ({}): {} for CUDA kernel {} on {} failed", faults.plan().ToString(),
                                what, name_, device_->id());
  return true;
}

void* CudaCall::Allocate(size_t bytes) {
  if (failed() || Inject(FaultPoint::kAlloc, "allocating device memory")) return nullptr;
  void* p = nullptr;
  Check(api().alloc_async(device_->index(), bytes, stream_, &p), "allocating device memory");
  if (p != nullptr) owned_.push_back(p);
  return p;
}

const void* CudaCall::Input(const void* host, size_t bytes) {
  if (failed() || host == nullptr) return nullptr;
  if (session_ != nullptr && bytes > 0) {
    ResidentLookup lookup = session_->FindResident(host, bytes);
    if (!lookup.status.ok()) {
      status_ = lookup.status;
      return nullptr;
    }
    if (lookup.device != nullptr) return lookup.device;
  }
  void* device = Allocate(bytes);
  if (failed() || bytes == 0 || Inject(FaultPoint::kUpload, "copying to the device")) return device;
  Check(api().copy_to_device(device, host, bytes, stream_), "copying to the device");
  if (session_ != nullptr && !failed()) session_->stats().upload_bytes += static_cast<int64_t>(bytes);
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
  if (failed() || bytes == 0 || Inject(FaultPoint::kUpload, "copying to the device")) return device;
  Check(api().copy_to_device(device, host, bytes, stream_), "copying to the device");
  return device;
}

void CudaCall::Read(void* host, const void* device, size_t bytes) {
  if (failed() || bytes == 0 || Inject(FaultPoint::kDownload, "copying from the device")) return;
  Check(api().copy_to_host(host, device, bytes, stream_), "copying from the device");
  if (session_ == nullptr || failed()) return;
  session_->stats().download_bytes += static_cast<int64_t>(bytes);
  // Only this call's own buffers can be offered (not resident inputs it read back).
  void* buffer = const_cast<void*>(device);
  if (std::find(owned_.begin(), owned_.end(), buffer) != owned_.end() &&
      std::none_of(reads_.begin(), reads_.end(), [&](const auto& r) { return r.device_buffer == buffer; })) {
    reads_.push_back({host, bytes, buffer});
  }
}

}  // namespace orbit::cuda
