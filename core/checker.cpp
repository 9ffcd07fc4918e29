// Checker (see checker.h).
#include "checker.h"

#include <algorithm>
#include <functional>
#include <set>

#include "builtins.h"

namespace mesaides {

namespace {

// A type with its article, for messages: "a boolean", "an integer", "a money amount".
std::string a_type(Type t) {
  switch (t) {
    case Type::kMoney:
      return "a money amount";
    case Type::kInteger:
      return "an integer";
    case Type::kEnum:
      return "an enum item";
    default:
      return std::string("a ") + type_name(t);
  }
}

const char* op_symbol(BinOp op) {
  static const char* kSymbols[] = {
      "+", "-", "*", "/", "==", "!=", "<", "<=", ">", ">=", "and", "or"};
  return kSymbols[static_cast<int>(op)];
}

// Where an expression is evaluated: for which entity and which period unit.
struct Context {
  int32_t entity = -1;
  PeriodUnit unit = PeriodUnit::kMonth;
  bool in_aggregate = false;
  int32_t outer_entity = -1;  // inside an aggregation: the group aggregated
};

struct Local {
  std::string name;
  int32_t slot;
  Type type;
  int32_t enum_id;
};

class Checker {
 public:
  Checker(Program& program, DiagnosticSink& sink) : p_(program), sink_(sink) {}

  void run() {
    index_entities();
    index_enums();
    index_parameters();
    index_variables();
    if (sink_.has_errors() && p_.person_entity < 0) return;
    for (size_t i = 0; i < p_.variables.size(); ++i) check_variable(static_cast<int32_t>(i));
    check_benefits();
    if (!sink_.has_errors()) check_cycles();
  }

 private:
  // ---- tables ---------------------------------------------------------------------------------
  template <typename Def>
  void index_names(std::vector<Def>& defs, NameIndex& index, const char* what) {
    index.clear();
    for (size_t i = 0; i < defs.size(); ++i) {
      const int32_t first = index.add(defs, i);
      if (first >= 0) {
        Diagnostic& d = sink_.error(
            defs[i].span, std::string(what) + " '" + defs[i].name + "' is declared twice");
        d.notes.push_back({defs[static_cast<size_t>(first)].span, true, "first declared here"});
      }
    }
  }

  void index_entities() {
    index_names(p_.entities, p_.entity_index, "entity");
    std::set<std::string> plurals;
    for (size_t i = 0; i < p_.entities.size(); ++i) {
      EntityDef& e = p_.entities[i];
      if (e.is_person) {
        if (p_.person_entity >= 0) {
          Diagnostic& d = sink_.error(e.span,
                                      "there can be only one person entity ('entity'); "
                                      "declare '" +
                                          e.name + "' with 'group'");
          d.notes.push_back({p_.entities[static_cast<size_t>(p_.person_entity)].span, true,
                             "the person entity is declared here"});
        } else {
          p_.person_entity = static_cast<int32_t>(i);
        }
      } else if (e.roles.empty()) {
        sink_.error(e.span, "group '" + e.name + "' has no role");
      }
      if (!e.plural.empty() && !plurals.insert(e.plural).second) {
        sink_.error(e.span, "plural '" + e.plural + "' is used by two entities");
      }
      std::set<std::string> roles;
      for (const RoleDef& r : e.roles) {
        if (!roles.insert(r.name).second ||
            (r.plural != r.name && !roles.insert(r.plural).second)) {
          sink_.error(r.span, "role '" + r.name + "' is declared twice in '" + e.name + "'");
        }
      }
    }
    if (p_.person_entity < 0) {
      Span nowhere{};
      if (p_.sources.size() > 0)
        sink_.error(nowhere,
                    "no person entity is declared (write 'entity individu { plural: individus }')");
    }
  }

  void index_enums() { index_names(p_.enums, p_.enum_index, "enum"); }

  void index_parameters() {
    index_names(p_.parameters, p_.parameter_index, "parameter");
    for (ParameterDef& def : p_.parameters) {
      bool first = true;
      for (const ParamValue& v : def.values) {
        if (v.is_null) continue;
        if (first) {
          def.shape = v.shape;
          first = false;
        } else if (v.shape != def.shape) {
          sink_.error(v.span,
                      "parameter '" + def.name + "' mixes numbers, tables and scales across dates");
        }
      }
      if (def.shape == ParamShape::kTable) {
        // Sorted by key so that a lookup is a binary search (the APL zoning lists 3,600 communes);
        // a key listed twice is an error.
        for (ParamValue& v : def.values) {
          std::stable_sort(v.table.begin(), v.table.end(),
                           [](const auto& a, const auto& b) { return a.first < b.first; });
          for (size_t i = 1; i < v.table.size(); ++i) {
            if (v.table[i].first == v.table[i - 1].first) {
              sink_.error(v.span, "key '" + v.table[i].first + "' is listed twice in this table");
            }
          }
        }
        // Every dated table must have the same keys, so a key valid at one date is valid at all.
        const ParamValue* reference = nullptr;
        for (const ParamValue& v : def.values) {
          if (v.is_null) continue;
          if (!reference) {
            reference = &v;
            continue;
          }
          std::set<std::string> a, b;
          for (const auto& kv : reference->table) a.insert(kv.first);
          for (const auto& kv : v.table) b.insert(kv.first);
          if (a != b) sink_.error(v.span, "this table's keys differ from those of the first date");
        }
      }
    }
  }

