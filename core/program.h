// The checked rule program: entities, enums, parameters, variables with dated formulas, benefits.
//
// The parser fills these structures from rule files with names unresolved; the checker resolves
// every name, checks types and periods, and freezes the result. A Program is immutable after
// loading and shared by every evaluation. Expressions live in one arena (`exprs`) and refer to
// their children by index.
#pragma once

#include <algorithm>
#include <cstdint>
#include <initializer_list>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "period.h"
#include "source.h"
#include "value.h"

namespace mesaides {

using ExprId = uint32_t;
// Expr::group of a variable read inside an aggregation for the group being aggregated.
constexpr int32_t kEnclosingGroup = -2;
constexpr ExprId kNoExpr = UINT32_MAX;

struct BuiltinDef;

struct Reference {
  std::string title;
  std::string url;
};

enum class ExprKind : uint8_t {
  kLiteral,    // literal (number, boolean, date, text): ref = index in Program::literals
  kName,       // a name as written; the checker turns it into one of the resolved kinds
  kLocal,      // ref = slot of a `let`
  kVariable,   // ref = variable id; group = entity id of a projection (`famille.x`), -1, or
               // kEnclosingGroup
  kParameter,  // ref = parameter id; args[0] = key expression of a table, if any
  kEnumItem,   // ref = enum id; small = item
  kPeriodStart,
  kPeriodEnd,
  kNegate,
  kNot,
  kBinary,     // op, args[0], args[1]
  kIn,         // args[0] in [args[1..]]
  kIf,         // args = cond1, then1, cond2, then2, ..., else
  kCall,       // builtin (set by the checker), args
  kAggregate,  // aggregate, ref = role index or -1 for all members, group = group entity, args[0]
  kHasRole,    // group = group entity id, ref = role index
  // `PARAMETER at DATE`: args[0] = the parameter read (kParameter once checked), args[1] = the
  // date expression at which it is read.
  kParameterAt,
};

enum class BinOp : uint8_t { kAdd, kSub, kMul, kDiv, kEq, kNe, kLt, kLe, kGt, kGe, kAnd, kOr };
enum class AggregateKind : uint8_t { kSum, kCount, kAny, kAll, kMaximum, kMinimum };

struct PeriodSelector {
  enum class Kind : uint8_t { kSame, kMonth, kYear, kLastMonths };
  Kind kind = Kind::kSame;
  int32_t offset = 0;  // month±N, year±N, or N for last N months
};

// An expression's arguments: up to three in place (nearly all expressions: a binary operation has
// two, a call one to three), more on the heap. Loading the rules builds some 16,000 expressions: a
// std::vector each would be as many allocations, and a pointer to follow at every evaluation.
class ArgList {
 public:
  static constexpr uint32_t kInPlace = 3;

  ArgList() = default;
  ArgList(std::initializer_list<ExprId> ids) {
    for (ExprId id : ids) push_back(id);
  }
  ArgList(const ArgList& other) { *this = other; }
  ArgList(ArgList&& other) noexcept { take(other); }
  ArgList& operator=(const ArgList& other) {
    if (this != &other) {
      clear();
      reserve(other.size_);
      for (ExprId id : other) push_back(id);
    }
    return *this;
  }
  ArgList& operator=(ArgList&& other) noexcept {
    if (this != &other) {
      release();
      take(other);
    }
    return *this;
  }
  ~ArgList() { release(); }

  uint32_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  ExprId* begin() { return data(); }
  ExprId* end() { return data() + size_; }
  const ExprId* begin() const { return data(); }
  const ExprId* end() const { return data() + size_; }
  ExprId& operator[](size_t i) { return data()[i]; }
  ExprId operator[](size_t i) const { return data()[i]; }
  ExprId front() const { return data()[0]; }
  ExprId back() const { return data()[size_ - 1]; }
  void clear() { size_ = 0; }
  void push_back(ExprId id) {
    if (size_ == capacity_) reserve(size_t{capacity_} * 2);
    data()[size_++] = id;
  }
  // New arguments are 0.
  void resize(size_t n) {
    reserve(n);
    for (size_t i = size_; i < n; ++i) data()[i] = 0;
    size_ = static_cast<uint32_t>(n);
  }

