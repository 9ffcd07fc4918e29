// Evaluation of a Program on a Situation: lazy, memoised per (variable, member, period).
//
// An Evaluation holds the per-request state (memo, evaluation stack, trace) and is thrown away
// afterwards; the Program is never modified. A value is computed only when asked for, once.
// Runtime failures of the law's computation (no formula for a date, division by zero, a parameter
// with no value, a cycle through periods) become error values naming the variable, period and
// cause; they never abort. With `record` on, each computed cell also keeps what it read (other
// cells and parameters with their references), from which come the trace, the missing inputs
// (inputs the result depends on that the situation did not give) and the reason of a zero or
// ineligible result. With `record` off none of that is kept.
#pragma once

#include <initializer_list>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "builtins.h"
#include "program.h"
#include "situation.h"

namespace mesaides {

struct ParameterRead {
  int32_t parameter;
  Date at;
  Decimal value;    // the number read (for a table: the entry; for a scale: the result)
  std::string key;  // table key or scale input, if any
  // The date the parameter was read at when the rule says `PARAMETER at DATE` (e.g. the signature
  // of a loan); unset when read, as usual, at the start of the period computed.
  std::optional<Date> read_at;
};

enum class CellSource : uint8_t {
  kInProgress,
  kInput,          // given by the situation
  kDefault,        // an input not given: its default was used (a missing input)
  kFormula,        // computed by a formula
  kRequireFailed,  // a `require` was false: default value, with a reason
  kSum,            // the sum of a monthly variable over several months
  kError,
};

// (Fields ordered so that a Cell takes 128 bytes, not 144: the evaluation walks thousands.)
struct Cell {
  // User-provided: `Cell()` then sets each field to its initializer below, where a defaulted
  // constructor would first zero the whole 128 bytes (a `rep stos`, a third of making a cell).
  Cell() {}
  int32_t variable = -1;
  int32_t member = -1;
  CellSource source = CellSource::kInProgress;
  bool reason_inherited = false;  // see reason_cell
  // Why the value is zero/false: the cell whose `require` failed (this one, or one it read:
  // inherited), and in that one the failed statement. The text is written when asked for
  // (Evaluation::reason).
  int32_t failed_statement = -1;
  Period period;
  uint32_t reason_cell = UINT32_MAX;
  Value value;
  const Formula* formula = nullptr;
  // Record mode: where the cells and the parameters it read are in the evaluation's pools (see
  // Evaluation::reads and Evaluation::parameters).
  uint32_t reads_at = 0, reads_count = 0;
  uint32_t parameters_at = 0, parameters_count = 0;

  static constexpr uint32_t kNoCell = UINT32_MAX;
};
static_assert(sizeof(Cell) <= 128, "see the order of Cell's fields");

// A read-only view of consecutive elements (what a cell read).
template <typename T>
struct Slice {
  const T* first = nullptr;
  size_t count = 0;
  const T* begin() const { return first; }
  const T* end() const { return first + count; }
  size_t size() const { return count; }
  bool empty() const { return count == 0; }
  const T& operator[](size_t i) const { return first[i]; }
};

struct MissingInput {
  int32_t variable;
  int32_t member;
  Period period;
};

class Evaluation {
 public:
  // `record`: what each value read, for reasons, missing inputs, explanations and traces; and,
  // unless `record_parameters` is false, the parameters each one read, which only explanations
  // and traces show (a benefits summary with reasons has no use for them).
  Evaluation(const Program& program, const Situation& situation, bool record)
      : Evaluation(program, situation, record, record) {}
  Evaluation(const Program& program, const Situation& situation, bool record,
             bool record_parameters);
  ~Evaluation();
  struct Tables;
  Evaluation(const Evaluation&) = delete;
  Evaluation& operator=(const Evaluation&) = delete;

  // The value of `variable` for `member` (index among its entity's instances) over `period`: a
  // period of the variable's unit, or (monthly amounts) a longer one, summed.
  Value compute(int32_t variable, int32_t member, const Period& period);
  // Same, returning the cell (record mode gives it reads and reason).
  uint32_t compute_cell(int32_t variable, int32_t member, const Period& period);

