// Reference top-k: the state and the candidates side by side, a partial sort by
// kernels::TopKBefore, the first k kept. Plain rather than fast (O((count + n) log k)).
#include <algorithm>
#include <utility>
#include <vector>

#include "kernels/reference/reference_kernels.h"
#include "kernels/top_k_semantics.h"

namespace orbit::reference {
namespace {

size_t Update(const double* scores, const int64_t* ids, int64_t id_base, size_t n, size_t k, TopKOrder order,
              double* best_scores, int64_t* best_ids, size_t count) {
  std::vector<std::pair<double, int64_t>> entries;
  entries.reserve(count + n);
  for (size_t i = 0; i < count; ++i) entries.emplace_back(best_scores[i], best_ids[i]);
  for (size_t i = 0; i < n; ++i) entries.emplace_back(scores[i], ids ? ids[i] : id_base + static_cast<int64_t>(i));
  const size_t kept = std::min(k, entries.size());
  std::partial_sort(entries.begin(), entries.begin() + static_cast<std::ptrdiff_t>(kept), entries.end(),
                    [order](const auto& x, const auto& y) {
                      return kernels::TopKBefore(order, x.first, x.second, y.first, y.second);
                    });
  for (size_t i = 0; i < kept; ++i) {
    best_scores[i] = entries[i].first;
    best_ids[i] = entries[i].second;
  }
  return kept;
}

}  // namespace

TopKKernels TopK() { return {&Update}; }

}  // namespace orbit::reference