  void index_variables() {
    index_names(p_.variables, p_.variable_index, "variable");
    for (VariableDef& v : p_.variables) {
      if (auto parameter = p_.find_parameter(v.name)) {
        Diagnostic& d = sink_.error(v.span, "'" + v.name + "' is both a variable and a parameter");
        d.notes.push_back({p_.parameters[static_cast<size_t>(*parameter)].span, true,
                           "the parameter is declared here"});
      }
      if (p_.find_entity(v.name)) {
        sink_.error(v.span, "'" + v.name + "' is the name of an entity; choose another name");
      }
      if (!v.entity_name.empty()) {
        auto e = p_.find_entity(v.entity_name);
        if (!e) {
          Diagnostic& d = sink_.error(v.entity_span, "unknown entity '" + v.entity_name + "'");
          suggest(d, v.entity_name, entity_names());
        } else {
          v.entity = *e;
        }
      }
      if (v.type == Type::kEnum) {
        auto e = p_.find_enum(v.enum_name);
        if (!e) {
          Diagnostic& d = sink_.error(
              v.span, "unknown enum '" + v.enum_name + "' in the type of '" + v.name + "'");
          std::vector<std::string_view> names;
          for (auto& en : p_.enums) names.push_back(en.name);
          suggest(d, v.enum_name, names);
        } else {
          v.enum_id = *e;
        }
      }
      check_default(v);
      check_formula_dates(v);
    }
    for (const ParameterDef& def : p_.parameters) {
      std::string root = def.name.substr(0, def.name.find('.'));
      if (p_.find_entity(root)) {
        sink_.error(def.span,
                    "a parameter's name cannot start with the entity name '" + root + "'");
      }
    }
  }

  void check_default(VariableDef& v) {
    Value& d = v.default_value;
    if (!v.has_default) {
      switch (v.type) {
        case Type::kBoolean:
          d = Value::of_bool(false);
          break;
        case Type::kDate:
          d = Value::of_date(*Date::from_ymd(1970, 1, 1));
          break;
        case Type::kText:
          d = Value::of_text("");
          break;
        case Type::kEnum:
          d = Value::of_enum(0);
          break;
        default:
          d = Value::of_number(Decimal());
          break;
      }
      return;
    }
    bool ok = false;
    switch (v.type) {
      case Type::kMoney:
      case Type::kNumber:
      case Type::kInteger:
        ok = d.kind == ValueKind::kNumber;
        break;
      case Type::kBoolean:
        ok = d.kind == ValueKind::kBoolean;
        break;
      case Type::kDate:
        ok = d.kind == ValueKind::kDate;
        break;
      case Type::kText:
        ok = d.kind == ValueKind::kText;
        break;
      case Type::kEnum:
        if (d.kind == ValueKind::kEnum && v.enum_id >= 0) {
          const EnumDef& e = p_.enums[static_cast<size_t>(v.enum_id)];
          auto it = e.index.find(d.text);
          if (it == e.index.end()) {
            Diagnostic& diag = sink_.error(
                v.default_span, "'" + d.text + "' is not an item of enum '" + e.name + "'");
            suggest(diag, d.text, item_names(e));
            if (diag.notes.empty()) {
              std::string items;
              for (const std::string& item : e.items) items += (items.empty() ? "" : ", ") + item;
              diag.notes.push_back({{}, false, "items of '" + e.name + "': " + items});
            }
            return;
          }
          d = Value::of_enum(it->second);
        }
        ok = true;
        break;
    }
    if (!ok) {
      sink_.error(v.default_span, std::string("the default does not match the type '") +
                                      type_name(v.type) + "' of '" + v.name + "'");
    }
  }

  void check_formula_dates(const VariableDef& v) {
    for (size_t i = 0; i < v.formulas.size(); ++i) {
      const Formula& f = v.formulas[i];
      if (f.to && *f.to < f.from) sink_.error(f.span, "the formula ends before it starts");
      if (i > 0) {
        const Formula& prev = v.formulas[i - 1];
        if (!(prev.from < f.from)) {
          Diagnostic& d = sink_.error(f.span, "formulas must be listed in ascending order of date");
          d.notes.push_back(
              {prev.span, true, "the previous formula starts at " + prev.from.to_string()});
        } else if (prev.to && !(*prev.to < f.from)) {
          sink_.error(f.span,
                      "this formula overlaps the previous one, which ends " + prev.to->to_string());
        }
      }
    }
    if (v.period == PeriodUnit::kEternity && v.formulas.size() > 1) {
      sink_.error(v.span, "a variable defined for eternity has at most one formula");
    }
  }

  std::vector<std::string_view> entity_names() const {
    std::vector<std::string_view> names;
    for (auto& e : p_.entities) names.push_back(e.name);
    return names;
  }
  static std::vector<std::string_view> item_names(const EnumDef& e) {
    return {e.items.begin(), e.items.end()};
  }
  static void suggest(Diagnostic& d, std::string_view name,
                      const std::vector<std::string_view>& names) {
    std::string best = closest_name(name, names);
    if (!best.empty()) d.notes.push_back({{}, false, "did you mean '" + best + "'?"});
  }

  // ---- formulas -------------------------------------------------------------------------------
  void check_variable(int32_t id) {
    VariableDef& v = p_.variables[static_cast<size_t>(id)];
    if (v.entity < 0) return;
    current_ = id;
    for (Formula& f : v.formulas) {
      locals_.clear();
      Context ctx{v.entity, v.period, false};
      for (Statement& s : f.statements) {
        if (s.kind == Statement::Kind::kLet) {
          check_expr(s.expr, ctx);
          if (p_.find_variable(s.name) || p_.find_parameter(s.name)) {
            sink_.error(
                s.span,
                "'" + s.name +
                    "' is already a variable or a parameter; choose another name for this 'let'");
          }
          for (const Local& l : locals_) {
            if (l.name == s.name)
              sink_.error(s.span, "'" + s.name + "' is already defined in this formula");
          }
          const Expr& e = p_.exprs[s.expr];
          s.slot = static_cast<int32_t>(locals_.size());
          locals_.push_back({s.name, s.slot, e.type, e.enum_id});
        } else {
          check_expr(s.expr, ctx);
          expect_family(s.expr, Family::kBoolean, "a 'require' condition");
          for (size_t i = 0; i < s.message.size(); ++i) {
            MessagePart& part = s.message[i];
            if (part.expr == kNoExpr) continue;
            check_expr(part.expr, ctx);
            // A money amount is written with its unit ("1 062,65 €"): a '€' after it would show
            // twice.
            if (p_.exprs[part.expr].type == Type::kMoney && i + 1 < s.message.size() &&
                s.message[i + 1].expr == kNoExpr) {
              const std::string& next = s.message[i + 1].text;
              const size_t start = next.find_first_not_of(' ');
              if (start != std::string::npos && next.compare(start, 3, "\u20AC") == 0)
                sink_.error(p_.exprs[part.expr].span,
                            "this money amount is written with its unit in the message: remove the "
                            "'\u20AC' after it");
            }
          }
        }
      }
      f.local_count = static_cast<int32_t>(locals_.size());
      check_expr(f.result, ctx, v.type == Type::kEnum ? v.enum_id : -1);
      const Expr& r = p_.exprs[f.result];
      if (r.type == kErrorType) continue;
      if (family(r.type) != family(v.type) || (v.type == Type::kEnum && r.enum_id != v.enum_id)) {
        std::string declared = v.type == Type::kEnum ? "enum " + v.enum_name : type_name(v.type);
        sink_.error(r.span, "this formula gives " + a_type(r.type) + " but '" + v.name +
                                "' is declared as " + declared);
      }
    }
  }

