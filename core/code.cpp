// Flat code (program.h, OpCode): the formulas, and the aggregations' bodies, compiled at load in
// the order the evaluator's fast paths visit their nodes, each choice a node's kind and types make
// taken here rather than at every evaluation.
#include <optional>
#include <vector>

#include "builtins.h"
#include "program.h"

namespace mesaides {
namespace {

// What an expression's code leaves on the stack, as the fast path that computes it: a number
// (eval_number), a boolean (eval_bool), an enum item or a date (eval_small).
enum class Want : uint8_t { kNumber, kBool, kSmall };

class CodeCompiler {
 public:
  explicit CodeCompiler(Program& program) : p_(program) {}

  // The code of an aggregation's body: its first operation, or kNoCode when it would need more
  // than Program::kCodeStack values on the stack at once (then the fast paths walk it).
  uint32_t root(ExprId id, Want want) {
    const auto start = static_cast<uint32_t>(p_.code.size());
    if (!body(id, want)) return Program::kNoCode;
    emit(OpCode::kEnd);
    return start;
  }

  // A formula's code (Formula::code), or kNoCode when none of its statements nor its result has
  // any.
  uint32_t formula(const Formula& f) {
    const auto start = static_cast<uint32_t>(p_.code.size());
    bool any = false;
    const size_t count = f.statements.size();
    for (size_t i = 0; i <= count; ++i) {
      const bool result = i == count;
      const ExprId id = result ? f.result : f.statements[i].expr;
      const uint32_t marker = emit(OpCode::kStatement, static_cast<uint32_t>(i));
      const Type type = p_.nodes[id].type;
      const bool number = is_numeric(type);
      if ((number || type == Type::kBoolean) && body(id, number ? Want::kNumber : Want::kBool)) {
        any = true;
        if (result) {
          emit(number ? OpCode::kResultNumber : OpCode::kResultBool);
        } else if (f.statements[i].kind == Statement::Kind::kLet) {
          emit(number ? OpCode::kLetNumber : OpCode::kLetBool,
               static_cast<uint32_t>(f.statements[i].slot));
        } else {
          emit(OpCode::kRequire, static_cast<uint32_t>(i));
        }
      } else {
        emit(OpCode::kGeneral);
      }
      p_.code[marker].b = static_cast<uint32_t>(p_.code.size());
    }
    if (!any) {
      p_.code.resize(start);
      return Program::kNoCode;
    }
    return start;
  }

 private:
  uint32_t emit(OpCode code, uint32_t a = 0, uint32_t b = 0, uint8_t sub = 0) {
    p_.code.push_back({code, sub, a, b});
    return static_cast<uint32_t>(p_.code.size() - 1);
  }
  // An operation that pushes a value.
  void emit_push(OpCode code, uint32_t a = 0, uint32_t b = 0) {
    emit(code, a, b);
    if (++depth_ > deepest_) deepest_ = depth_;
  }
  void constant(Decimal value) {
    emit_push(OpCode::kConstant, static_cast<uint32_t>(p_.code_constants.size()));
    p_.code_constants.push_back(value);
  }
  // The code of an expression, leaving its value on the stack; false (nothing emitted) when it
  // would need more than Program::kCodeStack values at once.
  bool body(ExprId id, Want want) {
    const size_t start = p_.code.size();
    const size_t constants = p_.code_constants.size();
    depth_ = 0;
    deepest_ = 0;
    expr(id, want);
    if (deepest_ <= Program::kCodeStack) return true;
    p_.code.resize(start);
    p_.code_constants.resize(constants);
    return false;
  }

  // A jump's target: the next operation emitted.
  void land(uint32_t jump) { p_.code[jump].a = static_cast<uint32_t>(p_.code.size()); }

  void expr(ExprId id, Want want) {
    const Node& n = p_.nodes[id];
    if (want == Want::kSmall && n.type == Type::kBoolean) want = Want::kBool;  // as eval_small
    switch (want) {
      case Want::kNumber:
        number(id, n);
        return;
      case Want::kBool:
        boolean(id, n);
        return;
      case Want::kSmall:
        small(id, n);
        return;
    }
  }

