// The graph steps of every backend agree with the reference (kernel_table.h GraphKernels) on
// random CSR graphs with hubs, duplicate edges, self-loops and nodes without edges: one BFS
// level gives the same distances and the same set of new nodes; one spreading hop the same
// received flags, the same set of touched nodes and the same sums to the rounding of a
// reordered sum; the pulled hop over the transposed graph the same as the pushed one. Large
// frontiers take the parallel paths. Seeds are fixed and printed.
#include <algorithm>
#include <cmath>
#include <random>

#include "kernel_test_support.h"

namespace orbit::kernel_test {
namespace {

struct RandomCsr {
  std::vector<int64_t> offsets;
  std::vector<uint32_t> targets;
  std::vector<double> weights;
  size_t nodes() const { return offsets.size() - 1; }
};

// n nodes, m edges; targets skewed towards low indices (hubs, duplicates), some self-loops.
RandomCsr MakeGraph(std::mt19937_64& rng, size_t n, size_t m) {
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  std::vector<std::pair<uint32_t, uint32_t>> edges(m);
  for (auto& [u, v] : edges) {
    u = static_cast<uint32_t>(rng() % n);
    v = unit(rng) < 0.05 ? u : static_cast<uint32_t>(static_cast<double>(n) * std::pow(unit(rng), 3.0));
    v = std::min<uint32_t>(v, static_cast<uint32_t>(n - 1));
  }
  std::stable_sort(edges.begin(), edges.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  RandomCsr graph;
  graph.offsets.assign(n + 1, 0);
  for (const auto& [u, v] : edges) {
    ++graph.offsets[u + 1];
    graph.targets.push_back(v);
    graph.weights.push_back(unit(rng) < 0.1 ? -unit(rng) : unit(rng) * 1.5);
  }
  for (size_t u = 0; u < n; ++u) graph.offsets[u + 1] += graph.offsets[u];
  return graph;
}

// The transposed graph: node v's in-edges, in the order of their sources' CSR.
RandomCsr Transposed(const RandomCsr& graph) {
  const size_t n = graph.nodes();
  RandomCsr in;
  in.offsets.assign(n + 1, 0);
  for (uint32_t v : graph.targets) ++in.offsets[v + 1];
  for (size_t v = 0; v < n; ++v) in.offsets[v + 1] += in.offsets[v];
  std::vector<int64_t> cursor(in.offsets.begin(), in.offsets.end() - 1);
  in.targets.resize(graph.targets.size());
  in.weights.resize(graph.targets.size());
  for (size_t u = 0; u < n; ++u) {
    for (int64_t e = graph.offsets[u]; e < graph.offsets[u + 1]; ++e) {
      const int64_t at = cursor[graph.targets[e]]++;
      in.targets[at] = static_cast<uint32_t>(u);
      in.weights[at] = graph.weights[e];
    }
  }
  return in;
}

// `count` distinct nodes in random order.
std::vector<uint32_t> MakeFrontier(std::mt19937_64& rng, size_t n, size_t count) {
  std::vector<uint32_t> all(n);
  for (size_t i = 0; i < n; ++i) all[i] = static_cast<uint32_t>(i);
  std::shuffle(all.begin(), all.end(), rng);
  all.resize(std::min(count, n));
  return all;
}

std::vector<uint32_t> Sorted(const std::vector<uint32_t>& values, size_t count) {
  std::vector<uint32_t> out(values.begin(), values.begin() + static_cast<std::ptrdiff_t>(count));
  std::sort(out.begin(), out.end());
  return out;
}

// (nodes, edges, frontier size) of the cases: small ones, then a few past the parallel cutoff.
std::vector<std::tuple<size_t, size_t, size_t>> Cases() {
  std::vector<std::tuple<size_t, size_t, size_t>> cases;
  std::mt19937_64 rng(20261204);
  for (int i = 0; i < 150; ++i) {
    const size_t n = 1 + rng() % 300;
    cases.emplace_back(n, rng() % (4 * n + 1), 1 + rng() % n);
  }
  cases.emplace_back(1, 5, 1);  // one node, self-loops only
  cases.emplace_back(50, 0, 10);
  for (size_t frontier : {500, 2600}) cases.emplace_back(4000, 200000, frontier);
  for (size_t frontier : {8000, 16000}) cases.emplace_back(20000, 200000, frontier);  // several pull chunks
  return cases;
}

class KernelGraphDifferential : public KernelDifferentialTest {
 protected:
  void SetUp() override {
    if (backend().graph.bfs_level == nullptr || backend().graph.spread_hop == nullptr) {
      GTEST_SKIP() << "the " << backend().backend << " backend has no graph kernels yet";
    }
  }
};

TEST_P(KernelGraphDifferential, BfsLevel) {
  uint64_t seed = 1000;
  for (const auto& [n, m, frontier_size] : Cases()) {
    SCOPED_TRACE(testing::Message() << "seed " << seed << " nodes " << n << " edges " << m);
    std::mt19937_64 rng(seed++);
    const RandomCsr graph = MakeGraph(rng, n, m);
    const std::vector<uint32_t> frontier = MakeFrontier(rng, n, frontier_size);
    std::vector<int32_t> distance(n, -1);
    for (auto& d : distance)
      d = rng() % 3 == 0 ? static_cast<int32_t>(rng() % 4) : -1 - static_cast<int32_t>(rng() % 2);
    const int32_t level = 4;
    std::vector<int32_t> expected_distance = distance, actual_distance = distance;
    std::vector<uint32_t> expected_next(n), actual_next(n);
    const size_t expected =
        reference().graph.bfs_level(graph.offsets.data(), graph.targets.data(), frontier.data(), frontier.size(), level,
                                    expected_distance.data(), expected_next.data());
    const size_t actual = backend().graph.bfs_level(graph.offsets.data(), graph.targets.data(), frontier.data(),
                                                    frontier.size(), level, actual_distance.data(), actual_next.data());
    ASSERT_EQ(actual, expected);
    ASSERT_EQ(actual_distance, expected_distance);
    ASSERT_EQ(Sorted(actual_next, actual), Sorted(expected_next, expected));
  }
}

TEST_P(KernelGraphDifferential, SpreadHop) {
  uint64_t seed = 5000;
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  for (const auto& test_case : Cases()) {
    const auto n = std::get<0>(test_case), m = std::get<1>(test_case);  // lambdas below take n: no bindings
    const auto frontier_size = std::get<2>(test_case);
    std::mt19937_64 rng(seed);
    const RandomCsr graph = MakeGraph(rng, n, m);
    const std::vector<uint32_t> frontier = MakeFrontier(rng, n, frontier_size);
    std::vector<double> amounts(frontier.size());
    for (double& a : amounts) a = unit(rng) < 0.1 ? 1.0 : unit(rng) * 2.0 - 0.2;
    const int32_t hop = 1 + static_cast<int32_t>(rng() % 5);
    const int32_t refractory = static_cast<int32_t>(rng() % 3);
    const double decay = rng() % 4 == 0 ? 1.0 : unit(rng);
    std::vector<int32_t> fired_at(n);
    for (auto& f : fired_at) f = rng() % 3 == 0 ? static_cast<int32_t>(rng() % hop) : -1;
    SCOPED_TRACE(testing::Message() << "seed " << seed++ << " nodes " << n << " edges " << m << " hop " << hop
                                    << " refractory " << refractory << " decay " << decay);

    auto run = [&](const GraphKernels& kernels, const std::vector<double>& sent, std::vector<double>* incoming,
                   std::vector<uint8_t>* received, std::vector<uint32_t>* touched) {
      incoming->assign(n, 0.0);
      received->assign(n, 0);
      touched->assign(n, 0);
      return kernels.spread_hop(graph.offsets.data(), graph.targets.data(), graph.weights.data(), frontier.data(),
                                sent.data(), frontier.size(), decay, fired_at.data(), hop, refractory, incoming->data(),
                                received->data(), touched->data());
    };
    std::vector<double> expected_in, actual_in, magnitude;
    std::vector<uint8_t> expected_received, actual_received;
    std::vector<uint32_t> expected_touched, actual_touched;
    const size_t expected = run(reference().graph, amounts, &expected_in, &expected_received, &expected_touched);
    const size_t actual = run(backend().graph, amounts, &actual_in, &actual_received, &actual_touched);
    // The same hop with |amounts| and |weights| sums the magnitudes of the terms.
    std::vector<double> abs_amounts(amounts);
    for (double& a : abs_amounts) a = std::fabs(a);
    RandomCsr abs_graph = graph;
    for (double& w : abs_graph.weights) w = std::fabs(w);
    magnitude.assign(n, 0.0);
    std::vector<uint8_t> flags(n, 0);
    std::vector<uint32_t> scratch(n);
    reference().graph.spread_hop(abs_graph.offsets.data(), abs_graph.targets.data(), abs_graph.weights.data(),
                                 frontier.data(), abs_amounts.data(), frontier.size(), std::fabs(decay),
                                 fired_at.data(), hop, refractory, magnitude.data(), flags.data(), scratch.data());

    ASSERT_EQ(actual, expected);
    ASSERT_EQ(actual_received, expected_received);
    ASSERT_EQ(Sorted(actual_touched, actual), Sorted(expected_touched, expected));
    for (size_t v = 0; v < n; ++v) {
      ASSERT_TRUE(SumsAgree(expected_in[v], actual_in[v], magnitude[v]))
          << "node " << v << ": reference " << expected_in[v] << ", backend " << actual_in[v];
    }
  }
}

// The pulled hop agrees with the reference's pulled hop, and the reference's pulled hop
// with its pushed one (the same hop, summed in another order).
TEST_P(KernelGraphDifferential, SpreadPull) {
  if (backend().graph.spread_pull == nullptr) GTEST_SKIP() << "the " << backend().backend << " backend has no pull";
  uint64_t seed = 9000;
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  for (const auto& test_case : Cases()) {
    const auto n = std::get<0>(test_case), m = std::get<1>(test_case);  // lambdas below take n: no bindings
    const auto frontier_size = std::get<2>(test_case);
    std::mt19937_64 rng(seed);
    const RandomCsr graph = MakeGraph(rng, n, m);
    const RandomCsr in = Transposed(graph);
    const std::vector<uint32_t> frontier = MakeFrontier(rng, n, frontier_size);
    std::vector<double> amounts(frontier.size()), sent(n, 0.0), abs_sent(n, 0.0);
    std::vector<uint8_t> firing(n, 0);
    for (size_t k = 0; k < frontier.size(); ++k) {
      amounts[k] = unit(rng) * 2.0 - 0.2;
      sent[frontier[k]] = amounts[k];
      abs_sent[frontier[k]] = std::fabs(amounts[k]);
      firing[frontier[k]] = 1;
    }
    const int32_t hop = 1 + static_cast<int32_t>(rng() % 5);
    const int32_t refractory = static_cast<int32_t>(rng() % 3);
    const double decay = unit(rng);
    std::vector<int32_t> fired_at(n);
    for (auto& f : fired_at) f = rng() % 3 == 0 ? static_cast<int32_t>(rng() % hop) : -1;
    SCOPED_TRACE(testing::Message() << "seed " << seed++ << " nodes " << n << " edges " << m << " hop " << hop
                                    << " refractory " << refractory);
    struct Outcome {
      std::vector<double> incoming;
      std::vector<uint8_t> received;
      std::vector<uint32_t> touched;
      size_t count = 0;
    };
    auto pull = [&](const GraphKernels& kernels, const RandomCsr& g, const std::vector<double>& s) {
      Outcome o{std::vector<double>(n, 0.0), std::vector<uint8_t>(n, 0), std::vector<uint32_t>(n, 0)};
      o.count =
          kernels.spread_pull(g.offsets.data(), g.targets.data(), g.weights.data(), n, s.data(), firing.data(), decay,
                              fired_at.data(), hop, refractory, o.incoming.data(), o.received.data(), o.touched.data());
      return o;
    };
    const Outcome expected = pull(reference().graph, in, sent);
    const Outcome actual = pull(backend().graph, in, sent);
    Outcome pushed{std::vector<double>(n, 0.0), std::vector<uint8_t>(n, 0), std::vector<uint32_t>(n, 0)};
    pushed.count =
        reference().graph.spread_hop(graph.offsets.data(), graph.targets.data(), graph.weights.data(), frontier.data(),
                                     amounts.data(), frontier.size(), decay, fired_at.data(), hop, refractory,
                                     pushed.incoming.data(), pushed.received.data(), pushed.touched.data());
    RandomCsr abs_in = in;
    for (double& w : abs_in.weights) w = std::fabs(w);
    const Outcome magnitude = pull(reference().graph, abs_in, abs_sent);

    ASSERT_EQ(actual.count, expected.count);
    ASSERT_EQ(actual.received, expected.received);
    ASSERT_EQ(std::vector<uint32_t>(actual.touched.begin(), actual.touched.begin() + actual.count),
              Sorted(expected.touched, expected.count));  // ascending
    ASSERT_EQ(pushed.count, expected.count);
    ASSERT_EQ(pushed.received, expected.received);
    ASSERT_EQ(Sorted(pushed.touched, pushed.count), Sorted(expected.touched, expected.count));
    for (size_t v = 0; v < n; ++v) {
      ASSERT_TRUE(SumsAgree(expected.incoming[v], actual.incoming[v], magnitude.incoming[v])) << "node " << v;
      ASSERT_TRUE(SumsAgree(expected.incoming[v], pushed.incoming[v], magnitude.incoming[v])) << "pushed, node " << v;
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Backends, KernelGraphDifferential, ::testing::ValuesIn(BackendsUnderTest()), BackendTestName);

}  // namespace
}  // namespace orbit::kernel_test
