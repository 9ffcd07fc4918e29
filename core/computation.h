// One request's computation and the writing of its answer: internal to the engine, shared by
// api.cpp (answers built as JSON trees: explanations, traces, listings, errors) and answer.cpp
// (answers written as text, the requests a page sends: values, benefit lines, the situation given).
//
// The two files are apart so that each is compiled for what it does: answer.cpp is on every
// request's path, compiled for speed; api.cpp's trees are big code run rarely, compiled for size in
// the WebAssembly module (CMakeLists.txt, MESAIDES_WASM_SIZE_SOURCES). Computation's members are
// defined in the file of their use: the JSON trees' in api.cpp, the rest in answer.cpp.
#pragma once

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "api.h"
#include "evaluator.h"
#include "program.h"

namespace mesaides::json_text {
class Appender;
}

namespace mesaides::internal {

using nlohmann::json;

// A value asked for: the variable, the member of its entity, the period, and once computed its
// cell.
struct Target {
  int32_t variable;
  int32_t member;
  Period period;
  uint32_t cell;
};

// Appends what json_text::value(out, value_to_json(program, value, enum_id)) appends, without
// making the JSON value (an integer amount, a boolean: nearly every benefit line's). (answer.cpp)
void write_value(std::string& out, const Program& program, const Value& value, int32_t enum_id);
// The same into an Appender (the benefit lines'): integers and booleans, nearly every line's
// amount, put there, the rest written to its string.
void write_value(json_text::Appender& out, const Program& program, const Value& value,
                 int32_t enum_id);

// A benefit's amount kind as the answers name it: "paid" or "participation". (answer.cpp)
const char* amount_kind_name(BenefitDef::AmountKind kind);

// A runtime error as the results give it: its kind (a stable name a page can react to), its
// message, and where it happened: the rule's variable, the place in the rule files (the
// expression that failed, or the variable's declaration) and the variable's legal references.
// (api.cpp)
json error_json(const Program& p, const Value& error);

class Computation {
 public:
  Computation(const Program& program, const Situation& situation, const ComputeOptions& options);

  std::vector<Target> targets;

  // Collects what to compute; returns an error message on a bad request.
  std::string plan();
  void run();
  Evaluation& evaluation() { return eval_; }

  // The runtime errors of the targets' values, each once (the answer's "errors"). (api.cpp)
  json runtime_errors() const;
  // Whether a target's value is a runtime error (most answers have none).
  bool has_runtime_errors() const;
  // A value's explanation: its value, status, error, reason and missing inputs. (api.cpp)
  json explanation(uint32_t index);
  // Missing inputs grouped by (variable, person or group), in the order first met, each with the
  // periods read: what a questionnaire needs to ask next. (api.cpp)
  // `labels`: each input's label too (missing_text's rule: with the benefits' details).
  json missing_json(const std::vector<MissingInput>& inputs, bool labels = true);
  // missing_json's array as text, written directly (the keys in sorted order).
  void missing_text(json_text::Appender& out, const std::vector<MissingInput>& inputs);
  // The trace: every value computed, flat and as a tree of what each read. (api.cpp)
  json trace();

  // The benefits summary as JSON text (an array of objects, keys in nlohmann's sorted order),
  // appended to `out`; with `line_starts`, the offset in `out` of each line's first byte is
  // appended to it.
  void benefits(const Period& period, std::string& out,
                std::vector<uint32_t>* line_starts = nullptr);
  // The fixed texts of every benefit's lines with details (Program::BenefitTexts).
  static const std::vector<Program::BenefitTexts>& benefit_texts(const Program& p);
  // With options.missing_inputs_once (and the reasons), benefits() gathers its lines' missing
  // inputs here, each once, for the answer's "missing_inputs"; nothing before benefits() or
  // without.
  bool has_missing_once() const { return has_missing_once_; }
  const std::vector<MissingInput>& missing_once() const { return missing_once_; }
  // The benefits skipped because the household lives outside their territory, in program order.
  // (The program's: a household outside most local aids' territories lists hundreds.)
  const std::vector<const BenefitDef*>& outside() const { return outside_; }
  // Every input variable's name and label as JSON strings (Program::variable_texts).
  static const std::vector<Program::VariableTexts>& variable_texts(const Program& p);
  // The benefit's name as a JSON string (Program::benefit_names).
  static const std::string& benefit_name_text(const Program& p, const BenefitDef& b);