  const Cell& cell(uint32_t index) const { return cells_[index]; }
  // Why the cell's value is zero or false (its own failed `require`, or one of a value it read);
  // empty if none. Written on first demand, from values already computed: asking adds no cell and
  // records no read.
  const std::string& reason(uint32_t index) const;
  // The cells a cell read, in the order read (record mode; empty otherwise).
  Slice<uint32_t> reads(uint32_t index) const {
    const Cell& c = cells_[index];
    return {read_pool_.data() + c.reads_at, c.reads_count};
  }
  // The parameters it read (record mode, the parameters recorded).
  Slice<ParameterRead> parameters(uint32_t index) const {
    const Cell& c = cells_[index];
    return {parameter_pool_.data() + c.parameters_at, c.parameters_count};
  }
  size_t cell_count() const { return cells_.size(); }
  // Inputs not given that the cell depends on, in the order first met (record mode).
  std::vector<MissingInput> missing_inputs(uint32_t cell) const;
  // Same for several cells at once (each input listed once): one walk, no allocation but the
  // result, so a questionnaire can have them for every benefit of every request.
  std::vector<MissingInput> missing_inputs(std::initializer_list<uint32_t> cells) const;
  // Same, into `out` (emptied first): a caller asking for line after line reuses its room.
  void missing_inputs(std::initializer_list<uint32_t> cells, std::vector<MissingInput>& out) const {
    missing_inputs(cells.begin(), cells.size(), out);
  }
  void missing_inputs(const uint32_t* cells, size_t count, std::vector<MissingInput>& out) const;

  const Program& program() const { return program_; }
  const Situation& situation() const { return situation_; }

 private:
  struct Frame;

  // The memo's cell for (variable, member, period), and whether it was just created (empty).
  std::pair<uint32_t, bool> find_or_add_cell(int32_t variable, int32_t member,
                                             const Period& period);
  uint32_t evaluate_cell(int32_t variable, int32_t member, const Period& period);
  uint32_t compute_sum(int32_t variable, int32_t member, const Period& period);
  // The value of `def` over `period` from the values given for one member (`inputs`).
  static bool read_input(const VariableDef& def, const std::vector<InputValue>& inputs,
                         int32_t variable, const Period& period, Value& out);
  void run_formula(uint32_t index, const Formula& formula);
  // A number or a boolean as the fast paths give it (`tried`: they were tried, and failed unless
  // fast_scalar said true).
  struct Scalar {
    bool tried = false;
    bool is_bool = false;
    bool flag = false;
    Decimal number;
    // Into a value, every field as Value::of_bool or Value::of_number makes it: the value may be
    // a `let` slot that held another value (values_ is reused from formula to formula).
    void store(Value& v) const {
      v.kind = is_bool ? ValueKind::kBoolean : ValueKind::kNumber;
      v.error_kind = ErrorKind::kNone;
      v.small = is_bool && flag ? 1 : 0;
      v.error_expr = UINT32_MAX;
      v.error_variable = -1;
      v.number = is_bool ? Decimal() : number;
      if (!v.text.empty()) v.text.clear();
    }
  };
  bool fast_scalar(ExprId id, Frame& frame, Scalar& out);
  // The cell's `require` s failed: its default value, and the reason.
  void fail_require(uint32_t index, const Formula& formula, const Statement& s, Frame& frame);
  void inherit_reason(uint32_t index);
  // Each walks Program::nodes (the compact form); the Expr of the same id is read only to write a
  // message.
  Value eval(ExprId id, Frame& frame);
  // The fast paths: the same computation as eval for a number or a boolean (the same cells
  // computed, in the same order, the same reads recorded) without a Value per expression. They
  // return false when the expression fails; eval_fast then evaluates it again with eval, which
  // finds every value computed so far in the memo and writes the error, what it read recorded
  // once.
  Value eval_fast(ExprId id, Frame& frame);
  bool eval_number(ExprId id, Frame& frame, Decimal& out);
  bool eval_bool(ExprId id, Frame& frame, bool& out);
  [[gnu::noinline]] bool eval_number_rare(ExprId id, const Node& n, Frame& frame, Decimal& out);
  [[gnu::noinline]] bool eval_bool_rare(ExprId id, const Node& n, Frame& frame, bool& out);
  bool eval_small(ExprId id, Frame& frame, int32_t& out);
  // The flat code from `pc` (Program::code): what eval_number or eval_bool gives of its root
  // expression (a boolean as 0 or 1), the same cells computed in the same order, the same reads
  // and parameters recorded; false where they fail.
  bool run_code(uint32_t pc, Frame& frame, Decimal& out);
  // A formula's code running (Formula::code): its cell and `let` values, and the statement it is
  // at, where the next one starts, and the scratch stacks' sizes when it started (kStatement).
  struct FormulaRun {
    uint32_t cell;
    const Formula* formula;
    uint32_t locals;
    uint32_t statement = 0;
    uint32_t resume = 0;
    bool tried = false;  // the statement's code ran (and failed), rather than it has none
    size_t reads = 0;
    size_t parameters = 0;
  };
  // With `run`, a formula's code from `pc`: true when the formula ended (its result stored, or a
  // `require` failed); false when statement run->statement failed or has no code, for
  // finish_statement. Without, an aggregation body's code: as run_code above.
  bool run_code(uint32_t pc, Frame& frame, Decimal& out, FormulaRun* run);
  // Statement `i` of `formula` (the result when `i` is their count) as the fast paths or eval
  // compute it (`code_failed`: its code failed, so eval at once); false when the formula ends
  // there (its result, an error, or a `require` that failed).
  bool finish_statement(uint32_t index, const Formula& formula, size_t i, Frame& frame,
                        uint32_t locals, bool code_failed);
  // eval_number and eval_bool of an aggregation's body, for each member: by its code
  // (Program::code_entry) when it has some.
  bool root_number(ExprId id, Frame& frame, Decimal& out);
  bool root_bool(ExprId id, Frame& frame, bool& out);
  static constexpr uint32_t kPlainArgs = 4;
  static bool has_plain_form(const Node& n);
  bool plain_call(const Node& n, Frame& frame, PlainValue& out);
  const Value* value_read(const Node& n, Frame& frame);
  // A text read in place (a literal, a `let` or a variable read), for the fast paths of `in`,
  // comparisons and starts_with: where its value lies, by index where the vector may grow while
  // the other operands are read.
  struct TextRead {
    const Value* literal = nullptr;  // a literal's value: the Program's, which never moves
    uint32_t local = UINT32_MAX;     // else a `let` value's index in values_
    uint32_t cell = UINT32_MAX;      // else a cell's index
  };
  static bool is_simple_read(const Node& n);
  bool read_text(ExprId id, Frame& frame, TextRead& out);
  const std::string& text_of(const TextRead& r) const;
  bool eval_in(const Node& n, Frame& frame, bool& out);

