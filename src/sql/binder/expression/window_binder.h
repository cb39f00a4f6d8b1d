// Binding window calls, f(...) OVER (...), in the select list and ORDER BY: each call's
// arguments, PARTITION BY and ORDER BY are bound like the expression around it (after
// GROUP BY when the query aggregates, so rank() OVER (ORDER BY sum(x)) reads the
// aggregate), the call joins the Window operator being built, and the expression reads a
// placeholder column that the select binder points at the operator's result once the
// operator exists (its input's width is known only after every aggregate is found).
#pragma once

#include <vector>

#include "plan/logical_plan.h"

namespace orbit {

/// Placeholder columns of window results count from here: beyond any real column, below
/// the subquery placeholders (kSubqueryPlaceholderBase).
constexpr int kWindowPlaceholderBase = 1 << 22;

/// The Window operator being built: its calls, in the order met.
struct Windowing {
  std::vector<WindowCall> calls;

  /// The placeholder column of `call`, adding it unless an identical one is there.
  ExprPtr Add(WindowCall call);
  /// Every expression the calls hold, to rewrite them (subquery placeholders).
  std::vector<ExprPtr*> Expressions();
  /// `e` with each placeholder column pointing at the Window operator's result: call i is
  /// column input_width + i.
  static ExprPtr Resolve(const ExprPtr& e, int input_width);
};

}  // namespace orbit
