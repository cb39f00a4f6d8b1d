// Math functions over DOUBLE, with PostgreSQL's float8 rules: sqrt, cbrt, exp, ln, log
// (base 10, or log(b, x)), log10, power/pow, pi, degrees, radians, the trigonometric
// functions and random(). Any numeric argument (or an untyped literal) is cast to DOUBLE.
// A domain error is PostgreSQL's message (sqrt of a negative number, the logarithm of zero),
// and a finite input whose result leaves the doubles is an overflow (or, for exp and
// power, an underflow to zero), not an infinity. random() is volatile: never folded.
#include <cmath>
#include <numbers>
#include <random>

#include "functions/function_registry.h"
#include "functions/math_kernel_call.h"

namespace orbit {

namespace {

enum class Op : uint8_t {
  kSqrt,
  kCbrt,
  kExp,
  kLn,
  kLog10,
  kLogBase,
  kPower,
  kDegrees,
  kRadians,
  kSin,
  kCos,
  kTan,
  kCot,
  kAsin,
  kAcos,
  kAtan,
  kAtan2,
};

Status Overflow() { return Status::OutOfRange("value out of range: overflow"); }
Status Underflow() { return Status::OutOfRange("value out of range: underflow"); }
Status LogarithmDomain(double x) {
  if (x == 0) return Status::OutOfRange("cannot take logarithm of zero");
  return Status::OutOfRange("cannot take logarithm of a negative number");
}

// x's result, or its domain error; y is the second argument where there is one.
Status Apply(Op op, double x, double y, double* out) {
  const bool finite_input = std::isfinite(x) && std::isfinite(y);
  double r = 0;
  switch (op) {
    case Op::kSqrt:
      if (x < 0) return Status::OutOfRange("cannot take square root of a negative number");
      r = std::sqrt(x);
      break;
    case Op::kCbrt: r = std::cbrt(x); break;
    case Op::kExp:
      r = std::exp(x);
      if (r == 0 && std::isfinite(x)) return Underflow();
      break;
    case Op::kLn:
    case Op::kLog10:
      if (x <= 0) return LogarithmDomain(x);
      r = op == Op::kLn ? std::log(x) : std::log10(x);
      break;
    case Op::kLogBase:  // log(x = base, y = value)
      if (x <= 0) return LogarithmDomain(x);
      if (y <= 0) return LogarithmDomain(y);
      if (x == 1) return Status::OutOfRange("division by zero");
      r = std::log(y) / std::log(x);
      break;
    case Op::kPower:
      if (x == 0 && y < 0) return Status::OutOfRange("zero raised to a negative power is undefined");
      if (x < 0 && std::isfinite(y) && std::floor(y) != y) {
        return Status::OutOfRange("a negative number raised to a non-integer power yields a complex result");
      }
      r = std::pow(x, y);
      if (r == 0 && x != 0 && finite_input) return Underflow();
      break;
    case Op::kDegrees: r = x * (180.0 / std::numbers::pi); break;
    case Op::kRadians: r = x * (std::numbers::pi / 180.0); break;
    case Op::kSin:
    case Op::kCos:
    case Op::kTan:
    case Op::kCot:
      if (std::isinf(x)) return Status::OutOfRange("input is out of range");
      r = op == Op::kSin   ? std::sin(x)
          : op == Op::kCos ? std::cos(x)
          : op == Op::kTan ? std::tan(x)
                           : 1.0 / std::tan(x);
      break;
    case Op::kAsin:
    case Op::kAcos:
      if (x < -1 || x > 1) return Status::OutOfRange("input is out of range");
      r = op == Op::kAsin ? std::asin(x) : std::acos(x);
      break;
    case Op::kAtan: r = std::atan(x); break;
    case Op::kAtan2: r = std::atan2(x, y); break;
  }
  // cot(0) is PostgreSQL's Infinity; every other infinity from finite input is an overflow.
  if (std::isinf(r) && finite_input && op != Op::kCot) return Overflow();
  *out = r;
  return Status::OK();
}

// exp, ln, log10, sqrt and power run on the pipeline's math kernels; the kernel finds the
// first failing row exactly where the reference does, and Apply gives it its message.
std::optional<MathOp> KernelOp(Op op) {
  switch (op) {
    case Op::kExp: return MathOp::kExp;
    case Op::kLn: return MathOp::kLn;
    case Op::kLog10: return MathOp::kLog10;
    case Op::kSqrt: return MathOp::kSqrt;
    default: return std::nullopt;
  }
}

Result<ColumnPtr> EvaluateOnKernels(const ScalarCall& call) {
  const auto op = static_cast<Op>(call.variant);
  const ColumnView& x = call.arguments[0];
  const MathKernels& kernels = MathKernelsOf(call);
  MathKernelResult result(call.arguments, call.rows);
  const auto n = static_cast<size_t>(call.rows);
  const int64_t failed = op == Op::kPower
                             ? kernels.power(x.values<double>(), call.arguments[1].values<double>(), false,
                                             result.validity(), n, result.values())
                             : kernels.unary(*KernelOp(op), x.values<double>(), result.validity(), n, result.values());
  if (failed >= 0) {
    const double y = op == Op::kPower ? call.arguments[1].values<double>()[failed] : 0.0;
    double ignored;
    ORBIT_RETURN_IF_ERROR(Apply(op, x.values<double>()[failed], y, &ignored));
    return Status::Internal("a math kernel failed at row {}, where the reference succeeds", failed);
  }
  return result.Finish();
}

Result<ColumnPtr> Evaluate(const ScalarCall& call) {
  const auto op = static_cast<Op>(call.variant);
  if (KernelOp(op) || op == Op::kPower) return EvaluateOnKernels(call);
  const ColumnView& x = call.arguments[0];
  const ColumnView* y = call.arguments.size() > 1 ? &call.arguments[1] : nullptr;
  auto out = Column::Allocate(DataType::Double(), call.rows);
  double* r = out->mutable_values<double>();
  for (int64_t i = 0; i < call.rows; ++i) {
    if (!x.IsValid(i) || (y && !y->IsValid(i))) {
      out->SetNull(i);
      r[i] = 0;
      continue;
    }
    ORBIT_RETURN_IF_ERROR(Apply(op, x.values<double>()[i], y ? y->values<double>()[i] : 0.0, &r[i]));
  }
  return out;
}

// Every argument a number (or an untyped literal read as one), cast to DOUBLE; a NULL
// one makes the result NULL.
Result<Resolution> BindDoubles(const CallSite& call, int variant) {
  std::vector<DataType> types;
  for (const CallArgument& a : call.arguments) {
    if (a.type.id == TypeId::kNull) return Resolution::Null(DataType::Double());
    if (!a.type.is_numeric() && !a.string_literal) {
      std::string list;
      for (const CallArgument& b : call.arguments) list += (list.empty() ? "" : ", ") + b.type.ToString();
      return Status::TypeError("function {}({}) does not exist (it takes numbers), in {}", call.name, list, call.text);
    }
    types.push_back(DataType::Double());
  }
  return Resolution::Call(DataType::Double(), std::move(types), variant);
}

template <Op kOp>
Result<Resolution> BindOp(const CallSite& call) {
  return BindDoubles(call, static_cast<int>(kOp));
}

// log(x) is log10(x); log(b, x) the logarithm of x to base b.
Result<Resolution> BindLog(const CallSite& call) {
  return BindDoubles(call, static_cast<int>(call.arguments.size() == 2 ? Op::kLogBase : Op::kLog10));
}

ScalarFunction Function(std::string name, std::vector<std::string> aliases, int arguments, std::string description,
                        ScalarBindRule bind) {
  ScalarFunction f;
  f.name = std::move(name);
  f.aliases = std::move(aliases);
  f.signatures = {{arguments == 2 ? "DOUBLE, DOUBLE" : "DOUBLE", "DOUBLE"}};
  f.description = std::move(description);
  f.min_arguments = f.max_arguments = arguments;
  f.usage = arguments == 2 ? "takes two arguments" : "takes one argument";
  f.bind = bind;
  f.implementation = Evaluate;
  return f;
}

Result<ColumnPtr> Pi(const ScalarCall& call) {
  auto out = Column::Allocate(DataType::Double(), call.rows);
  std::fill_n(out->mutable_values<double>(), call.rows, std::numbers::pi);
  return out;
}

Result<Resolution> BindNoArguments(const CallSite&) { return Resolution::Call(DataType::Double(), {}); }

Result<ColumnPtr> Random(const ScalarCall& call) {
  // One generator per thread, seeded from the system: a query's rows draw independent values.
  thread_local std::mt19937_64 generator{std::random_device{}()};
  std::uniform_real_distribution<double> uniform(0.0, 1.0);
  auto out = Column::Allocate(DataType::Double(), call.rows);
  double* r = out->mutable_values<double>();
  for (int64_t i = 0; i < call.rows; ++i) r[i] = uniform(generator);
  return out;
}

ScalarFunction NoArguments(std::string name, std::string description, ScalarImplementation implementation) {
  ScalarFunction f;
  f.name = std::move(name);
  f.signatures = {{"", "DOUBLE"}};
  f.description = std::move(description);
  f.min_arguments = f.max_arguments = 0;
  f.usage = "takes no arguments";
  f.bind = BindNoArguments;
  f.implementation = implementation;
  return f;
}

}  // namespace

Status RegisterTranscendentalFunctions(FunctionRegistry& registry) {
  const ScalarFunction unary[] = {
      Function("sqrt", {}, 1, "the square root (an error for a negative number)", BindOp<Op::kSqrt>),
      Function("cbrt", {}, 1, "the cube root", BindOp<Op::kCbrt>),
      Function("exp", {}, 1, "e raised to the power of the argument", BindOp<Op::kExp>),
      Function("ln", {}, 1, "the natural logarithm (an error for zero or a negative number)", BindOp<Op::kLn>),
      Function("log10", {}, 1, "the base 10 logarithm", BindOp<Op::kLog10>),
      Function("power", {"pow"}, 2, "a raised to the power of b", BindOp<Op::kPower>),
      Function("degrees", {}, 1, "radians converted to degrees", BindOp<Op::kDegrees>),
      Function("radians", {}, 1, "degrees converted to radians", BindOp<Op::kRadians>),
      Function("sin", {}, 1, "the sine (of radians)", BindOp<Op::kSin>),
      Function("cos", {}, 1, "the cosine (of radians)", BindOp<Op::kCos>),
      Function("tan", {}, 1, "the tangent (of radians)", BindOp<Op::kTan>),
      Function("cot", {}, 1, "the cotangent (of radians)", BindOp<Op::kCot>),
      Function("asin", {}, 1, "the arcsine, in radians", BindOp<Op::kAsin>),
      Function("acos", {}, 1, "the arccosine, in radians", BindOp<Op::kAcos>),
      Function("atan", {}, 1, "the arctangent, in radians", BindOp<Op::kAtan>),
      Function("atan2", {}, 2, "the arctangent of y/x (atan2(y, x)), in radians", BindOp<Op::kAtan2>),
  };
  for (ScalarFunction f : unary) {
    // The functions Evaluate runs on the math kernels (KernelOp and power), on any device.
    for (const char* name : {"sqrt", "exp", "ln", "log10", "power"}) {
      if (f.name == name) f.device_kernel = "math";
    }
    ORBIT_RETURN_IF_ERROR(registry.Add(std::move(f)));
  }

  ScalarFunction log = Function("log", {}, 1, "the base 10 logarithm, or log(b, x) the logarithm to base b", BindLog);
  log.signatures = {{"DOUBLE", "DOUBLE"}, {"DOUBLE base, DOUBLE", "DOUBLE"}};
  log.max_arguments = 2;
  log.usage = "takes a number, or a base and a number";
  log.device_kernel = "math";  // log(x); log(b, x) runs on the host
  ORBIT_RETURN_IF_ERROR(registry.Add(std::move(log)));

  ORBIT_RETURN_IF_ERROR(registry.Add(NoArguments("pi", "π", Pi)));
  ScalarFunction random = NoArguments("random", "a random DOUBLE in [0, 1), a new one for every row", Random);
  random.is_volatile = true;
  return registry.Add(std::move(random));
}

}  // namespace orbit