  ExprId branch_taken(const Node& n, Frame& frame);
  template <typename F>
  bool each_member(const Node& n, const Frame& frame, F&& f);
  // The cell a variable read reads (computed if need be), the read recorded: found in the month
  // windows inline (most reads), else by variable_cell_found.
  uint32_t variable_cell(const Node& n, Frame& frame);
  uint32_t variable_cell_found(const Node& n, Frame& frame, int32_t member);
  Value eval_variable(ExprId id, const Node& n, Frame& frame);
  Value eval_parameter(ExprId id, const Node& n, Frame& frame,
                       std::optional<Date> at = std::nullopt);
  Value eval_parameter_at(const Node& n, Frame& frame);
  Value eval_binary(ExprId id, const Node& n, Frame& frame);
  Value eval_call(ExprId id, const Node& n, Frame& frame);
  Value eval_aggregate(ExprId id, const Node& n, Frame& frame);
  // The message of a failed `require`. With `write` false, computes the same values and writes
  // nothing: when the require fails, so that they are computed and recorded with the cell; the text
  // is written later, from the memo, if asked for.
  std::string require_message(const Statement& s, Frame& frame, bool write);
  std::string describe_operand(ExprId id, Frame& frame, bool write);
  std::string write_reason(uint32_t index);
  // A runtime failure of `kind` at expression `at`, its message prefixed with the variable, the
  // member and the period computed.
  Value runtime_error(const Frame& frame, ErrorKind kind, const std::string& message,
                      ExprId at) const;

