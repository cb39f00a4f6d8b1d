#include "devices/opencl/opencl_session.h"

#include <algorithm>

namespace orbit::opencl {

OpenCLSession::~OpenCLSession() {
  for (const Resident& r : resident_) device_.api().ReleaseMemObject(r.buffer);
}

Status OpenCLSession::MakeResident(const void* host, size_t bytes) {
  if (host == nullptr || bytes == 0) return Status::OK();
  const auto* begin = static_cast<const uint8_t*>(host);
  if (FindResident(host, bytes).buffer != nullptr) return Status::OK();  // shared by two columns
  const OpenCLApi& api = device_.api();
  if (faults().ShouldFail("opencl", FaultPoint::kAlloc)) {
    return Status::DeviceError("injected fault: allocating {} bytes on {} failed", bytes, device_.id());
  }
  cl_int error = CL_SUCCESS;
  cl_mem buffer = api.CreateBuffer(device_.context(), CL_MEM_READ_ONLY, bytes, nullptr, &error);
  if (error != CL_SUCCESS) {
    return Status::DeviceError("allocating {} bytes on {} failed: {}", bytes, device_.id(), OpenCLErrorName(error));
  }
  error = faults().ShouldFail("opencl", FaultPoint::kUpload) ? CL_OUT_OF_RESOURCES
          : api.EnqueueWriteBuffer(device_.queue(), buffer, CL_TRUE, 0, bytes, host, 0, nullptr, nullptr);
  if (error != CL_SUCCESS) {
    api.ReleaseMemObject(buffer);
    return Status::DeviceError("copying {} bytes to {} failed: {}", bytes, device_.id(), OpenCLErrorName(error));
  }
  Resident r{begin, begin + bytes, buffer};
  resident_.insert(std::upper_bound(resident_.begin(), resident_.end(), r,
                                    [](const Resident& a, const Resident& b) { return a.begin < b.begin; }),
                   r);
  stats().resident_buffers += 1;
  stats().resident_bytes += static_cast<int64_t>(bytes);
  return Status::OK();
}

DeviceRange OpenCLSession::FindResident(const void* host, size_t bytes) const {
  const auto* begin = static_cast<const uint8_t*>(host);
  // The last range starting at or before `begin` is the only one that can contain it
  // (resident ranges are distinct host buffers, so they do not overlap).
  auto it = std::upper_bound(resident_.begin(), resident_.end(), begin,
                             [](const uint8_t* p, const Resident& r) { return p < r.begin; });
  if (it == resident_.begin()) return {};
  --it;
  if (begin + bytes > it->end) return {};
  return {it->buffer, static_cast<size_t>(begin - it->begin)};
}

}  // namespace orbit::opencl
