#include "devices/opencl/opencl_session.h"

#include <algorithm>

namespace orbit::opencl {

OpenCLSession::OpenCLSession(const OpenCLDevice& device, FaultPlan faults)
    : DeviceSession(std::move(faults), device.id()), device_(device), kept_([&device](void* buffer) {
        // Kept outputs are kernel calls' buffers: back to the pool.
        if (!device.buffer_pool().Return(buffer)) device.api().ReleaseMemObject(static_cast<cl_mem>(buffer));
      }) {}

OpenCLSession::~OpenCLSession() {
  for (const Input& input : inputs_) {
    if (input.buffer != nullptr) device_.api().ReleaseMemObject(input.buffer);
  }
  kept_.ReleaseAll();
  device_.resident_account().Release(reserved_bytes_);
}

void OpenCLSession::AddPipelineInput(const void* host, size_t bytes) {
  if (host == nullptr || bytes == 0) return;
  const auto* begin = static_cast<const uint8_t*>(host);
  Input input;
  input.begin = begin;
  input.end = begin + bytes;
  auto at = std::upper_bound(inputs_.begin(), inputs_.end(), begin,
                             [](const uint8_t* p, const Input& i) { return p < i.begin; });
  // Two columns may share a buffer: keep one input per start address.
  if (at != inputs_.begin() && std::prev(at)->begin == begin) {
    std::prev(at)->end = std::max(std::prev(at)->end, input.end);
    return;
  }
  inputs_.insert(at, std::move(input));
}

Status OpenCLSession::CopyToDevice(Input& input) {
  const size_t bytes = static_cast<size_t>(input.end - input.begin);
  const OpenCLApi& api = device_.api();
  cl_int error = CL_SUCCESS;
  if (device_.shares_host_memory()) {
    // The device reads host memory: the buffer wraps the column where it is, no copy.
    if (faults().ShouldFail("opencl", FaultPoint::kAlloc)) {
      return Status::DeviceError("injected fault ({}): allocating {} bytes on {} failed", faults().plan().ToString(),
                                 bytes, device_.id());
    }
    if (faults().ShouldFail("opencl", FaultPoint::kUpload)) {
      return Status::DeviceError("injected fault ({}): reading {} bytes of host memory in place on {} failed",
                                 faults().plan().ToString(), bytes, device_.id());
    }
    void* host = const_cast<uint8_t*>(input.begin);  // read-only buffer: never written
    input.buffer = api.CreateBuffer(device_.context(), CL_MEM_READ_ONLY | CL_MEM_USE_HOST_PTR, bytes, host, &error);
    if (error != CL_SUCCESS) {
      input.buffer = nullptr;
      return Status::DeviceError("wrapping {} bytes of host memory for {} failed: {}", bytes, device_.id(),
                                 OpenCLErrorName(error));
    }
    stats().in_place_buffers += 1;
    stats().in_place_bytes += static_cast<int64_t>(bytes);
    return Status::OK();
  }
  // One account for every session on the device: concurrent pipelines together stay
  // within its budget.
  if (!device_.resident_account().Reserve(bytes)) return Status::OK();  // copied per kernel call instead
  // A buffer that is not kept gives its reservation back at once: the budget counts only
  // what is allocated, so one failed input leaves its share to the others.
  auto release = [&](cl_mem failed, Status status) {
    if (failed != nullptr) api.ReleaseMemObject(failed);
    device_.resident_account().Release(bytes);
    return status;
  };
  if (faults().ShouldFail("opencl", FaultPoint::kAlloc)) {
    return release(nullptr, Status::DeviceError("injected fault ({}): allocating {} bytes on {} failed",
                                                faults().plan().ToString(), bytes, device_.id()));
  }
  cl_mem buffer = api.CreateBuffer(device_.context(), CL_MEM_READ_ONLY, bytes, nullptr, &error);
  if (error != CL_SUCCESS) {
    return release(nullptr, Status::DeviceError("allocating {} bytes on {} failed: {}", bytes, device_.id(),
                                                OpenCLErrorName(error)));
  }
  if (faults().ShouldFail("opencl", FaultPoint::kUpload)) {
    return release(buffer, Status::DeviceError("injected fault ({}): copying {} bytes to {} failed",
                                               faults().plan().ToString(), bytes, device_.id()));
  }
  error = api.EnqueueWriteBuffer(device_.queue(), buffer, CL_TRUE, 0, bytes, input.begin, 0, nullptr, nullptr);
  if (error != CL_SUCCESS) {
    return release(
        buffer, Status::DeviceError("copying {} bytes to {} failed: {}", bytes, device_.id(), OpenCLErrorName(error)));
  }
  input.buffer = buffer;
  {
    std::lock_guard lock(reserved_mutex_);
    reserved_bytes_ += bytes;  // held, like the buffer, until the session ends
  }
  stats().resident_buffers += 1;
  stats().resident_bytes += static_cast<int64_t>(bytes);
  return Status::OK();
}

ResidentLookup OpenCLSession::FindResident(const void* host, size_t bytes) {
  const auto* begin = static_cast<const uint8_t*>(host);
  // The last input starting at or before `begin` is the one that can contain it (inputs
  // are distinct host buffers; one that overlaps another is just not found, and the
  // kernel copies what it needs itself).
  auto it = std::upper_bound(inputs_.begin(), inputs_.end(), begin,
                             [](const uint8_t* p, const Input& i) { return p < i.begin; });
  if (it == inputs_.begin() || begin + bytes > std::prev(it)->end) {
    // Not a pipeline input: maybe an earlier kernel's output, kept while its buffer lives.
    const KeptOutputs::Found kept = kept_.Find(host, bytes);
    if (kept.device_buffer == nullptr) return {};
    stats().kept_output_hits += 1;
    return {{static_cast<cl_mem>(kept.device_buffer), kept.offset}, Status::OK()};
  }
  Input& input = *std::prev(it);
  std::call_once(*input.copied, [&] { input.status = CopyToDevice(input); });
  if (!input.status.ok()) return {{}, input.status};
  if (input.buffer == nullptr) return {};  // over the budget: the kernel call copies its slice
  return {{input.buffer, static_cast<size_t>(begin - input.begin)}, Status::OK()};
}

}  // namespace orbit::opencl
