#include "functions/graph/graph_cache.h"

namespace orbit {

GraphCache& GraphCache::Global() {
  static GraphCache cache;
  return cache;
}

void GraphCache::DropExpiredLocked() {
  for (auto it = entries_.begin(); it != entries_.end();) {
    if (it->table.expired()) {
      bytes_ -= it->graph->bytes();
      it = entries_.erase(it);
    } else {
      ++it;
    }
  }
}

Result<CsrGraphPtr> GraphCache::Get(const std::shared_ptr<const Table>& table, bool weighted) {
  {
    std::lock_guard lock(mutex_);
    DropExpiredLocked();
    for (auto it = entries_.begin(); it != entries_.end(); ++it) {
      if (it->identity == table.get() && it->weighted == weighted && !it->table.expired()) {
        entries_.splice(entries_.begin(), entries_, it);
        return entries_.front().graph;
      }
    }
  }
  // Built without the lock, so other queries' lookups do not wait for it; two queries
  // building the same graph at once both build, and the second keeps its own.
  ORBIT_ASSIGN_OR_RETURN(CsrGraphPtr graph, BuildCsrGraph(*table, weighted));
  std::lock_guard lock(mutex_);
  ++builds_;
  if (graph->bytes() > kMaxBytes) return graph;
  entries_.push_front({table, table.get(), weighted, graph});
  bytes_ += graph->bytes();
  while (entries_.size() > kMaxGraphs || bytes_ > kMaxBytes) {
    bytes_ -= entries_.back().graph->bytes();
    entries_.pop_back();
  }
  return graph;
}

size_t GraphCache::graphs() {
  std::lock_guard lock(mutex_);
  DropExpiredLocked();
  return entries_.size();
}

size_t GraphCache::bytes() {
  std::lock_guard lock(mutex_);
  DropExpiredLocked();
  return bytes_;
}

size_t GraphCache::builds() {
  std::lock_guard lock(mutex_);
  return builds_;
}

}  // namespace orbit