 private:
  ExprId* data() { return capacity_ > kInPlace ? heap_ : in_place_; }
  const ExprId* data() const { return capacity_ > kInPlace ? heap_ : in_place_; }
  void reserve(size_t n) {
    if (n <= capacity_) return;
    auto* grown = new ExprId[n];
    std::copy(begin(), end(), grown);
    release();
    heap_ = grown;
    capacity_ = static_cast<uint32_t>(n);
  }
  void release() {
    if (capacity_ > kInPlace) delete[] heap_;
    capacity_ = kInPlace;
  }
  void take(ArgList& other) {
    size_ = other.size_;
    capacity_ = other.capacity_;
    if (capacity_ > kInPlace) {
      heap_ = other.heap_;
    } else {
      std::copy(other.in_place_, other.in_place_ + size_, in_place_);
    }
    other.size_ = 0;
    other.capacity_ = kInPlace;
  }

  uint32_t size_ = 0;
  uint32_t capacity_ = kInPlace;
  union {
    ExprId in_place_[kInPlace];
    ExprId* heap_;
  };
};

struct Expr {
  ExprKind kind = ExprKind::kLiteral;
  Span span;
  std::string name;  // the name as written (dotted): for the checker (packed rules drop it)
  ArgList args;
  int32_t ref = -1;
  int32_t group = -1;
  int32_t small = 0;
  BinOp op = BinOp::kAdd;
  const BuiltinDef* builtin = nullptr;  // kCall: an entry of builtins()
  AggregateKind aggregate = AggregateKind::kSum;
  PeriodSelector selector;
  bool has_selector = false;
  Span selector_span;
  // Filled by the checker.
  Type type = Type::kNumber;
  int32_t enum_id = -1;  // for enum-typed expressions
};

// The evaluator's form of an expression (Program::nodes, at the same index as in Program::exprs):
// only what evaluating it reads, in 24 bytes instead of an Expr's 136, so that the expressions a
// computation walks stay in the processor's caches (the arena of Exprs is twice their size); its
// place and enum, which only messages read, lie beside (Program::node_spans, node_enums). Built
// from the checked expressions by compile_nodes, or read as such from packed rules.
struct Node {
  ExprKind kind = ExprKind::kLiteral;
  // kBinary: the BinOp; kAggregate: the AggregateKind; kVariable: the PeriodSelector::Kind (kSame
  // when none is written).
  uint8_t sub = 0;
  // kVariable: kSameMonthRead when the value read is monthly and for the period computed (the
  // usual read, looked up in the month windows first).
  uint8_t flags = 0;
  static constexpr uint8_t kSameMonthRead = 1;
  // kIn: a text compared with literal texts only, enough of them to look it up by halves: `small`
  // is where its items start in Program::sorted_texts, in the order of their texts
  // (prepare_evaluation; the node's own arguments keep their order, which the packed places of
  // the rule texts are predicted from).
  static constexpr uint8_t kSortedTexts = 2;
  Type type = Type::kNumber;  // as Expr::type (the evaluator's fast paths choose by it)
  uint32_t arg_count = 0;
  int32_t ref = -1;    // as Expr::ref; kCall: the built-in's index in builtins()
  int32_t group = -1;  // as Expr::group
  int32_t small = 0;   // as Expr::small; kVariable: the period selector's offset
  uint32_t args = 0;   // where the arguments' ids start in Program::node_args
};
static_assert(sizeof(Node) == 24, "a Node stays small: see its comment");

// The flat code of a formula, or of an expression the fast paths compute (a number or a boolean):
// its nodes in the order the fast paths visit them, as operations on a stack of values
// (compile_code, at load).
// The evaluator runs it in one loop instead of a call per node, with every choice the node's
// kind and types make taken at load; what the code does not cover is one operation that computes
// the subexpression by the fast paths themselves (kNumber, kBool, kSmall). Numbers, booleans (0
// or 1), enum items and dates (their int32) are all held as a Decimal's raw integer, so that one
// comparison serves them all, as the fast paths' comparisons give the same order.
enum class OpCode : uint8_t {
  kNumberRead,   // a = node: a variable read, a number
  kBoolRead,     // a = node: a variable read, a boolean
  kNumberLocal,  // a = `let` slot
  kBoolLocal,    // a = `let` slot
  kSmallRead,    // a = node: a variable read, an enum item or a date
  kSmallLocal,   // a = `let` slot
  kConstant,     // a = index in Program::code_constants
  kParameter,    // a = node: a parameter's number (not a table)
  kNegate,
  kNot,
  kAdd,
  kSub,
  kMul,
  kDiv,
  kCompare,  // sub = BinOp (kEq … kGe)
  // The same, the right operand a constant (a = its index) or a parameter's number (a = node):
  // one operation instead of two, the most frequent pairs.
  kCompareConstant,
  kCompareParameter,
  kHasRole,      // a = role, b = group entity
  kPeriodStart,  // the period's first day (a date)
  kPeriodEnd,    // the period's last day (a date)
  // a = node: a built-in's plain form (BuiltinDef::plain) on the arguments on top, the first
  // deepest; sub = which of them are numbers (bit i), the others small; the result a number, or
  // small.
  kCallNumber,
  kCallSmall,
  kJump,         // a = target
  kJumpIfFalse,  // a = target; pops the condition
  kAndJump,      // a = target: jumps keeping a false on top, else pops it
  kOrJump,       // a = target: jumps keeping a true on top, else pops it
  kNumber,       // a = node: computed by eval_number
  kBool,         // a = node: computed by eval_bool
  kSmall,        // a = node: computed by eval_small (an enum item or a date)
  kEnd,          // the value on top is the result
  // A formula's code (Formula::code): each statement starts with kStatement (a = its index in
  // the formula, the result's being the statements' count; b = where the next one starts), then
  // either its expression and what is done with its value, or kGeneral when it has no code (the
  // evaluator computes it as it would without code, then goes on at b).
  kStatement,
  kGeneral,
  kLetNumber,  // a = `let` slot
  kLetBool,    // a = `let` slot
  kRequire,    // a = the statement's index: the formula ends when the value is false
  kResultNumber,
  kResultBool,
};

struct CodeOp {
  OpCode code = OpCode::kEnd;
  uint8_t sub = 0;
  uint32_t a = 0;
  uint32_t b = 0;
};

// A `require` message: literal text and interpolated expressions.
struct MessagePart {
  std::string text;
  ExprId expr = kNoExpr;
};

struct Statement {
  enum class Kind : uint8_t { kLet, kRequire };
  Kind kind = Kind::kLet;
  Span span;
  std::string name;  // let
  int32_t slot = -1;
  ExprId expr = kNoExpr;
  std::vector<MessagePart> message;  // require; empty = generated from the condition
};

struct Formula {
  Date from;
  std::optional<Date> to;
  Span span;
  Span body;  // from '{' to '}', shown in explanations
  std::vector<Statement> statements;
  ExprId result = kNoExpr;
  int32_t local_count = 0;
  // Its flat code (compile_code): every statement, then the result, each after a kStatement; or
  // Program::kNoCode when none of them is a number or a boolean.
  uint32_t code = UINT32_MAX;
};

struct RoleDef {
  std::string name;
  std::string plural;
  std::string label;
  int32_t max = 0;  // 0 = unbounded
  Span span;
};

struct EntityDef {
  std::string name;
  std::string plural;
  std::string label;
  bool is_person = false;
  std::vector<RoleDef> roles;
  Span span;
};

struct EnumDef {
  std::string name;
  std::string label;
  std::vector<std::string> items;
  std::vector<std::string> item_labels;
  std::unordered_map<std::string, int32_t> index;
  Span span;
};

enum class ParamShape : uint8_t { kNumber, kTable, kScale };

struct ParamValue {
  Date from;
  bool is_null = false;
  ParamShape shape = ParamShape::kNumber;
  Decimal number;
  std::vector<std::pair<std::string, Decimal>> table;
  std::vector<std::pair<Decimal, Decimal>> scale;  // (threshold, value), ascending
  // Shared by the values that cite the same text (loading the packed rules makes 4,700 values
  // of 1,200 references); null for none.
  std::shared_ptr<const Reference> reference;
  Span span;
};

struct ParameterDef {
  std::string name;
  std::string label;
  std::string unit;
  std::string source;
  ParamShape shape = ParamShape::kNumber;
  std::vector<ParamValue> values;  // ascending dates
  Span span;
  // A table's value for a key it does not list (field `default:`); without one, such a key is a
  // runtime error.
  bool has_default = false;
  Decimal default_value;
  // Loaded from packed rules whose texts are apart (Program::texts_pending): how many of the first
  // values, those in force before the last five years, are in the texts (load_packed_texts puts
  // them back in front of `values`); 0 otherwise.
  uint32_t values_apart = 0;
  // The value in force at `date`, or nullptr before the first date or after a null. Throws
  // TextsNotLoaded for a date before the values loaded when the earlier ones are apart. The
  // newest value, the one most reads get, is found inline.
  const ParamValue* at(Date date) const {
    if (!values.empty() && !(date < values.back().from))
      return values.back().is_null ? nullptr : &values.back();
    return at_earlier(date);
  }
  const ParamValue* at_earlier(Date date) const;
};

enum class SetInput : uint8_t { kDivide, kDuplicate };

struct VariableDef {
  std::string name;
  int32_t entity = -1;
  PeriodUnit period = PeriodUnit::kMonth;
  Type type = Type::kNumber;
  int32_t enum_id = -1;
  std::string enum_name;  // as written, resolved by the checker
  std::string label;
  std::string help;
  std::string question;
  std::string unit;
  std::vector<Reference> references;
  Value default_value;
  bool has_default = false;
  Span default_span;
  SetInput set_input = SetInput::kDuplicate;
  bool has_set_input = false;
  // `negative: allowed`: an amount of money given in a situation may be below zero (an amount
  // OpenFisca writes negative by convention, such as alimony paid). Without it a negative amount
  // given is refused: a salary of −500 € is a typo, not a resource.
  bool negative_allowed = false;
  std::vector<Formula> formulas;  // ascending `from`
  Span span;
  Span entity_span;
  std::string entity_name;

