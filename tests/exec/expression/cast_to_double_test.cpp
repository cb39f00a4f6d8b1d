// CastColumn from exact numbers to DOUBLE (one loop per storage type) gives, row for row,
// what DecimalToDouble gives: every value rounded once, also past 2^53 and at large scales.
#include <gtest/gtest.h>

#include <bit>
#include <cstdint>
#include <random>

#include "columnar/value_format.h"
#include "exec/expression/cast.h"

namespace orbit {
namespace {

// A column of `type` holding `values` (scaled integers), every seventh row NULL.
ColumnPtr ExactColumn(const DataType& type, const std::vector<int128_t>& values) {
  ColumnBuilder builder(type, static_cast<int64_t>(values.size()));
  for (size_t i = 0; i < values.size(); ++i) {
    if (i % 7 == 3) {
      builder.AppendNull();
      continue;
    }
    switch (type.byte_width()) {
      case 1: builder.AppendInt8(static_cast<int8_t>(values[i])); break;
      case 2: builder.AppendInt16(static_cast<int16_t>(values[i])); break;
      case 4: builder.AppendInt32(static_cast<int32_t>(values[i])); break;
      case 8: builder.AppendInt64(static_cast<int64_t>(values[i])); break;
      default: builder.AppendInt128(values[i]); break;
    }
  }
  return builder.Finish();
}

void ExpectEveryRowRoundedOnce(const DataType& type, const std::vector<int128_t>& values) {
  ColumnPtr input = ExactColumn(type, values);
  auto cast = CastColumn(input->view(), DataType::Double());
  ASSERT_TRUE(cast.ok()) << cast.status().ToString();
  const ColumnView out = (*cast)->view();
  ASSERT_EQ(out.length, static_cast<int64_t>(values.size()));
  const int scale = type.is_decimal() ? type.scale : 0;
  for (size_t i = 0; i < values.size(); ++i) {
    const auto row = static_cast<int64_t>(i);
    ASSERT_EQ(out.IsValid(row), i % 7 != 3) << type.ToString() << " row " << i;
    if (!out.IsValid(row)) continue;
    const double expected = DecimalToDouble(values[i], scale);
    const double got = out.values<double>()[row];
    ASSERT_EQ(std::bit_cast<uint64_t>(got), std::bit_cast<uint64_t>(expected))
        << type.ToString() << " value " << FormatDecimal(values[i], scale) << ": " << got << " vs " << expected;
  }
}

TEST(CastToDouble, EveryExactTypeRoundsLikeDecimalToDouble) {
  std::mt19937_64 random(20261206);
  const int128_t two53 = int128_t{1} << 53;
  for (const DataType& type :
       {DataType::Int8(), DataType::Int16(), DataType::Int32(), DataType::Int64(), DataType::Decimal(15, 2),
        DataType::Decimal(18, 0), DataType::Decimal(18, 17), DataType::Decimal(38, 10), DataType::Decimal(38, 30)}) {
    const int digits = type.is_decimal() ? type.precision : type.byte_width() == 1 ? 2 : type.byte_width() * 2;
    int128_t max = 1;
    for (int d = 0; d < digits; ++d) max *= 10;
    max -= 1;
    if (!type.is_decimal()) {
      const int bits = type.byte_width() * 8 - 1;
      max = bits >= 63 ? int128_t{INT64_MAX} : (int128_t{1} << bits) - 1;
    }
    std::vector<int128_t> values = {0, 1, -1, max, -max};
    // Around 2^53, where a double stops holding every integer, when the type reaches it.
    if (max > two53 + 3) {
      for (int128_t d = -3; d <= 3; ++d) values.push_back(two53 + d), values.push_back(-(two53 + d));
    }
    for (int k = 0; k < 2000; ++k) {
      const int128_t wide = (static_cast<int128_t>(random()) << 64) | random();
      int128_t v = wide % (max + 1);
      values.push_back(v < 0 ? v : (k % 2 == 0 ? v : -v));
    }
    ExpectEveryRowRoundedOnce(type, values);
  }
}

}  // namespace
}  // namespace orbit