  const Program& program_;
  const Situation& situation_;
  bool record_;
  bool record_parameters_;  // record_ and the parameters too
  bool fast_;               // set_fast_paths
  bool code_;               // set_flat_code
  std::vector<Cell> cells_;
  // The memo: an open-addressing hash table from (owner, period) to the cell, where the owner
  // numbers a (variable, member) pair: slot_base_[variable] + member. A variable gets its owners
  // (one per member of its entity) when its first cell is made. One probe, most of the time: a
  // variable read over many months (a salary over the last twelve, for each resource computed)
  // would otherwise walk a list of its periods on every read.
  struct MemoSlot {
    uint64_t period_key;
    uint32_t owner;  // owner + 1; 0: empty
    uint32_t cell;
  };
  // Months, the most common periods by far, are found without hashing: each owner has a window of
  // consecutive months' cells (allocated at its first month), from kWindowBefore months before the
  // first month asked. Other periods, and months outside the window, go to the hash table. A
  // household's months lie within 15 before the month asked (resources over the last 12 months,
  // the RSA's quarter three months back) and 11 after (the year's December): 32 months, 128 bytes
  // per owner, each window emptied when the evaluation ends.
  static constexpr uint32_t kWindowMonths = 32;
  static constexpr int32_t kWindowBefore = 16;
  bool window_set_ = false;
  int32_t window_starts_[kWindowMonths + 1] =
      {};  // first day of each month of the window, and after
  // The same month as the last one asked, most of the time (a formula's reads, then its cell):
  // answered at once, the rest out of line.
  bool window_offset(Date start, uint32_t& offset) {
    if (start.days_since_epoch == last_window_days_) {
      offset = last_window_offset_;
      return true;
    }
    return window_offset_searched(start, offset);
  }
  bool window_offset_searched(Date start, uint32_t& offset);
  int32_t last_window_days_ = INT32_MIN;  // the last month found in the window, and its offset
  uint32_t last_window_offset_ = 0;
  Date add_months(Date start, int32_t n);
  // Both keep their size from one evaluation to the next (only the part used is emptied at the
  // end): growing a vector one window at a time costs a call and a loop per entry in wasm.
  std::vector<uint32_t> owner_window_;  // per owner (the first owners_): its window in windows_
  std::vector<uint32_t> windows_;       // each month's cell + 1; 0: none yet
  std::vector<uint32_t> window_slots_;  // the slots of windows_ filled, to empty them at the end
  uint32_t windows_used_ = 0;           // windows_'s entries in use; all others are 0
  uint32_t add_cell(int32_t variable, int32_t member, const Period& period);
  std::vector<uint32_t> member_counts_;  // per entity
  std::vector<uint32_t> slot_base_;      // per variable, kNoCell before its first cell
  std::vector<int32_t> based_;           // the variables with owners, in the order they got them
  uint32_t owners_ = 0;
  std::vector<MemoSlot> memo_;         // size a power of two, at most half full
  std::vector<uint32_t> memo_filled_;  // the slots filled, to empty them for the next evaluation
  size_t memo_used_ = 0;
  void grow_memo();
  std::vector<uint32_t> stack_;
  // The reasons written, by reason_cell (texts kept apart: a reference to one stays valid).
  mutable KeyIndex reason_of_;
  mutable std::vector<std::unique_ptr<std::string>> reasons_;
  // The `let` values and call arguments of the formulas in progress: a stack, the first
  // values_top_ in use. The values above are left as they were (none made or destroyed per
  // formula), each assigned before it is read.
  std::vector<Value> values_;
  uint32_t values_top_ = 0;
  // Room for `count` more values on the stack: the index of the first.
  uint32_t push_values(uint32_t count) {
    const uint32_t at = values_top_;
    values_top_ += count;
    if (values_top_ > values_.size())
      values_.resize(std::max<size_t>(values_top_, 2 * values_.size()));
    return at;
  }
  // Gives back what was pushed after it was made.
  struct PopValues {
    uint32_t& top;
    uint32_t at;
    ~PopValues() { top = at; }
  };
  // Record mode. What the cells in progress read goes on the scratch stacks, each cell's part above
  // that of the cell that started computing it; when a cell is done its part moves to the pools
  // (one block per cell) and leaves the scratch. No allocation per cell.
  struct Recording {
    uint32_t reads_from;
    uint32_t parameters_from;
  };
  Recording begin_recording() const {
    return {static_cast<uint32_t>(read_scratch_.size()),
            static_cast<uint32_t>(parameter_scratch_.size())};
  }
  void end_recording(uint32_t index, Recording from);
  // A read by the innermost cell in progress; the same cell read twice in a row is listed once.
  void record_read(uint32_t index) {
    if (read_scratch_.size() == reads_from_ || read_scratch_.back() != index) {
      read_scratch_.push_back(index);
    }
  }
  std::vector<uint32_t> read_scratch_;
  std::vector<ParameterRead> parameter_scratch_;
  uint32_t reads_from_ = 0;  // where the innermost cell in progress's reads start in the scratch
  std::vector<uint32_t> read_pool_;
  std::vector<ParameterRead> parameter_pool_;
  // Walks for missing inputs: a cell is visited in walk `walk_` when visited_[cell] == walk_.
  mutable std::vector<uint32_t> visited_;
  mutable std::vector<uint32_t> walk_stack_;
  mutable uint32_t walk_ = 0;
};

// Whether the evaluations this thread starts next use the fast paths of numbers and booleans (on
// by default); off, every expression goes through the general evaluation. For the tests that
// compare the two (tests/properties: every answer byte for byte, traces included).
void set_fast_paths(bool on);

// Whether the fast paths run the formulas' flat code (Program::code; on by default) or walk their
// nodes; for the tests that compare the two.
void set_flat_code(bool on);

// The period for which `def` is computed when `asked` is: eternity for a variable that does not
// change, the calendar year of a month (or of several months) for a yearly variable, `asked`
// otherwise (a monthly amount over several months is then the sum of its months).
Period period_for(const VariableDef& def, const Period& asked);

// The period a benefit's amount is read for when `asked` is: a yearly benefit for the calendar
// year, unless its amount variable is monthly (then it holds the annual amount known for that
// month, a school-year bourse, read for the month); then period_for the amount's variable.
Period benefit_period(const Program& program, const BenefitDef& benefit, const Period& asked);

// Human-readable text of a value in French, for reasons and explanations: "1 234,56 €", "oui",
// "01/03/2026", the label of an enum item.
std::string format_value_fr(const Program& program, const Value& value, Type type, int32_t enum_id);

}  // namespace mesaides
