// A scalar function as the registry holds it: its names, the signatures it lists, how a
// call binds (argument checks, casts, result type) and its vectorised implementation over
// columns. The binder resolves a call to one of these once; a bound expression points at
// the entry, so execution calls the implementation without looking at names.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "columnar/column.h"
#include "columnar/value.h"
#include "common/status.h"
#include "kernels/kernel_table.h"

namespace orbit {

struct KernelTable;  // kernels/kernel_table.h

/// One argument of a call as the bind rule sees it: bound, not yet cast.
struct CallArgument {
  DataType type;
  std::optional<Value> constant;  // set when the argument is a constant
  bool string_literal = false;    // written as an untyped '...' literal
  /// An INTERVAL literal (only for functions that take one, ScalarFunction::takes_interval):
  /// `constant` is a BIGINT of its days and time in microseconds, `interval_months` its months.
  bool interval = false;
  int64_t interval_months = 0;
};

/// A call being bound: the name as written (an alias stays an alias in messages), the
/// whole call as SQL for messages, and its arguments.
struct CallSite {
  std::string_view name;
  std::string_view text;
  const std::vector<CallArgument>& arguments;
};

/// What a bind rule decides for a call.
struct Resolution {
  enum class Form : uint8_t {
    kCall,      // the implementation over `arguments`, each cast to its `argument_types`
    kNull,      // a NULL of `type` (a NULL argument decides the result)
    kArgument,  // call argument `arguments[0]` cast to `type`, no call (round of an INTEGER)
  };
  Form form = Form::kCall;
  DataType type;                         // the result type
  std::vector<int> arguments;            // which call arguments the implementation reads, in order
  std::vector<DataType> argument_types;  // what each of them is cast to
  int variant = 0;                       // the bind rule's choice the implementation reads (extract's field)
  /// What the bind rule prepared once for every row the call sees (a constant pattern,
  /// compiled); the implementation reads it as ScalarCall::state. May be null.
  std::shared_ptr<const void> state;

  /// The implementation over every call argument, each cast to the type given.
  static Resolution Call(DataType type, std::vector<DataType> argument_types, int variant = 0);
  static Resolution Null(DataType type);
  static Resolution Argument(int argument, DataType type);
};

/// What an implementation is called with: the resolved arguments as columns of `rows` rows.
struct ScalarCall {
  std::span<const ColumnView> arguments;
  int64_t rows = 0;
  const DataType& type;  // the result type
  int variant = 0;
  /// Argument i as SQL, for error messages (computed only when one is raised).
  const std::function<std::string(int)>& argument_sql;
  const void* state = nullptr;  // Resolution::state, null when the bind rule prepared nothing
  /// The kernels of the pipeline's device (the connection's kernel mode on the CPU), for
  /// functions with a kernel family (exp, decay, array_distance, ...); null: the reference's.
  const KernelTable* kernels = nullptr;
};

using ScalarBindRule = Result<Resolution> (*)(const CallSite& call);
using ScalarImplementation = Result<ColumnPtr> (*)(const ScalarCall& call);
/// How EXPLAIN and column names write a bound call, from its arguments' SQL.
using ScalarDisplay = std::string (*)(std::string_view name, int variant, const std::vector<std::string>& arguments);

/// A signature as orbit_functions() lists it.
struct Signature {
  std::string arguments;  // "VARCHAR, BIGINT [, BIGINT]"
  std::string result;     // "VARCHAR"; a rule where the type depends on the arguments
};

struct ScalarFunction {
  std::string name;                  // the canonical name a bound call shows
  std::vector<std::string> aliases;  // other names that call it (char_length for length)
  bool operator_only = false;        // `name` is an operator ("||"), not callable as name(...)
  bool is_volatile = false;          // a new value on every row (random()): never folded to a constant
  bool takes_interval = false;       // an argument may be an INTERVAL literal (CallArgument::interval)
  /// TINYINT, SMALLINT and REAL arguments reach the bind rule as they are; otherwise the
  /// binder widens them to INTEGER and DOUBLE first (exact), as most functions take those.
  bool takes_narrow_types = false;
  /// A call whose widened argument gives a result of the widened type narrows it back:
  /// abs(SMALLINT) is a SMALLINT, abs(REAL) a REAL, as in PostgreSQL.
  bool keeps_narrow_type = false;
  /// A constant argument reaches the implementation as a one-row column rather than one
  /// copy per row (a query vector compared with every row of a table).
  bool constants_as_one_row = false;
  std::vector<Signature> signatures;
  std::string description;
  // Arity, checked before the arguments are bound; `usage` completes "<name> <usage>: <call>".
  int min_arguments = 0;
  int max_arguments = -1;  // -1: any number
  bool allows_star = false;
  std::string usage;
  ScalarBindRule bind = nullptr;  // null: written as another expression by the parser (coalesce)
  ScalarImplementation implementation = nullptr;
  ScalarDisplay display = nullptr;  // null: name(a, b)
  std::string device_kernel;        // the kernel registry's entry for devices; empty: CPU only

  std::string Display(int variant, const std::vector<std::string>& arguments) const;
};

}  // namespace orbit