 private:
  struct MissingGroup {
    int32_t variable;
    int32_t member;
    uint32_t first;  // where its periods start in group_periods_
    uint32_t count;
    uint32_t next;  // the previous group of the same variable, or kNoGroup
  };
  static constexpr uint32_t kNoGroup = UINT32_MAX;
  void group_missing(const std::vector<MissingInput>& inputs);
  Slice<Period> periods(const MissingGroup& g) const {
    return {group_periods_.data() + g.first, g.count};
  }

  std::string node_key(const Cell& c) const;                                           // (api.cpp)
  json tree(uint32_t index, std::set<uint32_t>& expanded, size_t& budget, int depth);  // (api.cpp)

  bool outside_territory(const BenefitDef& b, const Period& period);
  // What a territory condition (a boolean variable of a group) says of group `group`: many local
  // aids share one (the département's, the commune's), so each is judged once per summary (one
  // period: benefits() empties them first), its missing inputs walked once.
  enum class Verdict : uint8_t { kInside, kOutside, kUnknown };
  Verdict territory_verdict(int32_t variable, int32_t group, const Period& period);
  // Each entity's plural, and each of its members' id, written once for the answer's lines.
  const std::string& entity_text(int32_t entity);
  const std::string& id_text(int32_t entity, int32_t member);

  // The texts missing_text writes once: a missing input's head and tail around its periods (by
  // (variable, member)), a period's (by its key).
  KeyIndex text_of_, period_text_of_;
  // A missing input's texts, one after the other in missing_pool_ (one string, not two per input:
  // an answer writes some 140): its head [head, tail) and its tail [tail, end).
  struct MissingTexts {
    uint32_t head, tail, end;
  };
  std::vector<MissingTexts> missing_texts_;
  std::string missing_pool_;
  std::vector<std::string> period_texts_;
  // group_missing's, reused from one benefit line to the next.
  std::vector<MissingInput> missing_;  // a benefit line's, its room kept for the next line
  // options_.missing_inputs_once: every line's amount and eligibility cells, walked once at the
  // end.
  std::vector<uint32_t> line_cells_;
  std::vector<MissingInput> missing_once_;
  bool has_missing_once_ = false;
  std::vector<MissingGroup> groups_;
  std::vector<Period> group_periods_;
  std::vector<uint32_t> group_of_input_;
  std::vector<uint64_t> first_group_;  // per variable: (stamp << 32) | its latest group
  uint32_t stamp_ = 0;
  KeyIndex verdict_of_;
  std::vector<Verdict> verdicts_;
  // The refusals' reasons as JSON strings, each text escaped once per answer: lines share them («
  // Réservée aux parents », on the lines of many aids and persons: 64 texts for 138 lines in the
  // bench's household). By the text's hash; a text whose hash another text has is escaped each
  // time.
  const std::string& reason_text(const std::string& reason);
  KeyIndex reason_text_of_;
  struct ReasonText {
    const std::string* reason;  // kept by eval_ for the answer's life
    std::string json;
  };
  std::vector<ReasonText> reason_texts_;
  std::string reason_scratch_;

  const Program& p_;
  const Situation& s_;
  const ComputeOptions& options_;
  Evaluation eval_;
  std::vector<const BenefitDef*> outside_;
  std::optional<Period> at_period_;  // the last period a benefit was read for, and its text
  std::string at_text_;              // (as JSON: the texts below too)
  std::vector<std::string> entity_texts_;
  std::vector<std::vector<std::string>> id_texts_;
};

// The answer handle_request_text gives, written without a tree (answer.cpp): the request read in
// place, the situation from it, the answer written as compute_text writes the tree it would build,
// byte for byte. False, before computing anything, for a request that has explanations or a
// trace, or anything that makes an error answer (the caller then answers from a tree, with the
// error's message). With `cuts`, where the benefit lines lie (handle_request_text); left as they
// are when false.
bool answer_without_tree(const Program& program, std::string_view text, std::string& answer,
                         std::vector<uint32_t>* cuts = nullptr);

}  // namespace mesaides::internal
