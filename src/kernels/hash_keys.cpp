#include "kernels/hash_keys.h"

#include <algorithm>
#include <cstring>
#include <string>
#include <vector>

#include "columnar/interval.h"
#include "columnar/list_value.h"
#include "kernels/kernel_table.h"

namespace orbit {

namespace {

int64_t BoolAsInt(const ColumnView& c, int64_t row) {
  return physical_type(c.type) == PhysicalType::kBit ? c.GetBool(row) : 0;
}

template <typename From, typename To, typename Kernel>
void HashWidened(Kernel kernel, const ColumnView& c, int64_t n, bool combine, uint64_t* out) {
  std::vector<To> wide(static_cast<size_t>(n));
  const From* values = c.values<From>();
  for (int64_t i = 0; i < n; ++i) wide[i] = values[i];  // NOLINT(bugprone-signed-char-misuse): a number
  kernel(wide.data(), c.validity, n, combine, out);
}

}  // namespace

void HashKeys(const HashKernels& kernels, const std::vector<ColumnView>& keys, int64_t n, uint64_t* out) {
  if (keys.empty()) {
    std::memset(out, 0, n * sizeof(uint64_t));
    return;
  }
  for (size_t k = 0; k < keys.size(); ++k) {
    const ColumnView& c = keys[k];
    const bool combine = k > 0;
    switch (physical_type(c.type)) {
      case PhysicalType::kInt32: kernels.int32(c.values<int32_t>(), c.validity, n, combine, out); break;
      case PhysicalType::kInt64: kernels.int64(c.values<int64_t>(), c.validity, n, combine, out); break;
      case PhysicalType::kInt128:
        if (c.type.is_interval()) {
          // An INTERVAL hashes by its span, so '1 mon' and '30 days' meet (they are equal).
          std::vector<int128_t> spans(static_cast<size_t>(n));
          for (int64_t i = 0; i < n; ++i) spans[i] = IntervalSpanOfBits(c.values<int128_t>()[i]);
          kernels.int128(spans.data(), c.validity, n, combine, out);
          break;
        }
        kernels.int128(c.values<int128_t>(), c.validity, n, combine, out);
        break;
      case PhysicalType::kDouble: kernels.float64(c.values<double>(), c.validity, n, combine, out); break;
      // TINYINT, SMALLINT and REAL hash as the INTEGER and DOUBLE they widen to exactly.
      case PhysicalType::kInt8: HashWidened<int8_t, int32_t>(kernels.int32, c, n, combine, out); break;
      case PhysicalType::kInt16: HashWidened<int16_t, int32_t>(kernels.int32, c, n, combine, out); break;
      case PhysicalType::kFloat: HashWidened<float, double>(kernels.float64, c, n, combine, out); break;
      case PhysicalType::kString: kernels.string(c.offsets(), c.chars, c.validity, n, combine, out); break;
      case PhysicalType::kFixedArray: {
        // An array row hashes as the string of its bytes, in blocks whose int32 offsets
        // cannot overflow (a multiple of 8 rows, so the validity bitmap stays byte-aligned).
        constexpr int64_t kBlock = 4096;
        const int64_t width = c.type.byte_width();
        std::vector<int32_t> offsets(kBlock + 1);
        for (int64_t i = 0; i <= kBlock; ++i) offsets[i] = static_cast<int32_t>(i * width);
        for (int64_t begin = 0; begin < n; begin += kBlock) {
          const int64_t rows = std::min(kBlock, n - begin);
          kernels.string(offsets.data(), static_cast<const char*>(c.data) + begin * width,
                         c.validity ? c.validity + begin / 8 : nullptr, rows, combine, out + begin);
        }
        break;
      }
      case PhysicalType::kList: {
        // An array hashes as the string of its canonical key (list_value.h), which equal
        // arrays share.
        std::vector<int32_t> offsets{0};
        std::string bytes;
        for (int64_t i = 0; i < n; ++i) {
          if (c.IsValid(i)) AppendListKey(c, i, &bytes);
          offsets.push_back(static_cast<int32_t>(bytes.size()));
        }
        kernels.string(offsets.data(), bytes.data(), c.validity, n, combine, out);
        break;
      }
      default: {
        // BOOLEAN and NULL keys: hash their 0/1 value as an integer.
        std::vector<int64_t> ints(n);
        for (int64_t i = 0; i < n; ++i) ints[i] = BoolAsInt(c, i);
        kernels.int64(ints.data(), c.validity, n, combine, out);
      }
    }
  }
}

}  // namespace orbit