  bool is_input() const { return formulas.empty(); }
  const Formula* formula_at(Date date) const;
};

struct BenefitDef {
  std::string name;
  std::string label;
  std::string institution;
  PeriodUnit periodicity = PeriodUnit::kMonth;
  // What the amount is: a sum paid to the household (the default), or a participation the household
  // pays for a benefit in kind (the complémentaire santé solidaire): never added to what is
  // received.
  enum class AmountKind : uint8_t { kPaid, kParticipation } amount_kind = AmountKind::kPaid;
  std::string amount_name;
  std::string eligibility_name;
  int32_t amount = -1;
  int32_t eligibility = -1;
  std::string apply;
  std::string description;
  std::vector<Reference> references;
  std::vector<std::string> not_simulated;
  // `meta: key "text"`: facts about the benefit that the engine does not interpret, given as they
  // are in the JSON of `list benefits` and `compute --benefits` (e.g. a generated local aid's
  // source id and territory), in the order of the file.
  std::vector<std::pair<std::string, std::string>> meta;
  // `territory: VARIABLE` (repeatable): boolean variables of a group entity (e.g. the ménage's
  // commune lies in a département). A household none of whose groups meets them all lives outside
  // the benefit's territory: the benefit is then neither computed nor listed per person, only
  // named among the benefits outside the territory (a local aid of another town).
  std::vector<std::string> territory_names;
  std::vector<Span> territory_spans;
  std::vector<int32_t> territory;
  Span span;
  Span amount_span;
  Span eligibility_span;
};

// A map from 64-bit keys to indices, by open addressing (a power of two, half full at most): the
// values a situation gives, by (variable, member); the texts an answer writes once (a few
// hundred), looked up thousands of times. (std::unordered_map hashes a 64-bit key with murmur in
// the WebAssembly build, and allocates a node per key.)
class KeyIndex {
 public:
  // The index of `key`, or `next` stored for it when it has none; and whether it was added.
  std::pair<uint32_t, bool> find_or_add(uint64_t key, uint32_t next) {
    if ((used_ + 1) * 2 > slots_.size()) grow();
    const size_t mask = slots_.size() - 1;
    for (size_t i = slot_of(key) & mask;; i = (i + 1) & mask) {
      Slot& slot = slots_[i];
      if (slot.index == kEmpty) {
        slot = {key, next};
        ++used_;
        return {next, true};
      }
      if (slot.key == key) return {slot.index, false};
    }
  }
  // Empties it, its room kept.
  void clear() {
    if (used_ == 0) return;
    std::fill(slots_.begin(), slots_.end(), Slot{0, kEmpty});
    used_ = 0;
  }
  // The index of `key`, or kEmpty.
  uint32_t find(uint64_t key) const {
    if (slots_.empty()) return kEmpty;
    const size_t mask = slots_.size() - 1;
    for (size_t i = slot_of(key) & mask;; i = (i + 1) & mask) {
      const Slot& slot = slots_[i];
      if (slot.index == kEmpty || slot.key == key) return slot.index;
    }
  }
  static constexpr uint32_t kEmpty = UINT32_MAX;

