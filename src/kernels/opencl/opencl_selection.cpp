// Host side of selection.cl. A gather's input length is not passed in, so the input range
// copied is the one the indices reach.
#include <algorithm>

#include "columnar/bitmap.h"
#include "kernels/opencl/opencl_call.h"
#include "kernels/opencl/opencl_kernels.h"

namespace orbit::opencl {

namespace {

std::optional<size_t> FromBitmap(const uint8_t* bits, const uint8_t* validity, size_t n, uint32_t* out) {
  const size_t words = MaskWords(n);
  KernelCall call("selection_from_bitmap");
  call.Input(bits, bitmap::Bytes(n));
  call.OptionalInput(validity, bitmap::Bytes(n));
  call.Scalar<cl_uint>(static_cast<cl_uint>(n));
  const int mask = call.Output(words * sizeof(uint32_t));
  call.Launch(words);
  std::vector<uint32_t> result(words);
  call.Read(mask, result.data(), words * sizeof(uint32_t));
  if (!call.Succeeded()) return std::nullopt;
  return ExpandMask(result, nullptr, n, out);
}

template <typename Word>
bool Gather(const Word* in, const uint32_t* sel, size_t count, Word* out) {
  const size_t in_rows = size_t{*std::max_element(sel, sel + count)} + 1;
  KernelCall call(sizeof(Word) == 4 ? "gather_32" : sizeof(Word) == 8 ? "gather_64" : "gather_128");
  call.Input(in, in_rows * sizeof(Word));
  call.Input(sel, count * sizeof(uint32_t));
  call.Scalar<cl_uint>(static_cast<cl_uint>(count));
  const int result = call.Output(count * sizeof(Word));
  call.Launch(count);
  call.Read(result, out, count * sizeof(Word));
  return call.Succeeded();
}

struct SelectionSteps {
  static constexpr auto from_bitmap = &FromBitmap;
  static constexpr auto gather32 = &Gather<uint32_t>;
  static constexpr auto gather64 = &Gather<uint64_t>;
  static constexpr auto gather128 = &Gather<int128_t>;
};

}  // namespace

void AddSelection(KernelTable* table) { device::AddSelectionEntries<SelectionSteps>(table); }

}  // namespace orbit::opencl