  // eval_number's cases; the others computed by it (kNumber).
  void number(ExprId id, const Node& n) {
    switch (n.kind) {
      case ExprKind::kVariable:
        emit_push(OpCode::kNumberRead, id);
        return;
      case ExprKind::kLocal:
        emit_push(OpCode::kNumberLocal, static_cast<uint32_t>(n.ref));
        return;
      case ExprKind::kLiteral:
        if (n.ref >= 0 && p_.literals[static_cast<size_t>(n.ref)].kind == ValueKind::kNumber) {
          constant(p_.literals[static_cast<size_t>(n.ref)].number);
          return;
        }
        break;
      case ExprKind::kParameter:
        if (p_.parameters[static_cast<size_t>(n.ref)].shape != ParamShape::kTable) {
          emit_push(OpCode::kParameter, id);
          return;
        }
        break;
      case ExprKind::kNegate:
        expr(p_.arg(n, 0), Want::kNumber);
        emit(OpCode::kNegate);
        return;
      case ExprKind::kBinary: {
        OpCode code = OpCode::kEnd;
        switch (static_cast<BinOp>(n.sub)) {
          case BinOp::kAdd:
            code = OpCode::kAdd;
            break;
          case BinOp::kSub:
            code = OpCode::kSub;
            break;
          case BinOp::kMul:
            code = OpCode::kMul;
            break;
          case BinOp::kDiv:
            code = OpCode::kDiv;
            break;
          default:
            break;
        }
        if (code == OpCode::kEnd) break;
        expr(p_.arg(n, 0), Want::kNumber);
        expr(p_.arg(n, 1), Want::kNumber);
        emit(code);
        --depth_;
        return;
      }
      case ExprKind::kIf:
        conditions(n, Want::kNumber);
        return;
      case ExprKind::kCall:
        if (call(n, OpCode::kCallNumber, id)) return;
        break;
      default:
        break;
    }
    emit_push(OpCode::kNumber, id);
  }

  // eval_bool's cases; the others computed by it (kBool).
  void boolean(ExprId id, const Node& n) {
    switch (n.kind) {
      case ExprKind::kVariable:
        emit_push(OpCode::kBoolRead, id);
        return;
      case ExprKind::kLocal:
        emit_push(OpCode::kBoolLocal, static_cast<uint32_t>(n.ref));
        return;
      case ExprKind::kLiteral:
        if (n.ref >= 0 && p_.literals[static_cast<size_t>(n.ref)].kind == ValueKind::kBoolean) {
          constant(Decimal::from_raw(p_.literals[static_cast<size_t>(n.ref)].small != 0 ? 1 : 0));
          return;
        }
        break;
      case ExprKind::kNot:
        expr(p_.arg(n, 0), Want::kBool);
        emit(OpCode::kNot);
        return;
      case ExprKind::kHasRole:
        emit_push(OpCode::kHasRole, static_cast<uint32_t>(n.ref), static_cast<uint32_t>(n.group));
        return;
      case ExprKind::kBinary: {
        const auto op = static_cast<BinOp>(n.sub);
        if (op == BinOp::kAnd || op == BinOp::kOr) {
          expr(p_.arg(n, 0), Want::kBool);
          const uint32_t jump = emit(op == BinOp::kAnd ? OpCode::kAndJump : OpCode::kOrJump);
          --depth_;  // popped when the right operand decides
          expr(p_.arg(n, 1), Want::kBool);
          land(jump);
          return;
        }
        if (op == BinOp::kAdd || op == BinOp::kSub || op == BinOp::kMul || op == BinOp::kDiv) break;
        const Type operands = p_.nodes[p_.arg(n, 0)].type;
        Want want = Want::kNumber;
        if (is_numeric(operands)) {
          want = Want::kNumber;
        } else if (operands == Type::kBoolean || operands == Type::kEnum ||
                   operands == Type::kDate) {
          want = Want::kSmall;
        } else {
          break;  // texts
        }
        expr(p_.arg(n, 0), want);
        const ExprId right = p_.arg(n, 1);
        if (const std::optional<Decimal> c = constant_of(right, want)) {
          emit(OpCode::kCompareConstant, static_cast<uint32_t>(p_.code_constants.size()), 0, n.sub);
          p_.code_constants.push_back(*c);
          return;
        }
        const Node& r = p_.nodes[right];
        if (want == Want::kNumber && r.kind == ExprKind::kParameter &&
            p_.parameters[static_cast<size_t>(r.ref)].shape != ParamShape::kTable) {
          emit(OpCode::kCompareParameter, right, 0, n.sub);
          return;
        }
        expr(right, want);
        emit(OpCode::kCompare, 0, 0, n.sub);
        --depth_;
        return;
      }
      case ExprKind::kIf:
        conditions(n, Want::kBool);
        return;
      default:
        break;
    }
    emit_push(OpCode::kBool, id);
  }

