// SubstringSearch against std::string_view::find on random texts over a small alphabet (so
// near-misses are common), every needle length from 1 to 20 and every search window.
#include <gtest/gtest.h>

#include <random>
#include <string>

#include "exec/expression/substring_search.h"

namespace orbit {
namespace {

TEST(SubstringSearchTest, AgreesWithStringFind) {
  std::mt19937 rng(7);
  std::uniform_int_distribution<int> letter(0, 2);
  auto random_text = [&](size_t n) {
    std::string s(n, 'a');
    for (char& c : s) c = static_cast<char>('a' + letter(rng));
    return s;
  };
  for (int round = 0; round < 300; ++round) {
    const std::string text = random_text(static_cast<size_t>(round % 70));
    const std::string needle = random_text(1 + static_cast<size_t>(round % 20));
    const SubstringSearch search(needle);
    const std::string_view view(text);
    for (size_t from = 0; from <= text.size(); from += 3) {
      for (size_t end = from; end <= text.size(); end += 5) {
        const size_t found = view.substr(0, end).find(needle, from);
        EXPECT_EQ(search.Find(view, from, end), found) << text << " / " << needle << " [" << from << ", " << end << ")";
      }
    }
  }
}

TEST(SubstringSearchTest, MatchesAtTheVeryEndAndEmptyNeedles) {
  const std::string text = std::string(40, 'x') + "special requests";
  EXPECT_EQ(SubstringSearch("requests").Find(text, 0, text.size()), text.size() - 8);
  EXPECT_EQ(SubstringSearch("requests").Find(text, 0, text.size() - 1), std::string_view::npos);
  EXPECT_EQ(SubstringSearch("").Find(text, 5, 9), 5u);
}

}  // namespace
}  // namespace orbit
