#include "columnar/buffer.h"

#include "common/large_allocation.h"

#include <cstdlib>
#include <cstring>
#include <new>

namespace orbit {
namespace {

size_t Padded(size_t size) {
  return (size + Buffer::kAlignment - 1) / Buffer::kAlignment * Buffer::kAlignment + Buffer::kAlignment;
}

uint8_t* AlignedAlloc(size_t capacity) {
  void* p = AllocateLarge(capacity, Buffer::kAlignment);
  if (p == nullptr) throw std::bad_alloc();
  return static_cast<uint8_t*>(p);
}

}  // namespace

std::shared_ptr<Buffer> Buffer::Allocate(size_t size) {
  std::shared_ptr<Buffer> buffer(new Buffer());
  buffer->capacity_ = Padded(size);
  buffer->data_ = AlignedAlloc(buffer->capacity_);
  buffer->size_ = size;
  // The padding is zeroed so that reading it (SIMD tails, sanitizers) is defined.
  std::memset(buffer->data_ + size, 0, buffer->capacity_ - size);
  return buffer;
}

std::shared_ptr<Buffer> Buffer::AllocateZeroed(size_t size) {
  auto buffer = Allocate(size);
  std::memset(buffer->data_, 0, size);
  return buffer;
}

std::shared_ptr<Buffer> Buffer::Wrap(const void* data, size_t size, std::function<void()> release) {
  std::shared_ptr<Buffer> buffer(new Buffer());
  buffer->data_ = static_cast<uint8_t*>(const_cast<void*>(data));
  buffer->size_ = size;
  buffer->release_ = release ? std::move(release) : [] {};
  return buffer;
}

Buffer::~Buffer() {
  if (release_) {
    release_();
  } else {
    FreeLarge(data_, capacity_);
  }
}

void Buffer::Resize(size_t new_size) {
  if (new_size + kAlignment <= capacity_) {
    size_ = new_size;
    return;
  }
  size_t capacity = Padded(std::max(new_size, capacity_ * 2));
  uint8_t* data = AlignedAlloc(capacity);
  if (size_ > 0) std::memcpy(data, data_, size_);
  std::memset(data + size_, 0, capacity - size_);
  FreeLarge(data_, capacity_);
  data_ = data;
  capacity_ = capacity;
  size_ = new_size;
}

}  // namespace orbit
