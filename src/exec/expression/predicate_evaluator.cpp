// The boolean half of ExpressionEvaluator: predicates as selection vectors (Select) through
// the filter kernels, and as three-valued BOOLEAN columns (EvaluateBoolean).
#include <algorithm>
#include <cstring>
#include <numeric>
#include <string_view>

#include "columnar/list_value.h"
#include "exec/expression/expression_evaluator.h"
#include "exec/expression/like_pattern.h"
#include "exec/pipeline/gather.h"
#include "exec/pipeline/validity.h"
#include "kernels/kernel_families.h"
#include "plan/expression_errors.h"
#include "plan/expression_rewrite.h"

namespace orbit {

namespace {

CompareOp Flip(CompareOp op) {
  switch (op) {
    case CompareOp::kLt: return CompareOp::kGt;
    case CompareOp::kLe: return CompareOp::kGe;
    case CompareOp::kGt: return CompareOp::kLt;
    case CompareOp::kGe: return CompareOp::kLe;
    default: return op;
  }
}

template <typename T>
bool Holds(CompareOp op, const T& a, const T& b) {
  switch (op) {
    case CompareOp::kEq: return a == b;
    case CompareOp::kNe: return a != b;
    case CompareOp::kLt: return a < b;
    case CompareOp::kLe: return a <= b;
    case CompareOp::kGt: return a > b;
    case CompareOp::kGe: return a >= b;
  }
  return false;
}

// Calls fn(row) for every row of the selection (or every row when sel is null); keeps the
// rows for which fn is true.
template <typename Fn>
size_t SelectWhere(const uint32_t* sel, size_t count, uint32_t* out, Fn fn) {
  size_t k = 0;
  for (size_t j = 0; j < count; ++j) {
    uint32_t row = sel ? sel[j] : static_cast<uint32_t>(j);
    if (fn(row)) out[k++] = row;
  }
  return k;
}

template <typename T>
T ConstantAs(const Value& v) {
  if constexpr (std::is_same_v<T, double>) {
    return v.double_value;
  } else if constexpr (std::is_same_v<T, int128_t>) {
    return v.wide_value;
  } else {
    return static_cast<T>(v.int_value);
  }
}

// Values of a column in a three-valued sense, for the scalar paths (strings, booleans).
struct ScalarCell {
  static std::string_view Get(const ColumnView& c, int64_t i, std::string_view*) { return c.GetString(i); }
};

}  // namespace

Result<size_t> ExpressionEvaluator::Select(const Expr& expr, const Chunk& chunk, const uint32_t* sel, size_t count,
                                           uint32_t* out) {
  switch (expr.kind) {
    case ExprKind::kAnd: {
      const uint32_t* current = sel;
      for (const auto& child : expr.children) {
        ORBIT_ASSIGN_OR_RETURN(count, SelectOnRows(*child, chunk, current, count, out));
        current = out;
        if (count == 0) break;
      }
      return count;
    }
    case ExprKind::kOr: {
      // Union of each branch's rows, each branch seeing only rows no earlier branch took.
      std::vector<uint32_t> remaining(sel ? sel : nullptr, sel ? sel + count : nullptr);
      if (!sel) {
        remaining.resize(count);
        std::iota(remaining.begin(), remaining.end(), 0u);
      }
      std::vector<uint32_t> taken, branch(count);
      for (const auto& child : expr.children) {
        if (remaining.empty()) break;
        ORBIT_ASSIGN_OR_RETURN(size_t hits,
                               SelectOnRows(*child, chunk, remaining.data(), remaining.size(), branch.data()));
        std::vector<uint32_t> merged(taken.size() + hits), rest(remaining.size());
        merged.resize(std::merge(taken.begin(), taken.end(), branch.begin(), branch.begin() + hits, merged.begin()) -
                      merged.begin());
        rest.resize(std::set_difference(remaining.begin(), remaining.end(), branch.begin(), branch.begin() + hits,
                                        rest.begin()) -
                    rest.begin());
        taken = std::move(merged);
        remaining = std::move(rest);
      }
      std::copy(taken.begin(), taken.end(), out);
      return taken.size();
    }
    case ExprKind::kCompare:
    case ExprKind::kBetween:
    case ExprKind::kInList: return SelectCompare(expr, chunk, sel, count, out);
    case ExprKind::kLike: return SelectLike(expr, chunk, sel, count, out);
    case ExprKind::kIsNull:
    case ExprKind::kIsNotNull: {
      ORBIT_ASSIGN_OR_RETURN(Vector v, Evaluate(*expr.children[0], chunk));
      bool want_null = expr.kind == ExprKind::kIsNull;
      return SelectWhere(sel, count, out, [&](uint32_t r) { return v.view.IsValid(r) != want_null; });
    }
    case ExprKind::kCoalesce: {
      // x IS TRUE, bound as coalesce(x, FALSE): the rows where x is TRUE.
      const Expr& last = *expr.children.back();
      if (expr.children.size() == 2 && last.kind == ExprKind::kConstant && !last.constant.is_null &&
          !last.constant.bool_value) {
        return Select(*expr.children[0], chunk, sel, count, out);
      }
      return SelectByValue(expr, chunk, sel, count, out);
    }
    case ExprKind::kConstant: {
      bool pass = !expr.constant.is_null && expr.constant.bool_value;
      return SelectWhere(sel, count, out, [&](uint32_t) { return pass; });
    }
    default: return SelectByValue(expr, chunk, sel, count, out);
  }
}

Result<size_t> ExpressionEvaluator::SelectOnRows(const Expr& expr, const Chunk& chunk, const uint32_t* sel,
                                                 size_t count, uint32_t* out) {
  if (sel == nullptr || count == static_cast<size_t>(chunk.size) || !CanRaiseError(expr)) {
    return Select(expr, chunk, sel, count, out);
  }
  if (count == 0) return size_t{0};
  const std::vector<uint32_t> rows(sel, sel + count);  // `out` may alias `sel`
  Chunk sub = GatherRows(kernels_, chunk, ReferencedColumns(expr), rows.data(), count);
  std::vector<uint32_t> hits(count);
  ORBIT_ASSIGN_OR_RETURN(size_t kept, Select(expr, sub, nullptr, count, hits.data()));
  for (size_t k = 0; k < kept; ++k) out[k] = rows[hits[k]];
  return kept;
}

Result<Vector> ExpressionEvaluator::EvaluateOnRows(const Expr& expr, const Chunk& chunk,
                                                   const std::vector<uint32_t>& rows) {
  const int64_t n = chunk.size;
  if (rows.size() == static_cast<size_t>(n) || !CanRaiseError(expr)) return Evaluate(expr, chunk);
  Chunk sub = GatherRows(kernels_, chunk, ReferencedColumns(expr), rows.data(), rows.size());
  ORBIT_ASSIGN_OR_RETURN(Vector part, Evaluate(expr, sub));
  // Spread back to the chunk's rows; the others read NULL.
  auto values = Buffer::AllocateZeroed(bitmap::Bytes(n));
  auto validity = Buffer::AllocateZeroed(bitmap::Bytes(n));
  for (size_t k = 0; k < rows.size(); ++k) {
    if (!part.view.IsValid(static_cast<int64_t>(k))) continue;
    bitmap::Set(validity->mutable_data(), rows[k]);
    if (part.view.GetBool(static_cast<int64_t>(k))) bitmap::Set(values->mutable_data(), rows[k]);
  }
  return Vector::Of(std::make_shared<Column>(DataType::Boolean(), n, values, validity, nullptr, -1));
}

Result<size_t> ExpressionEvaluator::SelectByValue(const Expr& expr, const Chunk& chunk, const uint32_t* sel,
                                                  size_t count, uint32_t* out) {
  ORBIT_ASSIGN_OR_RETURN(Vector v, Evaluate(expr, chunk));
  return SelectWhere(sel, count, out, [&](uint32_t r) { return v.view.IsValid(r) && v.view.GetBool(r); });
}

namespace {

template <typename T>
Result<size_t> SelectFixed(const KernelTable& kernels, const Expr& expr, const ColumnView& value, const Vector* other,
                           const Expr* const_expr, CompareOp op, const uint32_t* sel, size_t count, uint32_t* out) {
  const FilterKernels<T>& f = FiltersOf<T>(kernels);
  size_t n = static_cast<size_t>(value.length);
  const T* values = value.values<T>();
  switch (expr.kind) {
    case ExprKind::kCompare:
      if (const_expr != nullptr) {
        return f.compare_constant(values, value.validity, n, sel, count, op, ConstantAs<T>(const_expr->constant), out);
      }
      return f.compare_columns(values, value.validity, other->view.values<T>(), other->view.validity, n, sel, count, op,
                               out);
    case ExprKind::kBetween:
      return f.between(values, value.validity, n, sel, count, ConstantAs<T>(expr.children[1]->constant),
                       ConstantAs<T>(expr.children[2]->constant), out);
    default: {
      std::vector<T> list;
      for (size_t i = 1; i < expr.children.size(); ++i) {
        if (!expr.children[i]->constant.is_null) list.push_back(ConstantAs<T>(expr.children[i]->constant));
      }
      return f.in_list(values, value.validity, n, sel, count, list.data(), list.size(), out);
    }
  }
}

// `text` equal to one of `constants` (or, negated, to none of them), NULL never passing:
// lengths first, then the bytes, with no per-row dispatch (l_returnflag = 'R', l_shipmode
// IN ('MAIL', 'SHIP') run over every row of a table).
size_t SelectStringEquals(const ColumnView& text, const std::vector<std::string_view>& constants, bool negated,
                          const uint32_t* sel, size_t count, uint32_t* out) {
  const int32_t* offsets = text.offsets();
  const char* chars = text.chars;
  auto equals_any = [&](uint32_t row) {
    const int32_t begin = offsets[row];
    const size_t length = static_cast<size_t>(offsets[row + 1] - begin);
    bool any = false;
    for (std::string_view c : constants) {
      if (length != c.size()) continue;
      // Flags and modes are a few bytes: compare in place rather than call memcmp.
      bool same = true;
      if (length <= 16) {
        for (size_t b = 0; b < length; ++b) same &= chars[begin + b] == c[b];
      } else {
        same = std::memcmp(chars + begin, c.data(), length) == 0;
      }
      any |= same;
    }
    return any != negated;
  };
  size_t k = 0;
  for (size_t j = 0; j < count; ++j) {
    const uint32_t row = sel ? sel[j] : static_cast<uint32_t>(j);
    out[k] = row;
    k += static_cast<size_t>(text.IsValid(row) && equals_any(row));
  }
  return k;
}

// Strings, booleans and anything else without a kernel: compare row by row.
Result<size_t> SelectScalar(const Expr& expr, const std::vector<Vector>& args, const uint32_t* sel, size_t count,
                            uint32_t* out) {
  auto cell_less = [](const ColumnView& a, int64_t i, const ColumnView& b, int64_t j) -> int {
    switch (physical_type(a.type)) {
      case PhysicalType::kString: return a.GetString(i).compare(b.GetString(j));
      case PhysicalType::kBit: return static_cast<int>(a.GetBool(i)) - static_cast<int>(b.GetBool(j));
      case PhysicalType::kList: return CompareListRows(a, i, b, j);
      default: return 0;
    }
  };
  const ColumnView& v = args[0].view;
  auto at = [&](size_t k, uint32_t r) -> int64_t { return args[k].view.length == 1 ? 0 : r; };
  return SelectWhere(sel, count, out, [&](uint32_t r) {
    if (!v.IsValid(r)) return false;
    for (size_t k = 1; k < args.size(); ++k) {
      if (expr.kind != ExprKind::kInList && !args[k].view.IsValid(at(k, r))) return false;
    }
    switch (expr.kind) {
      case ExprKind::kCompare: return Holds(expr.compare, cell_less(v, r, args[1].view, at(1, r)), 0);
      case ExprKind::kBetween:
        return cell_less(v, r, args[1].view, at(1, r)) >= 0 && cell_less(v, r, args[2].view, at(2, r)) <= 0;
      default:
        for (size_t k = 1; k < args.size(); ++k) {
          if (args[k].view.IsValid(at(k, r)) && cell_less(v, r, args[k].view, at(k, r)) == 0) return true;
        }
        return false;
    }
  });
}

}  // namespace

Result<size_t> ExpressionEvaluator::SelectCompare(const Expr& expr, const Chunk& chunk, const uint32_t* sel,
                                                  size_t count, uint32_t* out) {
  const Expr* subject = expr.children[0].get();
  const Expr* const_expr = nullptr;
  CompareOp op = expr.compare;
  bool all_constant_args = true;
  for (size_t i = 1; i < expr.children.size(); ++i) {
    all_constant_args &= expr.children[i]->kind == ExprKind::kConstant;
  }
  if (expr.kind == ExprKind::kCompare) {
    if (subject->kind == ExprKind::kConstant && expr.children[1]->kind != ExprKind::kConstant) {
      subject = expr.children[1].get();
      const_expr = expr.children[0].get();
      op = Flip(op);
    } else if (expr.children[1]->kind == ExprKind::kConstant) {
      const_expr = expr.children[1].get();
    }
    if (const_expr != nullptr && const_expr->constant.is_null) return size_t{0};
  } else if (expr.kind == ExprKind::kBetween && all_constant_args) {
    if (expr.children[1]->constant.is_null || expr.children[2]->constant.is_null) return size_t{0};
  }
  bool kernel_path = expr.kind == ExprKind::kCompare || all_constant_args;
  PhysicalType physical = physical_type(subject->type);
  bool fixed = physical == PhysicalType::kInt32 || physical == PhysicalType::kInt64 ||
               physical == PhysicalType::kInt128 || physical == PhysicalType::kDouble;
  ORBIT_ASSIGN_OR_RETURN(Vector value, Evaluate(*subject, chunk));
  if (fixed && kernel_path) {
    Vector other;
    if (expr.kind == ExprKind::kCompare && const_expr == nullptr) {
      ORBIT_ASSIGN_OR_RETURN(other, Evaluate(*expr.children[1], chunk));
    }
    switch (physical) {
      case PhysicalType::kInt32:
        return SelectFixed<int32_t>(kernels_, expr, value.view, &other, const_expr, op, sel, count, out);
      case PhysicalType::kInt64:
        return SelectFixed<int64_t>(kernels_, expr, value.view, &other, const_expr, op, sel, count, out);
      case PhysicalType::kInt128:
        return SelectFixed<int128_t>(kernels_, expr, value.view, &other, const_expr, op, sel, count, out);
      default: return SelectFixed<double>(kernels_, expr, value.view, &other, const_expr, op, sel, count, out);
    }
  }
  const bool string_against_constants =
      (expr.kind == ExprKind::kInList && all_constant_args) ||
      (expr.kind == ExprKind::kCompare && const_expr != nullptr && (op == CompareOp::kEq || op == CompareOp::kNe));
  if (physical == PhysicalType::kString && string_against_constants) {
    std::vector<std::string_view> constants;
    if (expr.kind == ExprKind::kCompare) {
      constants.push_back(const_expr->constant.string_value);
    } else {
      for (size_t i = 1; i < expr.children.size(); ++i) {
        if (!expr.children[i]->constant.is_null) constants.push_back(expr.children[i]->constant.string_value);
      }
    }
    // A NULL in the list only turns "no match" into NULL, which a selection drops alike.
    return SelectStringEquals(value.view, constants, op == CompareOp::kNe, sel, count, out);
  }
  // Generic path: evaluate every argument; constants as one-row columns.
  std::vector<Vector> args{value};
  Expr scalar = expr;
  if (expr.kind == ExprKind::kCompare) {
    scalar.compare = op;
    const Expr* rhs = const_expr ? const_expr : expr.children[1].get();
    if (rhs->kind == ExprKind::kConstant) {
      args.push_back(Vector::Of(ConstantColumn(rhs->constant, 1)));
    } else {
      ORBIT_ASSIGN_OR_RETURN(Vector v, Evaluate(*rhs, chunk));
      args.push_back(std::move(v));
    }
  } else {
    for (size_t i = 1; i < expr.children.size(); ++i) {
      const Expr& c = *expr.children[i];
      if (c.kind == ExprKind::kConstant) {
        args.push_back(Vector::Of(ConstantColumn(c.constant, 1)));
      } else {
        ORBIT_ASSIGN_OR_RETURN(Vector v, Evaluate(c, chunk));
        args.push_back(std::move(v));
      }
    }
  }
  if (fixed) {
    // BETWEEN/IN with non-constant bounds on numbers: compare pairwise through the kernels.
    Expr lower = *Expr::Compare(CompareOp::kGe, expr.children[0], expr.children[1]);
    if (expr.kind == ExprKind::kBetween) {
      Expr both = *Expr::Make(ExprKind::kAnd, DataType::Boolean(),
                              {Expr::Compare(CompareOp::kGe, expr.children[0], expr.children[1]),
                               Expr::Compare(CompareOp::kLe, expr.children[0], expr.children[2])});
      return Select(both, chunk, sel, count, out);
    }
    std::vector<ExprPtr> alternatives;
    for (size_t i = 1; i < expr.children.size(); ++i) {
      alternatives.push_back(Expr::Compare(CompareOp::kEq, expr.children[0], expr.children[i]));
    }
    return Select(*Expr::Make(ExprKind::kOr, DataType::Boolean(), alternatives), chunk, sel, count, out);
  }
  return SelectScalar(scalar, args, sel, count, out);
}

Result<Vector> ExpressionEvaluator::EvaluateBoolean(const Expr& expr, const Chunk& chunk) {
  const int64_t n = chunk.size;
  const size_t bytes = bitmap::Bytes(n);
  auto values = Buffer::AllocateZeroed(bytes);
  std::shared_ptr<Buffer> validity;
  switch (expr.kind) {
    case ExprKind::kAnd:
    case ExprKind::kOr: {
      // Kleene logic on bitmaps: track "known true" and "known false" per row.
      bool is_and = expr.kind == ExprKind::kAnd;
      std::vector<uint8_t> known_true(bytes, is_and ? 0xff : 0), known_false(bytes, is_and ? 0 : 0xff);
      for (const auto& child : expr.children) {
        // A condition that can fail runs only on the rows the earlier ones left undecided.
        Vector c;
        if (CanRaiseError(*child)) {
          const std::vector<uint8_t>& decided = is_and ? known_false : known_true;
          std::vector<uint32_t> undecided;
          for (int64_t i = 0; i < n; ++i) {
            if (!bitmap::Get(decided.data(), i)) undecided.push_back(static_cast<uint32_t>(i));
          }
          if (undecided.empty()) continue;
          ORBIT_ASSIGN_OR_RETURN(c, EvaluateOnRows(*child, chunk, undecided));
        } else {
          ORBIT_ASSIGN_OR_RETURN(c, Evaluate(*child, chunk));
        }
        const uint8_t* v = static_cast<const uint8_t*>(c.view.data);
        for (size_t i = 0; i < bytes; ++i) {
          uint8_t valid = c.view.validity ? c.view.validity[i] : 0xff;
          uint8_t t = valid & v[i], f = valid & static_cast<uint8_t>(~v[i]);
          if (is_and) {
            known_true[i] &= t;
            known_false[i] |= f;
          } else {
            known_true[i] |= t;
            known_false[i] &= f;
          }
        }
      }
      validity = Buffer::Allocate(bytes);
      for (size_t i = 0; i < bytes; ++i) {
        values->mutable_data()[i] = known_true[i];
        validity->mutable_data()[i] = known_true[i] | known_false[i];
      }
      break;
    }
    case ExprKind::kNot: {
      ORBIT_ASSIGN_OR_RETURN(Vector c, Evaluate(*expr.children[0], chunk));
      const uint8_t* v = static_cast<const uint8_t*>(c.view.data);
      for (size_t i = 0; i < bytes; ++i) values->mutable_data()[i] = static_cast<uint8_t>(~v[i]);
      validity = CombineValidity(c.view.validity, nullptr, n);
      break;
    }
    case ExprKind::kBetween: {
      // The SQL standard defines x BETWEEN a AND b as x >= a AND x <= b: FALSE when one
      // bound excludes x even if the other is NULL (NOT BETWEEN is then TRUE).
      Expr both = *Expr::Make(ExprKind::kAnd, DataType::Boolean(),
                              {Expr::Compare(CompareOp::kGe, expr.children[0], expr.children[1]),
                               Expr::Compare(CompareOp::kLe, expr.children[0], expr.children[2])});
      return EvaluateBoolean(both, chunk);
    }
    case ExprKind::kIsNull:
    case ExprKind::kIsNotNull: {
      ORBIT_ASSIGN_OR_RETURN(Vector c, Evaluate(*expr.children[0], chunk));
      bool is_null = expr.kind == ExprKind::kIsNull;
      for (int64_t i = 0; i < n; ++i) {
        if (c.view.IsValid(i) != is_null) bitmap::Set(values->mutable_data(), i);
      }
      break;
    }
    default: {
      // Comparisons: rows selected are TRUE; the result is NULL where an input is NULL.
      std::vector<uint32_t> rows(n);
      ORBIT_ASSIGN_OR_RETURN(size_t hits, Select(expr, chunk, nullptr, n, rows.data()));
      for (size_t k = 0; k < hits; ++k) bitmap::Set(values->mutable_data(), rows[k]);
      std::shared_ptr<Buffer> combined;
      for (size_t i = 0; i < expr.children.size(); ++i) {
        const Expr& child = *expr.children[i];
        if (child.kind == ExprKind::kConstant && !child.constant.is_null) continue;
        if (expr.kind == ExprKind::kInList && i > 0) continue;
        ORBIT_ASSIGN_OR_RETURN(Vector c, Evaluate(child, chunk));
        if (c.view.length == n || c.view.validity) {
          combined = CombineValidity(combined ? combined->data() : nullptr, c.view.validity, n);
        }
      }
      // x IN (..., NULL) without a match is NULL, not FALSE (NOT IN then never holds).
      const bool list_has_null = expr.kind == ExprKind::kInList &&
                                 std::any_of(expr.children.begin() + 1, expr.children.end(), [](const ExprPtr& c) {
                                   return c->kind == ExprKind::kConstant && c->constant.is_null;
                                 });
      if (list_has_null) {
        auto only_matches = Buffer::Allocate(bytes);
        for (size_t i = 0; i < bytes; ++i) {
          const uint8_t valid = combined ? combined->data()[i] : 0xff;
          only_matches->mutable_data()[i] = valid & values->data()[i];
        }
        combined = std::move(only_matches);
      }
      validity = combined;
      break;
    }
  }
  auto column = std::make_shared<Column>(DataType::Boolean(), n, values, validity, nullptr, -1);
  return Vector::Of(std::move(column));
}

Result<size_t> ExpressionEvaluator::SelectLike(const Expr& expr, const Chunk& chunk, const uint32_t* sel, size_t count,
                                               uint32_t* out) {
  ORBIT_ASSIGN_OR_RETURN(Vector text, Evaluate(*expr.children[0], chunk));
  const Expr& pattern_expr = *expr.children[1];
  auto keep = [&](auto matches) {
    size_t k = 0;
    for (size_t j = 0; j < count; ++j) {
      uint32_t row = sel ? sel[j] : static_cast<uint32_t>(j);
      if (text.view.IsValid(row) && matches(row)) out[k++] = row;
    }
    return k;
  };
  if (pattern_expr.kind == ExprKind::kConstant) {
    if (pattern_expr.constant.is_null) return size_t{0};
    LikePattern pattern(pattern_expr.constant.string_value);
    return keep([&](uint32_t row) { return pattern.Matches(text.view.GetString(row)); });
  }
  ORBIT_ASSIGN_OR_RETURN(Vector patterns, Evaluate(pattern_expr, chunk));
  return keep([&](uint32_t row) {
    return patterns.view.IsValid(row) && LikePattern(patterns.view.GetString(row)).Matches(text.view.GetString(row));
  });
}

}  // namespace orbit
