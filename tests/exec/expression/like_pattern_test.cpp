#include "exec/expression/like_pattern.h"

#include <gtest/gtest.h>

namespace orbit {
namespace {

bool Like(const char* text, const char* pattern) { return LikePattern(pattern).Matches(text); }

TEST(LikePatternTest, SimpleShapes) {
  EXPECT_TRUE(Like("abc", "abc"));
  EXPECT_FALSE(Like("abcd", "abc"));
  EXPECT_TRUE(Like("abcd", "abc%"));
  EXPECT_TRUE(Like("xabc", "%abc"));
  EXPECT_FALSE(Like("abcx", "%abc"));
  EXPECT_TRUE(Like("xxabcxx", "%abc%"));
  EXPECT_TRUE(Like("", "%"));
  EXPECT_TRUE(Like("", ""));
  EXPECT_FALSE(Like("a", ""));
}

TEST(LikePatternTest, BacktrackingAndSingleCharacters) {
  EXPECT_TRUE(Like("ababc", "%ab%c"));
  EXPECT_TRUE(Like("aaab", "%a%ab"));
  EXPECT_FALSE(Like("aaa", "%a%ab"));
  EXPECT_TRUE(Like("special requests", "%special%requests%"));
  EXPECT_TRUE(Like("abcabc", "abc%abc"));
  EXPECT_FALSE(Like("abc", "abc%abc"));  // the pieces may not overlap
  EXPECT_TRUE(Like("xaybzc", "%a%b%c"));
  EXPECT_FALSE(Like("xaybzcd", "%a%b%c"));
  EXPECT_TRUE(Like("ab", "a%%b"));
  EXPECT_FALSE(Like("requests special", "%special%requests%"));
  EXPECT_TRUE(Like("abc", "a_c"));
  EXPECT_FALSE(Like("ac", "a_c"));
  EXPECT_TRUE(Like("aäc", "a_c"));  // _ is one character, two bytes here
  EXPECT_FALSE(Like("aäc", "a__c"));
  EXPECT_TRUE(Like("abc", "___"));
  EXPECT_TRUE(Like("abcde", "_%_"));
  EXPECT_FALSE(Like("a", "_%_"));
}

TEST(LikePatternTest, BackslashEscapesTheNextCharacter) {
  EXPECT_TRUE(Like("50%", "50\\%"));
  EXPECT_FALSE(Like("500", "50\\%"));
  EXPECT_TRUE(Like("a_b", "a\\_b"));
  EXPECT_FALSE(Like("axb", "a\\_b"));
  EXPECT_TRUE(Like("a\\b", "a\\\\b"));
}

}  // namespace
}  // namespace orbit
