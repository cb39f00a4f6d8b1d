// Top-k of every backend against the reference and against an independent full sort: the
// same (score, id) entries in the same order, for either direction, ties (few distinct
// scores, -0.0 beside 0.0), NaN and infinities, ids given or implied (id_base + i), k from
// 0 to past n, and states merged from chunks in any order (what per-thread heaps do).
// Then similarity and top-k together: on every backend, cosine scores of a query against
// rows, top-k by them, must name the same rows as the reference wherever the k-th and
// (k+1)-th reference scores are further apart than twice the cosine bound (2e-6 each).
#include <algorithm>
#include <numeric>
#include <random>
#include <sstream>
#include <tuple>

#include "kernel_test_support.h"

namespace orbit::kernel_test {
namespace {

using Entries = std::vector<std::pair<double, int64_t>>;

struct TopKCase {
  uint64_t seed = 0;
  std::vector<double> scores;
  std::vector<int64_t> ids;  // empty: id_base + i
  int64_t id_base = 0;
  size_t k = 0;
  TopKOrder order = TopKOrder::kDescending;
  size_t chunks = 1;

  int64_t IdOf(size_t i) const { return ids.empty() ? id_base + static_cast<int64_t>(i) : ids[i]; }
  std::string Describe() const {
    std::ostringstream s;
    s << "case seed=" << seed << " n=" << scores.size() << " k=" << k
      << " order=" << (order == TopKOrder::kDescending ? "desc" : "asc") << " chunks=" << chunks
      << (ids.empty() ? " implied-ids" : "");
    return s.str();
  }
};

TopKCase MakeTopKCase(uint64_t seed) {
  std::mt19937_64 random(seed);
  TopKCase c;
  c.seed = seed;
  const size_t n = random() % 8 == 0 ? 2000 + random() % 3000 : random() % 200;
  const int distinct = static_cast<int>(random() % 4 == 0 ? 3 : 1000000);
  const double specials[] = {std::nan(""), -std::nan(""), HUGE_VAL, -HUGE_VAL, 0.0, -0.0};
  for (size_t i = 0; i < n; ++i) {
    c.scores.push_back(random() % 10 == 0 ? specials[random() % std::size(specials)]
                                          : static_cast<double>(static_cast<int>(random() % distinct)) / 7.0 - 1.0);
  }
  if (random() % 2) {
    c.ids.resize(n);
    std::iota(c.ids.begin(), c.ids.end(), int64_t{-50});
    std::shuffle(c.ids.begin(), c.ids.end(), random);
  } else {
    c.id_base = static_cast<int64_t>(random() % 1000);
  }
  c.k = random() % 4 == 0 ? random() % (n + 4) : random() % 12;
  c.order = random() % 2 ? TopKOrder::kDescending : TopKOrder::kAscending;
  c.chunks = 1 + random() % 5;
  return c;
}

/// Sort key of PostgreSQL's order: NaN above everything, -0.0 as 0.0.
std::pair<int, double> OrderKey(double score) {
  if (std::isnan(score)) return {1, 0.0};
  return {0, score == 0 ? 0.0 : score};
}

/// The independent answer: every entry sorted by (direction-adjusted key, id), first k.
Entries SortedTopK(const TopKCase& c) {
  Entries all;
  for (size_t i = 0; i < c.scores.size(); ++i) all.emplace_back(c.scores[i], c.IdOf(i));
  std::sort(all.begin(), all.end(), [&](const auto& x, const auto& y) {
    const auto kx = OrderKey(x.first), ky = OrderKey(y.first);
    if (kx != ky) return c.order == TopKOrder::kDescending ? ky < kx : kx < ky;
    return x.second < y.second;
  });
  all.resize(std::min(c.k, all.size()));
  return all;
}

/// Folds candidates [begin, end) of the case into a state.
void Fold(const TopKKernels& top_k, const TopKCase& c, size_t begin, size_t end, Entries* state) {
  std::vector<double> best_scores(c.k);
  std::vector<int64_t> best_ids(c.k);
  for (size_t i = 0; i < state->size(); ++i) std::tie(best_scores[i], best_ids[i]) = (*state)[i];
  const ExactBuffer<double> scores(std::vector<double>(c.scores.begin() + begin, c.scores.begin() + end), 0);
  const ExactBuffer<int64_t> ids(
      c.ids.empty() ? std::vector<int64_t>{} : std::vector<int64_t>(c.ids.begin() + begin, c.ids.begin() + end), 0);
  const size_t count =
      top_k.update(scores.data(), c.ids.empty() ? nullptr : ids.data(), c.id_base + static_cast<int64_t>(begin),
                   end - begin, c.k, c.order, best_scores.data(), best_ids.data(), state->size());
  state->clear();
  for (size_t i = 0; i < count; ++i) state->emplace_back(best_scores[i], best_ids[i]);
}

bool SameEntries(const Entries& x, const Entries& y) {
  if (x.size() != y.size()) return false;
  for (size_t i = 0; i < x.size(); ++i) {
    if (!SameDoubleResult(x[i].first, y[i].first) || x[i].second != y[i].second) return false;
  }
  return true;
}

std::string Show(const Entries& entries) {
  std::ostringstream s;
  for (const auto& [score, id] : entries) s << "(" << score << "," << id << ") ";
  return s.str();
}

class KernelTopKDifferential : public KernelDifferentialTest {};

TEST_P(KernelTopKDifferential, MatchesSortAndReference) {
  CheckProperty(
      [&] {
        const TopKCase c = MakeTopKCase(*rc::gen::arbitrary<uint64_t>());
        const size_t n = c.scores.size();
        Entries expected;
        Fold(ReferenceKernels().top_k, c, 0, n, &expected);
        const Entries sorted = SortedTopK(c);
        if (!SameEntries(expected, sorted))
          RC_FAIL("reference " + Show(expected) + "\nsort " + Show(sorted) + c.Describe());
        Entries actual;
        Fold(backend().top_k, c, 0, n, &actual);
        if (!SameEntries(actual, sorted))
          RC_FAIL(backend().backend + " " + Show(actual) + "\nsort " + Show(sorted) + c.Describe());
      },
      300);
}

/// Per-chunk states merged in a shuffled order equal one pass over every row.
TEST_P(KernelTopKDifferential, MergedChunksEqualOnePass) {
  CheckProperty(
      [&] {
        const TopKCase c = MakeTopKCase(*rc::gen::arbitrary<uint64_t>());
        const size_t n = c.scores.size();
        std::mt19937_64 random(c.seed ^ 0x9e3779b97f4a7c15ULL);
        std::vector<Entries> states(c.chunks);
        for (size_t chunk = 0; chunk < c.chunks; ++chunk) {
          Fold(backend().top_k, c, n * chunk / c.chunks, n * (chunk + 1) / c.chunks, &states[chunk]);
        }
        std::shuffle(states.begin(), states.end(), random);
        // Merge: each state's entries are candidates for the first state, with their own ids.
        Entries merged = states[0];
        for (size_t s = 1; s < states.size(); ++s) {
          TopKCase part = c;
          part.scores.clear();
          part.ids.clear();
          for (const auto& [score, id] : states[s]) {
            part.scores.push_back(score);
            part.ids.push_back(id);
          }
          if (part.ids.empty()) continue;
          Fold(backend().top_k, part, 0, part.scores.size(), &merged);
        }
        const Entries sorted = SortedTopK(c);
        if (!SameEntries(merged, sorted)) RC_FAIL("merged " + Show(merged) + "\nsort " + Show(sorted) + c.Describe());
      },
      200);
}

/// Cosine top-k of a float query over rows, on this backend's kernels end to end.
TEST_P(KernelTopKDifferential, CosineTopKIdsMatchWhereScoresSeparate) {
  size_t compared = 0;
  CheckProperty(
      [&] {
        std::mt19937_64 random(*rc::gen::arbitrary<uint64_t>());
        const size_t dim = random() % 3 == 0 ? 1 + random() % 8 : 16 + random() % 400;
        const size_t n = 1 + random() % 300;
        const size_t k = 1 + random() % 12;
        std::normal_distribution<float> normal;
        std::vector<float> query(dim), rows(n * dim);
        for (float& v : query) v = normal(random);
        for (float& v : rows) v = random() % 50 == 0 ? 0.0f : normal(random);
        const bool ascending = random() % 2;
        const TopKOrder order = ascending ? TopKOrder::kAscending : TopKOrder::kDescending;
        auto top_ids = [&](const KernelTable& table, std::vector<double>* scores) {
          scores->assign(n, 0);
          table.vector_f32.cosine_similarity(query.data(), 0, rows.data(), dim, dim, n, scores->data());
          std::vector<double> best_scores(k);
          std::vector<int64_t> best_ids(k);
          const size_t count =
              table.top_k.update(scores->data(), nullptr, 0, n, k, order, best_scores.data(), best_ids.data(), 0);
          best_ids.resize(count);
          std::sort(best_ids.begin(), best_ids.end());
          return best_ids;
        };
        std::vector<double> ref_scores, scores;
        const auto expected = top_ids(ReferenceKernels(), &ref_scores);
        const auto actual = top_ids(backend(), &scores);
        // The k-th and (k+1)-th reference scores in the asked order.
        std::vector<double> ranked = ref_scores;
        std::sort(ranked.begin(), ranked.end(),
                  [&](double x, double y) { return ascending ? kernels::ValueLess(x, y) : kernels::ValueLess(y, x); });
        if (k < n) {
          const double gap = std::fabs(ranked[k - 1] - ranked[k]);
          if (!(gap > 2 * 2e-6)) return;  // too close to call (NaN included)
        }
        ++compared;
        RC_ASSERT(actual == expected);
      },
      200);
  EXPECT_GT(compared, 100u) << "too few separable cases to mean anything";
}

INSTANTIATE_TEST_SUITE_P(Backends, KernelTopKDifferential, ::testing::ValuesIn(BackendsUnderTest()), BackendTestName);

}  // namespace
}  // namespace orbit::kernel_test
