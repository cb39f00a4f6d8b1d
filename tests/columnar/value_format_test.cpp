#include "columnar/value_format.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "columnar/array_value.h"

namespace orbit {
namespace {

TEST(ValueFormat, DecimalRoundTrips) {
  EXPECT_EQ(FormatDecimal(*ParseDecimal("-12.345", 10, 3), 3), "-12.345");
  EXPECT_EQ(FormatDecimal(*ParseDecimal("0.05", 15, 2), 2), "0.05");
  EXPECT_EQ(FormatDecimal(*ParseDecimal("7", 15, 2), 2), "7.00");
  EXPECT_EQ(FormatDecimal(*ParseDecimal("1.005", 15, 2), 2), "1.01");
  EXPECT_EQ(FormatDecimal(*ParseDecimal("-1.004", 15, 2), 2), "-1.00");
  // 38 integer digits scaled by 10^10 would overflow 128 bits (the CSV fuzzer's input):
  // out of range, as is anything past DECIMAL(38, 10)'s 28 integer digits.
  EXPECT_FALSE(ParseDecimal(std::string(38, '9'), 38, 10).has_value());
  EXPECT_FALSE(ParseDecimal(std::string(29, '9'), 38, 10).has_value());
  EXPECT_EQ(FormatDecimal(*ParseDecimal(std::string(28, '9'), 38, 10), 10), std::string(28, '9') + ".0000000000");
  EXPECT_EQ(FormatDecimal(*ParseDecimal("0000000000000000000000000000000000000001.5", 38, 10), 10), "1.5000000000");
  EXPECT_FALSE(ParseDecimal("123", 2, 0).has_value());
  EXPECT_FALSE(ParseDecimal("1.2.3", 10, 2).has_value());
  EXPECT_FALSE(ParseDecimal("", 10, 2).has_value());
  EXPECT_FALSE(ParseDecimal("abc", 10, 2).has_value());
}

// PostgreSQL's numeric input takes an exponent: '1E-10'::numeric is 0.0000000001.
TEST(ValueFormat, DecimalTextMayHaveAnExponent) {
  EXPECT_EQ(FormatDecimal(*ParseDecimal("1E-10", 30, 10), 10), "0.0000000001");
  EXPECT_EQ(FormatDecimal(*ParseDecimal("-2.5e2", 9, 2), 2), "-250.00");
  EXPECT_EQ(FormatDecimal(*ParseDecimal(" +12.5E+1 ", 9, 1), 1), "125.0");
  EXPECT_EQ(FormatDecimal(*ParseDecimal("0.00015e3", 9, 2), 2), "0.15");
  EXPECT_EQ(FormatDecimal(*ParseDecimal("1.005e0", 9, 2), 2), "1.01");  // rounds as without
  EXPECT_EQ(FormatDecimal(*ParseDecimal("5e-3", 9, 2), 2), "0.01");
  EXPECT_EQ(FormatDecimal(*ParseDecimal("1e-999999999", 9, 2), 2), "0.00");
  EXPECT_EQ(FormatDecimal(*ParseDecimal("0e999", 9, 2), 2), "0.00");
  EXPECT_FALSE(ParseDecimal("1e39", 38, 0).has_value());
  EXPECT_FALSE(ParseDecimal("1e3", 3, 0).has_value());
  EXPECT_FALSE(ParseDecimal("1e", 9, 2).has_value());
  EXPECT_FALSE(ParseDecimal("e5", 9, 2).has_value());
  EXPECT_FALSE(ParseDecimal("1e5.5", 9, 2).has_value());
  EXPECT_FALSE(ParseDecimal("1e1e1", 9, 2).has_value());
  EXPECT_FALSE(ParseDecimal("1e9999999999", 9, 2).has_value());
}

TEST(ValueFormat, DatesMatchTheCalendar) {
  EXPECT_EQ(*ParseDate("1970-01-01"), 0);
  EXPECT_EQ(*ParseDate("1998-12-01"), 10561);
  EXPECT_EQ(FormatDate(10561), "1998-12-01");
  EXPECT_EQ(FormatDate(*ParseDate("2000-02-29")), "2000-02-29");
  EXPECT_FALSE(ParseDate("1999-02-29").has_value());
  EXPECT_FALSE(ParseDate("1999-13-01").has_value());
  EXPECT_EQ(FormatDate(*AddMonths(*ParseDate("2000-01-31"), 1)), "2000-02-29");
  EXPECT_EQ(FormatDate(*AddMonths(*ParseDate("1994-01-01"), 12)), "1995-01-01");
  EXPECT_EQ(FormatDate(*AddMonths(*ParseDate("1994-03-15"), -3)), "1993-12-15");
  EXPECT_FALSE(AddMonths(*ParseDate("2020-01-01"), 1200000000).has_value());
  EXPECT_FALSE(AddMonths(*ParseDate("2020-01-01"), -1200000000).has_value());
}

TEST(ValueFormat, Int128Extremes) {
  int128_t max = MaxForPrecision(38);
  EXPECT_EQ(FormatInt128(max), std::string(38, '9'));
  EXPECT_EQ(FormatInt128(-max), "-" + std::string(38, '9'));
}

// PostgreSQL 15's float4 output (SELECT x::real): the shortest digits that read back,
// plain for decimal exponents -4..5, else in exponent form.
TEST(ValueFormat, RealPrintsAsPostgresFloat4) {
  EXPECT_EQ(FormatReal(0.1f), "0.1");
  EXPECT_EQ(FormatReal(123456.0f), "123456");
  EXPECT_EQ(FormatReal(1234567.0f), "1.234567e+06");
  EXPECT_EQ(FormatReal(1e6f), "1e+06");
  EXPECT_EQ(FormatReal(0.0001f), "0.0001");
  EXPECT_EQ(FormatReal(0.00001f), "1e-05");
  EXPECT_EQ(FormatReal(0.00012345f), "0.00012345");
  EXPECT_EQ(FormatReal(1.0f / 3), "0.33333334");
  EXPECT_EQ(FormatReal(16777217.0f), "1.6777216e+07");
  EXPECT_EQ(FormatReal(3.4028235e38f), "3.4028235e+38");
  EXPECT_EQ(FormatReal(1e-45f), "1e-45");
  EXPECT_EQ(FormatReal(-0.0f), "-0");
  EXPECT_EQ(FormatReal(std::numeric_limits<float>::quiet_NaN()), "NaN");
  EXPECT_EQ(FormatReal(-std::numeric_limits<float>::infinity()), "-Infinity");
}

TEST(ValueFormat, RealParsesWithOneRounding) {
  EXPECT_EQ(*ParseFloat("0.1"), 0.1f);
  EXPECT_EQ(*ParseFloat(" 2.5 "), 2.5f);
  EXPECT_EQ(*ParseFloat("+1.17549435e-38"), 1.17549435e-38f);
  EXPECT_TRUE(std::isinf(*ParseFloat("-Infinity")));
  EXPECT_TRUE(std::isnan(*ParseFloat("nan")));
  // Beyond float's range either way, and malformed text, have no float.
  EXPECT_FALSE(ParseFloat("1e39").has_value());
  EXPECT_FALSE(ParseFloat("1e-50").has_value());
  EXPECT_FALSE(ParseFloat("abc").has_value());
  EXPECT_FALSE(ParseFloat("").has_value());
}

}  // namespace
}  // namespace orbit
