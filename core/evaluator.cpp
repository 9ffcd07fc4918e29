// Evaluation (see evaluator.h).
#include "evaluator.h"

#include <algorithm>
#include <cstring>
#include <stdexcept>
#include <type_traits>

#include "builtins.h"

namespace mesaides {

struct Evaluation::Frame {
  int32_t variable;
  int32_t member;
  Period period;
  Date instant;     // first day of the period: parameters are read at this date
  uint32_t locals;  // where the formula's `let` values start in values_
  uint32_t cell;
  int32_t outer_member = -1;  // inside an aggregation: the group instance aggregated
  // The period's offset in the month windows when it is one month inside them, or -1: a monthly
  // variable read for the same month is then looked up there first.
  int32_t month_slot = -1;
};

namespace {

// The table of built-ins (builtins() behind a guard and a call into its file), read at each call.
const BuiltinDef* const kBuiltins = builtins().data();

const Decimal kZero;

// An engine bug (a state the checker rules out), not a failure of the law's computation: stop
// loudly. The WebAssembly boundary answers it as {"ok": false, "error": {"kind": "internal"}}.
[[noreturn]] void engine_bug(const char* what) {
  throw std::logic_error(std::string("engine bug: ") + what);
}

// Values computed one from another at most. The deepest chains of the law's rules are a few dozen
// (benefits reading other benefits over past months); a level takes about 1 KB of native stack in
// a release build and several times that under the sanitizers, so 200 keeps far from any stack
// limit, natively, under ASan and in WebAssembly.
constexpr size_t kMaxDepth = 200;

Value number(Decimal d) { return Value::of_number(d); }

// Months from the start of `whole` to the start of `part` (which starts inside it).
int32_t months_between(const Period& whole, const Period& part) {
  return (part.start.year() - whole.start.year()) * 12 + (part.start.month() - whole.start.month());
}

// The part of `total`, split evenly over `n` units, that falls on the units [first, last): the
// cumulative share up to `last` minus the cumulative share up to `first`, each truncated to the
// engine's precision, so that the parts always add up exactly to `total`.
Decimal share_of(Decimal total, int32_t n, int32_t first, int32_t last) {
  Int128 raw = total.raw();
  auto cumulative = [&](int32_t i) { return raw / n * i + (raw % n) * i / n; };
  return Decimal::from_raw(cumulative(last) - cumulative(first));
}

// The value, for `period`, of an amount given for the longer period `whole` (OpenFisca's
// set_input_divide_by_period): the values given for shorter periods inside `whole` are set first,
// and what remains of the amount is spread evenly over the months none of them covers. A year
// given with three of its months thus leaves (year − the three months) / 9 to each other month.
Value divided_share(const std::vector<InputValue>& given, const InputValue& whole,
                    const Period& period, const std::string& name, int32_t variable) {
  const int32_t n = whole.period.month_count();
  auto strictly_inside = [&](const InputValue& in) {
    return &in != &whole && in.value.kind == ValueKind::kNumber &&
           whole.period.contains(in.period) && in.period.month_count() < n;
  };
  std::vector<const InputValue*> inside;
  std::vector<const InputValue*> longer_inside;  // those that may hold others (rare: quarters…)
  for (const InputValue& in : given) {
    if (!strictly_inside(in)) continue;
    inside.push_back(&in);
    if (in.period.month_count() > 1) longer_inside.push_back(&in);
  }
  std::vector<bool> covered(static_cast<size_t>(n), false);
  Decimal remaining = whole.value.number;
  for (const InputValue* in : inside) {
    // Only the largest of nested values counts: a month inside a given quarter is in the quarter.
    bool nested =
        std::any_of(longer_inside.begin(), longer_inside.end(), [&](const InputValue* outer) {
          return outer != in && outer->period.contains(in->period) &&
                 outer->period.month_count() > in->period.month_count();
        });
    if (nested) continue;
    int32_t first = months_between(whole.period, in->period);
    for (int32_t i = first; i < first + in->period.month_count(); ++i) {
      covered[static_cast<size_t>(i)] = true;
    }
    auto rest = checked_sub(remaining, in->value.number);
    if (!rest) {
      return Value::error(ErrorKind::kNumberTooLarge,
                          name + ": the amounts given within " + whole.period.to_string() +
                              " are too large to subtract",
                          kNoExpr, variable);
    }
    remaining = *rest;
  }
  const int32_t start = months_between(whole.period, period);
  int32_t free_before = 0;
  int32_t free_months = 0;
  for (int32_t i = 0; i < n; ++i) {
    if (covered[static_cast<size_t>(i)]) continue;
    if (i < start) ++free_before;
    ++free_months;
  }
  const int32_t length = period.month_count();
  if (free_months < free_before + length) {  // periods given that overlap without nesting
    return Value::error(ErrorKind::kInvalidArgument,
                        name + ": amounts given for overlapping periods within " +
                            whole.period.to_string() + " cannot be spread over its months",
                        kNoExpr, variable);
  }
  return number(share_of(remaining, free_months, free_before, free_before + length));
}

}  // namespace

// The evaluation's tables, kept by each thread from one evaluation to the next (a page or a batch
// computes one household after another): the next one starts with their capacity, without
// allocating — nor touching fresh pages, which cost as much as the computation itself.
struct Evaluation::Tables {
  std::vector<Cell> cells;
  std::vector<MemoSlot> memo;
  std::vector<uint32_t> memo_filled;
  std::vector<uint32_t> slot_base, owner_window, windows, window_slots, stack, read_scratch,
      read_pool, member_counts;
  std::vector<int32_t> based;
  std::vector<Value> values;
  std::vector<ParameterRead> parameter_scratch, parameter_pool;
  std::vector<uint32_t> visited, walk_stack;

