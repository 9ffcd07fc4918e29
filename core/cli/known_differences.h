// Deliberate differences with a reference (OpenFisca, Catala): where our rules follow the legal
// text and the reference does not. Each listed difference names one cause from a fixed list
// (tests/oracle/causes.tsv, documented with its articles in docs/oracle-differences.md); a cause
// may predict the gap (our amount below the reference by less than 1 €, above it, zero…), and an
// entry whose gap contradicts its cause is a failure, as is an entry no longer seen.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "decimal.h"

namespace mesaides {

// How a cause predicts the gap between our amount (actual) and the reference's (expected).
enum class GapCheck {
  kNone,           // "none": no prediction (the gap depends on the household)
  kLowerUnder1,    // "lower_under_1": ours is below the reference by at most 1,01 €
  kLower,          // "lower": ours is below the reference
  kHigher,         // "higher": ours is above the reference
  kZero,           // "zero": ours is 0, the reference pays something
  kBenefitInCase,  // "benefit_in_case": the cause's benefit (after ':') is non-zero in the case
};

struct Cause {
  std::string id;  // "d823_16_floor"; "benefit_not_computed:" ends with ':' (any name after)
  GapCheck check = GapCheck::kNone;
  std::string articles;  // the texts we follow, as written in docs/oracle-differences.md
};

struct KnownDifference {
  std::string variable;
  std::string case_prefix;  // "*": any case
  std::string cause;        // an id of the cause list (with its name after ':' when it has one)
  std::string note;         // what is particular to this entry
  int used = 0;
};

// Reads the cause list: "cause<TAB>check<TAB>articles" a line, '#' starts a comment.
bool read_causes(const std::string& path, std::vector<Cause>& out, std::string& error);

// Reads a known-differences file: "variable<TAB>case name prefix<TAB>cause<TAB>note" a line;
// every cause must be in `causes`. Returns false with "path:line: message" on a bad line.
bool read_known_differences(const std::string& path, const std::vector<Cause>& causes,
                            std::vector<KnownDifference>& out, std::string& error);

// The cause of the list that `id` names ("benefit_not_computed:asf" → "benefit_not_computed:"),
// or nullptr.
const Cause* find_cause(const std::vector<Cause>& causes, const std::string& id);

std::optional<GapCheck> parse_gap_check(const std::string& text);

// Empty when the gap agrees with the check, else why not (kBenefitInCase is checked by the
// runner, which sees the case: always agreed here).
std::string check_gap(GapCheck check, Decimal expected, Decimal actual);

}  // namespace mesaides
