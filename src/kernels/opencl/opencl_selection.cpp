// Host side of selection.cl. A gather's input length is not passed in, so the input range
// copied is the one the indices reach.
#include <algorithm>

#include "columnar/bitmap.h"
#include "kernels/opencl/opencl_call.h"
#include "kernels/opencl/opencl_kernels.h"
#include "kernels/reference/reference_kernels.h"

namespace orbit::opencl {

namespace {

size_t FromBitmap(const uint8_t* bits, const uint8_t* validity, size_t n, uint32_t* out) {
  if (n == 0) return 0;
  const size_t words = MaskWords(n);
  KernelCall call("selection_from_bitmap");
  call.Input(bits, bitmap::Bytes(n));
  call.OptionalInput(validity, bitmap::Bytes(n));
  call.Scalar<cl_uint>(static_cast<cl_uint>(n));
  const int mask = call.Output(words * sizeof(uint32_t));
  call.Launch(words);
  std::vector<uint32_t> result(words);
  call.Read(mask, result.data(), words * sizeof(uint32_t));
  if (call.failed()) {
    ReportFailure(call.status());
    return reference::Selection().from_bitmap(bits, validity, n, out);
  }
  return ExpandMask(result, nullptr, n, out);
}

template <typename Word, auto kReference>
void Gather(const Word* in, const uint32_t* sel, size_t count, Word* out) {
  if (count == 0) return;
  const size_t in_rows = size_t{*std::max_element(sel, sel + count)} + 1;
  KernelCall call(sizeof(Word) == 4 ? "gather_32" : sizeof(Word) == 8 ? "gather_64" : "gather_128");
  call.Input(in, in_rows * sizeof(Word));
  call.Input(sel, count * sizeof(uint32_t));
  call.Scalar<cl_uint>(static_cast<cl_uint>(count));
  const int result = call.Output(count * sizeof(Word));
  call.Launch(count);
  call.Read(result, out, count * sizeof(Word));
  if (call.failed()) {
    ReportFailure(call.status());
    (reference::Selection().*kReference)(in, sel, count, out);
  }
}

}  // namespace

SelectionKernels Selection() {
  return {&FromBitmap, &Gather<uint32_t, &SelectionKernels::gather32>, &Gather<uint64_t, &SelectionKernels::gather64>,
          &Gather<int128_t, &SelectionKernels::gather128>};
}

}  // namespace orbit::opencl