  // A marker for expressions whose check failed: no further error is reported on them.
  static constexpr Type kErrorType = static_cast<Type>(255);

  void expect_family(ExprId id, Family fam, const char* where) {
    const Expr& e = p_.exprs[id];
    if (e.type == kErrorType) return;
    if (family(e.type) != fam) {
      static const char* kNames[] = {"a number", "a boolean", "a date", "a text", "an enum item"};
      sink_.error(e.span, std::string(where) + " must be " + kNames[static_cast<int>(fam)] +
                              ", but this is " + a_type(e.type));
      p_.exprs[id].type = kErrorType;
    }
  }

  bool known_name(const std::string& name) const {
    for (const Local& l : locals_) {
      if (l.name == name) return true;
    }
    if (p_.find_variable(name) || p_.find_parameter(name)) return true;
    size_t dot = name.find('.');
    return dot != std::string::npos && p_.find_entity(std::string_view(name).substr(0, dot));
  }

  // Checks expression `id` in `ctx`. `expected_enum` lets a bare name resolve to an enum item.
  void check_expr(ExprId id, const Context& ctx, int32_t expected_enum = -1) {
    Expr& e = p_.exprs[id];
    switch (e.kind) {
      case ExprKind::kLiteral:
      case ExprKind::kPeriodStart:
      case ExprKind::kPeriodEnd:
        return;
      case ExprKind::kName:
        resolve_name(id, ctx, expected_enum);
        return;
      case ExprKind::kNegate:
        check_expr(e.args[0], ctx);
        expect_family(e.args[0], Family::kNumeric, "the operand of '-'");
        set_type(id,
                 p_.exprs[e.args[0]].type == Type::kMoney ? Type::kMoney : numeric_type(e.args[0]));
        return;
      case ExprKind::kNot:
        check_expr(e.args[0], ctx);
        expect_family(e.args[0], Family::kBoolean, "the operand of 'not'");
        set_type(id, Type::kBoolean);
        return;
      case ExprKind::kBinary:
        check_binary(id, ctx);
        return;
      case ExprKind::kIn:
        check_in(id, ctx);
        return;
      case ExprKind::kIf:
        check_if(id, ctx, expected_enum);
        return;
      case ExprKind::kCall:
        check_call(id, ctx);
        return;
      case ExprKind::kAggregate:
        check_aggregate(id, ctx);
        return;
      case ExprKind::kParameterAt:
        check_parameter_at(id, ctx);
        return;
      default:
        return;  // already resolved
    }
  }

  Type numeric_type(ExprId id) const {
    Type t = p_.exprs[id].type;
    return is_numeric(t) ? t : Type::kNumber;
  }
  void set_type(ExprId id, Type t, int32_t enum_id = -1) {
    p_.exprs[id].type = t;
    p_.exprs[id].enum_id = enum_id;
  }

  void check_binary(ExprId id, const Context& ctx) {
    Expr& e = p_.exprs[id];
    ExprId l = e.args[0], r = e.args[1];
    BinOp op = e.op;
    if (op == BinOp::kAnd || op == BinOp::kOr) {
      check_expr(l, ctx);
      check_expr(r, ctx);
      expect_family(l, Family::kBoolean,
                    op == BinOp::kAnd ? "each side of 'and'" : "each side of 'or'");
      expect_family(r, Family::kBoolean,
                    op == BinOp::kAnd ? "each side of 'and'" : "each side of 'or'");
      set_type(id, Type::kBoolean);
      return;
    }
    if (op == BinOp::kEq || op == BinOp::kNe || op == BinOp::kLt || op == BinOp::kLe ||
        op == BinOp::kGt || op == BinOp::kGe) {
      check_pair(l, r, ctx);
      Type lt = p_.exprs[l].type, rt = p_.exprs[r].type;
      set_type(id, Type::kBoolean);
      if (lt == kErrorType || rt == kErrorType) return;
      if (family(lt) != family(rt) ||
          (lt == Type::kEnum && p_.exprs[l].enum_id != p_.exprs[r].enum_id)) {
        Diagnostic& d =
            sink_.error(p_.exprs[id].span, "cannot compare " + a_type(lt) + " with " + a_type(rt));
        int32_t enum_side = lt == Type::kEnum   ? p_.exprs[l].enum_id
                            : rt == Type::kEnum ? p_.exprs[r].enum_id
                                                : -1;
        if (enum_side >= 0 && family(lt) != family(rt)) {
          const EnumDef& en = p_.enums[static_cast<size_t>(enum_side)];
          std::string items;
          for (const std::string& item : en.items) items += (items.empty() ? "" : ", ") + item;
          d.notes.push_back(
              {{}, false, "compare it with an item of enum '" + en.name + "': " + items});
        }
        return;
      }
      bool ordered = op != BinOp::kEq && op != BinOp::kNe;
      if (ordered && (family(lt) == Family::kBoolean || family(lt) == Family::kEnum ||
                      family(lt) == Family::kText)) {
        Diagnostic& d =
            sink_.error(p_.exprs[id].span, a_type(lt) + " can only be compared with '==' or '!='");
        if (family(lt) == Family::kText) {
          d.notes.push_back(
              {{}, false, "to test how a text begins, write starts_with(text, \"976\")"});
        }
      }
      return;
    }
    check_expr(l, ctx);
    check_expr(r, ctx);
    std::string what = std::string("each side of '") + op_symbol(op) + "'";
    expect_family(l, Family::kNumeric, what.c_str());
    expect_family(r, Family::kNumeric, what.c_str());
    Type lt = p_.exprs[l].type, rt = p_.exprs[r].type;
    Type result = Type::kNumber;
    if (lt == Type::kInteger && rt == Type::kInteger && op != BinOp::kDiv) result = Type::kInteger;
    if (lt == Type::kMoney || rt == Type::kMoney) result = Type::kMoney;
    if (op == BinOp::kDiv && lt == Type::kMoney && rt == Type::kMoney) result = Type::kNumber;
    set_type(id, result);
  }