  // Calls f(kept, in_use) for each table and the evaluation's own: the one list of them.
  template <typename F>
  void each(Evaluation& e, F f) {
    f(cells, e.cells_);
    f(memo, e.memo_);
    f(memo_filled, e.memo_filled_);
    f(slot_base, e.slot_base_);
    f(based, e.based_);
    f(owner_window, e.owner_window_);
    f(windows, e.windows_);
    f(window_slots, e.window_slots_);
    f(member_counts, e.member_counts_);
    f(stack, e.stack_);
    f(read_scratch, e.read_scratch_);
    f(read_pool, e.read_pool_);
    f(values, e.values_);
    f(parameter_scratch, e.parameter_scratch_);
    f(parameter_pool, e.parameter_pool_);
    f(visited, e.visited_);
    f(walk_stack, e.walk_stack_);
  }
  void swap(Evaluation& e) {
    each(e, [](auto& kept, auto& in_use) { kept.swap(in_use); });
  }
};

namespace {
thread_local Evaluation::Tables spare_tables;
thread_local bool fast_paths = true;
thread_local bool flat_code = true;
// The month windows' starts of the last evaluation on this thread, and the day they were
// computed for (window_offset_searched).
thread_local struct {
  int32_t asked = INT32_MIN;
  int32_t starts[33];
} kept_window;
}  // namespace

void set_fast_paths(bool on) { fast_paths = on; }
void set_flat_code(bool on) { flat_code = on; }

Evaluation::~Evaluation() {
  // Tables grown by an exceptional request (thousands of persons, decades of months) are freed
  // rather than kept for the thread's life: a household's take about 3 MB.
  constexpr size_t kKeptBytes = size_t{32} << 20;
  size_t bytes = 0;
  spare_tables.each(*this, [&bytes](auto&, auto& in_use) {
    bytes += in_use.capacity() * sizeof(typename std::decay_t<decltype(in_use)>::value_type);
  });
  if (bytes > kKeptBytes) return;
  // Emptied (their capacity kept; the memo's filled slots and the variables' owners are emptied
  // when the next one starts; the values' stack is kept as it is, each value assigned before it
  // is read) and left to the thread's next evaluation.
  spare_tables.each(*this, [this](auto&, auto& in_use) {
    if constexpr (!std::is_same_v<std::decay_t<decltype(in_use)>, std::vector<MemoSlot>>) {
      const void* table = &in_use;
      if (table != &memo_filled_ && table != &slot_base_ && table != &based_ &&
          table != &owner_window_ && table != &windows_ && table != &window_slots_ &&
          table != &values_)
        in_use.clear();
    }
  });
  // The windows' slots filled and the owners' entries used emptied, their tables' size kept (a
  // household's windows are mostly empty: 24,704 slots for 4,000 monthly cells).
  for (const uint32_t slot : window_slots_) windows_[slot] = 0;
  window_slots_.clear();
  std::fill_n(owner_window_.begin(), std::min<size_t>(owners_, owner_window_.size()),
              Cell::kNoCell);
  spare_tables.swap(*this);
}

Evaluation::Evaluation(const Program& program, const Situation& situation, bool record,
                       bool record_parameters)
    : program_(program),
      situation_(situation),
      record_(record),
      record_parameters_(record && record_parameters),
      fast_(fast_paths),
      code_(flat_code) {
  // Another evaluation alive on this thread (one inside another) has them: then new ones.
  spare_tables.swap(*this);
  member_counts_.reserve(program.entities.size());
  for (size_t e = 0; e < program.entities.size(); ++e) {
    member_counts_.push_back(
        static_cast<uint32_t>(situation.member_count(program, static_cast<int32_t>(e))));
  }
  // Every variable without owners: those the previous evaluation gave some are emptied, one by
  // one (a few dozen of a thousand, most of the time).
  if (slot_base_.size() != program.variables.size()) {
    slot_base_.assign(program.variables.size(), Cell::kNoCell);
  } else {
    for (const int32_t v : based_) slot_base_[static_cast<size_t>(v)] = Cell::kNoCell;
  }
  based_.clear();
  // The previous evaluation's slots are emptied, one by one when they are few (a household's
  // memo is 4,096 slots or more, 64 KB, most of them never filled).
  if (memo_.empty()) {
    memo_.resize(4096);
  } else if (memo_filled_.size() * 8 < memo_.size()) {
    for (uint32_t i : memo_filled_) memo_[i] = MemoSlot{0, 0, 0};
  } else {
    std::fill(memo_.begin(), memo_.end(), MemoSlot{0, 0, 0});
  }
  memo_filled_.clear();
}

Period period_for(const VariableDef& def, const Period& asked) {
  if (def.period == PeriodUnit::kEternity) return Period::eternity();
  if (def.period == PeriodUnit::kYear && asked.unit == PeriodUnit::kMonth) {
    return asked.calendar_year();
  }
  return asked;
}

Period benefit_period(const Program& program, const BenefitDef& benefit, const Period& asked) {
  const VariableDef& amount = program.variables[static_cast<size_t>(benefit.amount)];
  const bool yearly =
      benefit.periodicity == PeriodUnit::kYear && amount.period != PeriodUnit::kMonth;
  return period_for(amount, yearly ? asked.calendar_year() : asked);
}

Value Evaluation::compute(int32_t variable, int32_t member, const Period& period) {
  return cells_[compute_cell(variable, member, period)].value;
}

uint32_t Evaluation::compute_cell(int32_t variable, int32_t member, const Period& period) {
  // The variable's period unit from the compact table (its VariableDef is read only when a value
  // is computed): a month for a monthly variable, nearly always.
  switch (program_.variable_briefs[static_cast<size_t>(variable)].period) {
    case PeriodUnit::kMonth:
      if (period.unit == PeriodUnit::kEternity || period.is_single_month())
        return evaluate_cell(variable, member, period);
      return compute_sum(variable, member, period);
    case PeriodUnit::kEternity:
      return evaluate_cell(variable, member, Period::eternity());
    case PeriodUnit::kYear:
      if (period.unit == PeriodUnit::kMonth)
        return evaluate_cell(variable, member, period.calendar_year());
      return evaluate_cell(variable, member, period);
  }
  return evaluate_cell(variable, member, period);
}

// A monthly amount over a longer period: given as such, or the sum of its months.
uint32_t Evaluation::compute_sum(int32_t variable, int32_t member, const Period& p) {
  const VariableDef& def = program_.variables[static_cast<size_t>(variable)];
  auto [index, added] = find_or_add_cell(variable, member, p);
  if (!added) return index;
  const std::vector<InputValue>* inputs = situation_.inputs(variable, member);
  Value given;
  if (inputs && read_input(def, *inputs, variable, p, given)) {
    cells_[index].value = std::move(given);
    cells_[index].source = CellSource::kInput;
    return index;
  }
  if (def.is_input() && !inputs) {
    // An input not given at all: its default over every month, in one cell (a missing input
    // for the whole period) rather than one cell per month.
    auto total = checked_mul(def.default_value.number, Decimal::from_int(p.month_count()));
    cells_[index].value = total ? number(*total)
                                : Value::error(ErrorKind::kNumberTooLarge,
                                               def.name + ": default too large", kNoExpr, variable);
    cells_[index].source = CellSource::kDefault;
    return index;
  }
  Decimal total;
  Value result = number(total);
  const Recording recording = begin_recording();
  for (const Period& month : p.months()) {
    uint32_t m = evaluate_cell(variable, member, month);
    if (record_) read_scratch_.push_back(m);
    const Value& v = cells_[m].value;
    if (cells_[m].source == CellSource::kInProgress) {
      result =
          Value::error(ErrorKind::kCycle,
                       "cycle: " + def.name + " for " + month.to_string() + " depends on itself",
                       kNoExpr, variable);
      break;
    }
    if (v.is_error()) {
      result = v;
      break;
    }
    auto sum = checked_add(result.number, v.number);
    if (!sum) {
      result = Value::error(ErrorKind::kNumberTooLarge,
                            def.name + ": the sum over " + p.to_string() + " is too large", kNoExpr,
                            variable);
      break;
    }
    result.number = *sum;
  }
  cells_[index].source = result.is_error() ? CellSource::kError : CellSource::kSum;
  cells_[index].value = std::move(result);
  if (record_) end_recording(index, recording);
  return index;
}

bool Evaluation::read_input(const VariableDef& def, const std::vector<InputValue>& inputs,
                            int32_t variable, const Period& period, Value& out) {
  if (inputs.empty()) return false;
  if (def.period == PeriodUnit::kEternity) {
    out = inputs.front().value;
    return true;
  }
  for (const InputValue& in : inputs) {
    if (in.period == period) {
      out = in.value;
      return true;
    }
  }
  // A value given for a longer period that contains the one asked (a year for a month, two years
  // for a year): a state is repeated, an amount spread evenly.
  if (def.period == PeriodUnit::kMonth && !period.is_single_month()) return false;
  const InputValue* whole = nullptr;  // the shortest of the given periods that contain it
  for (const InputValue& in : inputs) {
    if (!in.period.contains(period)) continue;
    if (!whole || in.period.month_count() < whole->period.month_count()) whole = &in;
  }
  if (!whole) return false;
  if (def.set_input == SetInput::kDuplicate || whole->value.kind != ValueKind::kNumber) {
    out = whole->value;
    return true;
  }
  out = divided_share(inputs, *whole, period, def.name, variable);
  return true;
}

namespace {
size_t memo_hash(uint64_t period_key, uint32_t owner) {
  uint64_t h = period_key * 0x9E3779B97F4A7C15ULL ^ (uint64_t{owner} + 1) * 0xC2B2AE3D27D4EB4FULL;
  return static_cast<size_t>(h ^ (h >> 31));
}
}  // namespace

void Evaluation::grow_memo() {
  std::vector<MemoSlot> old(memo_.size() * 2, MemoSlot{0, 0, 0});
  old.swap(memo_);
  memo_filled_.clear();
  size_t mask = memo_.size() - 1;
  for (const MemoSlot& slot : old) {
    if (slot.owner == 0) continue;
    size_t i = memo_hash(slot.period_key, slot.owner - 1) & mask;
    while (memo_[i].owner != 0) i = (i + 1) & mask;
    memo_[i] = slot;
    memo_filled_.push_back(static_cast<uint32_t>(i));
  }
}

std::pair<uint32_t, bool> Evaluation::find_or_add_cell(int32_t variable, int32_t member,
                                                       const Period& period) {
  uint32_t& base = slot_base_[static_cast<size_t>(variable)];
  if (base == Cell::kNoCell) {  // the variable's first cell: an owner for each member of its entity
    base = owners_;
    based_.push_back(variable);
    const VariableDef& def = program_.variables[static_cast<size_t>(variable)];
    owners_ += member_counts_[static_cast<size_t>(def.entity)];
    if (owners_ > owner_window_.size())
      owner_window_.resize(std::max<size_t>(owners_, 2 * owner_window_.size()), Cell::kNoCell);
  }
  uint32_t owner = base + static_cast<uint32_t>(member);
  // One month near the first one asked: its slot in the owner's window.
  uint32_t offset = 0;
  if (period.unit == PeriodUnit::kMonth && period.size == 1 &&
      window_offset(period.start, offset)) {
    {
      uint32_t& window = owner_window_[owner];
      if (window == Cell::kNoCell) {
        window = windows_used_;
        windows_used_ += kWindowMonths;  // zeros: no cell yet
        if (windows_used_ > windows_.size())
          windows_.resize(std::max<size_t>(windows_used_, 2 * windows_.size()));
      }
      uint32_t& slot = windows_[window + offset];
      if (slot != 0) return {slot - 1, false};
      const uint32_t index = add_cell(variable, member, period);
      slot = index + 1;
      window_slots_.push_back(window + offset);
      return {index, true};
    }
  }
  uint64_t key = period.key();
  size_t mask = memo_.size() - 1;
  size_t i = memo_hash(key, owner) & mask;
  while (memo_[i].owner != 0) {
    if (memo_[i].owner == owner + 1 && memo_[i].period_key == key) return {memo_[i].cell, false};
    i = (i + 1) & mask;
  }
  uint32_t index = add_cell(variable, member, period);
  memo_[i] = {key, owner + 1, index};
  memo_filled_.push_back(static_cast<uint32_t>(i));
  if (++memo_used_ * 2 > memo_.size()) grow_memo();
  return {index, true};
}

// The month starting on `start` as an offset in the windows; false if outside (or not a month's
// first day). The first month asked fixes where the windows start.
bool Evaluation::window_offset_searched(Date start, uint32_t& offset) {
  if (!window_set_) {
    // The same as the previous evaluation's on this thread, most of the time (a batch's, a page's
    // requests for the same month).
    static_assert(sizeof(kept_window.starts) == sizeof(window_starts_), "the window kept");
    if (kept_window.asked == start.days_since_epoch) {
      std::memcpy(window_starts_, kept_window.starts, sizeof(window_starts_));
      window_set_ = true;
    }
  }
  if (!window_set_) {
    // The first month's first day, then each next one a month's length later.
    YearMonthDay ymd = start.ymd();
    const Date first = Date::first_of_month(ymd.year, ymd.month - kWindowBefore);
    YearMonthDay at = first.ymd();
    window_starts_[0] = first.days_since_epoch;
    for (uint32_t i = 1; i <= kWindowMonths; ++i) {
      window_starts_[i] = window_starts_[i - 1] + days_in_month(at.year, at.month);
      if (++at.month > 12) {
        at.month = 1;
        ++at.year;
      }
    }
    window_set_ = true;
    kept_window.asked = start.days_since_epoch;
    std::memcpy(kept_window.starts, window_starts_, sizeof(window_starts_));
  }
  const int32_t days = start.days_since_epoch;
  if (days < window_starts_[0] || days >= window_starts_[kWindowMonths]) return false;
  // Months average 30.436875 days: the estimate (days × 2153 / 65536, a product and a shift
  // rather than a division) is right or one off.
  static_assert((kWindowMonths * 31 + 31) * 2153 < (1U << 31), "the product fits");
  auto i = (static_cast<uint32_t>(days - window_starts_[0]) * 2153U) >> 16;
  if (i >= kWindowMonths) i = kWindowMonths - 1;
  while (window_starts_[i] > days) --i;
  while (window_starts_[i + 1] <= days) ++i;
  offset = i;
  if (window_starts_[i] != days) return false;
  last_window_days_ = days;
  last_window_offset_ = i;
  return true;
}

// start.add_months(n) for the first day of a month, through the windows when it is in them.
Date Evaluation::add_months(Date start, int32_t n) {
  uint32_t offset = 0;
  if (window_offset(start, offset)) {
    int64_t target = int64_t{offset} + n;
    if (target >= 0 && target <= kWindowMonths) {
      return Date{window_starts_[static_cast<size_t>(target)]};
    }
  }
  return start.add_months(n);
}

uint32_t Evaluation::add_cell(int32_t variable, int32_t member, const Period& period) {
  auto index = static_cast<uint32_t>(cells_.size());
  Cell& c = cells_.emplace_back();
  c.variable = variable;
  c.member = member;
  c.period = period;
  return index;
}

uint32_t Evaluation::evaluate_cell(int32_t variable, int32_t member, const Period& period) {
  auto [index, added] = find_or_add_cell(variable, member, period);
  if (!added) return index;
  const Program::VariableBrief& brief = program_.variable_briefs[static_cast<size_t>(variable)];
  if (const std::vector<InputValue>* inputs = situation_.inputs(variable, member)) {
    Value given;
    if (read_input(program_.variables[static_cast<size_t>(variable)], *inputs, variable, period,
                   given)) {
      cells_[index].source = given.is_error() ? CellSource::kError : CellSource::kInput;
      cells_[index].value = std::move(given);
      return index;
    }
  }
  if (brief.is_input) {
    cells_[index].value = program_.variables[static_cast<size_t>(variable)].default_value;
    cells_[index].source = CellSource::kDefault;
    return index;
  }
  Date instant = period.unit == PeriodUnit::kEternity ? brief.first_from : period.start;
  const Formula* formula =
      brief.always && !(instant < brief.first_from)
          ? brief.always
          : program_.variables[static_cast<size_t>(variable)].formula_at(instant);
  if (!formula) {
    const VariableDef& def = program_.variables[static_cast<size_t>(variable)];
    const std::string& who = situation_.member_id(program_, def.entity, member);
    std::string coverage;
    if (instant < def.formulas.front().from) {
      coverage = "the rules cover this variable from " + def.formulas.front().from.to_string();
    } else {
      // After a formula that ends, before the next one (or none).
      const Formula* before = nullptr;
      const Formula* after = nullptr;
      for (const Formula& f : def.formulas) {
        if (!(instant < f.from)) before = &f;
        if (instant < f.from && !after) after = &f;
      }
      coverage = "the rules stop covering this variable on " + before->to->to_string() +
                 (after ? " and resume on " + after->from.to_string() : "");
    }
    cells_[index].value =
        Value::error(ErrorKind::kNoFormulaForDate,
                     def.name + " (" + who + ", " + period.to_string() + "): no formula for " +
                         instant.to_string() + " (" + coverage + ")",
                     kNoExpr, variable);
    cells_[index].source = CellSource::kError;
    return index;
  }
  if (stack_.size() >= kMaxDepth) {
    // A chain through earlier periods (x[month - 1]) long enough to exhaust the native or
    // WebAssembly stack: refuse it as a named runtime failure instead of crashing.
    const VariableDef& def = program_.variables[static_cast<size_t>(variable)];
    const std::string& who = situation_.member_id(program_, def.entity, member);
    cells_[index].value =
        Value::error(ErrorKind::kDepthExceeded,
                     def.name + " (" + who + ", " + period.to_string() +
                         "): computation too deep (more than " + std::to_string(kMaxDepth) +
                         " values computed one from another, e.g. month after month)",
                     kNoExpr, variable);
    cells_[index].source = CellSource::kError;
    return index;
  }
  stack_.push_back(index);
  if (record_) {
    const Recording recording = begin_recording();
    const uint32_t outer = reads_from_;
    reads_from_ = recording.reads_from;
    run_formula(index, *formula);
    reads_from_ = outer;
    end_recording(index, recording);
    if (cells_[index].source == CellSource::kFormula) inherit_reason(index);
  } else {
    run_formula(index, *formula);
  }
  stack_.pop_back();
  return index;
}

void Evaluation::end_recording(uint32_t index, Recording from) {
  Cell& c = cells_[index];
  c.reads_at = static_cast<uint32_t>(read_pool_.size());
  c.reads_count = static_cast<uint32_t>(read_scratch_.size() - from.reads_from);
  read_pool_.insert(read_pool_.end(),
                    read_scratch_.begin() + static_cast<std::ptrdiff_t>(from.reads_from),
                    read_scratch_.end());
  read_scratch_.resize(from.reads_from);
  c.parameters_at = static_cast<uint32_t>(parameter_pool_.size());
  c.parameters_count = static_cast<uint32_t>(parameter_scratch_.size() - from.parameters_from);
  for (size_t i = from.parameters_from; i < parameter_scratch_.size(); ++i) {
    parameter_pool_.push_back(std::move(parameter_scratch_[i]));
  }
  parameter_scratch_.resize(from.parameters_from);
}

void Evaluation::run_formula(uint32_t index, const Formula& formula) {
  const Cell& c = cells_[index];
  // The `let` values live on values_, above those of the formulas being computed (no allocation
  // per formula once values_ has grown); popped when this one returns.
  const PopValues pop{values_top_, values_top_};
  const uint32_t locals = push_values(static_cast<uint32_t>(formula.local_count));
  Period period = c.period;
  Date instant = period.unit == PeriodUnit::kEternity ? formula.from : period.start;
  Frame frame{c.variable, c.member, period, instant, locals, index};
  if (period.is_single_month()) {
    uint32_t offset = 0;
    if (window_offset(period.start, offset)) frame.month_slot = static_cast<int32_t>(offset);
  }
  cells_[index].formula = &formula;
  const size_t count = formula.statements.size();
  if (fast_ && code_ && formula.code != Program::kNoCode) {
    // Its code, from statement to statement; one that fails, or has none, is computed as without
    // code, then its code goes on from the next one.
    FormulaRun run{index, &formula, locals};
    Decimal unused;
    for (uint32_t pc = formula.code; !run_code(pc, frame, unused, &run); pc = run.resume) {
      if (run.tried) {  // the reads of the try forgotten: eval reads them again (see eval_fast)
        read_scratch_.resize(run.reads);
        parameter_scratch_.resize(run.parameters);
      }
      if (!finish_statement(index, formula, run.statement, frame, locals, run.tried)) return;
    }
    return;
  }
  for (size_t i = 0; i < count; ++i) {
    if (!finish_statement(index, formula, i, frame, locals, false)) return;
  }
  finish_statement(index, formula, count, frame, locals, false);
}

bool Evaluation::finish_statement(uint32_t index, const Formula& formula, size_t i, Frame& frame,
                                  uint32_t locals, bool code_failed) {
  const bool result = i == formula.statements.size();
  const Statement* s = result ? nullptr : &formula.statements[i];
  const ExprId expr = result ? formula.result : s->expr;
  // Numbers and booleans, most values by far, go from the fast paths into the `let` or the cell
  // (both still as made: no text) without a Value made, moved and destroyed; what the fast paths
  // cannot give is computed by eval, as eval_fast does.
  Scalar scalar;
  scalar.tried = code_failed;
  if (!code_failed && fast_scalar(expr, frame, scalar)) {
    if (result) {
      Cell& done = cells_[index];
      done.source = CellSource::kFormula;
      scalar.store(done.value);
      return false;
    }
    if (s->kind == Statement::Kind::kLet) {
      scalar.store(values_[locals + static_cast<size_t>(s->slot)]);
      return true;
    }
    if (scalar.flag) return true;
    fail_require(index, formula, *s, frame);
    return false;
  }
  Value v = scalar.tried ? eval(expr, frame) : eval_fast(expr, frame);
  if (result) {
    cells_[index].source = v.is_error() ? CellSource::kError : CellSource::kFormula;
    cells_[index].value = std::move(v);
    return false;
  }
  if (v.is_error()) {
    cells_[index].value = std::move(v);
    cells_[index].source = CellSource::kError;
    return false;
  }
  if (s->kind == Statement::Kind::kLet) {
    values_[locals + static_cast<size_t>(s->slot)] = std::move(v);
  } else if (!v.as_bool()) {
    fail_require(index, formula, *s, frame);
    return false;
  }
  return true;
}

bool Evaluation::fast_scalar(ExprId id, Frame& frame, Scalar& out) {
  const Type type = program_.nodes[id].type;
  if (!fast_ || (!is_numeric(type) && type != Type::kBoolean)) return false;
  out.tried = true;
  out.is_bool = type == Type::kBoolean;
  const size_t reads = read_scratch_.size();
  const size_t parameters = parameter_scratch_.size();
  // (A statement's or an argument's tree: only the aggregations' bodies have code of their own,
  // run by root_number and root_bool.)
  if (out.is_bool ? eval_bool(id, frame, out.flag) : eval_number(id, frame, out.number))
    return true;
  // Failed: the reads of this try forgotten, eval reads them again (see eval_fast).
  read_scratch_.resize(reads);
  parameter_scratch_.resize(parameters);
  return false;
}

void Evaluation::fail_require(uint32_t index, const Formula& formula, const Statement& s,
                              Frame& frame) {
  require_message(s, frame, false);
  Cell& c = cells_[index];
  c.value = program_.variables[static_cast<size_t>(frame.variable)].default_value;
  c.source = CellSource::kRequireFailed;
  c.reason_cell = index;
  c.failed_statement = static_cast<int32_t>(&s - formula.statements.data());
}

// A zero or false result computed from other values takes the reason of the first value it read
// that is itself zero or false for a reason: "af = 0" because "af_base = 0" because "fewer than two
// children".
void Evaluation::inherit_reason(uint32_t index) {
  if (!cells_[index].value.is_zero_like()) return;
  for (uint32_t read : reads(index)) {
    const Cell& other = cells_[read];
    if (other.reason_cell != Cell::kNoCell && other.value.is_zero_like()) {
      cells_[index].reason_cell = other.reason_cell;
      cells_[index].reason_inherited = true;
      return;
    }
  }
}

Value Evaluation::runtime_error(const Frame& frame, ErrorKind kind, const std::string& message,
                                ExprId at) const {
  const VariableDef& def = program_.variables[static_cast<size_t>(frame.variable)];
  const Cell& c = cells_[frame.cell];
  const std::string& who = situation_.member_id(program_, def.entity, c.member);
  return Value::error(kind,
                      def.name + " (" + who + ", " + frame.period.to_string() + "): " + message, at,
                      frame.variable);
}

Value Evaluation::eval(ExprId id, Frame& frame) {
  const Node& n = program_.nodes[id];
  switch (n.kind) {
    case ExprKind::kLiteral:
      return n.ref >= 0 ? program_.literals[static_cast<size_t>(n.ref)] : Value{};
    case ExprKind::kLocal:
      return values_[frame.locals + static_cast<size_t>(n.ref)];
    case ExprKind::kVariable:
      return eval_variable(id, n, frame);
    case ExprKind::kParameter:
      return eval_parameter(id, n, frame);
    case ExprKind::kParameterAt:
      return eval_parameter_at(n, frame);
    case ExprKind::kEnumItem:
      return Value::of_enum(n.small);
    case ExprKind::kPeriodStart:
      return Value::of_date(frame.period.start);
    case ExprKind::kPeriodEnd:
      return Value::of_date(frame.period.end());
    case ExprKind::kNegate: {
      Value v = eval(program_.arg(n, 0), frame);
      if (!v.is_error()) v.number = -v.number;
      return v;
    }
    case ExprKind::kNot: {
      Value v = eval(program_.arg(n, 0), frame);
      if (!v.is_error()) v.small = v.small ? 0 : 1;
      return v;
    }
    case ExprKind::kBinary:
      return eval_binary(id, n, frame);
    case ExprKind::kIn: {
      Value left = eval(program_.arg(n, 0), frame);
      if (left.is_error()) return left;
      for (uint32_t i = 1; i < n.arg_count; ++i) {
        Value item = eval(program_.arg(n, i), frame);
        if (item.is_error()) return item;
        if (item == left) return Value::of_bool(true);
      }
      return Value::of_bool(false);
    }
    case ExprKind::kIf: {
      const uint32_t count = n.arg_count;
      for (uint32_t i = 0; i + 1 < count; i += 2) {
        Value c = eval(program_.arg(n, i), frame);
        if (c.is_error()) return c;
        if (c.as_bool()) return eval(program_.arg(n, i + 1), frame);
      }
      return eval(program_.arg(n, count - 1), frame);
    }
    case ExprKind::kCall:
      return eval_call(id, n, frame);
    case ExprKind::kAggregate:
      return eval_aggregate(id, n, frame);
    case ExprKind::kHasRole: {
      int32_t role =
          situation_.person_role[static_cast<size_t>(n.group)][static_cast<size_t>(frame.member)];
      return Value::of_bool(role == n.ref);
    }
    case ExprKind::kName:
      break;
  }
  engine_bug("a name the checker did not resolve");
}

inline uint32_t Evaluation::variable_cell(const Node& n, Frame& frame) {
  int32_t member = frame.member;
  if (n.group == kEnclosingGroup) {
    member = frame.outer_member;
  } else if (n.group >= 0) {
    member =
        situation_.person_group[static_cast<size_t>(n.group)][static_cast<size_t>(frame.member)];
  }
  // Most reads are of a monthly value already computed for the month being computed: found in its
  // window directly (the same cell compute_cell would find).
  if (frame.month_slot >= 0 && (n.flags & Node::kSameMonthRead) != 0) {
    const uint32_t base = slot_base_[static_cast<size_t>(n.ref)];
    if (base != Cell::kNoCell) {
      const uint32_t window = owner_window_[base + static_cast<uint32_t>(member)];
      if (window != Cell::kNoCell) {
        const uint32_t index = windows_[window + static_cast<uint32_t>(frame.month_slot)] - 1;
        if (index != Cell::kNoCell) {  // an empty slot (0) gives kNoCell
          if (record_) record_read(index);
          return index;
        }
      }
    }
  }
  return variable_cell_found(n, frame, member);
}

uint32_t Evaluation::variable_cell_found(const Node& n, Frame& frame, int32_t member) {
  Period target = frame.period;
  using K = PeriodSelector::Kind;
  const int32_t offset = n.small;
  switch (static_cast<K>(n.sub)) {
    case K::kSame:
      break;
    case K::kMonth:
      target = frame.period.unit == PeriodUnit::kEternity
                   ? frame.period
                   : Period{PeriodUnit::kMonth, add_months(frame.period.start, offset), 1};
      break;
    case K::kYear:
      target = Period::year(frame.period.start.year() + offset);
      break;
    case K::kLastMonths: {
      if (frame.period.unit == PeriodUnit::kEternity) {
        target = Period{PeriodUnit::kMonth, frame.period.start, offset};
      } else {
        target = Period{PeriodUnit::kMonth, add_months(frame.period.start, -offset), offset};
      }
      break;
    }
  }
  const uint32_t index = compute_cell(n.ref, member, target);
  if (record_) record_read(index);
  return index;
}

Value Evaluation::eval_variable(ExprId id, const Node& n, Frame& frame) {
  const uint32_t index = variable_cell(n, frame);
  const Cell& c = cells_[index];
  if (c.source == CellSource::kInProgress) {
    std::string path;
    auto start = std::find(stack_.begin(), stack_.end(), index);
    for (auto it = start; it != stack_.end(); ++it) {
      const Cell& s = cells_[*it];
      path += program_.variables[static_cast<size_t>(s.variable)].name + "<" +
              s.period.to_string() + "> → ";
    }
    path +=
        program_.variables[static_cast<size_t>(c.variable)].name + "<" + c.period.to_string() + ">";
    return runtime_error(frame, ErrorKind::kCycle, "cycle: " + path, id);
  }
  return c.value;
}

// The value a literal, a `let` or a variable read (computed if need be) stands for, not copied;
// null for a value still in progress (read through a cycle) and a literal made without a value,
// which eval_fast leaves to eval.
inline const Value* Evaluation::value_read(const Node& n, Frame& frame) {
  switch (n.kind) {
    case ExprKind::kLiteral:
      return n.ref >= 0 ? &program_.literals[static_cast<size_t>(n.ref)] : nullptr;
    case ExprKind::kLocal:
      return &values_[frame.locals + static_cast<size_t>(n.ref)];
    default: {
      const Cell& c = cells_[variable_cell(n, frame)];
      return c.source == CellSource::kInProgress ? nullptr : &c.value;
    }
  }
}

bool Evaluation::is_simple_read(const Node& n) {
  return n.kind == ExprKind::kLiteral || n.kind == ExprKind::kLocal ||
         n.kind == ExprKind::kVariable;
}

// False when the value is not a text (an error, a value still in progress): eval_fast then
// computes the expression again with eval, which says why.
bool Evaluation::read_text(ExprId id, Frame& frame, TextRead& out) {
  const Node& n = program_.nodes[id];
  const Value* v = nullptr;
  switch (n.kind) {
    case ExprKind::kLiteral:
      if (n.ref < 0) return false;
      v = out.literal = &program_.literals[static_cast<size_t>(n.ref)];
      break;
    case ExprKind::kLocal:
      out.local = frame.locals + static_cast<uint32_t>(n.ref);
      v = &values_[out.local];
      break;
    case ExprKind::kVariable: {
      out.cell = variable_cell(n, frame);
      const Cell& c = cells_[out.cell];
      if (c.source == CellSource::kInProgress) return false;
      v = &c.value;
      break;
    }
    default:
      return false;
  }
  return v->kind == ValueKind::kText;
}

const std::string& Evaluation::text_of(const TextRead& r) const {
  if (r.literal) return r.literal->text;
  if (r.local != UINT32_MAX) return values_[r.local].text;
  return cells_[r.cell].value.text;
}

// `x in [a, b, …]` (kIn node) without a Value per item: the items in order until one equals x,
// as eval does. For numbers, enum items, dates and booleans, and for texts all read in place
// (is_simple_read). False when an operand fails or has a value of another kind than its type's.
bool Evaluation::eval_in(const Node& n, Frame& frame, bool& out) {
  const ExprId left = program_.arg(n, 0);
  const Type type = program_.nodes[left].type;
  out = false;
  if (type == Type::kText) {
    TextRead x;
    if (!read_text(left, frame, x)) return false;
    if ((n.flags & Node::kSortedTexts) != 0) {
      // Literal texts in order (prepare_evaluation): the first not before x, by halves.
      const std::string& text = text_of(x);
      const ExprId* items = program_.sorted_texts.data() + n.small;
      const ExprId* end = items + (n.arg_count - 1);
      uint32_t count = n.arg_count - 1;
      while (count > 0) {
        const uint32_t half = count / 2;
        const std::string& item =
            program_.literals[static_cast<size_t>(program_.nodes[items[half]].ref)].text;
        if (item < text) {
          items += half + 1;
          count -= half + 1;
        } else {
          count = half;
        }
      }
      out = items != end &&
            program_.literals[static_cast<size_t>(program_.nodes[*items].ref)].text == text;
      return true;
    }
    for (uint32_t i = 1; i < n.arg_count && !out; ++i) {
      TextRead item;
      if (!read_text(program_.arg(n, i), frame, item)) return false;
      out = text_of(item) == text_of(x);
    }
    return true;
  }
  if (is_numeric(type)) {
    Decimal x;
    if (!eval_number(left, frame, x)) return false;
    for (uint32_t i = 1; i < n.arg_count && !out; ++i) {
      Decimal item;
      if (!eval_number(program_.arg(n, i), frame, item)) return false;
      out = item == x;
    }
    return true;
  }
  if (type == Type::kEnum || type == Type::kDate || type == Type::kBoolean) {
    int32_t x = 0;
    if (!eval_small(left, frame, x)) return false;
    for (uint32_t i = 1; i < n.arg_count && !out; ++i) {
      int32_t item = 0;
      if (!eval_small(program_.arg(n, i), frame, item)) return false;
      out = item == x;
    }
    return true;
  }
  return false;
}

// The branch of an `if` (kIf node) whose condition is the first to hold, or its `else`; kNoExpr
// when a condition fails (eval_bool).
ExprId Evaluation::branch_taken(const Node& n, Frame& frame) {
  const uint32_t count = n.arg_count;
  for (uint32_t i = 0; i + 1 < count; i += 2) {
    bool c = false;
    if (!eval_bool(program_.arg(n, i), frame, c)) return kNoExpr;
    if (c) return program_.arg(n, i + 1);
  }
  return program_.arg(n, count - 1);
}

// Calls f(frame of the member) for each member of an aggregation's (kAggregate node) group
// instance in its role, in order, while f returns true; false when one did not.
template <typename F>
bool Evaluation::each_member(const Node& n, const Frame& frame, F&& f) {
  const GroupInstance& g =
      situation_.groups[static_cast<size_t>(n.group)][static_cast<size_t>(frame.member)];
  Frame inner = frame;
  inner.outer_member = frame.member;
  for (size_t i = 0; i < g.members.size(); ++i) {
    if (n.ref >= 0 && g.roles[i] != n.ref) continue;
    inner.member = g.members[i];
    if (!f(inner)) return false;
  }
  return true;
}

Value Evaluation::eval_fast(ExprId id, Frame& frame) {
  Scalar scalar;
  if (fast_scalar(id, frame, scalar))
    return scalar.is_bool ? Value::of_bool(scalar.flag) : number(scalar.number);
  const Node& n = program_.nodes[id];
  // Failed (or met a value of another kind than its type's): again, the values already computed
  // now in the memo, the reads of the first try forgotten.
  if (scalar.tried || !fast_ || (n.type != Type::kDate && n.type != Type::kEnum))
    return eval(id, frame);
  const size_t reads = read_scratch_.size();
  const size_t parameters = parameter_scratch_.size();
  int32_t small = 0;
  if (eval_small(id, frame, small))
    return n.type == Type::kDate ? Value::of_date(Date{small}) : Value::of_enum(small);
  read_scratch_.resize(reads);
  parameter_scratch_.resize(parameters);
  return eval(id, frame);
}

bool Evaluation::eval_number(ExprId id, Frame& frame, Decimal& out) {
  const Node& n = program_.nodes[id];
  switch (n.kind) {
    case ExprKind::kVariable: {  // (value_read's cases, each taken at once)
      const Cell& c = cells_[variable_cell(n, frame)];
      if (c.source == CellSource::kInProgress || c.value.kind != ValueKind::kNumber) return false;
      out = c.value.number;
      return true;
    }
    case ExprKind::kLocal: {
      const Value& v = values_[frame.locals + static_cast<size_t>(n.ref)];
      if (v.kind != ValueKind::kNumber) return false;
      out = v.number;
      return true;
    }
    case ExprKind::kLiteral: {
      if (n.ref < 0) return false;
      const Value& v = program_.literals[static_cast<size_t>(n.ref)];
      if (v.kind != ValueKind::kNumber) return false;
      out = v.number;
      return true;
    }
    case ExprKind::kParameter: {
      const ParameterDef& def = program_.parameters[static_cast<size_t>(n.ref)];
      const ParamValue* pv = def.at(frame.instant);
      if (!pv || def.shape == ParamShape::kTable) break;  // an error, or a key to compute
      out = pv->number;
      if (record_parameters_)
        parameter_scratch_.push_back({n.ref, pv->from, out, {}, std::nullopt});
      return true;
    }
    case ExprKind::kNegate:
      if (!eval_number(program_.arg(n, 0), frame, out)) return false;
      out = -out;
      return true;
    case ExprKind::kBinary: {
      const auto op = static_cast<BinOp>(n.sub);
      Decimal l, r;
      if (!eval_number(program_.arg(n, 0), frame, l) ||
          !eval_number(program_.arg(n, 1), frame, r)) {
        return false;
      }
      std::optional<Decimal> d;
      switch (op) {
        case BinOp::kAdd:
          d = checked_add(l, r);
          break;
        case BinOp::kSub:
          d = checked_sub(l, r);
          break;
        case BinOp::kMul:
          d = checked_mul(l, r);
          break;
        case BinOp::kDiv:
          if (r.is_zero()) return false;
          d = checked_div(l, r);
          break;
        default:
          return false;
      }
      if (!d) return false;
      out = *d;
      return true;
    }
    case ExprKind::kIf: {
      const ExprId taken = branch_taken(n, frame);
      return taken != kNoExpr && eval_number(taken, frame, out);
    }
    case ExprKind::kCall: {
      if (!has_plain_form(n)) break;
      PlainValue result;
      if (!plain_call(n, frame, result)) return false;
      out = result.number;
      return true;
    }
    default:
      break;
  }
  return eval_number_rare(id, n, frame, out);
}

// eval_number's other cases, out of line: sums, counts and extremes over members, and what the
// fast paths leave to eval (the common cases above then need no room for them).
bool Evaluation::eval_number_rare(ExprId id, const Node& n, Frame& frame, Decimal& out) {
  switch (n.kind) {
    case ExprKind::kAggregate: {
      const auto aggregate = static_cast<AggregateKind>(n.sub);
      if (aggregate == AggregateKind::kAny || aggregate == AggregateKind::kAll) break;
      const ExprId body = program_.arg(n, 1);
      Decimal total;
      int64_t count = 0;
      bool seen = false;
      const bool ok = each_member(n, frame, [&](Frame& inner) {
        if (aggregate == AggregateKind::kCount) {
          bool b = false;
          if (!root_bool(body, inner, b)) return false;
          count += b ? 1 : 0;
          return true;
        }
        Decimal v;
        if (!root_number(body, inner, v)) return false;
        if (aggregate == AggregateKind::kSum) {
          auto sum = checked_add(total, v);
          if (!sum) return false;
          total = *sum;
        } else if (!seen || (aggregate == AggregateKind::kMaximum ? v > total : v < total)) {
          total = v;  // the extreme so far
        }
        seen = true;
        return true;
      });
      out = aggregate == AggregateKind::kCount ? Decimal::from_int(count) : total;
      return ok;
    }
    default:
      break;
  }
  Value v = eval(id, frame);
  if (v.kind != ValueKind::kNumber) return false;
  out = v.number;
  return true;
}

namespace {
// A comparison's result from its operands' order (-1, 0 or 1); false for another operator.
[[gnu::always_inline]] inline bool compare_as(BinOp op, int compared, bool& out) {
  switch (op) {
    case BinOp::kEq:
      out = compared == 0;
      return true;
    case BinOp::kNe:
      out = compared != 0;
      return true;
    case BinOp::kLt:
      out = compared < 0;
      return true;
    case BinOp::kLe:
      out = compared <= 0;
      return true;
    case BinOp::kGt:
      out = compared > 0;
      return true;
    case BinOp::kGe:
      out = compared >= 0;
      return true;
    default:
      return false;
  }
}
}  // namespace

bool Evaluation::eval_bool(ExprId id, Frame& frame, bool& out) {
  const Node& n = program_.nodes[id];
  switch (n.kind) {
    case ExprKind::kVariable: {  // (value_read's cases, each taken at once)
      const Cell& c = cells_[variable_cell(n, frame)];
      if (c.source == CellSource::kInProgress || c.value.kind != ValueKind::kBoolean) return false;
      out = c.value.small != 0;
      return true;
    }
    case ExprKind::kLocal: {
      const Value& v = values_[frame.locals + static_cast<size_t>(n.ref)];
      if (v.kind != ValueKind::kBoolean) return false;
      out = v.small != 0;
      return true;
    }
    case ExprKind::kLiteral: {
      if (n.ref < 0) return false;
      const Value& v = program_.literals[static_cast<size_t>(n.ref)];
      if (v.kind != ValueKind::kBoolean) return false;
      out = v.small != 0;
      return true;
    }
    case ExprKind::kNot:
      if (!eval_bool(program_.arg(n, 0), frame, out)) return false;
      out = !out;
      return true;
    case ExprKind::kHasRole:
      out =
          situation_.person_role[static_cast<size_t>(n.group)][static_cast<size_t>(frame.member)] ==
          n.ref;
      return true;
    case ExprKind::kBinary: {
      const auto op = static_cast<BinOp>(n.sub);
      if (op == BinOp::kAnd || op == BinOp::kOr) {
        if (!eval_bool(program_.arg(n, 0), frame, out)) return false;
        if ((op == BinOp::kAnd) != out) return true;  // false and …, true or …
        return eval_bool(program_.arg(n, 1), frame, out);
      }
      const Type operands = program_.nodes[program_.arg(n, 0)].type;
      int compared = 0;
      if (is_numeric(operands)) {
        Decimal l, r;
        if (!eval_number(program_.arg(n, 0), frame, l) ||
            !eval_number(program_.arg(n, 1), frame, r)) {
          return false;
        }
        compared = l < r ? -1 : (r < l ? 1 : 0);
      } else if (operands == Type::kBoolean || operands == Type::kEnum || operands == Type::kDate) {
        int32_t l = 0, r = 0;
        if (!eval_small(program_.arg(n, 0), frame, l) ||
            !eval_small(program_.arg(n, 1), frame, r)) {
          return false;
        }
        compared = l < r ? -1 : (l > r ? 1 : 0);
      } else {
        return eval_bool_rare(id, n, frame, out);  // texts
      }
      return compare_as(op, compared, out);
    }
    case ExprKind::kIf: {
      const ExprId taken = branch_taken(n, frame);
      return taken != kNoExpr && eval_bool(taken, frame, out);
    }
    default:
      break;
  }
  return eval_bool_rare(id, n, frame, out);
}

// eval_bool's other cases, out of line: texts compared, `in`, starts_with, any/all, and what the
// fast paths leave to eval (the common cases above then need no room for them).
bool Evaluation::eval_bool_rare(ExprId id, const Node& n, Frame& frame, bool& out) {
  switch (n.kind) {
    case ExprKind::kBinary: {
      const auto op = static_cast<BinOp>(n.sub);
      const Type operands = program_.nodes[program_.arg(n, 0)].type;
      if (operands != Type::kText || !is_simple_read(program_.nodes[program_.arg(n, 0)]) ||
          !is_simple_read(program_.nodes[program_.arg(n, 1)])) {
        break;  // texts computed otherwise
      }
      TextRead l, r;
      if (!read_text(program_.arg(n, 0), frame, l) || !read_text(program_.arg(n, 1), frame, r))
        return false;
      const int c = text_of(l).compare(text_of(r));
      return compare_as(op, c < 0 ? -1 : (c > 0 ? 1 : 0), out);
    }
    case ExprKind::kIn: {
      const Type type = program_.nodes[program_.arg(n, 0)].type;
      if (type == Type::kText && (n.flags & Node::kSortedTexts) != 0) {
        if (!is_simple_read(program_.nodes[program_.arg(n, 0)])) break;
      } else if (type == Type::kText) {
        bool simple = true;
        for (uint32_t i = 0; i < n.arg_count; ++i)
          simple = simple && is_simple_read(program_.nodes[program_.arg(n, i)]);
        if (!simple) break;  // texts computed otherwise
      } else if (!is_numeric(type) && type != Type::kEnum && type != Type::kDate &&
                 type != Type::kBoolean) {
        break;
      }
      return eval_in(n, frame, out);
    }
    case ExprKind::kCall: {
      // starts_with(text, prefix) on texts read in place.
      static const auto kStartsWith =
          static_cast<int32_t>(find_builtin("starts_with") - builtins().data());
      if (n.ref != kStartsWith || n.arg_count != 2 ||
          !is_simple_read(program_.nodes[program_.arg(n, 0)]) ||
          !is_simple_read(program_.nodes[program_.arg(n, 1)])) {
        break;
      }
      TextRead text, prefix;
      if (!read_text(program_.arg(n, 0), frame, text) ||
          !read_text(program_.arg(n, 1), frame, prefix)) {
        return false;
      }
      out = text_of(text).rfind(text_of(prefix), 0) == 0;
      return true;
    }
    case ExprKind::kAggregate: {
      const auto aggregate = static_cast<AggregateKind>(n.sub);
      if (aggregate != AggregateKind::kAny && aggregate != AggregateKind::kAll) break;
      const ExprId body = program_.arg(n, 1);
      // Every member is computed, as eval_aggregate does (no stop at the first that decides).
      bool any = false, all = true;
      const bool ok = each_member(n, frame, [&](Frame& inner) {
        bool b = false;
        if (!root_bool(body, inner, b)) return false;
        any = any || b;
        all = all && b;
        return true;
      });
      out = aggregate == AggregateKind::kAny ? any : all;
      return ok;
    }
    default:
      break;
  }
  Value v = eval(id, frame);
  if (v.kind != ValueKind::kBoolean) return false;
  out = v.small != 0;
  return true;
}

// Whether a call (kCall node) can be computed on plain values: its built-in has a plain form, and
// it has few arguments (they are held on the stack). An unresolved call (an engine bug) is left to
// eval_call, which says so.
bool Evaluation::has_plain_form(const Node& n) {
  return n.ref >= 0 && n.arg_count <= kPlainArgs && kBuiltins[n.ref].plain != nullptr;
}

// A call computed on plain values: its arguments in order through the fast paths, then the
// built-in's plain form; false where eval_call would give an error.
bool Evaluation::plain_call(const Node& n, Frame& frame, PlainValue& out) {
  PlainValue args[kPlainArgs];
  for (uint32_t i = 0; i < n.arg_count; ++i) {
    const ExprId a = program_.arg(n, i);
    if (is_numeric(program_.nodes[a].type)) {
      if (!eval_number(a, frame, args[i].number)) return false;
    } else if (!eval_small(a, frame, args[i].small)) {
      return false;
    }
  }
  return kBuiltins[n.ref].plain(args, n.arg_count, n.type, out);
}

// A boolean's, an enum item's or a date's value (Value::small).
bool Evaluation::eval_small(ExprId id, Frame& frame, int32_t& out) {
  const Node& n = program_.nodes[id];
  if (n.type == Type::kBoolean) {
    bool b = false;
    if (!eval_bool(id, frame, b)) return false;
    out = b ? 1 : 0;
    return true;
  }
  switch (n.kind) {
    case ExprKind::kLiteral:
    case ExprKind::kLocal:
    case ExprKind::kVariable: {
      const Value* v = value_read(n, frame);
      if (!v || (v->kind != ValueKind::kEnum && v->kind != ValueKind::kDate)) return false;
      out = v->small;
      return true;
    }
    case ExprKind::kEnumItem:
      out = n.small;
      return true;
    case ExprKind::kPeriodStart:
      out = frame.period.start.days_since_epoch;
      return true;
    case ExprKind::kPeriodEnd:
      out = frame.period.end().days_since_epoch;
      return true;
    case ExprKind::kCall: {
      if (!has_plain_form(n)) break;
      PlainValue result;
      if (!plain_call(n, frame, result)) return false;
      out = result.small;
      return true;
    }
    case ExprKind::kIf: {  // a date or an enum item chosen by conditions
      const ExprId taken = branch_taken(n, frame);
      return taken != kNoExpr && eval_small(taken, frame, out);
    }
    default:
      break;
  }
  Value v = eval(id, frame);
  if (v.kind != ValueKind::kEnum && v.kind != ValueKind::kDate && v.kind != ValueKind::kBoolean)
    return false;
  out = v.small;
  return true;
}

inline bool Evaluation::root_number(ExprId id, Frame& frame, Decimal& out) {
  const uint32_t pc = program_.code_entry[id];
  return code_ && pc != Program::kNoCode ? run_code(pc, frame, out) : eval_number(id, frame, out);
}

inline bool Evaluation::root_bool(ExprId id, Frame& frame, bool& out) {
  const uint32_t pc = program_.code_entry[id];
  if (!code_ || pc == Program::kNoCode) return eval_bool(id, frame, out);
  Decimal flag;
  if (!run_code(pc, frame, flag)) return false;
  out = !flag.is_zero();
  return true;
}

bool Evaluation::run_code(uint32_t pc, Frame& frame, Decimal& out) {
  return run_code(pc, frame, out, nullptr);
}

bool Evaluation::run_code(uint32_t pc, Frame& frame, Decimal& out, FormulaRun* run) {
  static_assert(kPlainArgs == 4, "as the flat code's calls (code.cpp)");
  // Raw Decimals, left uninitialised (a Decimal zeroes itself: 512 bytes per run).
  Int128 stack[Program::kCodeStack];
  uint32_t top = 0;  // the values on the stack: stack[0 … top - 1]
  const CodeOp* code = program_.code.data();
  auto flag = [](bool b) { return Int128{b ? 1 : 0}; };
  // The value on top, taken off, as a `let` or a result holds it.
  auto popped = [&](bool is_bool) {
    Scalar scalar;
    scalar.is_bool = is_bool;
    scalar.flag = stack[--top] != 0;
    scalar.number = Decimal::from_raw(stack[top]);
    return scalar;
  };
  for (;;) {
    const CodeOp& op = code[pc++];
    switch (op.code) {
      case OpCode::kNumberRead:
      case OpCode::kBoolRead:
      case OpCode::kSmallRead: {
        const Cell& c = cells_[variable_cell(program_.nodes[op.a], frame)];
        if (c.source == CellSource::kInProgress) return false;
        const Value& v = c.value;
        if (op.code == OpCode::kNumberRead) {
          if (v.kind != ValueKind::kNumber) return false;
          stack[top++] = v.number.raw();
        } else if (op.code == OpCode::kBoolRead) {
          if (v.kind != ValueKind::kBoolean) return false;
          stack[top++] = flag(v.small != 0);
        } else {
          if (v.kind != ValueKind::kEnum && v.kind != ValueKind::kDate) return false;
          stack[top++] = Int128{v.small};
        }
        break;
      }
      case OpCode::kNumberLocal: {
        const Value& v = values_[frame.locals + op.a];
        if (v.kind != ValueKind::kNumber) return false;
        stack[top++] = v.number.raw();
        break;
      }
      case OpCode::kBoolLocal: {
        const Value& v = values_[frame.locals + op.a];
        if (v.kind != ValueKind::kBoolean) return false;
        stack[top++] = flag(v.small != 0);
        break;
      }
      case OpCode::kSmallLocal: {
        const Value& v = values_[frame.locals + op.a];
        if (v.kind != ValueKind::kEnum && v.kind != ValueKind::kDate) return false;
        stack[top++] = Int128{v.small};
        break;
      }
      case OpCode::kConstant:
        stack[top++] = program_.code_constants[op.a].raw();
        break;
      case OpCode::kParameter: {
        const Node& n = program_.nodes[op.a];
        const ParameterDef& def = program_.parameters[static_cast<size_t>(n.ref)];
        const ParamValue* pv = def.at(frame.instant);
        if (!pv) return false;  // a parameter without a value: eval says so
        if (record_parameters_)
          parameter_scratch_.push_back({n.ref, pv->from, pv->number, {}, std::nullopt});
        stack[top++] = pv->number.raw();
        break;
      }
      case OpCode::kNegate:
        stack[top - 1] = -stack[top - 1];
        break;
      case OpCode::kNot:
        stack[top - 1] = flag(stack[top - 1] == 0);
        break;
      case OpCode::kAdd:
      case OpCode::kSub:
      case OpCode::kMul:
      case OpCode::kDiv: {
        const Decimal r = Decimal::from_raw(stack[--top]);
        const Decimal l = Decimal::from_raw(stack[top - 1]);
        std::optional<Decimal> d;
        if (op.code == OpCode::kAdd) {
          d = checked_add(l, r);
        } else if (op.code == OpCode::kSub) {
          d = checked_sub(l, r);
        } else if (op.code == OpCode::kMul) {
          d = checked_mul(l, r);
        } else {
          if (r.is_zero()) return false;
          d = checked_div(l, r);
        }
        if (!d) return false;
        stack[top - 1] = d->raw();
        break;
      }
      case OpCode::kCompare:
      case OpCode::kCompareConstant:
      case OpCode::kCompareParameter: {
        Int128 r = 0;
        if (op.code == OpCode::kCompare) {
          r = stack[--top];
        } else if (op.code == OpCode::kCompareConstant) {
          r = program_.code_constants[op.a].raw();
        } else {
          const Node& n = program_.nodes[op.a];
          const ParamValue* pv = program_.parameters[static_cast<size_t>(n.ref)].at(frame.instant);
          if (!pv) return false;  // a parameter without a value: eval says so
          if (record_parameters_)
            parameter_scratch_.push_back({n.ref, pv->from, pv->number, {}, std::nullopt});
          r = pv->number.raw();
        }
        const Int128 l = stack[top - 1];
        bool b = false;
        compare_as(static_cast<BinOp>(op.sub), l < r ? -1 : (r < l ? 1 : 0), b);
        stack[top - 1] = flag(b);
        break;
      }
      case OpCode::kHasRole:
        stack[top++] = flag(situation_.person_role[op.b][static_cast<size_t>(frame.member)] ==
                            static_cast<int32_t>(op.a));
        break;
      case OpCode::kPeriodStart:
        stack[top++] = Int128{frame.period.start.days_since_epoch};
        break;
      case OpCode::kPeriodEnd:
        stack[top++] = Int128{frame.period.end().days_since_epoch};
        break;
      case OpCode::kCallNumber:
      case OpCode::kCallSmall: {
        const Node& n = program_.nodes[op.a];
        PlainValue args[kPlainArgs];
        top -= n.arg_count;
        for (uint32_t i = 0; i < n.arg_count; ++i) {
          if ((op.sub >> i) & 1U) {
            args[i].number = Decimal::from_raw(stack[top + i]);
          } else {
            args[i].small = static_cast<int32_t>(stack[top + i]);
          }
        }
        PlainValue result;
        if (!kBuiltins[n.ref].plain(args, n.arg_count, n.type, result)) return false;
        stack[top++] = op.code == OpCode::kCallNumber ? result.number.raw() : Int128{result.small};
        break;
      }
      case OpCode::kJump:
        pc = op.a;
        break;
      case OpCode::kJumpIfFalse:
        if (stack[--top] == 0) pc = op.a;
        break;
      case OpCode::kAndJump:
        if (stack[top - 1] == 0) {
          pc = op.a;
        } else {
          --top;
        }
        break;
      case OpCode::kOrJump:
        if (stack[top - 1] != 0) {
          pc = op.a;
        } else {
          --top;
        }
        break;
      case OpCode::kNumber: {
        Decimal d;
        if (!eval_number(op.a, frame, d)) return false;
        stack[top++] = d.raw();
        break;
      }
      case OpCode::kBool: {
        bool b = false;
        if (!eval_bool(op.a, frame, b)) return false;
        stack[top++] = flag(b);
        break;
      }
      case OpCode::kSmall: {
        int32_t small = 0;
        if (!eval_small(op.a, frame, small)) return false;
        stack[top++] = Int128{small};
        break;
      }
      case OpCode::kEnd:
        out = Decimal::from_raw(stack[0]);
        return true;
      case OpCode::kStatement:
        run->statement = op.a;
        run->resume = op.b;
        run->tried = true;
        run->reads = read_scratch_.size();
        run->parameters = parameter_scratch_.size();
        break;
      case OpCode::kGeneral:
        run->tried = false;
        return false;
      case OpCode::kLetNumber:
      case OpCode::kLetBool:
        popped(op.code == OpCode::kLetBool).store(values_[run->locals + op.a]);
        break;
      case OpCode::kRequire:
        if (stack[--top] == 0) {
          fail_require(run->cell, *run->formula, run->formula->statements[op.a], frame);
          return true;
        }
        break;
      case OpCode::kResultNumber:
      case OpCode::kResultBool: {
        const Scalar result = popped(op.code == OpCode::kResultBool);
        Cell& done = cells_[run->cell];
        done.source = CellSource::kFormula;
        result.store(done.value);
        return true;
      }
    }
  }
}

// `PARAMETER at DATE`: the parameter's value in force on DATE, not at the start of the period.
Value Evaluation::eval_parameter_at(const Node& n, Frame& frame) {
  Value date = eval(program_.arg(n, 1), frame);
  if (date.is_error()) return date;
  const ExprId parameter = program_.arg(n, 0);
  return eval_parameter(parameter, program_.nodes[parameter], frame, date.as_date());
}

Value Evaluation::eval_parameter(ExprId id, const Node& n, Frame& frame, std::optional<Date> at) {
  const ParameterDef& def = program_.parameters[static_cast<size_t>(n.ref)];
  Date instant = at ? *at : frame.instant;
  const ParamValue* pv = def.at(instant);
  if (!pv) {
    if (program_.texts_pending) throw TextsNotLoaded();  // (its name comes with the texts)
    return runtime_error(frame, ErrorKind::kParameterWithoutValue,
                         "parameter " + def.name + " has no value on " + instant.to_string(), id);
  }
  Value result;
  std::string key;
  if (def.shape == ParamShape::kTable) {
    const ExprId key_id = program_.arg(n, 0);
    Value k = eval(key_id, frame);
    if (k.is_error()) return k;
    if (k.kind == ValueKind::kEnum) {
      key = program_.enums[static_cast<size_t>(program_.node_enums[key_id])]
                .items[static_cast<size_t>(k.small)];
    } else if (k.kind == ValueKind::kText) {
      key = k.text;
    } else {
      key = k.number.to_string();
    }
    // Tables are sorted by key when the program is checked.
    auto it = std::lower_bound(
        pv->table.begin(), pv->table.end(), key,
        [](const auto& kv, const std::string& wanted) { return kv.first < wanted; });
    if (it != pv->table.end() && it->first == key) {
      result = number(it->second);
    } else if (def.has_default) {
      result = number(def.default_value);
    } else {
      if (program_.texts_pending) throw TextsNotLoaded();  // (its name comes with the texts)
      return runtime_error(frame, ErrorKind::kMissingTableEntry,
                           "parameter " + def.name + " has no entry '" + key + "'", id);
    }
  } else {
    result = number(pv->number);
  }
  if (record_parameters_)
    parameter_scratch_.push_back({n.ref, pv->from, result.number, std::move(key), at});
  return result;
}

Value Evaluation::eval_binary(ExprId id, const Node& n, Frame& frame) {
  const auto op = static_cast<BinOp>(n.sub);
  if (op == BinOp::kAnd || op == BinOp::kOr) {
    Value l = eval(program_.arg(n, 0), frame);
    if (l.is_error()) return l;
    if (op == BinOp::kAnd && !l.as_bool()) return l;
    if (op == BinOp::kOr && l.as_bool()) return l;
    return eval(program_.arg(n, 1), frame);
  }
  Value l = eval(program_.arg(n, 0), frame);
  if (l.is_error()) return l;
  Value r = eval(program_.arg(n, 1), frame);
  if (r.is_error()) return r;
  auto compare = [&]() -> int {
    switch (l.kind) {
      case ValueKind::kNumber:
        return l.number < r.number ? -1 : (r.number < l.number ? 1 : 0);
      case ValueKind::kText:
        return l.text.compare(r.text) < 0 ? -1 : (l.text == r.text ? 0 : 1);
      default:
        return l.small < r.small ? -1 : (l.small > r.small ? 1 : 0);
    }
  };
  std::optional<Decimal> d;
  switch (op) {
    case BinOp::kEq:
      return Value::of_bool(compare() == 0);
    case BinOp::kNe:
      return Value::of_bool(compare() != 0);
    case BinOp::kLt:
      return Value::of_bool(compare() < 0);
    case BinOp::kLe:
      return Value::of_bool(compare() <= 0);
    case BinOp::kGt:
      return Value::of_bool(compare() > 0);
    case BinOp::kGe:
      return Value::of_bool(compare() >= 0);
    case BinOp::kAdd:
      d = checked_add(l.number, r.number);
      break;
    case BinOp::kSub:
      d = checked_sub(l.number, r.number);
      break;
    case BinOp::kMul:
      d = checked_mul(l.number, r.number);
      break;
    case BinOp::kDiv:
      if (r.number.is_zero()) {
        return runtime_error(frame, ErrorKind::kDivisionByZero,
                             "division by zero in '" +
                                 std::string(program_.sources.text(program_.node_spans[id])) + "'",
                             id);
      }
      d = checked_div(l.number, r.number);
      break;
    default:
      break;
  }
  if (!d)
    return runtime_error(
        frame, ErrorKind::kNumberTooLarge,
        "number too large in '" + std::string(program_.sources.text(program_.node_spans[id])) + "'",
        id);
  return number(*d);
}

Value Evaluation::eval_call(ExprId id, const Node& n, Frame& frame) {
  if (n.ref < 0) engine_bug("a call to a function the checker did not resolve");
  const BuiltinDef& builtin = kBuiltins[n.ref];
  // The arguments' values are pushed on values_ (their own computations leave it as they found
  // it) and popped on return.
  const uint32_t base = values_top_;
  const PopValues pop{values_top_, base};
  for (uint32_t i = 0; i < n.arg_count; ++i) {
    if (i == 0 && builtin.scale_first) {  // a parameter's name, read by the built-in
      const uint32_t at = push_values(1);
      values_[at] = Value();
      continue;
    }
    Value v = eval_fast(program_.arg(n, i), frame);
    if (v.is_error()) return v;
    const uint32_t at = push_values(1);
    values_[at] = std::move(v);
  }
  ParameterRead read{-1, {}, {}, {}, std::nullopt};
  Call call{program_,
            n,
            values_.data() + base,
            n.arg_count,
            frame.instant,
            record_parameters_ ? &read : nullptr};
  CallResult result = builtin.compute(call);
  if (!result) return runtime_error(frame, result.error().kind, result.error().message, id);
  if (read.parameter >= 0) parameter_scratch_.push_back(std::move(read));
  return std::move(*result);
}

Value Evaluation::eval_aggregate(ExprId id, const Node& n, Frame& frame) {
  const GroupInstance& g =
      situation_.groups[static_cast<size_t>(n.group)][static_cast<size_t>(frame.member)];
  const auto aggregate = static_cast<AggregateKind>(n.sub);
  const ExprId body = program_.arg(n, 1);
  Frame inner = frame;
  inner.outer_member = frame.member;
  Decimal total;
  int64_t count = 0;
  bool any = false, all = true, seen = false;
  Decimal extreme;
  for (size_t i = 0; i < g.members.size(); ++i) {
    if (n.ref >= 0 && g.roles[i] != n.ref) continue;
    inner.member = g.members[i];
    Value v = eval(body, inner);
    if (v.is_error()) return v;
    switch (aggregate) {
      case AggregateKind::kSum: {
        auto s = checked_add(total, v.number);
        if (!s) return runtime_error(frame, ErrorKind::kNumberTooLarge, "sum too large", id);
        total = *s;
        break;
      }
      case AggregateKind::kCount:
        count += v.as_bool() ? 1 : 0;
        break;
      case AggregateKind::kAny:
        any = any || v.as_bool();
        break;
      case AggregateKind::kAll:
        all = all && v.as_bool();
        break;
      case AggregateKind::kMaximum:
        if (!seen || v.number > extreme) extreme = v.number;
        break;
      case AggregateKind::kMinimum:
        if (!seen || v.number < extreme) extreme = v.number;
        break;
    }
    seen = true;
  }
  switch (aggregate) {
    case AggregateKind::kSum:
      return number(total);
    case AggregateKind::kCount:
      return number(Decimal::from_int(count));
    case AggregateKind::kAny:
      return Value::of_bool(any);
    case AggregateKind::kAll:
      return Value::of_bool(all);
    default:
      return number(seen ? extreme : kZero);
  }
}

// The operand of a failed condition, as a reader sees it: "af_nbenf (1)" or just "2" for a literal.
std::string Evaluation::describe_operand(ExprId id, Frame& frame, bool write) {
  const Node& e = program_.nodes[id];
  Value v = eval(id, frame);
  if (!write) return {};
  std::string value = format_value_fr(program_, v, e.type, program_.node_enums[id]);
  if (e.kind == ExprKind::kLiteral || e.kind == ExprKind::kEnumItem) return value;
  std::string text(program_.sources.text(program_.node_spans[id]));
  ExprId named = id;
  if (e.kind == ExprKind::kLocal) {
    // A `let` bound to a variable or parameter is shown with that one's label.
    const Formula* formula = cells_[frame.cell].formula;
    for (const Statement& st : formula ? formula->statements : std::vector<Statement>{}) {
      if (st.kind == Statement::Kind::kLet && st.slot == e.ref) named = st.expr;
    }
  }
  const Node& n = program_.nodes[named];
  if (n.kind == ExprKind::kVariable) {
    const VariableDef& def = program_.variables[static_cast<size_t>(n.ref)];
    if (!def.label.empty()) text = def.label;
  } else if (n.kind == ExprKind::kParameter) {
    const ParameterDef& def = program_.parameters[static_cast<size_t>(n.ref)];
    if (!def.label.empty()) text = def.label;
  } else if (n.kind == ExprKind::kParameterAt) {
    const Node& param = program_.nodes[program_.arg(n, 0)];
    const ParameterDef& def = program_.parameters[static_cast<size_t>(param.ref)];
    if (!def.label.empty())
      text =
          def.label + " (" + std::string(program_.sources.text(program_.node_spans[named])) + ")";
  }
  return text + " (" + value + ")";
}

std::string Evaluation::require_message(const Statement& s, Frame& frame, bool write) {
  std::string out;
  if (!s.message.empty()) {
    for (const MessagePart& part : s.message) {
      if (part.expr == kNoExpr) {
        if (write) out += part.text;
        continue;
      }
      Value v = eval(part.expr, frame);
      if (write) {
        out += v.is_error() ? "?"
                            : format_value_fr(program_, v, program_.nodes[part.expr].type,
                                              program_.node_enums[part.expr]);
      }
    }
    return out;
  }
  const Node& cond = program_.nodes[s.expr];
  const auto op = static_cast<BinOp>(cond.sub);
  if (cond.kind == ExprKind::kBinary && op != BinOp::kAnd && op != BinOp::kOr &&
      cond.type == Type::kBoolean) {
    // The condition failed: show the relation that holds instead.
    static const char* kNegated[] = {"+", "-", "×", "/", "≠", "=", "≥", ">", "≤", "<"};
    std::string left = describe_operand(program_.arg(cond, 0), frame, write);
    std::string right = describe_operand(program_.arg(cond, 1), frame, write);
    if (!write) return {};
    return "condition non remplie : " + left + " " + kNegated[static_cast<int>(op)] + " " + right;
  }
  if (!write) return {};
  return "condition non remplie : " +
         std::string(program_.sources.text(program_.node_spans[s.expr]));
}

const std::string& Evaluation::reason(uint32_t index) const {
  static const std::string kNone;
  const uint32_t origin = cells_[index].reason_cell;
  if (origin == Cell::kNoCell) return kNone;
  if (const uint32_t at = reason_of_.find(origin); at != KeyIndex::kEmpty) return *reasons_[at];
  // Writing reads values again; they are all in the memo (the failed require computed them), so
  // nothing observable changes: no cell is added, no read is recorded.
  std::string text = const_cast<Evaluation*>(this)->write_reason(origin);
  reason_of_.find_or_add(origin, static_cast<uint32_t>(reasons_.size()));
  return *reasons_.emplace_back(std::make_unique<std::string>(std::move(text)));
}

// The message of the cell's failed `require`: its `let` values before it computed again (from the
// memo), then the message written in the same frame as when it failed.
std::string Evaluation::write_reason(uint32_t index) {
  const Cell& c = cells_[index];
  const Formula& formula = *c.formula;
  const bool record = record_;
  record_ = false;
  const PopValues pop{values_top_, values_top_};
  const uint32_t locals = push_values(static_cast<uint32_t>(formula.local_count));
  Date instant = c.period.unit == PeriodUnit::kEternity ? formula.from : c.period.start;
  Frame frame{c.variable, c.member, c.period, instant, locals, index};
  std::string text;
  for (size_t i = 0; i < formula.statements.size(); ++i) {
    const Statement& s = formula.statements[i];
    if (static_cast<int32_t>(i) == c.failed_statement) {
      text = require_message(s, frame, true);
      break;
    }
    if (s.kind == Statement::Kind::kLet) {
      values_[locals + static_cast<size_t>(s.slot)] = eval(s.expr, frame);
    }
  }
  record_ = record;
  return text;
}

std::vector<MissingInput> Evaluation::missing_inputs(uint32_t cell) const {
  return missing_inputs({cell});
}

std::vector<MissingInput> Evaluation::missing_inputs(std::initializer_list<uint32_t> cells) const {
  std::vector<MissingInput> out;
  missing_inputs(cells, out);
  return out;
}

void Evaluation::missing_inputs(const uint32_t* cells, size_t count,
                                std::vector<MissingInput>& out) const {
  out.clear();
  if (visited_.size() < cells_.size()) visited_.resize(cells_.size(), 0);
  if (++walk_ == 0) {  // the stamp wrapped around: forget every earlier walk
    std::fill(visited_.begin(), visited_.end(), 0);
    walk_ = 1;
  }
  for (const uint32_t* start = cells; start != cells + count; ++start) {
    walk_stack_.assign(1, *start);
    while (!walk_stack_.empty()) {
      uint32_t i = walk_stack_.back();
      walk_stack_.pop_back();
      if (visited_[i] == walk_) continue;
      visited_[i] = walk_;
      const Cell& c = cells_[i];
      if (c.source == CellSource::kDefault) out.push_back({c.variable, c.member, c.period});
      for (uint32_t r = c.reads_count; r > 0; --r) {
        const uint32_t read = read_pool_[c.reads_at + r - 1];
        if (visited_[read] != walk_) walk_stack_.push_back(read);  // (else popped for nothing)
      }
    }
  }
}

std::string format_value_fr(const Program& program, const Value& value, Type type,
                            int32_t enum_id) {
  switch (value.kind) {
    case ValueKind::kError:
      return "erreur : " + value.text;
    case ValueKind::kBoolean:
      return value.small ? "oui" : "non";
    case ValueKind::kDate: {
      Date d = value.as_date();
      std::string text;
      append_zero_padded(text, d.day(), 2);
      text += '/';
      append_zero_padded(text, d.month(), 2);
      text += '/';
      append_zero_padded(text, d.year(), 4);
      return text;
    }
    case ValueKind::kEnum:
      if (enum_id >= 0) {
        const EnumDef& e = program.enums[static_cast<size_t>(enum_id)];
        if (value.small >= 0 && static_cast<size_t>(value.small) < e.items.size()) {
          return e.item_labels[static_cast<size_t>(value.small)];
        }
      }
      return std::to_string(value.small);
    case ValueKind::kText:
      return "« " + value.text + " »";
    case ValueKind::kNumber:
      break;
  }
  if (type == Type::kMoney) return value.number.to_french(2) + " €";
  std::string s = value.number.to_string();
  for (char& c : s) {
    if (c == '.') c = ',';
  }
  return s;
}

}  // namespace mesaides
