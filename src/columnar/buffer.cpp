#include "columnar/buffer.h"

#include "common/large_allocation.h"
#include "common/memory_scope.h"

#include <cstdlib>
#include <cstring>
#include <new>

namespace orbit {
namespace {

size_t Padded(size_t size) {
  return (size + Buffer::kAlignment - 1) / Buffer::kAlignment * Buffer::kAlignment + Buffer::kAlignment;
}

// `capacity` bytes charged to `account`, which is released again when they cannot be had.
uint8_t* AlignedAlloc(size_t capacity, MemoryAccount& account) {
  void* p = AllocateLarge(capacity, Buffer::kAlignment);
  if (p == nullptr) {
    account.Release(capacity);
    throw std::bad_alloc();
  }
  return static_cast<uint8_t*>(p);
}

}  // namespace

std::shared_ptr<Buffer> Buffer::Allocate(size_t size) {
  std::shared_ptr<Buffer> buffer(new Buffer());
  const size_t capacity = Padded(size);
  buffer->account_ = ChargeCurrentAccount(capacity);
  buffer->data_ = AlignedAlloc(capacity, *buffer->account_);
  buffer->capacity_ = capacity;
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
    if (account_) account_->Release(capacity_);
  }
}

void Buffer::Resize(size_t new_size) {
  if (new_size + kAlignment <= capacity_) {
    size_ = new_size;
    return;
  }
  size_t capacity = Padded(std::max(new_size, capacity_ * 2));
  // The new block is charged to the account of the one it replaces.
  if (!account_) account_ = ChargeCurrentAccount(0);
  account_->Reserve(capacity);
  uint8_t* data = AlignedAlloc(capacity, *account_);
  if (size_ > 0) std::memcpy(data, data_, size_);
  std::memset(data + size_, 0, capacity - size_);
  FreeLarge(data_, capacity_);
  account_->Release(capacity_);
  data_ = data;
  capacity_ = capacity;
  size_ = new_size;
}

}  // namespace orbit
