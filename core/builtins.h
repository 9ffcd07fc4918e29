// The built-in functions of the rule language, in one table: for each, its name, how many
// arguments it takes, how it types them and its result (for the checker), and how it computes
// (for the evaluator). Adding a function is adding one entry to the table in builtins.cpp (and its
// line in docs/rules-language.md).
//
// Errors: a typing rule reports through CallTyping::expect ("the first argument must be a date,
// but this is …"); a computation that fails returns a CallFailure (a named runtime error, see
// ErrorKind), which the evaluator turns into an error value naming the variable and period.
// `has_role` and the aggregations (sum, count, …) are not functions: the checker and evaluator
// handle them as their own expressions.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "result.h"
#include "value.h"

namespace mesaides {

class Program;
struct Node;
struct ParameterDef;
struct ParameterRead;

// What a built-in's typing rule sees of the checker, once the arguments are checked.
class CallTyping {
 public:
  virtual size_t arg_count() const = 0;
  // The type of argument i (a marker outside Type's items if its check failed).
  virtual Type type(size_t i) const = 0;
  // Reports "<where> must be <family>, but this is …" unless argument i is of family `f`.
  virtual void expect(size_t i, Family f, const char* where) = 0;
  // The parameter named by argument i, when the built-in's first argument is a scale.
  virtual const ParameterDef& parameter(size_t i) const = 0;

 protected:
  ~CallTyping() = default;
};

// What a built-in's computation is given.
struct Call {
  const Program& program;
  const Node& node;         // the call (its first argument may name a scale parameter)
  const Value* args;        // the arguments' values (the scale argument's is left empty)
  size_t count;             // how many
  Date instant;             // parameters are read at this date
  ParameterRead* recorded;  // where to record the scale read (record mode), or null
};

// A named runtime failure of a built-in; the evaluator adds the variable, member and period.
struct CallFailure {
  ErrorKind kind;
  std::string message;
};
using CallResult = Result<Value, CallFailure>;

// An argument or a result as the evaluator's fast path holds it: a number, or a date, boolean or
// enum item (Value::small), without a Value.
struct PlainValue {
  Decimal number;
  int32_t small = 0;
};

struct BuiltinDef {
  const char* name;
  int min_args;
  int max_args;
  // The first argument names a scale parameter (scale, marginal): the checker resolves it and the
  // evaluator does not compute it.
  bool scale_first;
  // The right way to call it, shown after "write " when the count of arguments is wrong; or null.
  const char* usage;
  // Checks the (already checked) arguments' families; returns the result's type.
  Type (*type)(CallTyping& call);
  CallResult (*compute)(const Call& call);
  // The same computation on plain values (`type`: the call's, as the checker found it), for the
  // evaluator's fast path: false where `compute` would fail, which then says why. Null for a
  // built-in that reads a parameter or a text (scale, marginal, starts_with).
  bool (*plain)(const PlainValue* args, size_t count, Type type, PlainValue& out);
};

// Every built-in, in the order "unknown function" lists them.
const std::vector<BuiltinDef>& builtins();
// The built-in called `name`, or null.
const BuiltinDef* find_builtin(std::string_view name);

}  // namespace mesaides
