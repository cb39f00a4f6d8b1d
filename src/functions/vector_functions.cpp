// Similarity of fixed-size arrays, DuckDB's names and pgvector's operators:
//   array_inner_product(a, b)          sum a_i b_i
//   array_negative_inner_product(a, b) -sum a_i b_i            a <#> b
//   array_cosine_similarity(a, b)      a.b / (|a| |b|)
//   array_cosine_distance(a, b)        1 - cosine similarity   a <=> b
//   array_distance(a, b)               |a - b|, Euclidean      a <-> b
// Both arguments are arrays of one size (an untyped literal '[1,2,3]' takes the other's
// type); REAL arrays are read as float32 and every other as DOUBLE; the result is DOUBLE.
// A constant argument (the query vector) is cast once, when the query is bound, and every
// row is compared with it in place: no column of copies of it is built.
#include <vector>

#include "functions/function_registry.h"
#include "functions/infix_display.h"
#include "kernels/kernel_table.h"

namespace orbit {

namespace {

enum Measure : int { kInnerProduct, kNegativeInnerProduct, kCosineSimilarity, kCosineDistance, kDistance };

bool IsFloat32(const DataType& array) { return array.element == TypeId::kFloat; }

Result<Resolution> BindSimilarity(const CallSite& call, Measure measure) {
  const CallArgument& a = call.arguments[0];
  const CallArgument& b = call.arguments[1];
  if (a.type.id == TypeId::kNull || b.type.id == TypeId::kNull) return Resolution::Null(DataType::Double());
  // An untyped '[1, 2, 3]' is an array of the other argument's type.
  DataType ta = a.string_literal && b.type.is_array() ? b.type : a.type;
  DataType tb = b.string_literal && a.type.is_array() ? a.type : b.type;
  if (!ta.is_array() || !tb.is_array()) {
    return Status::TypeError("function {}({}, {}) does not exist (it takes two arrays of one size), in {}", call.name,
                             a.type.ToString(), b.type.ToString(), call.text);
  }
  if (ta.dimension != tb.dimension) {
    return Status::TypeError("{} compares arrays of one size, not {} and {}, in {}", call.name, ta.ToString(),
                             tb.ToString(), call.text);
  }
  const TypeId element = IsFloat32(ta) && IsFloat32(tb) ? TypeId::kFloat : TypeId::kDouble;
  const DataType kernel_type = DataType::Array(element, ta.dimension);
  return Resolution::Call(DataType::Double(), {kernel_type, kernel_type}, measure);
}

template <Measure kMeasure>
Result<Resolution> Bind(const CallSite& call) {
  return BindSimilarity(call, kMeasure);
}

// The kernel family's entry for a measure; the negations and 1 - x are applied after.
template <typename T>
auto KernelFor(const VectorKernels<T>& kernels, Measure measure) {
  switch (measure) {
    case kInnerProduct:
    case kNegativeInnerProduct: return kernels.inner_product;
    case kCosineSimilarity:
    case kCosineDistance: return kernels.cosine_similarity;
    case kDistance: break;
  }
  return kernels.l2_distance;
}

// A one-row argument is a constant (ScalarFunction::constants_as_one_row): stride 0.
size_t Stride(const ColumnView& v, const ScalarCall& call) {
  return v.length == 1 && call.rows > 1 ? 0 : v.type.dimension;
}

template <typename T>
void Compute(const ScalarCall& call, const VectorKernels<T>& kernels, double* out) {
  const ColumnView& a = call.arguments[0];
  const ColumnView& b = call.arguments[1];
  const auto measure = static_cast<Measure>(call.variant);
  const auto n = static_cast<size_t>(call.rows);
  KernelFor(kernels, measure)(a.values<T>(), Stride(a, call), b.values<T>(), Stride(b, call), a.type.dimension, n, out);
  if (measure == kNegativeInnerProduct) {
    for (size_t i = 0; i < n; ++i) out[i] = -out[i];
  } else if (measure == kCosineDistance) {
    for (size_t i = 0; i < n; ++i) out[i] = 1.0 - out[i];
  }
}

Result<ColumnPtr> Evaluate(const ScalarCall& call) {
  auto out = Column::Allocate(DataType::Double(), call.rows);
  const KernelTable& kernels = call.kernels != nullptr ? *call.kernels : ReferenceKernels();
  if (IsFloat32(call.arguments[0].type)) {
    Compute<float>(call, kernels.vector_f32, out->mutable_values<double>());
  } else {
    Compute<double>(call, kernels.vector_f64, out->mutable_values<double>());
  }
  for (const ColumnView& argument : call.arguments) {
    if (argument.validity == nullptr) continue;
    const bool constant = argument.length == 1 && call.rows > 1;
    for (int64_t i = 0; i < call.rows; ++i) {
      if (!argument.IsValid(constant ? 0 : i)) out->SetNull(i);
    }
  }
  return out;
}

ScalarFunction Measure2(std::string name, std::string description, ScalarBindRule bind) {
  ScalarFunction f;
  f.name = std::move(name);
  f.signatures = {{"REAL[n], REAL[n]", "DOUBLE"}, {"DOUBLE[n], DOUBLE[n]", "DOUBLE"}};
  f.description = std::move(description);
  f.min_arguments = f.max_arguments = 2;
  f.usage = "takes two arrays of one size";
  f.bind = bind;
  f.implementation = Evaluate;
  f.constants_as_one_row = true;
  return f;
}

ScalarFunction Operator(std::string symbol, std::string description, ScalarBindRule bind) {
  ScalarFunction f = Measure2(std::move(symbol), std::move(description), bind);
  f.operator_only = true;
  f.display = ShowInfix;
  return f;
}

}  // namespace

Status RegisterVectorFunctions(FunctionRegistry& registry) {
  ORBIT_RETURN_IF_ERROR(
      registry.Add(Measure2("array_inner_product", "the dot product sum(a[i] * b[i])", Bind<kInnerProduct>)));
  ORBIT_RETURN_IF_ERROR(registry.Add(
      Measure2("array_negative_inner_product", "-sum(a[i] * b[i]), what a <#> b is", Bind<kNegativeInnerProduct>)));
  ORBIT_RETURN_IF_ERROR(registry.Add(
      Measure2("array_cosine_similarity", "a.b / (|a| |b|); NaN when either is all zeros", Bind<kCosineSimilarity>)));
  ORBIT_RETURN_IF_ERROR(registry.Add(
      Measure2("array_cosine_distance", "1 - array_cosine_similarity(a, b), a <=> b", Bind<kCosineDistance>)));
  ORBIT_RETURN_IF_ERROR(
      registry.Add(Measure2("array_distance", "the Euclidean distance |a - b|, a <-> b", Bind<kDistance>)));
  ORBIT_RETURN_IF_ERROR(registry.Add(Operator("<->", "the Euclidean distance (pgvector's operator)", Bind<kDistance>)));
  ORBIT_RETURN_IF_ERROR(
      registry.Add(Operator("<#>", "the negative inner product (pgvector's operator)", Bind<kNegativeInnerProduct>)));
  return registry.Add(Operator("<=>", "the cosine distance (pgvector's operator)", Bind<kCosineDistance>));
}

}  // namespace orbit