  // Checks two sides that must agree; a bare enum item on either side takes the other's enum.
  void check_pair(ExprId l, ExprId r, const Context& ctx) {
    const Expr& le = p_.exprs[l];
    if (le.kind == ExprKind::kName && !known_name(le.name)) {
      check_expr(r, ctx);
      check_expr(l, ctx, p_.exprs[r].type == Type::kEnum ? p_.exprs[r].enum_id : -1);
      return;
    }
    check_expr(l, ctx);
    check_expr(r, ctx, p_.exprs[l].type == Type::kEnum ? p_.exprs[l].enum_id : -1);
  }

  void check_in(ExprId id, const Context& ctx) {
    ExprId l = p_.exprs[id].args[0];
    check_expr(l, ctx);
    Type lt = p_.exprs[l].type;
    int32_t enum_id = p_.exprs[l].enum_id;
    size_t n = p_.exprs[id].args.size();
    for (size_t i = 1; i < n; ++i) {
      ExprId item = p_.exprs[id].args[i];
      check_expr(item, ctx, lt == Type::kEnum ? enum_id : -1);
      Type it = p_.exprs[item].type;
      if (lt != kErrorType && it != kErrorType &&
          (family(it) != family(lt) || (lt == Type::kEnum && p_.exprs[item].enum_id != enum_id))) {
        sink_.error(p_.exprs[item].span, std::string("this ") + type_name(it) +
                                             " cannot be in a list compared with " + a_type(lt));
      }
    }
    set_type(id, Type::kBoolean);
  }

  void check_if(ExprId id, const Context& ctx, int32_t expected_enum) {
    size_t n = p_.exprs[id].args.size();
    Type result = kErrorType;
    int32_t result_enum = -1;
    Span first_branch{};
    for (size_t i = 0; i < n; ++i) {
      ExprId a = p_.exprs[id].args[i];
      bool is_condition = i + 1 < n && i % 2 == 0;
      if (is_condition) {
        check_expr(a, ctx);
        expect_family(a, Family::kBoolean, "an 'if' condition");
        continue;
      }
      check_expr(a, ctx, expected_enum >= 0 ? expected_enum : result_enum);
      Type t = p_.exprs[a].type;
      if (t == kErrorType) continue;
      if (result == kErrorType) {
        result = t;
        result_enum = p_.exprs[a].enum_id;
        first_branch = p_.exprs[a].span;
      } else if (family(result) != family(t) ||
                 (t == Type::kEnum && result_enum != p_.exprs[a].enum_id)) {
        Diagnostic& d =
            sink_.error(p_.exprs[a].span, "this branch gives " + a_type(t) +
                                              " but an earlier one gives " + a_type(result));
        d.notes.push_back({first_branch, true, "the earlier branch"});
      } else if (t == Type::kMoney || (t == Type::kNumber && result == Type::kInteger)) {
        result = t;
      }
    }
    if (result == kErrorType) result = Type::kNumber;
    set_type(id, result, result_enum);
  }

  // What a built-in's typing rule sees of a call being checked.
  class Typing final : public CallTyping {
   public:
    Typing(Checker& checker, const ArgList& args) : c_(checker), args_(args) {}
    size_t arg_count() const override { return args_.size(); }
    Type type(size_t i) const override { return c_.p_.exprs[args_[i]].type; }
    void expect(size_t i, Family f, const char* where) override {
      c_.expect_family(args_[i], f, where);
    }
    const ParameterDef& parameter(size_t i) const override {
      return c_.p_.parameters[static_cast<size_t>(c_.p_.exprs[args_[i]].ref)];
    }

   private:
    Checker& c_;
    const ArgList& args_;
  };

  void check_call(ExprId id, const Context& ctx) {
    Expr& e = p_.exprs[id];
    if (e.name == "has_role") {
      check_has_role(id, ctx);
      return;
    }
    const BuiltinDef* sig = find_builtin(e.name);
    if (!sig) {
      report_unknown_function(e);
      set_type(id, kErrorType);
      return;
    }
    e.builtin = sig;
    int argc = static_cast<int>(e.args.size());
    if (argc < sig->min_args || argc > sig->max_args) {
      std::string expected = sig->min_args == sig->max_args
                                 ? std::to_string(sig->min_args)
                                 : "at least " + std::to_string(sig->min_args);
      bool one = sig->min_args == 1 && sig->max_args == 1;
      Diagnostic& d = sink_.error(e.span, "'" + e.name + "' takes " + expected +
                                              (one ? " argument" : " arguments") + ", not " +
                                              std::to_string(argc));
      if (sig->usage) d.notes.push_back({{}, false, std::string("write ") + sig->usage});
      set_type(id, kErrorType);
      return;
    }
    ArgList args = e.args;
    for (size_t i = 0; i < args.size(); ++i) {
      if (i == 0 && sig->scale_first) {
        if (!resolve_scale(e.name, args[0])) {
          set_type(id, kErrorType);
          return;
        }
        continue;
      }
      check_expr(args[i], ctx);
    }
    Typing typing(*this, args);
    set_type(id, sig->type(typing));
  }

