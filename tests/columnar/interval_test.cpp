#include "columnar/interval.h"

#include <gtest/gtest.h>

#include <random>

#include "columnar/timestamp.h"
#include "columnar/value_format.h"

namespace orbit {
namespace {

IntervalValue Parsed(std::string_view text) {
  Result<IntervalValue> v = ParseInterval(text);
  EXPECT_TRUE(v.ok()) << text << ": " << v.status().ToString();
  return v.ok() ? *v : IntervalValue{};
}

std::string Shown(std::string_view text) { return FormatInterval(Parsed(text)); }

// Expected texts are PostgreSQL 15's output for the same input.
TEST(Interval, ReadsAndPrintsAsPostgres) {
  EXPECT_EQ(Shown("1 year 2 mons 3 days 04:05:06"), "1 year 2 mons 3 days 04:05:06");
  EXPECT_EQ(Shown("-1 sec"), "-00:00:01");
  EXPECT_EQ(Shown("0"), "00:00:00");
  EXPECT_EQ(Shown("1.5 months"), "1 mon 15 days");
  EXPECT_EQ(Shown("-1 year -2 mons +3 days -04:05:06.5"), "-1 years -2 mons +3 days -04:05:06.5");
  EXPECT_EQ(Shown("1.5 years"), "1 year 6 mons");
  EXPECT_EQ(Shown("1.3 days"), "1 day 07:12:00");
  EXPECT_EQ(Shown("@ 2 days ago"), "-2 days");
  EXPECT_EQ(Shown("1:30"), "01:30:00");
  EXPECT_EQ(Shown("100 hours"), "100:00:00");
  EXPECT_EQ(Shown("-1 hour 30 minutes"), "-00:30:00");
  EXPECT_EQ(Shown("1 day -02:00"), "1 day -02:00:00");
}

TEST(Interval, RefusesMalformedTextAndFieldsOutOfRange) {
  EXPECT_EQ(ParseInterval("abc").status().code(), StatusCode::kInvalidData);
  EXPECT_EQ(ParseInterval("1 mon 2 mons").status().code(), StatusCode::kInvalidData);
  EXPECT_EQ(ParseInterval("").status().code(), StatusCode::kInvalidData);
  EXPECT_EQ(ParseInterval("1 day ago ago").status().code(), StatusCode::kInvalidData);
  EXPECT_EQ(ParseInterval("12:60").status().code(), StatusCode::kInvalidData);
  EXPECT_EQ(ParseInterval("2147483648 days").status().code(), StatusCode::kOutOfRange);
  EXPECT_EQ(ParseInterval("99999999999999999999 days").status().code(), StatusCode::kOutOfRange);
  EXPECT_EQ(ParseInterval("9999999999999 hours").status().code(), StatusCode::kOutOfRange);
}

// Every interval prints as text that reads back as itself (fixed seed: a failure repeats).
TEST(Interval, TextRoundTrips) {
  std::mt19937_64 rng(20261206);
  std::uniform_int_distribution<int32_t> part(INT32_MIN, INT32_MAX);
  std::uniform_int_distribution<int64_t> micros(INT64_MIN, INT64_MAX);
  std::uniform_int_distribution<int> small(-40, 40);
  for (int i = 0; i < 20000; ++i) {
    IntervalValue v;
    const bool wide = i % 2 == 0;
    v.months = wide ? part(rng) : small(rng);
    v.days = wide ? part(rng) : small(rng);
    v.micros = wide ? micros(rng) : small(rng) * kMicrosPerHour + small(rng) * 1000;
    if (i % 7 == 0) v.micros = INT64_MIN + i;
    const std::string text = FormatInterval(v);
    Result<IntervalValue> back = ParseInterval(text);
    ASSERT_TRUE(back.ok()) << text << ": " << back.status().ToString();
    EXPECT_EQ(*back, v) << text;
  }
}

// Any text is an interval or an error, never a crash or a wrapped part (fixed seed).
TEST(Interval, ArbitraryTextIsAValueOrAnError) {
  std::mt19937_64 rng(20261207);
  const std::string alphabet = "0123456789 .:+-@agoyearmonthdaysecminuteshrw9";
  for (int i = 0; i < 50000; ++i) {
    std::string text(rng() % 24, ' ');
    for (char& c : text) c = alphabet[rng() % alphabet.size()];
    Result<IntervalValue> v = ParseInterval(text);
    if (v.ok()) {
      EXPECT_EQ(*ParseInterval(FormatInterval(*v)), *v) << text;
    } else {
      EXPECT_TRUE(v.status().code() == StatusCode::kInvalidData || v.status().code() == StatusCode::kOutOfRange)
          << text << ": " << v.status().ToString();
    }
  }
}

TEST(Interval, ComparesBySpan) {
  EXPECT_EQ(IntervalSpan(Parsed("1 mon")), IntervalSpan(Parsed("30 days")));
  EXPECT_EQ(IntervalSpan(Parsed("1 day")), IntervalSpan(Parsed("24 hours")));
  EXPECT_LT(IntervalSpan(Parsed("1 year")), IntervalSpan(Parsed("365 days")));
  EXPECT_NE(PackInterval(Parsed("1 mon")), PackInterval(Parsed("30 days")));
  EXPECT_EQ(UnpackInterval(PackInterval(Parsed("-3 mons 4 days 00:00:01"))), Parsed("-3 mons 4 days 00:00:01"));
}

TEST(Interval, MultipliesAndDividesWithPostgresCascade) {
  auto times = [](std::string_view text, double f) { return FormatInterval(*IntervalMultiply(Parsed(text), f)); };
  auto divided = [](std::string_view text, double f) { return FormatInterval(*IntervalDivide(Parsed(text), f)); };
  EXPECT_EQ(times("1 mon", 1.5), "1 mon 15 days");
  EXPECT_EQ(divided("1 mon", 7), "4 days 06:51:25.6896");
  EXPECT_EQ(divided("1 day", 7), "03:25:42.857143");
  EXPECT_EQ(times("1 day 12:00", 2), "2 days 24:00:00");
  EXPECT_EQ(times("1 year", 0.3), "3 mons 18 days");
  EXPECT_EQ(divided("-1 mon -3 days", 4), "-8 days -06:00:00");
  EXPECT_EQ(IntervalDivide(Parsed("1 day"), 0).status().code(), StatusCode::kOutOfRange);
  EXPECT_FALSE(IntervalMultiply(Parsed("2000000000 days"), 2).ok());
  EXPECT_FALSE(IntervalNegate(IntervalValue{0, INT32_MIN, 0}).ok());
  EXPECT_FALSE(IntervalAdd(Parsed("178956970 years"), Parsed("1 year")).ok());
}

TEST(Interval, JustifiesAsPostgres) {
  EXPECT_EQ(FormatInterval(*JustifyDays(Parsed("65 days"))), "2 mons 5 days");
  EXPECT_EQ(FormatInterval(*JustifyDays(Parsed("1 mon -35 days"))), "-5 days");
  EXPECT_EQ(FormatInterval(*JustifyHours(Parsed("50 hours"))), "2 days 02:00:00");
  EXPECT_EQ(FormatInterval(*JustifyHours(Parsed("-1 day 30:00"))), "06:00:00");
  EXPECT_EQ(FormatInterval(*JustifyInterval(Parsed("1 mon -1 hour"))), "29 days 23:00:00");
  EXPECT_EQ(FormatInterval(*JustifyInterval(Parsed("-1 mon 40 days -1 hour"))), "9 days 23:00:00");
}

TEST(Interval, TimestampDifferenceAndAge) {
  const auto ts = [](std::string_view text) { return *ParseTimestamp(text); };
  EXPECT_EQ(FormatInterval(*TimestampDifference(ts("2024-03-01"), ts("2024-01-01 12:00"))), "59 days 12:00:00");
  EXPECT_EQ(FormatInterval(*TimestampDifference(ts("2024-01-01"), ts("2024-03-01 00:00:00.5"))),
            "-60 days -00:00:00.5");
  EXPECT_EQ(FormatInterval(*TimestampAge(ts("2024-03-01"), ts("2023-01-15 10:00"))), "1 year 1 mon 16 days 14:00:00");
  EXPECT_EQ(FormatInterval(*TimestampAge(ts("2023-01-15 10:00"), ts("2024-03-01"))),
            "-1 years -1 mons -16 days -14:00:00");
  EXPECT_EQ(FormatInterval(*TimestampAge(ts("2001-04-10"), ts("1957-06-13"))), "43 years 9 mons 27 days");
  EXPECT_EQ(TimestampPlusInterval(ts("2024-01-31 10:00"), Parsed("1 mon")), ts("2024-02-29 10:00"));
  EXPECT_EQ(TimestampPlusInterval(MaxTimestamp(), Parsed("1 day")), std::nullopt);
  EXPECT_EQ(TimestampPlusInterval(0, IntervalValue{0, INT32_MAX, 0}), std::nullopt);
  EXPECT_EQ(TimestampPlusInterval(0, IntervalValue{0, INT32_MIN, 0}), std::nullopt);
}

}  // namespace
}  // namespace orbit
