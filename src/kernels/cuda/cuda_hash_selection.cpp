// Host side of hash_selection.cu: hashes (fresh or combined into the running row hashes),
// rows of a bitmap, and gathers of 4-, 8- and 16-byte values.
#include <algorithm>
#include <vector>

#include "columnar/bitmap.h"
#include "kernels/cuda/cuda_call.h"
#include "kernels/cuda/cuda_kernels.h"

namespace orbit::cuda {

namespace {

/// Hashes n rows into out; false when the device failed (out is then unchanged, so the
/// reference can still combine into the running hashes).
bool HashOnDevice(int32_t kind, const void* values, size_t value_bytes, const char* chars, size_t char_bytes,
                  const uint8_t* validity, size_t n, bool combine, uint64_t* out) {
  CudaCall call("hash");
  OrbitCudaHashArgs args{};
  args.kind = kind;
  args.combine = combine ? 1 : 0;
  args.d_values = call.Input(values, value_bytes);
  args.d_chars = static_cast<const char*>(call.Input(chars, char_bytes));
  args.d_validity = static_cast<const uint8_t*>(call.Input(validity, bitmap::Bytes(n)));
  args.n = n;
  args.d_out =
      static_cast<uint64_t*>(combine ? call.InputOutput(out, n * sizeof(uint64_t)) : call.Output(n * sizeof(uint64_t)));
  call.Launch(&OrbitCudaKernelApi::hash, args);
  // A copy that fails midway may leave part of its bytes behind: combined hashes come back
  // aside, and reach `out` only once the call succeeded.
  std::vector<uint64_t> combined(combine ? n : 0);
  call.Read(combine ? combined.data() : out, args.d_out, n * sizeof(uint64_t));
  if (!call.Succeeded()) return false;
  if (combine) std::copy(combined.begin(), combined.end(), out);
  return true;
}

template <typename T, int32_t kKind>
bool HashFixed(const T* values, const uint8_t* validity, size_t n, bool combine, uint64_t* out) {
  return HashOnDevice(kKind, values, n * sizeof(T), nullptr, 0, validity, n, combine, out);
}

bool HashString(const int32_t* offsets, const char* chars, const uint8_t* validity, size_t n, bool combine,
                uint64_t* out) {
  // Offsets index `chars` from its start; the last one is the bytes the rows span.
  const size_t char_bytes = static_cast<size_t>(offsets[n]);
  return HashOnDevice(kOrbitCudaHashString, offsets, (n + 1) * sizeof(int32_t), char_bytes > 0 ? chars : nullptr,
                      char_bytes, validity, n, combine, out);
}

std::optional<size_t> FromBitmap(const uint8_t* bits, const uint8_t* validity, size_t n, uint32_t* out) {
  CudaCall call("selection_from_bitmap");
  OrbitCudaSelectionArgs args{};
  args.d_in = call.Input(bits, bitmap::Bytes(n));
  args.d_validity = static_cast<const uint8_t*>(call.Input(validity, bitmap::Bytes(n)));
  args.n = n;
  args.d_out = call.Output(n * sizeof(uint32_t));
  args.d_count = static_cast<uint64_t*>(call.Output(sizeof(uint64_t)));
  call.Launch(&OrbitCudaKernelApi::from_bitmap, args);
  uint64_t count = 0;
  call.Read(&count, args.d_count, sizeof(count));
  call.Read(out, args.d_out, count * sizeof(uint32_t));
  if (!call.Succeeded()) return std::nullopt;
  return count;
}

template <typename Word>
bool Gather(const Word* in, const uint32_t* sel, size_t count, Word* out) {
  // The input's extent is what the selection reaches.
  const size_t in_count = size_t{*std::max_element(sel, sel + count)} + 1;
  CudaCall call("selection_gather");
  OrbitCudaSelectionArgs args{};
  args.width = sizeof(Word);
  args.d_in = call.Input(in, in_count * sizeof(Word));
  args.d_sel = static_cast<const uint32_t*>(call.Input(sel, count * sizeof(uint32_t)));
  args.n = count;
  args.d_out = call.Output(count * sizeof(Word));
  call.Launch(&OrbitCudaKernelApi::gather, args);
  call.Read(out, args.d_out, count * sizeof(Word));
  return call.Succeeded();
}

struct HashSteps {
  static constexpr auto int32 = &HashFixed<int32_t, kOrbitCudaHashI32>;
  static constexpr auto int64 = &HashFixed<int64_t, kOrbitCudaHashI64>;
  static constexpr auto int128 = &HashFixed<int128_t, kOrbitCudaHashI128>;
  static constexpr auto float64 = &HashFixed<double, kOrbitCudaHashF64>;
  static constexpr auto string = &HashString;
};

struct SelectionSteps {
  static constexpr auto from_bitmap = &FromBitmap;
  static constexpr auto gather32 = &Gather<uint32_t>;
  static constexpr auto gather64 = &Gather<uint64_t>;
  static constexpr auto gather128 = &Gather<int128_t>;
};

}  // namespace

void AddHashAndSelection(KernelTable* table) {
  device::AddHashEntries<HashSteps>(table);
  device::AddSelectionEntries<SelectionSteps>(table);
}

}  // namespace orbit::cuda