  // The first argument of scale() or marginal(): the name of a scale parameter.
  bool resolve_scale(const std::string& function, ExprId arg) {
    Expr& pe = p_.exprs[arg];
    auto param = pe.kind == ExprKind::kName ? p_.find_parameter(pe.name) : std::nullopt;
    if (!param || p_.parameters[static_cast<size_t>(*param)].shape != ParamShape::kScale) {
      sink_.error(pe.span, "the first argument of '" + function + "' must be a scale parameter");
      return false;
    }
    pe.kind = ExprKind::kParameter;
    pe.ref = *param;
    pe.type = Type::kNumber;
    return true;
  }

  void report_unknown_function(const Expr& e) {
    Diagnostic& d = sink_.error(e.span, "unknown function '" + e.name + "'");
    std::vector<std::string_view> names{"has_role", "sum",     "count",  "any",
                                        "all",      "maximum", "minimum"};
    for (const BuiltinDef& b : builtins()) names.push_back(b.name);
    // An aggregation written as a function (`sum(x)`): its own name is no suggestion.
    bool aggregation = e.name == "sum" || e.name == "count" || e.name == "any" || e.name == "all" ||
                       e.name == "maximum" || e.name == "minimum";
    size_t notes_before = d.notes.size();
    if (!aggregation) suggest(d, e.name, names);
    if (d.notes.size() == notes_before && !aggregation) {
      std::string list;
      for (const BuiltinDef& b : builtins())
        list += (list.empty() ? "" : ", ") + std::string(b.name);
      d.notes.push_back({{},
                         false,
                         "functions: " + list +
                             ", has_role; aggregations: sum, count, any, all, "
                             "maximum, minimum"});
    }
    if (aggregation) {
      d.notes.push_back(
          {{}, false, "an aggregation names a role first: " + e.name + "(enfants: …)"});
    }
  }

  void check_has_role(ExprId id, const Context& ctx) {
    Expr& e = p_.exprs[id];
    e.kind = ExprKind::kHasRole;
    set_type(id, Type::kBoolean);
    if (e.args.size() != 2 || p_.exprs[e.args[0]].kind != ExprKind::kName ||
        p_.exprs[e.args[1]].kind != ExprKind::kName) {
      sink_.error(e.span, "write has_role(GROUP, ROLE), e.g. has_role(famille, enfants)");
      return;
    }
    if (ctx.entity != p_.person_entity) {
      sink_.error(e.span, "has_role can only be used in a formula for a person");
      return;
    }
    const Expr& g = p_.exprs[e.args[0]];
    auto group = p_.find_entity(g.name);
    if (!group || *group == p_.person_entity) {
      Diagnostic& d = sink_.error(g.span, "'" + g.name + "' is not a group");
      suggest(d, g.name, entity_names());
      return;
    }
    int32_t role = find_role(*group, p_.exprs[e.args[1]].name);
    if (role < 0) {
      report_unknown_role(*group, p_.exprs[e.args[1]], false);
      return;
    }
    Expr& he = p_.exprs[id];
    he.group = *group;
    he.ref = role;
  }

  int32_t find_role(int32_t group, const std::string& name) const {
    const EntityDef& g = p_.entities[static_cast<size_t>(group)];
    for (size_t i = 0; i < g.roles.size(); ++i) {
      if (g.roles[i].name == name || g.roles[i].plural == name) return static_cast<int32_t>(i);
    }
    return -1;
  }

  void report_unknown_role(int32_t group, const Expr& name, bool allow_members) {
    const EntityDef& g = p_.entities[static_cast<size_t>(group)];
    std::vector<std::string_view> roles;
    std::string list;
    for (const RoleDef& r : g.roles) {
      roles.push_back(r.plural);
      list += (list.empty() ? "" : ", ") + r.plural;
    }
    if (allow_members) {
      roles.push_back("members");
      list += ", members";
    }
    Diagnostic& d = sink_.error(name.span, "'" + name.name + "' is not a role of '" + g.name + "'");
    std::string best = closest_name(name.name, roles);
    d.notes.push_back(
        {{},
         false,
         best.empty() ? "roles of '" + g.name + "': " + list : "did you mean '" + best + "'?"});
  }

  void check_aggregate(ExprId id, const Context& ctx) {
    Expr& e = p_.exprs[id];
    static const std::pair<const char*, AggregateKind> kKinds[] = {
        {"sum", AggregateKind::kSum},         {"count", AggregateKind::kCount},
        {"any", AggregateKind::kAny},         {"all", AggregateKind::kAll},
        {"maximum", AggregateKind::kMaximum}, {"minimum", AggregateKind::kMinimum}};
    bool found = false;
    for (const auto& [name, kind] : kKinds) {
      if (e.name == name) {
        e.aggregate = kind;
        found = true;
      }
    }
    if (!found) {
      Diagnostic& d = sink_.error(e.span, "'" + e.name + "' is not an aggregation");
      d.notes.push_back({{}, false, "aggregations: sum, count, any, all, maximum, minimum"});
      set_type(id, kErrorType);
      return;
    }
    if (ctx.entity == p_.person_entity || ctx.in_aggregate) {
      const std::string& role_text = p_.exprs[e.args[0]].name;
      std::string shown = "'" + e.name + "(" + role_text + ": …)'";
      if (ctx.in_aggregate) {
        sink_.error(e.span, "aggregations cannot be nested: " + shown +
                                " is inside another aggregation, "
                                "which already runs for each person");
      } else {
        Diagnostic& d =
            sink_.error(e.span, shown +
                                    " aggregates over the members of a group, but this "
                                    "formula is for each '" +
                                    p_.entities[static_cast<size_t>(ctx.entity)].name + "'");
        // Name the group that has this role, so the note can show the projection to write.
        for (size_t g = 0; g < p_.entities.size(); ++g) {
          if (static_cast<int32_t>(g) == p_.person_entity) continue;
          if (role_text != "members" && find_role(static_cast<int32_t>(g), role_text) < 0) continue;
          const std::string& group = p_.entities[g].name;
          d.notes.push_back({{},
                             false,
                             "compute it in a variable of '" + group + "' and read it here as " +
                                 group + ".NAME"});
          break;
        }
      }
      set_type(id, kErrorType);
      return;
    }
    const Expr& role_name = p_.exprs[e.args[0]];
    int32_t role = -1;
    if (role_name.name != "members") {
      role = find_role(ctx.entity, role_name.name);
      if (role < 0) {
        report_unknown_role(ctx.entity, role_name, true);
        set_type(id, kErrorType);
        return;
      }
    }
    Expr& agg = p_.exprs[id];
    agg.ref = role;
    agg.group = ctx.entity;
    ExprId body = agg.args[1];
    Context inner{p_.person_entity, ctx.unit, true, ctx.entity};
    check_expr(body, inner);
    AggregateKind kind = p_.exprs[id].aggregate;
    switch (kind) {
      case AggregateKind::kCount:
      case AggregateKind::kAny:
      case AggregateKind::kAll:
        expect_family(body, Family::kBoolean, "the condition of an aggregation");
        set_type(id, kind == AggregateKind::kCount ? Type::kInteger : Type::kBoolean);
        return;
      default:
        expect_family(body, Family::kNumeric, "the expression summed");
        set_type(id, numeric_type(body));
        return;
    }
  }

