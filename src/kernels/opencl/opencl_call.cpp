#include "kernels/opencl/opencl_call.h"

#include <fmt/format.h>

namespace orbit::opencl {

device::DeviceBackend& Backend() {
  static device::DeviceBackend backend(DeviceKind::kOpenCL, "opencl", "OpenCL");
  return backend;
}

KernelCall::KernelCall(const std::string& kernel_name) : DeviceCall(Backend(), kernel_name) {
  Inject(FaultPoint::kBuild, "building the OpenCL program");
}

KernelCall::~KernelCall() {
  if (target() == nullptr) return;
  // A call that failed after its launch may leave the kernel queued or running, reading
  // host memory in place that the caller frees once the call returns: wait for it.
  if (launched_ && failed()) device().api().Finish(device().queue());
  // The device's one in-order queue runs whatever reuses a pooled buffer after this call's commands.
  ReleaseBuffers([this](void* buffer) {
    if (!device().buffer_pool().Return(buffer)) device().api().ReleaseMemObject(static_cast<cl_mem>(buffer));
  });
}

cl_mem KernelCall::NewBuffer(size_t bytes, cl_mem_flags flags, void* host) {
  if (Inject(FaultPoint::kAlloc, "allocating device memory")) return nullptr;
  cl_int error = CL_SUCCESS;
  cl_mem buffer = nullptr;
  if (host != nullptr) {
    // Wraps host memory: never pooled.
    buffer = device().api().CreateBuffer(device().context(), flags, bytes, host, &error);
  } else {
    // Scratch and outputs come from the device's pool, made read-write so any call can reuse them.
    buffer = static_cast<cl_mem>(device().buffer_pool().Acquire(bytes, [&](size_t capacity) -> void* {
      cl_mem made = device().api().CreateBuffer(device().context(), CL_MEM_READ_WRITE, capacity, nullptr, &error);
      return error == CL_SUCCESS ? made : nullptr;
    }));
  }
  if (buffer == nullptr || error != CL_SUCCESS) {
    FailStep(fmt::format("allocating {} bytes", bytes),
             OpenCLErrorName(error != CL_SUCCESS ? error : CL_OUT_OF_RESOURCES));
    return nullptr;
  }
  Own(buffer);
  return buffer;
}

void KernelCall::Upload(cl_mem buffer, const void* host, size_t bytes) {
  if (failed() || Inject(FaultPoint::kUpload, "copying to the device")) return;
  cl_int error =
      device().api().EnqueueWriteBuffer(device().queue(), buffer, CL_TRUE, 0, bytes, host, 0, nullptr, nullptr);
  if (error != CL_SUCCESS) {
    FailStep(fmt::format("copying {} bytes to the device", bytes), OpenCLErrorName(error));
    return;
  }
  CountUpload(bytes);
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
  if (session() != nullptr && host != nullptr && bytes > 0) {
    ResidentLookup lookup = static_cast<OpenCLSession*>(session())->FindResident(host, bytes);
    if (!lookup.status.ok()) return Fail(lookup.status);
    range = lookup.range;
  }
  if (range.buffer == nullptr) {
    if (host == nullptr || bytes == 0) {
      auto placeholder = PlaceholderBuffer(device());
      if (!placeholder.ok()) return Fail(placeholder.status());
      range.buffer = *placeholder;
    } else if (device().shares_host_memory()) {
      // Read where it is; the call ends (reading its results back) before `host` can change.
      // Wrapping stands for the copy: the upload fault point fails it too.
      range.buffer = NewBuffer(bytes, CL_MEM_READ_ONLY | CL_MEM_USE_HOST_PTR, const_cast<void*>(host));
      if (!Inject(FaultPoint::kUpload, "reading host memory in place") && session() != nullptr) {
        session()->stats().in_place_buffers += 1;
        session()->stats().in_place_bytes += static_cast<int64_t>(bytes);
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
  auto kernel = GetKernel(device(), name());
  if (!kernel.ok()) return Fail(kernel.status());
  const OpenCLApi& api = device().api();
  cl_int error = CL_SUCCESS;
  {
    std::lock_guard lock(*kernel->mutex);
    for (size_t i = 0; i < args_.size() && error == CL_SUCCESS; ++i) {
      error = api.SetKernelArg(kernel->kernel, static_cast<cl_uint>(i), args_[i].size, args_[i].bytes);
    }
    if (error == CL_SUCCESS) {
      // A fixed work-group size: PoCL compiles a kernel anew for every work-group size,
      // and would pick a different one for almost every item count.
      const size_t local = device().work_group_size();
      const size_t global = (items + local - 1) / local * local;
      error =
          api.EnqueueNDRangeKernel(device().queue(), kernel->kernel, 1, nullptr, &global, &local, 0, nullptr, nullptr);
    }
  }
  if (error != CL_SUCCESS) return FailStep("launching", OpenCLErrorName(error));
  launched_ = true;
  CountLaunch();
}

void KernelCall::Read(int handle, void* host, size_t bytes) {
  if (failed() || bytes == 0 || Inject(FaultPoint::kDownload, "copying from the device")) return;
  cl_int error = device().api().EnqueueReadBuffer(device().queue(), buffers_[handle], CL_TRUE, 0, bytes, host, 0,
                                                  nullptr, nullptr);
  if (error != CL_SUCCESS) {
    return FailStep(fmt::format("copying {} bytes from the device", bytes), OpenCLErrorName(error));
  }
  CountRead(host, bytes, buffers_[handle]);
}

}  // namespace orbit::opencl
