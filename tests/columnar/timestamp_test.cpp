#include "columnar/timestamp.h"

#include <gtest/gtest.h>

#include <limits>
#include <random>
#include <string>

#include "columnar/value_format.h"

namespace orbit {
namespace {

TEST(Timestamp, ParsesPostgresSpellings) {
  const int64_t day = DaysFromCivil(2024, 3, 1);
  EXPECT_EQ(ParseTimestamp("2024-03-01"), day * kMicrosPerDay);
  EXPECT_EQ(ParseTimestamp(" 2024-03-01 13:45 "), day * kMicrosPerDay + 13 * kMicrosPerHour + 45 * kMicrosPerMinute);
  EXPECT_EQ(ParseTimestamp("2024-03-01T13:45:07.25"),
            day * kMicrosPerDay + 13 * kMicrosPerHour + 45 * kMicrosPerMinute + 7 * kMicrosPerSecond + 250000);
  // A zone is read and ignored, as PostgreSQL's timestamp without time zone does.
  EXPECT_EQ(ParseTimestamp("2024-03-01 10:00:00+02"), ParseTimestamp("2024-03-01 10:00:00"));
  EXPECT_EQ(ParseTimestamp("2024-03-01 10:00:00Z"), ParseTimestamp("2024-03-01 10:00:00"));
  EXPECT_EQ(ParseTimestamp("2024-03-01 10:00:00 -03:30"), ParseTimestamp("2024-03-01 10:00:00"));
  // Fractions past microseconds round half up, carrying into the seconds and the day.
  EXPECT_EQ(ParseTimestamp("2024-03-01 00:00:00.0000005"), day * kMicrosPerDay + 1);
  EXPECT_EQ(ParseTimestamp("2024-02-29 23:59:59.9999996"), day * kMicrosPerDay);
  EXPECT_EQ(ParseTimestamp("2024-02-29 24:00:00"), day * kMicrosPerDay);
  EXPECT_EQ(FormatTimestamp(*ParseTimestamp("0044-03-15 12:00:00 BC")), "0044-03-15 12:00:00 BC");
}

TEST(Timestamp, RejectsWhatIsNotATime) {
  for (const char* text :
       {"", "2024", "2024-02-30", "2023-02-29 00:00", "2024-01-01 25:00", "2024-01-01 24:00:01", "2024-01-01 12:60",
        "2024-01-01 12:00:60", "2024-01-01 12:00:00.", "2024-01-01 12", "2024-01-01 12:00 nonsense", "0000-01-01",
        "300000-01-01", "2024-13-01", "2024-01-01 12:00+99"}) {
    EXPECT_FALSE(ParseTimestamp(text).has_value()) << text;
  }
}

// Found by tests/fuzz/arrow_import_fuzzer (regressions/arrow_import_fuzzer/
// timestamp-near-int64-min-formatted): an imported timestamp can be any int64, past
// TIMESTAMP's own range, and formatting the lowest ones overflowed days * micros per day.
// The times of day are INT64_MIN and INT64_MAX less their whole days, worked out apart.
TEST(Timestamp, FormatsEveryInt64WithoutOverflow) {
  const std::string lowest = FormatTimestamp(std::numeric_limits<int64_t>::min());
  const std::string highest = FormatTimestamp(std::numeric_limits<int64_t>::max());
  EXPECT_NE(lowest.find(" 19:59:05.224192 BC"), std::string::npos) << lowest;
  EXPECT_NE(highest.find(" 04:00:54.775807"), std::string::npos) << highest;
}

TEST(Timestamp, FormatsAsPostgresAndReadsBackEveryValue) {
  EXPECT_EQ(FormatTimestamp(0), "1970-01-01 00:00:00");
  EXPECT_EQ(FormatTimestamp(-1), "1969-12-31 23:59:59.999999");
  EXPECT_EQ(FormatTimestamp(1500000), "1970-01-01 00:00:01.5");
  EXPECT_EQ(FormatTimestamp(MinTimestamp()), "4714-11-24 00:00:00 BC");
  EXPECT_EQ(FormatTimestamp(MaxTimestamp()), "294246-12-31 23:59:59.999999");
  std::mt19937_64 random(42);
  std::uniform_int_distribution<int64_t> any(MinTimestamp(), MaxTimestamp());
  for (int i = 0; i < 20000; ++i) {
    const int64_t micros = i % 2 ? any(random) : any(random) % (kMicrosPerDay * 365 * 200);
    EXPECT_EQ(ParseTimestamp(FormatTimestamp(micros)), micros) << FormatTimestamp(micros);
    const CivilTime civil = CivilFromTimestamp(micros);
    EXPECT_EQ(TimestampFromCivil(civil), micros);
  }
}

TEST(Timestamp, ArithmeticClampsMonthsAndChecksTheRange) {
  const int64_t jan31 = *ParseTimestamp("2024-01-31 10:30:00");
  EXPECT_EQ(FormatTimestamp(*TimestampAddMonths(jan31, 1)), "2024-02-29 10:30:00");
  EXPECT_EQ(FormatTimestamp(*TimestampAddMonths(jan31, -13)), "2022-12-31 10:30:00");
  EXPECT_EQ(FormatTimestamp(*TimestampAddMicros(jan31, -11 * kMicrosPerHour)), "2024-01-30 23:30:00");
  EXPECT_FALSE(TimestampAddMonths(jan31, int64_t{12} * 300000).has_value());
  EXPECT_FALSE(TimestampAddMicros(MaxTimestamp(), 1).has_value());
  EXPECT_FALSE(TimestampAddMicros(MinTimestamp(), -1).has_value());
  EXPECT_FALSE(TimestampAddMicros(jan31, INT64_MAX).has_value());
  EXPECT_EQ(TimestampDays(-1), -1);
  EXPECT_EQ(TimestampDays(kMicrosPerDay), 1);
}

}  // namespace
}  // namespace orbit