  // eval_small's cases (an enum item or a date); the others computed by it (kSmall).
  void small(ExprId id, const Node& n) {
    switch (n.kind) {
      case ExprKind::kVariable:
        emit_push(OpCode::kSmallRead, id);
        return;
      case ExprKind::kLocal:
        emit_push(OpCode::kSmallLocal, static_cast<uint32_t>(n.ref));
        return;
      case ExprKind::kLiteral:
        if (n.ref >= 0) {
          const Value& v = p_.literals[static_cast<size_t>(n.ref)];
          if (v.kind == ValueKind::kEnum || v.kind == ValueKind::kDate) {
            constant(Decimal::from_raw(v.small));
            return;
          }
        }
        break;
      case ExprKind::kEnumItem:
        constant(Decimal::from_raw(n.small));
        return;
      case ExprKind::kPeriodStart:
        emit_push(OpCode::kPeriodStart);
        return;
      case ExprKind::kPeriodEnd:
        emit_push(OpCode::kPeriodEnd);
        return;
      case ExprKind::kIf:
        conditions(n, Want::kSmall);
        return;
      case ExprKind::kCall:
        if (call(n, OpCode::kCallSmall, id)) return;
        break;
      default:
        break;
    }
    emit_push(OpCode::kSmall, id);
  }

  // The value of an expression its code would push as one constant (a number, an enum item or a
  // date literal), if it is one.
  std::optional<Decimal> constant_of(ExprId id, Want want) const {
    const Node& n = p_.nodes[id];
    if (n.type == Type::kBoolean) return std::nullopt;  // (booleans: a rare comparison)
    if (n.kind == ExprKind::kEnumItem && want == Want::kSmall) return Decimal::from_raw(n.small);
    if (n.kind != ExprKind::kLiteral || n.ref < 0) return std::nullopt;
    const Value& v = p_.literals[static_cast<size_t>(n.ref)];
    if (want == Want::kNumber && v.kind == ValueKind::kNumber) return v.number;
    if (want == Want::kSmall && (v.kind == ValueKind::kEnum || v.kind == ValueKind::kDate))
      return Decimal::from_raw(v.small);
    return std::nullopt;
  }

  // A call with a plain form (Evaluation::plain_call): its arguments in order, numbers or small,
  // then the call. False for another.
  bool call(const Node& n, OpCode code, ExprId id) {
    if (n.ref < 0 || n.arg_count > kPlainArgs ||
        builtins()[static_cast<size_t>(n.ref)].plain == nullptr)
      return false;
    uint8_t numbers = 0;
    for (uint32_t i = 0; i < n.arg_count; ++i) {
      const ExprId a = p_.arg(n, i);
      const bool number = is_numeric(p_.nodes[a].type);
      if (number) numbers |= static_cast<uint8_t>(1U << i);
      expr(a, number ? Want::kNumber : Want::kSmall);
    }
    emit(code, id, 0, numbers);
    depth_ -= n.arg_count;
    if (++depth_ > deepest_) deepest_ = depth_;
    return true;
  }

  // `if c1 then v1 elif c2 then v2 … else v`: each condition in turn, the first that holds
  // chooses (Evaluation::branch_taken).
  void conditions(const Node& n, Want want) {
    const uint32_t depth = depth_;
    // The jumps to the end, chained through their targets until the end is known.
    uint32_t to_end = Program::kNoCode;
    for (uint32_t i = 0; i + 1 < n.arg_count; i += 2) {
      expr(p_.arg(n, i), Want::kBool);
      const uint32_t next = emit(OpCode::kJumpIfFalse);
      --depth_;
      expr(p_.arg(n, i + 1), want);
      to_end = emit(OpCode::kJump, to_end);
      depth_ = depth;
      land(next);
    }
    expr(p_.arg(n, n.arg_count - 1), want);
    while (to_end != Program::kNoCode) {
      const uint32_t before = p_.code[to_end].a;
      land(to_end);
      to_end = before;
    }
  }

  // Evaluation::kPlainArgs.
  static constexpr uint32_t kPlainArgs = 4;
  Program& p_;
  uint32_t depth_ = 0;
  uint32_t deepest_ = 0;
};

}  // namespace

void compile_code(Program& program) {
  program.code.clear();
  program.code_constants.clear();
  // About an operation per node, and two per statement: grown once or twice.
  program.code.reserve(program.nodes.size() + program.nodes.size() / 4);
  program.code_entry.assign(program.nodes.size(), Program::kNoCode);
  CodeCompiler compiler(program);
  for (VariableDef& v : program.variables) {
    for (Formula& f : v.formulas) f.code = compiler.formula(f);
  }
  // The bodies of sums, counts, extremes, any and all: run for each member.
  for (const Node& n : program.nodes) {
    if (n.kind != ExprKind::kAggregate) continue;
    const ExprId body = program.arg(n, 1);
    const Type type = program.nodes[body].type;
    if (is_numeric(type)) {
      program.code_entry[body] = compiler.root(body, Want::kNumber);
    } else if (type == Type::kBoolean) {
      program.code_entry[body] = compiler.root(body, Want::kBool);
    }
  }
}

}  // namespace mesaides
