#include "kernels/device/device_call.h"

#include <algorithm>

#include "devices/device_registry.h"

namespace orbit::device {

DeviceBackend::DeviceBackend(DeviceKind kind, const char* name, const char* label)
    : kind_(kind), name_(name), label_(label), environment_faults_(EnvironmentFaultPlan()) {}

const Device* DeviceBackend::DefaultDevice() const { return DeviceRegistry::Instance().FirstOfKind(kind_); }

void DeviceBackend::ReportFailure(const Status& status) {
  if (auto* session = DeviceSession::Current()) {
    session->RecordFailure(status);
    return;
  }
  std::lock_guard lock(failure_mutex_);
  if (failure_outside_pipelines_.empty()) failure_outside_pipelines_ = status.ToString();
}

std::string DeviceBackend::TakeFailureOutsidePipelines() {
  std::lock_guard lock(failure_mutex_);
  std::string failure;
  failure.swap(failure_outside_pipelines_);
  return failure;
}

DeviceCall::DeviceCall(DeviceBackend& backend, std::string kernel_name)
    : backend_(backend), name_(std::move(kernel_name)) {
  DeviceSession* current = DeviceSession::Current();
  if (current != nullptr && current->device().kind() == backend_.kind()) session_ = current;
  device_ = session_ != nullptr ? &session_->device() : backend_.DefaultDevice();
  if (device_ == nullptr) {
    status_ = Status::DeviceError("no {} device for kernel {}", backend_.label(), name_);
    return;
  }
  if (session_ != nullptr) {
    session_->stats().kernel_calls += 1;
    session_->kept_outputs().DropOffers();
  }
}

bool DeviceCall::Succeeded() {
  if (!failed()) return true;
  if (!reported_) backend_.ReportFailure(status_);
  reported_ = true;
  return false;
}

void DeviceCall::Fail(Status status) {
  if (status_.ok()) status_ = std::move(status);
}

void DeviceCall::FailStep(std::string_view what, const std::string& detail) {
  Fail(Status::DeviceError("{} for {} kernel {} on {} failed: {}", what, backend_.label(), name_, device_->id(),
                           detail));
}

bool DeviceCall::FaultFires(FaultPoint point) {
  if (failed()) return false;
  FaultTrigger& faults = session_ != nullptr ? session_->faults() : backend_.faults_outside_pipelines();
  return faults.ShouldFail(backend_.name(), point);
}

bool DeviceCall::Inject(FaultPoint point, const char* what) {
  if (failed()) return true;
  if (!FaultFires(point)) return false;
  const FaultTrigger& faults = session_ != nullptr ? session_->faults() : backend_.faults_outside_pipelines();
  Fail(Status::DeviceError("injected fault ({}): {} for {} kernel {} on {} failed", faults.plan().ToString(), what,
                           backend_.label(), name_, device_->id()));
  return true;
}

void DeviceCall::Own(void* buffer) {
  if (buffer != nullptr) owned_.push_back(buffer);
}

void DeviceCall::CountUpload(size_t bytes) {
  if (session_ != nullptr) session_->stats().upload_bytes += static_cast<int64_t>(bytes);
}

void DeviceCall::CountLaunch() {
  if (session_ != nullptr) session_->stats().launches += 1;
}

void DeviceCall::CountRead(void* host, size_t bytes, void* buffer) {
  if (session_ == nullptr) return;
  session_->stats().download_bytes += static_cast<int64_t>(bytes);
  // Only this call's own buffers can be offered (not resident inputs it read back), each once.
  if (std::find(owned_.begin(), owned_.end(), buffer) != owned_.end() &&
      std::none_of(reads_.begin(), reads_.end(), [&](const auto& r) { return r.device_buffer == buffer; })) {
    reads_.push_back({host, bytes, buffer});
  }
}

void DeviceCall::ReleaseBuffers(const std::function<void(void*)>& release) {
  if (session_ != nullptr && !failed() && !reads_.empty()) {
    // The session takes over the buffers read back; they are not released here.
    for (const auto& read : reads_) std::erase(owned_, read.device_buffer);
    session_->kept_outputs().OfferOutputs(std::move(reads_));
  }
  for (void* buffer : owned_) release(buffer);
  owned_.clear();
}

}  // namespace orbit::device
