#include "devices/kept_outputs.h"

namespace orbit {

void KeptOutputs::ReleaseOffers(std::vector<Offer>& offers) {
  for (const Offer& offer : offers) release_(offer.device_buffer);
  offers.clear();
}

void KeptOutputs::OfferOutputs(std::vector<Offer> outputs) {
  std::lock_guard lock(mutex_);
  std::vector<Offer>& offers = offers_[std::this_thread::get_id()];
  ReleaseOffers(offers);
  offers = std::move(outputs);
}

void KeptOutputs::DropOffers() {
  std::lock_guard lock(mutex_);
  auto it = offers_.find(std::this_thread::get_id());
  if (it != offers_.end()) ReleaseOffers(it->second);
}

void KeptOutputs::Keep(const std::shared_ptr<Buffer>& buffer) {
  if (!buffer || buffer->size() == 0) return;
  std::lock_guard lock(mutex_);
  // Copies of buffers freed since go first, so their addresses can be reused by this one.
  for (auto it = kept_.begin(); it != kept_.end();) {
    if (it->second.owner.expired()) {
      release_(it->second.device_buffer);
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
    kept_[begin] = Kept{begin + it->bytes, it->device_buffer, buffer};
    offers->second.erase(it);
    return;
  }
}

KeptOutputs::Found KeptOutputs::Find(const void* host, size_t bytes) {
  const auto* begin = static_cast<const uint8_t*>(host);
  std::lock_guard lock(mutex_);
  auto kept = kept_.upper_bound(begin);
  if (kept == kept_.begin()) return {};
  --kept;
  if (begin + bytes > kept->second.end || kept->second.owner.expired()) return {};
  return {kept->second.device_buffer, static_cast<size_t>(begin - kept->first)};
}

void KeptOutputs::ReleaseAll() {
  std::lock_guard lock(mutex_);
  for (auto& [thread, offers] : offers_) ReleaseOffers(offers);
  offers_.clear();
  for (auto& [begin, kept] : kept_) release_(kept.device_buffer);
  kept_.clear();
}

}  // namespace orbit