 private:
  struct Slot {
    uint64_t key;
    uint32_t index;
  };
  static size_t slot_of(uint64_t key) {
    const uint64_t h = key * 0x9E3779B97F4A7C15ULL;
    return static_cast<size_t>(h ^ (h >> 32));
  }
  void grow() {
    std::vector<Slot> old(slots_.empty() ? 64 : slots_.size() * 2, Slot{0, kEmpty});
    old.swap(slots_);
    used_ = 0;
    for (const Slot& slot : old)
      if (slot.index != kEmpty) find_or_add(slot.key, slot.index);
  }
  std::vector<Slot> slots_;
  size_t used_ = 0;
};

// Names to indices of their definitions (a Program's variables, parameters, entities, enums): an
// open-addressing table of indices, probed by a hash of the name, the names staying in the
// definitions. Looked up with a string_view, without making a std::string (a situation names
// dozens of variables, and every name longer than 10 bytes was an allocation in WebAssembly).
class NameIndex {
 public:
  // Adds defs[i]; returns the index of a definition of the same name added earlier (then defs[i]
  // is not added), or -1.
  template <typename Defs>
  int32_t add(const Defs& defs, size_t i) {
    if ((count_ + 1) * 2 > slots_.size()) grow(defs);
    const std::string_view name = defs[i].name;
    const size_t mask = slots_.size() - 1;
    for (size_t at = slot_of(name);; at = (at + 1) & mask) {
      const uint32_t slot = slots_[at];
      if (slot == 0) {
        slots_[at] = static_cast<uint32_t>(i) + 1;
        ++count_;
        return -1;
      }
      if (defs[slot - 1].name == name) return static_cast<int32_t>(slot - 1);
    }
  }
  // Indexes all of defs (a name given twice: its first definition).
  template <typename Defs>
  void build(const Defs& defs) {
    clear();
    for (size_t i = 0; i < defs.size(); ++i) add(defs, i);
  }
  template <typename Defs>
  std::optional<int32_t> find(const Defs& defs, std::string_view name) const {
    if (slots_.empty()) return std::nullopt;
    const size_t mask = slots_.size() - 1;
    for (size_t at = slot_of(name);; at = (at + 1) & mask) {
      const uint32_t slot = slots_[at];
      if (slot == 0) return std::nullopt;
      if (defs[slot - 1].name == name) return static_cast<int32_t>(slot - 1);
    }
  }
  void clear() {
    slots_.clear();
    count_ = 0;
    shift_ = 64;
  }

