// The cpu-simd backend's top-k: a bounded heap whose root is the worst entry kept, so a
// candidate that does not beat it costs one comparison (the common case once the heap is
// full). Not vectorized: beside the similarity kernel that produced them, which reads dim
// values per row, the one comparison per score is noise, and a SIMD prefilter against the
// root measured nothing worth its NaN and tie handling.
#include <algorithm>
#include <utility>
#include <vector>

#include "kernels/cpu/simd_kernels.h"
#include "kernels/top_k_semantics.h"

namespace orbit::simd {
namespace {

using Entry = std::pair<double, int64_t>;

size_t HeapUpdate(const double* scores, const int64_t* ids, int64_t id_base, size_t n, size_t k, TopKOrder order,
                  double* best_scores, int64_t* best_ids, size_t count) {
  if (k == 0) return 0;
  // "Less" is "ranks before", so the heap's maximum (its root) is the worst entry kept.
  auto before = [order](const Entry& x, const Entry& y) {
    return kernels::TopKBefore(order, x.first, x.second, y.first, y.second);
  };
  std::vector<Entry> heap;
  heap.reserve(std::min(k, count + n));
  for (size_t i = 0; i < count && i < k; ++i) heap.emplace_back(best_scores[i], best_ids[i]);
  std::make_heap(heap.begin(), heap.end(), before);
  for (size_t i = 0; i < n; ++i) {
    const Entry candidate(scores[i], ids ? ids[i] : id_base + static_cast<int64_t>(i));
    if (heap.size() < k) {
      heap.push_back(candidate);
      std::push_heap(heap.begin(), heap.end(), before);
    } else if (before(candidate, heap.front())) {
      std::pop_heap(heap.begin(), heap.end(), before);
      heap.back() = candidate;
      std::push_heap(heap.begin(), heap.end(), before);
    }
  }
  std::sort_heap(heap.begin(), heap.end(), before);
  for (size_t i = 0; i < heap.size(); ++i) {
    best_scores[i] = heap[i].first;
    best_ids[i] = heap[i].second;
  }
  return heap.size();
}

}  // namespace

void FillTopKKernels(KernelTable* table) { table->top_k = {&HeapUpdate}; }

}  // namespace orbit::simd
