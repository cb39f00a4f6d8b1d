// Host side of hash_selection.cu: hashes (fresh or combined into the running row hashes),
// rows of a bitmap, and gathers of 4-, 8- and 16-byte values.
#include <algorithm>

#include "columnar/bitmap.h"
#include "kernels/cuda/cuda_call.h"
#include "kernels/cuda/cuda_kernels.h"
#include "kernels/reference/reference_kernels.h"

namespace orbit::cuda {

namespace {

/// Hashes n rows into out; false when the device failed.
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
  call.Launch(&OrbitCudaApi::hash, args);
  call.Read(out, args.d_out, n * sizeof(uint64_t));
  if (call.failed()) ReportFailure(call.status());
  return !call.failed();
}

template <typename T, int32_t kKind, auto kReference>
void HashFixed(const T* values, const uint8_t* validity, size_t n, bool combine, uint64_t* out) {
  if (n == 0) return;
  if (HashOnDevice(kKind, values, n * sizeof(T), nullptr, 0, validity, n, combine, out)) return;
  (reference::Hash().*kReference)(values, validity, n, combine, out);
}

void HashString(const int32_t* offsets, const char* chars, const uint8_t* validity, size_t n, bool combine,
                uint64_t* out) {
  if (n == 0) return;
  // Offsets index `chars` from its start; the last one is the bytes the rows span.
  const size_t char_bytes = static_cast<size_t>(offsets[n]);
  if (HashOnDevice(kOrbitCudaHashString, offsets, (n + 1) * sizeof(int32_t), char_bytes > 0 ? chars : nullptr,
                   char_bytes, validity, n, combine, out)) {
    return;
  }
  reference::Hash().string(offsets, chars, validity, n, combine, out);
}

size_t FromBitmap(const uint8_t* bits, const uint8_t* validity, size_t n, uint32_t* out) {
  if (n == 0) return 0;
  CudaCall call("selection_from_bitmap");
  OrbitCudaSelectionArgs args{};
  args.d_in = call.Input(bits, bitmap::Bytes(n));
  args.d_validity = static_cast<const uint8_t*>(call.Input(validity, bitmap::Bytes(n)));
  args.n = n;
  args.d_out = call.Output(n * sizeof(uint32_t));
  args.d_count = static_cast<uint64_t*>(call.Output(sizeof(uint64_t)));
  call.Launch(&OrbitCudaApi::from_bitmap, args);
  uint64_t count = 0;
  call.Read(&count, args.d_count, sizeof(count));
  call.Read(out, args.d_out, count * sizeof(uint32_t));
  if (call.failed()) {
    ReportFailure(call.status());
    return reference::Selection().from_bitmap(bits, validity, n, out);
  }
  return count;
}

template <typename Word>
void Gather(const Word* in, const uint32_t* sel, size_t count, Word* out) {
  if (count == 0) return;
  // The input's extent is what the selection reaches.
  const size_t in_count = size_t{*std::max_element(sel, sel + count)} + 1;
  CudaCall call("selection_gather");
  OrbitCudaSelectionArgs args{};
  args.width = sizeof(Word);
  args.d_in = call.Input(in, in_count * sizeof(Word));
  args.d_sel = static_cast<const uint32_t*>(call.Input(sel, count * sizeof(uint32_t)));
  args.n = count;
  args.d_out = call.Output(count * sizeof(Word));
  call.Launch(&OrbitCudaApi::gather, args);
  call.Read(out, args.d_out, count * sizeof(Word));
  if (!call.failed()) return;
  ReportFailure(call.status());
  for (size_t k = 0; k < count; ++k) out[k] = in[sel[k]];
}

}  // namespace

HashKernels Hash() {
  return {&HashFixed<int32_t, kOrbitCudaHashI32, &HashKernels::int32>,
          &HashFixed<int64_t, kOrbitCudaHashI64, &HashKernels::int64>,
          &HashFixed<int128_t, kOrbitCudaHashI128, &HashKernels::int128>,
          &HashFixed<double, kOrbitCudaHashF64, &HashKernels::float64>, &HashString};
}

SelectionKernels Selection() { return {&FromBitmap, &Gather<uint32_t>, &Gather<uint64_t>, &Gather<int128_t>}; }

}  // namespace orbit::cuda