 private:
  size_t slot_of(std::string_view name) const {
    uint64_t h = 0xcbf29ce484222325ULL;  // FNV-1a, then spread over the high bits, which are kept
    for (const char c : name) h = (h ^ static_cast<unsigned char>(c)) * 0x100000001b3ULL;
    return static_cast<size_t>((h * 0x9E3779B97F4A7C15ULL) >> shift_);
  }
  template <typename Defs>
  void grow(const Defs& defs) {
    std::vector<uint32_t> old(slots_.empty() ? 64 : slots_.size() * 2, 0);
    old.swap(slots_);
    shift_ = 64;
    for (size_t n = slots_.size(); n > 1; n /= 2) --shift_;
    const size_t mask = slots_.size() - 1;
    for (const uint32_t slot : old) {
      if (slot == 0) continue;
      size_t at = slot_of(defs[slot - 1].name);
      while (slots_[at] != 0) at = (at + 1) & mask;
      slots_[at] = slot;
    }
  }
  std::vector<uint32_t> slots_;  // index + 1; 0: empty
  size_t count_ = 0;
  unsigned shift_ = 64;  // 64 - log2(slots_.size())
};

class Program {
 public:
  SourceSet sources;
  std::vector<EntityDef> entities;
  std::vector<EnumDef> enums;
  std::vector<ParameterDef> parameters;
  // `values NAME { … }` declarations: later dated values of a parameter declared elsewhere (a
  // value published after the generated snapshot), merged into it by load_program.
  std::vector<ParameterDef> later_values;
  std::vector<VariableDef> variables;
  std::vector<BenefitDef> benefits;
  // The parser's and the checker's expressions. Nothing reads them once the program is checked:
  // the evaluator and the answers read `nodes` and the arrays beside them, and a program loaded
  // from packed rules has none.
  std::vector<Expr> exprs;
  // The literals' values, apart from the expressions (few are literals, and a Value is as big as
  // the rest of an Expr).
  std::vector<Value> literals;
  // The evaluator's form of the checked expressions (compile_nodes), and their arguments' ids.
  std::vector<Node> nodes;
  std::vector<ExprId> node_args;
  // Per expression, beside its node: its place in the rule files (messages quote it), and the
  // enum of an enum-typed one (-1 otherwise; messages name its item).
  std::vector<Span> node_spans;
  std::vector<int32_t> node_enums;
  // What computing a variable's value reads first, apart from the VariableDefs (half a kilobyte
  // each, their formulas further away): its period unit, whether it is an input, and its formula
  // when it has one that never ends (most variables).
  struct VariableBrief {
    PeriodUnit period = PeriodUnit::kMonth;
    bool is_input = false;
    Date first_from;                  // its first formula's start (if any)
    const Formula* always = nullptr;  // its only formula, when that one has no end
  };
  std::vector<VariableBrief> variable_briefs;
  // The flat code (compile_code): the formulas' (each one's first operation in Formula::code) and
  // the aggregations' bodies' (each one's first operation in code_entry, by the body's ExprId;
  // kNoCode when it has none: not a number nor a boolean, or deeper than kCodeStack), and the
  // numbers its constants hold.
  static constexpr uint32_t kNoCode = UINT32_MAX;
  static constexpr uint32_t kCodeStack = 32;
  std::vector<CodeOp> code;
  std::vector<Decimal> code_constants;
  std::vector<uint32_t> code_entry;  // by ExprId
  // The items of the lists of literal texts looked up by halves (Node::kSortedTexts), each list
  // sorted by the texts.
  std::vector<ExprId> sorted_texts;
  ExprId arg(const Node& n, uint32_t i) const { return node_args[n.args + i]; }
  int32_t person_entity = -1;

