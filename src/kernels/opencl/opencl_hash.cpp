// Host side of hash.cl. With `combine`, the running hashes go to the device and come back
// combined; `out` is only written once the device succeeded.
#include "columnar/bitmap.h"
#include "kernels/opencl/opencl_call.h"
#include "kernels/opencl/opencl_kernels.h"

namespace orbit::opencl {

namespace {

/// Adds the running-hash arguments, launches one item per row, reads the hashes back.
bool HashOnDevice(KernelCall& call, size_t n, bool combine, uint64_t* out) {
  call.Scalar<cl_uint>(static_cast<cl_uint>(n));
  call.Scalar<cl_int>(combine ? 1 : 0);
  const int hashes = combine ? call.InputOutput(out, n * sizeof(uint64_t)) : call.Output(n * sizeof(uint64_t));
  call.Launch(n);
  std::vector<uint64_t> result(n);
  call.Read(hashes, result.data(), n * sizeof(uint64_t));
  if (!call.Succeeded()) return false;
  std::copy(result.begin(), result.end(), out);
  return true;
}

template <typename T>
bool HashFixed(const T* values, const uint8_t* validity, size_t n, bool combine, uint64_t* out) {
  KernelCall call(KernelName<T>("hash_column"));
  call.Input(values, n * sizeof(T));
  call.OptionalInput(validity, bitmap::Bytes(n));
  return HashOnDevice(call, n, combine, out);
}

bool HashString(const int32_t* offsets, const char* chars, const uint8_t* validity, size_t n, bool combine,
                uint64_t* out) {
  KernelCall call("hash_column_string");
  call.Input(offsets, (n + 1) * sizeof(int32_t));
  call.Input(chars, static_cast<size_t>(offsets[n]));
  call.OptionalInput(validity, bitmap::Bytes(n));
  return HashOnDevice(call, n, combine, out);
}

struct HashSteps {
  static constexpr auto int32 = &HashFixed<int32_t>;
  static constexpr auto int64 = &HashFixed<int64_t>;
  static constexpr auto int128 = &HashFixed<int128_t>;
  static constexpr auto float64 = &HashFixed<double>;
  static constexpr auto string = &HashString;
};

}  // namespace

void AddHash(KernelTable* table) { device::AddHashEntries<HashSteps>(table); }

}  // namespace orbit::opencl
