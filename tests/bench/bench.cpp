// Native benchmark of the engine: prints medians (and ratios to the budgets of DESIGN.md §9).
//
//   bench [--rules DIR] [--situation FILE] [--period P] [--variables a,b] [--runs N]
//
// Measures, on one household: loading the rules (parse + check), parsing the situation, and a
// whole computation of the variables asked (a fresh Evaluation each run, so nothing is memoised
// between runs), with and without recording (trace/reasons); every benefit's values without an
// answer; every benefit as a request, JSON in → out. Each figure is the median of N runs.
#include <algorithm>
#include <chrono>
#include <fstream>
#include <iostream>
#include <sstream>

#include "api.h"

#ifndef MESAIDES_RULES_DIR
#define MESAIDES_RULES_DIR "rules"
#endif

namespace {

using Clock = std::chrono::steady_clock;

template <typename F>
double median_us(int runs, F&& f) {
  std::vector<double> times;
  times.reserve(static_cast<size_t>(runs));
  for (int i = 0; i < runs; ++i) {
    auto t0 = Clock::now();
    f();
    times.push_back(std::chrono::duration<double, std::micro>(Clock::now() - t0).count());
  }
  std::sort(times.begin(), times.end());
  return times[times.size() / 2];
}

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace

int main(int argc, char** argv) {
  using namespace mesaides;
  std::string rules = MESAIDES_RULES_DIR, situation_path = "examples/famille_3_enfants.json";
  std::string period_text = "2026-06", variables_text = "af";
  int runs = 2000;
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string a = argv[i];
    if (a == "--rules")
      rules = argv[i + 1];
    else if (a == "--situation")
      situation_path = argv[i + 1];
    else if (a == "--period")
      period_text = argv[i + 1];
    else if (a == "--variables")
      variables_text = argv[i + 1];
    else if (a == "--runs")
      runs = std::max(1, std::atoi(argv[i + 1]));
  }
  std::string error;
  std::vector<SourceFile> files = read_rule_files(rules, &error);
  if (!error.empty()) {
    std::cerr << "bench: " << error << "\n";
    return 2;
  }
  LoadResult loaded = load_program(files);
  if (!loaded.program) {
    std::cerr << loaded.rendered;
    return 2;
  }
  const Program& program = *loaded.program;
  nlohmann::json situation_json = nlohmann::json::parse(read_file(situation_path), nullptr, false);
  if (situation_json.is_discarded()) {
    std::cerr << "bench: cannot read the situation " << situation_path << "\n";
    return 2;
  }
  auto period = Period::parse(period_text);
  std::vector<int32_t> variables;
  std::stringstream ss(variables_text);
  for (std::string name; std::getline(ss, name, ',');) {
    if (auto v = program.find_variable(name)) variables.push_back(*v);
  }
  if (!period || variables.empty()) {
    std::cerr << "bench: bad --period or --variables\n";
    return 2;
  }
  SituationResult parsed = parse_situation(program, situation_json, period);
  if (!parsed.situation) {
    std::cerr << "bench: invalid situation: " << parsed.errors[0].path << ": "
              << parsed.errors[0].message << "\n";
    return 2;
  }
  const Situation& situation = *parsed.situation;
  auto compute_all = [&](bool record) {
    Evaluation eval(program, situation, record);
    for (int32_t v : variables) {
      const VariableDef& def = program.variables[static_cast<size_t>(v)];
      for (int32_t m = 0; m < situation.member_count(program, def.entity); ++m)
        eval.compute(v, m, *period);
    }
    return eval.cell_count();
  };
  size_t cells = compute_all(false);
  double load_us = median_us(std::max(3, runs / 200), [&] { load_program(files); });
  double parse_us = median_us(runs, [&] { parse_situation(program, situation_json, period); });
  double compute_us = median_us(runs, [&] { compute_all(false); });
  double record_us = median_us(runs, [&] { compute_all(true); });
  // Every benefit's values as an answer computes them (territories, then amount and eligibility
  // for each member, for the benefit's period), without writing any answer: what the
  // evaluation alone costs of "all benefits", with and without recording the reads that missing
  // inputs and reasons are made from.
  auto compute_benefits = [&](bool record) {
    Evaluation eval(program, situation, record);
    for (const BenefitDef& b : program.benefits) {
      if (b.amount < 0) continue;
      // Inside when, for one group of the territories' entity, each territory holds (or cannot be
      // told: an error), as Computation::outside_territory decides (less its missing inputs, which
      // the bench's household does not have).
      bool inside = b.territory.empty();
      if (!inside) {
        const int32_t entity = program.variables[static_cast<size_t>(b.territory[0])].entity;
        for (int32_t g = 0; g < situation.member_count(program, entity) && !inside; ++g) {
          bool all = true;
          for (int32_t t : b.territory) {
            const VariableDef& def = program.variables[static_cast<size_t>(t)];
            const Value& v = eval.compute(t, g, period_for(def, *period));
            if (!v.is_error() && !v.as_bool()) {
              all = false;
              break;
            }
          }
          inside = all;
        }
      }
      if (!inside) continue;
      const VariableDef& amount = program.variables[static_cast<size_t>(b.amount)];
      const Period at = benefit_period(program, b, *period);
      for (int32_t m = 0; m < situation.member_count(program, amount.entity); ++m) {
        eval.compute(b.amount, m, at);
        if (b.eligibility >= 0) {
          const VariableDef& el = program.variables[static_cast<size_t>(b.eligibility)];
          eval.compute(b.eligibility, m, period_for(el, at));
        }
      }
    }
    return eval.cell_count();
  };
  const size_t benefit_cells = compute_benefits(false);
  double values_us = median_us(std::max(1, runs / 4), [&] { compute_benefits(false); });
  double values_record_us = median_us(std::max(1, runs / 4), [&] { compute_benefits(true); });
  // JSON text in → JSON text out, as `mesaides batch` and the wasm module answer: with every
  // benefit's details (the default), and compact (what the site sends: it has the details, and
  // asks for the missing inputs once for the answer).
  nlohmann::json request = {
      {"situation", situation_json}, {"period", period_text}, {"benefits", true}};
  std::string request_text = request.dump();
  double benefits_us = median_us(std::max(1, runs / 4),
                                 [&] { return handle_request_text(program, request_text).size(); });
  request["benefit_details"] = false;
  request["missing_inputs_once"] = true;
  std::string compact_text = request.dump();
  double compact_us = median_us(std::max(1, runs / 4),
                                [&] { return handle_request_text(program, compact_text).size(); });