  std::optional<int32_t> find_variable(std::string_view name) const;
  std::optional<int32_t> find_parameter(std::string_view name) const;
  std::optional<int32_t> find_entity(std::string_view name) const;
  std::optional<int32_t> find_entity_by_plural(std::string_view plural) const;
  std::optional<int32_t> find_enum(std::string_view name) const;
  const Expr& expr(ExprId id) const { return exprs[id]; }
  // A kLiteral expression's value, from its Expr or its node (0 for one made without a value).
  const Value& literal(const Expr& e) const { return literal_at(e.ref); }
  const Value& literal(const Node& n) const { return literal_at(n.ref); }
  const Value& literal_at(int32_t ref) const {
    static const Value kZero;
    return ref >= 0 && static_cast<size_t>(ref) < literals.size()
               ? literals[static_cast<size_t>(ref)]
               : kZero;
  }
  // Newest date at which any parameter value starts: the "date of the law" shown to users (every
  // answer gives it: kept once the program is loaded).
  Date newest_parameter_date() const;
  std::optional<Date> newest_parameter_date_kept;

  // Loaded from packed rules whose texts travel apart (packed_rules.h, pack_rules' `texts`): the
  // rule files' texts are reduced to what reasons quote (SourceSet::reduce) and the parameters'
  // values have no reference, until load_packed_texts. What needs them (explanations, traces, the
  // parameters' listing, a runtime error's message) throws TextsNotLoaded meanwhile.
  bool texts_pending = false;
  void require_texts() const {
    if (texts_pending) throw TextsNotLoaded();
  }