  // Resolves a name: a local, a variable (possibly projected: famille.x), an enum item where one is
  // expected, or a parameter.
  void resolve_name(ExprId id, const Context& ctx, int32_t expected_enum) {
    Expr& e = p_.exprs[id];
    const std::string& name = e.name;  // the checker never adds expressions: `e` stays
    for (const Local& l : locals_) {
      if (l.name == name) {
        if (e.has_selector || !e.args.empty()) {
          sink_.error(e.span,
                      "'" + name + "' is a value computed in this formula; it has no periods");
        }
        e.kind = ExprKind::kLocal;
        e.ref = l.slot;
        set_type(id, l.type, l.enum_id);
        return;
      }
    }
    if (expected_enum >= 0) {
      // Where an enum item is expected, an item name wins over a variable of the same name
      // (`activite == etudiant` compares with the item even if a variable `etudiant` exists).
      const EnumDef& en = p_.enums[static_cast<size_t>(expected_enum)];
      auto it = en.index.find(name);
      if (it != en.index.end()) {
        e.kind = ExprKind::kEnumItem;
        e.ref = expected_enum;
        e.small = it->second;
        set_type(id, Type::kEnum, expected_enum);
        return;
      }
      if (!known_name(name)) {
        Diagnostic& d =
            sink_.error(e.span, "'" + name + "' is not an item of enum '" + en.name + "'");
        suggest(d, name, item_names(en));
        set_type(id, kErrorType);
        return;
      }
    }
    if (auto v = p_.find_variable(name)) {
      resolve_variable(id, *v, -1, ctx);
      return;
    }
    size_t dot = name.find('.');
    if (dot != std::string::npos) {
      std::string root = name.substr(0, dot);
      if (auto group = p_.find_entity(root)) {
        std::string rest = name.substr(dot + 1);
        auto v = p_.find_variable(rest);
        if (!v) {
          Diagnostic& d = sink_.error(e.span, "unknown variable '" + rest + "'");
          suggest(d, rest, variable_names());
          set_type(id, kErrorType);
          return;
        }
        resolve_variable(id, *v, *group, ctx);
        return;
      }
    }
    if (auto param = p_.find_parameter(name)) {
      resolve_parameter(id, *param, ctx);
      return;
    }
    Diagnostic& d = sink_.error(
        e.span, std::string(name.find('.') == std::string::npos ? "unknown variable '"
                                                                : "unknown parameter '") +
                    name + "'");
    std::vector<std::string_view> names = variable_names();
    for (const auto& par : p_.parameters) names.push_back(par.name);
    for (const Local& l : locals_) names.push_back(l.name);
    suggest(d, name, names);
    set_type(id, kErrorType);
  }

  // `PARAMETER at DATE`: the value of a parameter in force on DATE (a date expression) rather than
  // at the start of the period, e.g. the ceiling of the year a loan was signed. Only a parameter
  // has dated values; a table still takes its key (`plafond[zone] at date_pret`); a scale is read
  // with scale() or marginal(), which take no date.
  void check_parameter_at(ExprId id, const Context& ctx) {
    ExprId target = p_.exprs[id].args[0];
    ExprId date = p_.exprs[id].args[1];
    check_expr(date, ctx);
    expect_family(date, Family::kDate, "the date after 'at'");
    const std::string name = p_.exprs[target].name;
    bool local = false;
    for (const Local& l : locals_) local = local || l.name == name;
    auto param = p_.find_parameter(name);
    if (!local && !p_.find_variable(name) && param) {
      resolve_parameter(target, *param, ctx);
    } else if (!known_name(name)) {
      resolve_name(target, ctx, -1);  // reports the unknown name, with a suggestion
    } else {
      Diagnostic& d = sink_.error(p_.exprs[target].span,
                                  "'" + name +
                                      "' is not a parameter: only a parameter can be read "
                                      "'at' a date");
      d.notes.push_back({p_.exprs[date].span, true, "the date it would be read at"});
      set_type(target, kErrorType);
    }
    set_type(id, p_.exprs[target].type);
  }

  std::vector<std::string_view> variable_names() const {
    std::vector<std::string_view> names;
    for (const auto& v : p_.variables) names.push_back(v.name);
    return names;
  }