  std::cout << "household: " << situation_path << ", period " << period_text << ", variables "
            << variables_text << " (" << cells << " values computed), " << runs << " runs\n";
  std::printf("%-52s %12s\n", "measure", "median");
  std::printf("%-52s %9.1f µs\n", "load rules (parse + check, all files)", load_us);
  std::printf("%-52s %9.2f µs\n", "parse situation", parse_us);
  std::printf("%-52s %9.2f µs\n", "compute variables (no trace)", compute_us);
  std::printf("%-52s %9.2f µs  (x%.2f of no trace)\n",
              "compute variables (recording reads, reasons)", record_us, record_us / compute_us);
  std::printf("%-52s %9.2f µs  (%zu values)\n", "every benefit's values, no answer (no trace)",
              values_us, benefit_cells);
  std::printf("%-52s %9.2f µs  (x%.2f of no trace)\n",
              "every benefit's values, no answer (recording)", values_record_us,
              values_record_us / values_us);
  std::printf("%-52s %9.2f µs  (budget 150 µs: x%.2f)\n", "all benefits, JSON in → JSON out",
              benefits_us, benefits_us / 150.0);
  std::printf("%-52s %9.2f µs  (budget 150 µs: x%.2f)\n",
              "compact benefits (as the site asks), JSON in → out", compact_us, compact_us / 150.0);
  return 0;
}
