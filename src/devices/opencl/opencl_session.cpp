#include "devices/opencl/opencl_session.h"

#include <algorithm>

namespace orbit::opencl {

OpenCLSession::~OpenCLSession() {
  for (const Input& input : inputs_) {
    if (input.buffer != nullptr) device_.api().ReleaseMemObject(input.buffer);
  }
  for (auto& [thread, offers] : offers_) Release(offers);
  for (auto& [begin, kept] : kept_) device_.api().ReleaseMemObject(kept.buffer);
}

void OpenCLSession::Release(std::vector<Output>& outputs) {
  for (const Output& output : outputs) device_.api().ReleaseMemObject(output.buffer);
  outputs.clear();
}

void OpenCLSession::DropOffers() {
  std::lock_guard lock(outputs_mutex_);
  auto it = offers_.find(std::this_thread::get_id());
  if (it != offers_.end()) Release(it->second);
}

void OpenCLSession::OfferOutputs(std::vector<Output> outputs) {
  std::lock_guard lock(outputs_mutex_);
  std::vector<Output>& offers = offers_[std::this_thread::get_id()];
  Release(offers);
  offers = std::move(outputs);
}

void OpenCLSession::KeepOutput(const std::shared_ptr<Buffer>& buffer) {
  if (!buffer || buffer->size() == 0) return;
  std::lock_guard lock(outputs_mutex_);
  // Device copies of buffers freed since are dropped first, so their addresses can be
  // reused by the buffer being kept.
  for (auto it = kept_.begin(); it != kept_.end();) {
    if (it->second.owner.expired()) {
      device_.api().ReleaseMemObject(it->second.buffer);
      it = kept_.erase(it);
    } else {
      ++it;
    }
  }
  auto offers = offers_.find(std::this_thread::get_id());
  if (offers == offers_.end()) return;
  for (auto it = offers->second.begin(); it != offers->second.end(); ++it) {
    if (it->host != buffer->data() || it->bytes != buffer->size()) continue;
    const uint8_t* begin = buffer->data();
    kept_[begin] = KeptOutput{begin + it->bytes, it->buffer, buffer};
    offers->second.erase(it);
    return;
  }
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
  if (faults().ShouldFail("opencl", FaultPoint::kAlloc)) {
    return Status::DeviceError("injected fault ({}): allocating {} bytes on {} failed", faults().plan().ToString(),
                               bytes, device_.id());
  }
  cl_int error = CL_SUCCESS;
  cl_mem buffer = api.CreateBuffer(device_.context(), CL_MEM_READ_ONLY, bytes, nullptr, &error);
  if (error != CL_SUCCESS) {
    return Status::DeviceError("allocating {} bytes on {} failed: {}", bytes, device_.id(), OpenCLErrorName(error));
  }
  if (faults().ShouldFail("opencl", FaultPoint::kUpload)) {
    api.ReleaseMemObject(buffer);
    return Status::DeviceError("injected fault ({}): copying {} bytes to {} failed", faults().plan().ToString(), bytes,
                               device_.id());
  }
  error = api.EnqueueWriteBuffer(device_.queue(), buffer, CL_TRUE, 0, bytes, input.begin, 0, nullptr, nullptr);
  if (error != CL_SUCCESS) {
    api.ReleaseMemObject(buffer);
    return Status::DeviceError("copying {} bytes to {} failed: {}", bytes, device_.id(), OpenCLErrorName(error));
  }
  input.buffer = buffer;
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
    std::lock_guard lock(outputs_mutex_);
    auto kept = kept_.upper_bound(begin);
    if (kept == kept_.begin()) return {};
    --kept;
    if (begin + bytes > kept->second.end || kept->second.owner.expired()) return {};
    stats().kept_output_hits += 1;
    return {{kept->second.buffer, static_cast<size_t>(begin - kept->first)}, Status::OK()};
  }
  Input& input = *std::prev(it);
  std::call_once(*input.copied, [&] { input.status = CopyToDevice(input); });
  if (!input.status.ok()) return {{}, input.status};
  return {{input.buffer, static_cast<size_t>(begin - input.begin)}, Status::OK()};
}

}  // namespace orbit::opencl