  // Each benefit's fixed texts in an answer with details (apply, institution, label, meta,
  // not_simulated, references), as JSON: the same in every answer, so written once, by the first
  // answer that needs them (api.cpp: BenefitTexts), then copied. A cache of the answers' writing,
  // not a part of the law: the loaders leave it empty.
  struct BenefitTexts {
    std::string before_eligible;  // `,"apply":…`
    std::string after_id;         // `,"institution":…,"label":…` and `,"meta":{…}` if any
    std::string not_simulated;    // `,"not_simulated":[…]`
    std::string references;       // `,"references":[…]`
  };
  mutable std::once_flag benefit_texts_once;
  mutable std::vector<BenefitTexts> benefit_texts;
  // Each benefit's name as a JSON string, for every answer that lists benefits (their lines, the
  // names outside the territory): written once, by the first.
  mutable std::once_flag benefit_names_once;
  mutable std::vector<std::string> benefit_names;
  // Each input variable's name and label as JSON strings, for the missing inputs of answers (other
  // variables' are left empty: only inputs are missing).
  struct VariableTexts {
    std::string name;
    std::string label;
  };
  mutable std::once_flag variable_texts_once;
  mutable std::vector<VariableTexts> variable_texts;

  // Built by the checker (and the packed rules' loader).
  NameIndex variable_index;
  NameIndex parameter_index;
  NameIndex entity_index;
  NameIndex enum_index;
};

struct LoadResult {
  std::shared_ptr<const Program> program;  // null when there were errors
  std::vector<Diagnostic> diagnostics;
  std::string rendered;  // every diagnostic rendered as text
};

// Fills program.nodes, node_args, node_spans and node_enums from the checked expressions
// (load_program; packed rules hold the nodes themselves).
void compile_nodes(Program& program);

// What the evaluator reads besides the nodes, derived from the variables: program.variable_briefs,
// the nodes' kSameMonthRead flags and the formulas' flat code (compile_code). Every loader calls
// it last, on a checked program.
void prepare_evaluation(Program& program);

// Compiles the formulas (their statements and results that are numbers or booleans) and the
// aggregations' bodies to flat code (Program::code; see OpCode). prepare_evaluation calls it.
void compile_code(Program& program);

// Parses and checks a set of rule files. Files are processed in the given order. (Packed rules,
// packed_rules.h, load the checked program without either.)
LoadResult load_program(std::vector<SourceFile> files);

// A parameter revalued every year whose next value is due by `at` and not in the rules: its last
// two dated values are 10 to 14 months apart (the usual revaluation, e.g. every 1 April or
// 1 October), the next is due 12 months after the last, and `at` has reached that date but not 2
// years beyond (older gaps are steps of a reform, not awaited revaluations). A parameter closed by
// a null value, or with a single value, is never stale.
struct StaleParameter {
  const ParameterDef* parameter = nullptr;
  Date last;  // the date of its newest value
  Date due;   // when the next one was due
};
std::vector<StaleParameter> stale_parameters(const Program& program, Date at);

// Reads every `*.rules` file below `dir` (sorted by path); paths in diagnostics are given relative
// to `display_root` when it is a prefix. Returns an error message in `error` on I/O failure.
std::vector<SourceFile> read_rule_files(const std::string& dir, std::string* error);

// Serialises a set of rule files into one text bundle and back (used to embed the rules in the
// WebAssembly module): each file is preceded by a line "\x01path\n".
std::string bundle_rule_files(const std::vector<SourceFile>& files);
std::vector<SourceFile> unbundle_rule_files(const std::string& bundle);

}  // namespace mesaides
