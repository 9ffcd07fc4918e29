// The engine's JSON interface, shared by the CLI and the WebAssembly module so that both give the
// same bytes for the same request.
//
// compute: a situation in OpenFisca's shape + the period and variables asked → the same shape with
// the computed values, plus, on request, for each value its explanation (status, reason of a zero
// or refusal, missing inputs), the trace (flat map keyed `variable<period>` and a tree), and the
// benefits summary. Errors are returned as {"ok": false, "error": {"kind", "message", "errors"}},
// never thrown: kind "request" (malformed request), "situation" (with the JSON path of each
// problem). A runtime failure of the law's computation (division by zero, no formula for the
// date…) is no such error: the result is computed, the value is null, and the failure is listed
// (top-level `errors`, a benefit's or an explanation's `error`, the trace's `errors`) as
// {"kind", "message", "variable", "at": "file:line:col", "references"}, `kind` being one of the
// stable names of ErrorKind (value.h). With the benefits summary, `outside_territory` names the
// benefits whose `territory:` the household does not live in (not computed, no line per person).
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "evaluator.h"
#include "program.h"

namespace mesaides {

struct ComputeOptions {
  std::optional<Period> period;  // period of the variables asked, and of values given without one
  std::vector<std::string> variables;  // variables to compute for every member of their entity
  bool benefits = false;               // compute every benefit and summarise them (with reasons)
  bool explain = false;  // explanations; missing inputs (also in the benefits summary)
  bool trace = false;    // the trace
  // With the benefits: also each benefit's fixed description (label, institution, how to apply,
  // conditions not simulated, references, meta) and the labels of its missing inputs. A page that
  // has them from `describe_benefits` and `describe_variables` turns this off: 400 local aids for
  // each person would otherwise repeat them on every answer (the labels of the missing inputs
  // alone are a fifth of a household's answer).
  bool benefit_details = true;
  // With the benefits: also each benefit's missing inputs and, when it is not granted, its reason.
  // A what-if chart, which shows amounts only, turns this off: its fifty households are then
  // computed without recording what each value read, and their answers are a fraction as long
  // (the missing inputs are most of a household's answer).
  bool benefit_reasons = true;
  // With the benefits and their reasons: the missing inputs once for the whole summary, in the
  // answer's `missing_inputs` (each input once, in the order the lines meet them: the lines' lists
  // put end to end, less the repeats), rather than in every line that depends on them. A
  // questionnaire asks for their union: the RSA, the prime d'activité, the CSS and the prime de
  // Noël of a household read mostly the same hundred inputs, and repeated in each line they are
  // more than half of its answer.
  bool missing_inputs_once = false;
  // With the benefits: only these (by name; empty: every benefit). The what-if chart of a page
  // needs the national benefits only, for fifty households.
  std::vector<std::string> benefit_names;
};

// Limits of one computation (README, "Limits"): beyond them, an error of kind "request" or
// "situation" instead of a computation that a phone could not hold in memory.
constexpr size_t kMaxRequestBytes = size_t{16} << 20;  // handle_request_text
constexpr size_t kMaxPersons = 10000;
constexpr size_t kMaxPersonsWithBenefits = 50;  // with `benefits`

// Where the program's texts are apart and not loaded (Program::texts_pending), an answer that
// needs them (explanations, a trace, a runtime error's message and place) throws TextsNotLoaded;
// handle_request and handle_request_text answer it as {"ok": false, "error": {"kind":
// "texts_needed"}}, for the caller to load them (load_packed_texts) and ask again.
nlohmann::json compute_json(const Program& program, const nlohmann::json& situation,
                            const ComputeOptions& options);

// Same answer as JSON text of ASCII characters: compute_json(…).dump(-1, ' ', true), written faster
// (the benefits summary is written directly; see json_text.h for both).
std::string compute_text(const Program& program, const nlohmann::json& situation,
                         const ComputeOptions& options);
// Same, filling the situation given (no copy of it).
std::string compute_text(const Program& program, nlohmann::json&& situation,
                         const ComputeOptions& options);

// A whole request: {"situation": {...}, "period": "2026-01", "variables": [...],
// "benefits": true, "explain": true, "trace": false}. Validated; never throws.
nlohmann::json handle_request(const Program& program, const nlohmann::json& request);

// Same, from text to text (ASCII, as compute_text; malformed JSON is an error result, with its
// position).
std::string handle_request_text(const Program& program, const std::string& text);
// Same, written into `answer` (whose capacity is reused: a page's engine answers request after
// request of a few hundred KB).
void handle_request_text(const Program& program, std::string_view text, std::string& answer);
// Same, and where the answer's benefit lines lie, for a reader that parses a long answer in pieces
// (the JavaScript module: a string of over 128 KB costs V8 a page fault per 4 KB): `cuts` gets the
// offsets of the benefits array's '[', of the first byte of each of its lines, then of its ']'. It
// is left empty when the answer has no benefits array or is written from a tree (explanations,
// traces, errors).
void handle_request_text(const Program& program, std::string_view text, std::string& answer,
                         std::vector<uint32_t>& cuts);

// The answer handle_request_text gives, written without a tree: the request read in place
// (json_text::Doc), the situation built from it, the answer written directly, several times
// sooner for small requests (no allocation per JSON value). False, with nothing computed, for a
// request with explanations or a trace, text Doc::parse does not read, or anything that makes
// an error answer (handle_request_text then answers from a tree, with the error's message).
bool answer_in_place(const Program& program, std::string_view request, std::string& answer);

// Whether handle_request_text answers in place the requests answer_in_place takes (on by
// default); off, every request goes through the tree, as handle_request does. For the tests that
// compare the two, byte for byte.
void set_answers_in_place(bool on);

// The French explanation of a computation, as printed by `mesaides compute --explain`.
std::string explain_fr(const Program& program, const nlohmann::json& situation,
                       const ComputeOptions& options);

// Descriptions for user interfaces and `mesaides list` (the parameters' and the benefits' need the
// texts: TextsNotLoaded).
// Each variable (`inputs_only`: the inputs): name, label, entity, period, type, default, help,
// question, unit, enum items, formulas' dates, references. The computed variables' labels and help,
// and every reference, come with the texts (packed_rules.h): `texts` false gives the inputs without
// their references, at once (what a questionnaire asks with); the listing of every variable, or
// with the references, needs the texts.
nlohmann::json describe_variables(const Program& program, bool inputs_only, bool texts = true);
// Each benefit: name, label, periodicity, amount and eligibility variables, amount kind, entity,
// meta, and (`texts`) institution, description, link to apply, conditions not simulated and
// references, which come with the texts (packed_rules.h). Without `texts`, what an answer's lines
// need to be named and shown, at hand even before the texts are loaded.
nlohmann::json describe_benefits(const Program& program, bool texts = true);
// The same as JSON text (describe_benefits' dump), appended to `out`, written directly: about ten
// times sooner than the tree (the module lists the benefits as the engine starts).
void describe_benefits_text(std::string& out, const Program& program, bool texts = true);
nlohmann::json describe_parameters(const Program& program);
nlohmann::json describe_program(const Program& program);  // version, law date, counts

// JSON value of a computed value (numbers exact when whole, otherwise the nearest double).
nlohmann::json value_to_json(const Program& program, const Value& value, int32_t enum_id);

// Version string of the engine.
const char* engine_version();

}  // namespace mesaides
