#include "devices/cuda/cuda_session.h"

#include <algorithm>

namespace orbit::cuda {

CudaSession::CudaSession(const CudaDevice& device, FaultPlan faults)
    : DeviceSession(std::move(faults), device.id()),
      device_(device),
      kept_([this](void* device) { FreeOnSomeStream(device); }) {
  device_.SessionStarted();
}

CudaSession::~CudaSession() {
  const OrbitCudaApi& api = device_.api();
  // A call that failed midway may have left work queued: let every stream drain before
  // the inputs it may read are freed. (A kernel's own fault may show only here.)
  for (auto& [thread, s] : streams_) {
    if (const int32_t code = api.stream_synchronize(s); code != 0) device_.RecordError(code, "ending a pipeline");
  }
  kept_.ReleaseAll();
  void* stream = streams_.empty() ? nullptr : streams_.begin()->second;
  for (const Input& input : inputs_) {
    if (input.device != nullptr && stream != nullptr) api.free_async(input.device, stream);
  }
  for (auto& [thread, s] : streams_) {
    api.stream_synchronize(s);
    api.stream_destroy(s);
  }
  device_.resident_account().Release(reserved_bytes_);
  device_.SessionEnded();
}

void* CudaSession::StreamOfThisThread(Status* error) {
  std::lock_guard lock(mutex_);
  void*& stream = streams_[std::this_thread::get_id()];
  if (stream == nullptr) {
    const int32_t code = device_.api().stream_create(device_.index(), &stream);
    if (code != 0) {
      streams_.erase(std::this_thread::get_id());
      *error = Status::DeviceError("creating a CUDA stream on {} failed: {}", device_.id(),
                                   device_.RecordError(code, "creating a stream"));
      return nullptr;
    }
  }
  return stream;
}

void CudaSession::FreeOnSomeStream(void* device) {
  std::lock_guard lock(mutex_);
  auto it = streams_.find(std::this_thread::get_id());
  if (it == streams_.end()) it = streams_.begin();
  if (it != streams_.end()) device_.api().free_async(device, it->second);
}

void CudaSession::AddPipelineInput(const void* host, size_t bytes) {
  if (host == nullptr || bytes == 0) return;
  const auto* begin = static_cast<const uint8_t*>(host);
  Input input;
  input.begin = begin;
  input.end = begin + bytes;
  auto at = std::upper_bound(inputs_.begin(), inputs_.end(), begin,
                             [](const uint8_t* p, const Input& i) { return p < i.begin; });
  if (at != inputs_.begin() && std::prev(at)->begin == begin) {
    std::prev(at)->end = std::max(std::prev(at)->end, input.end);
    return;
  }
  inputs_.insert(at, std::move(input));
}

Status CudaSession::CopyToDevice(Input& input) {
  const uint64_t bytes = static_cast<uint64_t>(input.end - input.begin);
  if (!device_.resident_account().Reserve(bytes)) return Status::OK();  // streamed per kernel call instead
  // Without the memory behind it the reservation is given back: the budget counts only
  // what is allocated, so one failed input leaves its share to the others.
  auto release_reservation = [&](Status error) {
    device_.resident_account().Release(bytes);
    return error;
  };
  const OrbitCudaApi& api = device_.api();
  Status stream_error;
  void* stream = StreamOfThisThread(&stream_error);
  if (stream == nullptr) return release_reservation(stream_error);
  if (faults().ShouldFail("cuda", FaultPoint::kAlloc)) {
    return release_reservation(Status::DeviceError("injected fault ({}): allocating {} bytes on {} failed",
                                                   faults().plan().ToString(), bytes, device_.id()));
  }
  void* device = nullptr;
  int32_t code = api.alloc_async(device_.index(), bytes, stream, &device);
  if (code != 0) {
    return release_reservation(Status::DeviceError("allocating {} bytes on {} failed: {}", bytes, device_.id(),
                                                   device_.RecordError(code, "allocating a pipeline input")));
  }
  input.device = device;
  {
    std::lock_guard lock(mutex_);
    reserved_bytes_ += bytes;  // held, like the memory, until the session ends
  }
  if (faults().ShouldFail("cuda", FaultPoint::kUpload)) {
    return Status::DeviceError("injected fault ({}): copying {} bytes to {} failed", faults().plan().ToString(), bytes,
                               device_.id());
  }
  code = api.copy_to_device(device, input.begin, bytes, stream);
  // Other threads' streams read this copy: it must be complete before anyone uses it.
  if (code == 0) code = api.stream_synchronize(stream);
  if (code != 0) {
    return Status::DeviceError("copying {} bytes to {} failed: {}", bytes, device_.id(),
                               device_.RecordError(code, "copying a pipeline input"));
  }
  input.resident = true;
  stats().resident_buffers += 1;
  stats().resident_bytes += static_cast<int64_t>(bytes);
  return Status::OK();
}

ResidentLookup CudaSession::FindResident(const void* host, size_t bytes) {
  const auto* begin = static_cast<const uint8_t*>(host);
  auto it = std::upper_bound(inputs_.begin(), inputs_.end(), begin,
                             [](const uint8_t* p, const Input& i) { return p < i.begin; });
  if (it == inputs_.begin() || begin + bytes > std::prev(it)->end) {
    // Not a pipeline input: maybe an earlier kernel's output, kept while its buffer lives.
    const KeptOutputs::Found kept = kept_.Find(host, bytes);
    if (kept.device_buffer == nullptr) return {};
    stats().kept_output_hits += 1;
    return {static_cast<const uint8_t*>(kept.device_buffer) + kept.offset, Status::OK()};
  }
  Input& input = *std::prev(it);
  std::call_once(*input.copied, [&] { input.status = CopyToDevice(input); });
  if (!input.status.ok()) return {nullptr, input.status};
  if (!input.resident) return {};
  return {static_cast<const uint8_t*>(input.device) + (begin - input.begin), Status::OK()};
}

}  // namespace orbit::cuda