  void resolve_parameter(ExprId id, int32_t param, const Context& ctx) {
    Expr& e = p_.exprs[id];
    const ParameterDef& def = p_.parameters[static_cast<size_t>(param)];
    e.kind = ExprKind::kParameter;
    e.ref = param;
    Type t = def.unit == "money" ? Type::kMoney : Type::kNumber;
    if (e.has_selector) {
      sink_.error(e.selector_span,
                  "a parameter is read at the start of the period; it takes no period selector");
    }
    if (def.shape == ParamShape::kScale) {
      sink_.error(e.span, "'" + def.name + "' is a scale: read it with scale(" + def.name +
                              ", x) or marginal(" + def.name + ", x)");
      set_type(id, kErrorType);
      return;
    }
    if (def.shape == ParamShape::kTable) {
      if (e.args.empty()) {
        std::string keys;
        for (const ParamValue& pv : def.values) {
          if (pv.is_null || pv.table.empty()) continue;
          for (const auto& kv : pv.table) keys += (keys.empty() ? "" : ", ") + kv.first;
          break;
        }
        std::string example = keys.substr(0, keys.find(','));
        Diagnostic& d =
            sink_.error(e.span, "'" + def.name + "' is a table: say which entry, e.g. " + def.name +
                                    "[" + (example.empty() ? "key" : example) + "]");
        if (!keys.empty()) d.notes.push_back({{}, false, "its entries: " + keys});
        set_type(id, kErrorType);
        return;
      }
      Expr& key_name = p_.exprs[e.args[0]];
      if (key_name.kind == ExprKind::kName && !known_name(key_name.name)) {
        // A literal key: plafond[zone_1].
        bool exists = false;
        for (const ParamValue& v : def.values) {
          for (const auto& kv : v.table) exists = exists || kv.first == key_name.name;
        }
        if (!exists) {
          Diagnostic& d = sink_.error(
              key_name.span, "table '" + def.name + "' has no entry '" + key_name.name + "'");
          std::vector<std::string_view> keys;
          for (const ParamValue& v : def.values) {
            if (v.is_null || !keys.empty()) continue;  // every dated table has the same keys
            for (const auto& kv : v.table) keys.push_back(kv.first);
          }
          std::string list;
          for (std::string_view k : keys) list += (list.empty() ? "" : ", ") + std::string(k);
          d.notes.push_back({{}, false, "its entries: " + list});
        }
        key_name.kind = ExprKind::kLiteral;
        key_name.ref = static_cast<int32_t>(p_.literals.size());
        p_.literals.push_back(Value::of_text(key_name.name));
        key_name.type = Type::kText;
      }
      check_expr(e.args[0], ctx);
      const Expr& key = p_.exprs[e.args[0]];
      if (key.type != kErrorType && key.type != Type::kEnum && key.type != Type::kText &&
          key.type != Type::kInteger) {
        sink_.error(key.span, "a table key must be an enum item, a text or an integer, not " +
                                  a_type(key.type));
      }
    } else if (!e.args.empty()) {
      sink_.error(e.span, "'" + def.name + "' is a single value, not a table: remove the '[…]'");
    }
    set_type(id, t);
  }

  void resolve_variable(ExprId id, int32_t var, int32_t projected_group, const Context& ctx) {
    Expr& e = p_.exprs[id];
    const VariableDef& v = p_.variables[static_cast<size_t>(var)];
    e.kind = ExprKind::kVariable;
    e.ref = var;
    e.group = projected_group;
    set_type(id, v.type, v.enum_id);
    if (!e.args.empty()) {
      sink_.error(
          e.span,
          "'" + v.name +
              "' is a variable: inside '[…]' write a period (month - 1, year - 2, last 3 months)");
      return;
    }
    if (v.entity < 0) return;
    // Entities.
    if (projected_group >= 0) {
      if (ctx.entity != p_.person_entity) {
        sink_.error(
            e.span,
            "'" + p_.entities[static_cast<size_t>(projected_group)].name +
                ".…' reads a group's variable from a person's formula; this formula is for '" +
                p_.entities[static_cast<size_t>(ctx.entity)].name + "'");
        return;
      }
      if (v.entity != projected_group) {
        sink_.error(e.span, "'" + v.name + "' is a variable of '" +
                                p_.entities[static_cast<size_t>(v.entity)].name + "', not of '" +
                                p_.entities[static_cast<size_t>(projected_group)].name + "'");
        return;
      }
    } else if (v.entity != ctx.entity && ctx.in_aggregate && v.entity == ctx.outer_entity) {
      // Inside sum(enfants: …), a variable of the group aggregated is read for that group.
      p_.exprs[id].group = kEnclosingGroup;
    } else if (v.entity != ctx.entity) {
      const std::string& ve = p_.entities[static_cast<size_t>(v.entity)].name;
      if (ctx.entity == p_.person_entity) {
        sink_.error(e.span,
                    "'" + v.name + "' is a variable of '" + ve + "': write " + ve + "." + v.name);
      } else if (v.entity == p_.person_entity) {
        sink_.error(e.span, "'" + v.name +
                                "' is a variable of each person: aggregate it over a role, "
                                "e.g. sum(parents: " +
                                v.name + ")");
      } else {
        sink_.error(e.span, "'" + v.name + "' is a variable of '" + ve +
                                "' and cannot be read from a "
                                "formula of '" +
                                p_.entities[static_cast<size_t>(ctx.entity)].name + "'");
      }
      return;
    }
    check_selector(id, v, ctx);
  }

  void check_selector(ExprId id, const VariableDef& v, const Context& ctx) {
    Expr& e = p_.exprs[id];
    using K = PeriodSelector::Kind;
    K k = e.has_selector ? e.selector.kind : K::kSame;
    Span at = e.has_selector ? e.selector_span : e.span;
    bool numeric = is_numeric(v.type);
    auto sum_needed = [&](const char* what) {
      if (!numeric) {
        sink_.error(at, "'" + v.name + "' is " + a_type(v.type) +
                            " defined per month: it cannot be " + what + "; read one month, e.g. " +
                            v.name + "[month - 1]");
      }
    };
    if (v.period == PeriodUnit::kEternity) {
      if (e.has_selector)
        sink_.error(at, "'" + v.name + "' does not change over time: remove the period selector");
      return;
    }
    if (ctx.unit == PeriodUnit::kEternity) {
      sink_.error(e.span,
                  "a formula defined for eternity can only read variables defined for eternity; '" +
                      v.name + "' is defined per " + unit_name(v.period));
      return;
    }
    if (ctx.unit == PeriodUnit::kMonth) {
      if (v.period == PeriodUnit::kMonth) {
        if (k == K::kYear) sum_needed("summed over a year");
        if (k == K::kLastMonths) sum_needed("summed over several months");
        return;
      }
      // v per year
      if (k == K::kSame) {
        sink_.error(e.span, "'" + v.name + "' is defined per year: say which year, e.g. " + v.name +
                                "[year] or " + v.name + "[year - 2]");
      } else if (k != K::kYear) {
        sink_.error(at, "'" + v.name + "' is defined per year: only [year] or [year - N] applies");
      }
      return;
    }
    // ctx per year
    if (k == K::kMonth || k == K::kLastMonths) {
      sink_.error(
          at,
          "this formula is computed per year: months cannot be selected; use [year] or [year - N]");
      return;
    }
    if (v.period == PeriodUnit::kMonth) sum_needed("summed over a year");
  }

