#include "kernels/opencl/opencl_call.h"

#include <algorithm>
#include <mutex>

#include "devices/device_registry.h"

namespace orbit::opencl {

namespace {

std::mutex failure_mutex;
std::string failure_outside_pipelines;

FaultTrigger& EnvironmentFaults() {
  static FaultTrigger trigger(EnvironmentFaultPlan());
  return trigger;
}

}  // namespace

const OpenCLDevice* DefaultDevice() {
  return dynamic_cast<const OpenCLDevice*>(DeviceRegistry::Instance().FirstOfKind(DeviceKind::kOpenCL));
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

KernelCall::KernelCall(const std::string& kernel_name) : name_(kernel_name) {
  session_ = dynamic_cast<OpenCLSession*>(DeviceSession::Current());
  device_ = session_ != nullptr ? &session_->opencl_device() : DefaultDevice();
  if (device_ == nullptr) {
    status_ = Status::DeviceError("no OpenCL device for kernel {}", name_);
    return;
  }
  if (session_ != nullptr) session_->kept_outputs().DropOffers();
  Inject(FaultPoint::kBuild, "building the OpenCL program");
}

KernelCall::~KernelCall() {
  // A call that failed after its launch may leave the kernel queued or running, reading
  // host memory in place that the caller frees once the call returns: wait for it.
  if (launched_ && failed()) device_->api().Finish(device_->queue());
  if (session_ != nullptr && !failed() && !reads_.empty()) {
    // The session takes over the buffers read back; they are not released here.
    for (const auto& read : reads_) {
      owned_.erase(std::find(owned_.begin(), owned_.end(), static_cast<cl_mem>(read.device_buffer)));
    }
    session_->kept_outputs().OfferOutputs(std::move(reads_));
  }
  for (cl_mem buffer : owned_) device_->api().ReleaseMemObject(buffer);
}

void KernelCall::Fail(Status status) {
  if (status_.ok()) status_ = std::move(status);
}

bool KernelCall::Inject(FaultPoint point, const char* what) {
  if (failed()) return true;
  FaultTrigger& faults = session_ != nullptr ? session_->faults() : EnvironmentFaults();
  if (!faults.ShouldFail("opencl", point)) return false;
  Fail(Status::DeviceError("injected fault ({}): {} for kernel {} on {} failed", faults.plan().ToString(), what, name_,
                           device_->id()));
  return true;
}

cl_mem KernelCall::NewBuffer(size_t bytes, cl_mem_flags flags, void* host) {
  if (Inject(FaultPoint::kAlloc, "allocating device memory")) return nullptr;
  cl_int error = CL_SUCCESS;
  cl_mem buffer = device_->api().CreateBuffer(device_->context(), flags, bytes, host, &error);
  if (error != CL_SUCCESS) {
    Fail(Status::DeviceError("allocating {} bytes on {} for kernel {} failed: {}", bytes, device_->id(), name_,
                             OpenCLErrorName(error)));
    return nullptr;
  }
  owned_.push_back(buffer);
  return buffer;
}

void KernelCall::Upload(cl_mem buffer, const void* host, size_t bytes) {
  if (failed() || Inject(FaultPoint::kUpload, "copying to the device")) return;
  cl_int error =
      device_->api().EnqueueWriteBuffer(device_->queue(), buffer, CL_TRUE, 0, bytes, host, 0, nullptr, nullptr);
  if (error != CL_SUCCESS) {
    Fail(Status::DeviceError("copying {} bytes to {} for kernel {} failed: {}", bytes, device_->id(), name_,
                             OpenCLErrorName(error)));
    return;
  }
  if (session_ != nullptr) session_->stats().upload_bytes += static_cast<int64_t>(bytes);
}

void KernelCall::AddBuffer(cl_mem buffer) {
  Arg arg;
  arg.size = sizeof(cl_mem);
  std::memcpy(arg.bytes, &buffer, sizeof(cl_mem));
  args_.push_back(arg);
}

void KernelCall::Input(const void* host, size_t bytes) {
  if (failed()) return;
  DeviceRange range;
  if (session_ != nullptr && host != nullptr && bytes > 0) {
    ResidentLookup lookup = session_->FindResident(host, bytes);
    if (!lookup.status.ok()) return Fail(lookup.status);
    range = lookup.range;
  }
  if (range.buffer == nullptr) {
    if (host == nullptr || bytes == 0) {
      auto placeholder = PlaceholderBuffer(*device_);
      if (!placeholder.ok()) return Fail(placeholder.status());
      range.buffer = *placeholder;
    } else if (device_->shares_host_memory()) {
      // Read where it is; the call ends (reading its results back) before `host` can change.
      // Wrapping stands for the copy: the upload fault point fails it too.
      range.buffer = NewBuffer(bytes, CL_MEM_READ_ONLY | CL_MEM_USE_HOST_PTR, const_cast<void*>(host));
      if (!Inject(FaultPoint::kUpload, "reading host memory in place") && session_ != nullptr) {
        session_->stats().in_place_buffers += 1;
        session_->stats().in_place_bytes += static_cast<int64_t>(bytes);
      }
    } else {
      range.buffer = NewBuffer(bytes, CL_MEM_READ_ONLY);
      Upload(range.buffer, host, bytes);
    }
  }
  AddBuffer(range.buffer);
  Scalar<cl_ulong>(range.offset);
}

void KernelCall::OptionalInput(const void* host, size_t bytes) {
  Input(host, host != nullptr ? bytes : 0);
  Scalar<cl_int>(host != nullptr ? 1 : 0);
}

int KernelCall::Output(size_t bytes) {
  cl_mem buffer = failed() ? nullptr : NewBuffer(bytes == 0 ? 1 : bytes, CL_MEM_READ_WRITE);
  AddBuffer(buffer);
  buffers_.push_back(buffer);
  return static_cast<int>(buffers_.size() - 1);
}

int KernelCall::InputOutput(const void* host, size_t bytes) {
  const int handle = Output(bytes);
  if (bytes > 0) Upload(buffers_[handle], host, bytes);
  return handle;
}

void KernelCall::Launch(size_t items) {
  if (failed() || items == 0 || Inject(FaultPoint::kEnqueue, "launching")) return;
  auto kernel = GetKernel(*device_, name_);
  if (!kernel.ok()) return Fail(kernel.status());
  const OpenCLApi& api = device_->api();
  cl_int error = CL_SUCCESS;
  {
    std::lock_guard lock(*kernel->mutex);
    for (size_t i = 0; i < args_.size() && error == CL_SUCCESS; ++i) {
      error = api.SetKernelArg(kernel->kernel, static_cast<cl_uint>(i), args_[i].size, args_[i].bytes);
    }
    if (error == CL_SUCCESS) {
      // A fixed work-group size: PoCL compiles a kernel anew for every work-group size,
      // and would pick a different one for almost every item count.
      const size_t local = device_->work_group_size();
      const size_t global = (items + local - 1) / local * local;
      error =
          api.EnqueueNDRangeKernel(device_->queue(), kernel->kernel, 1, nullptr, &global, &local, 0, nullptr, nullptr);
    }
  }
  if (error != CL_SUCCESS) {
    return Fail(Status::DeviceError("launching OpenCL kernel {} on {} failed: {}", name_, device_->id(),
                                    OpenCLErrorName(error)));
  }
  launched_ = true;
  if (session_ != nullptr) session_->stats().launches += 1;
}

void KernelCall::Read(int handle, void* host, size_t bytes) {
  if (failed() || bytes == 0 || Inject(FaultPoint::kDownload, "copying from the device")) return;
  cl_int error = device_->api().EnqueueReadBuffer(device_->queue(), buffers_[handle], CL_TRUE, 0, bytes, host, 0,
                                                  nullptr, nullptr);
  if (error != CL_SUCCESS) {
    return Fail(Status::DeviceError("copying {} bytes from {} after kernel {} failed: {}", bytes, device_->id(), name_,
                                    OpenCLErrorName(error)));
  }
  if (session_ != nullptr) {
    session_->stats().download_bytes += static_cast<int64_t>(bytes);
    if (std::find_if(reads_.begin(), reads_.end(),
                     [&](const auto& r) { return r.device_buffer == buffers_[handle]; }) == reads_.end()) {
      reads_.push_back({host, bytes, buffers_[handle]});
    }
  }
}

}  // namespace orbit::opencl