  // ---- benefits -------------------------------------------------------------------------------
  void check_benefits() {
    std::set<std::string> names;
    for (BenefitDef& b : p_.benefits) {
      if (!names.insert(b.name).second)
        sink_.error(b.span, "benefit '" + b.name + "' is declared twice");
      auto resolve = [&](const std::string& name, Span span, int32_t& out, bool boolean) {
        if (name.empty()) return;
        auto v = p_.find_variable(name);
        if (!v) {
          Diagnostic& d = sink_.error(span, "unknown variable '" + name + "'");
          suggest(d, name, variable_names());
          return;
        }
        const VariableDef& def = p_.variables[static_cast<size_t>(*v)];
        if (boolean && def.type != Type::kBoolean) {
          sink_.error(span, "'eligibility' must name a boolean variable; '" + name + "' is " +
                                a_type(def.type));
        } else if (!boolean && !is_numeric(def.type) && def.type != Type::kBoolean) {
          // A boolean amount: an aid whose amount is not computed (a service, or a local aid whose
          // page gives a maximum); the benefit is granted when it is true.
          sink_.error(span, "'amount' must name a numeric or boolean variable; '" + name + "' is " +
                                a_type(def.type));
        }
        out = *v;
      };
      resolve(b.amount_name, b.amount_span, b.amount, false);
      resolve(b.eligibility_name, b.eligibility_span, b.eligibility, true);
      if (b.amount >= 0 && b.eligibility >= 0 &&
          p_.variables[static_cast<size_t>(b.amount)].entity !=
              p_.variables[static_cast<size_t>(b.eligibility)].entity) {
        sink_.error(b.eligibility_span,
                    "the eligibility and the amount must belong to the same entity");
      }
      b.territory.clear();
      for (size_t i = 0; i < b.territory_names.size(); ++i) {
        const std::string& name = b.territory_names[i];
        Span span = b.territory_spans[i];
        auto v = p_.find_variable(name);
        if (!v) {
          Diagnostic& d = sink_.error(span, "unknown variable '" + name + "'");
          suggest(d, name, variable_names());
          continue;
        }
        const VariableDef& def = p_.variables[static_cast<size_t>(*v)];
        if (def.type != Type::kBoolean) {
          sink_.error(span, "'territory' must name a boolean variable; '" + name + "' is " +
                                a_type(def.type));
        } else if (def.entity == p_.person_entity) {
          sink_.error(span,
                      "'territory' must name a variable of a group (where the household "
                      "lives), not of a person: '" +
                          name + "' is a person's");
        } else if (!b.territory.empty() &&
                   p_.variables[static_cast<size_t>(b.territory[0])].entity != def.entity) {
          sink_.error(span, "the territory variables of a benefit must belong to the same entity");
        } else {
          b.territory.push_back(*v);
        }
      }
    }
  }

  // ---- cycles ---------------------------------------------------------------------------------
  // A variable that reads another for the same period (no selector, or a projection/aggregation)
  // depends on it; a cycle among such edges would never end. Reads of other periods are checked at
  // run time (the evaluation stack), since a past month may well read the month before it.
  void collect_edges(ExprId id, std::vector<std::pair<int32_t, Span>>& out) const {
    const Expr& e = p_.exprs[id];
    if (e.kind == ExprKind::kVariable) {
      bool same_period = !e.has_selector || (e.selector.kind != PeriodSelector::Kind::kLastMonths &&
                                             e.selector.offset == 0);
      if (same_period) out.emplace_back(e.ref, e.span);
    }
    for (ExprId a : e.args) collect_edges(a, out);
  }

  void check_cycles() {
    size_t n = p_.variables.size();
    std::vector<std::vector<std::pair<int32_t, Span>>> edges(n);
    for (size_t i = 0; i < n; ++i) {
      for (const Formula& f : p_.variables[i].formulas) {
        for (const Statement& s : f.statements) {
          collect_edges(s.expr, edges[i]);
          for (const MessagePart& m : s.message) {
            if (m.expr != kNoExpr) collect_edges(m.expr, edges[i]);
          }
        }
        collect_edges(f.result, edges[i]);
      }
    }
    std::vector<int> state(n, 0);  // 0 new, 1 on stack, 2 done
    std::vector<int32_t> stack;
    std::function<bool(int32_t)> visit = [&](int32_t v) -> bool {
      state[static_cast<size_t>(v)] = 1;
      stack.push_back(v);
      for (const auto& [w, span] : edges[static_cast<size_t>(v)]) {
        if (state[static_cast<size_t>(w)] == 1) {
          std::string path;
          auto start = std::find(stack.begin(), stack.end(), w);
          for (auto it = start; it != stack.end(); ++it)
            path += p_.variables[static_cast<size_t>(*it)].name + " → ";
          path += p_.variables[static_cast<size_t>(w)].name;
          Diagnostic& d = sink_.error(span, "cycle between variables: " + path);
          d.notes.push_back({{},
                             false,
                             "a variable cannot depend on itself for the same period; read an "
                             "earlier period (e.g. [month - 1]) if that is what the law says"});
          return true;
        }
        if (state[static_cast<size_t>(w)] == 0 && visit(w)) return true;
      }
      stack.pop_back();
      state[static_cast<size_t>(v)] = 2;
      return false;
    };
    for (size_t i = 0; i < n; ++i) {
      if (state[i] == 0 && visit(static_cast<int32_t>(i))) return;  // one cycle report is enough
    }
  }

  Program& p_;
  DiagnosticSink& sink_;
  std::vector<Local> locals_;
  int32_t current_ = -1;
};

}  // namespace

void check_program(Program& program, DiagnosticSink& sink) { Checker(program, sink).run(); }

}  // namespace mesaides
