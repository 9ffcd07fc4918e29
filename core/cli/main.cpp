// mesaides: the command-line interface to the engine.
//
//   mesaides compute [--rules DIR] [--period P] [--variables a,b] [--benefits] [--explain]
//                    [--trace] [--json] [FILE|-]
//   mesaides test    [--rules DIR] [--verbose] PATH...
//   mesaides check   [--rules DIR]
//   mesaides batch   [--rules DIR] [FILE|-]   (one JSON request a line → one JSON result a line)
//   mesaides list    [--rules DIR] [variables|inputs|benefits|parameters] [--json]
//   mesaides pack    [--rules DIR] OUT    (the rules as the WebAssembly module embeds them)
//
// Exit codes: 0 ok, 1 test failures, 2 bad input (rules, situation, usage).
#include <ctime>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include "api.h"
#include "packed_rules.h"
#include "yaml_tests.h"

#ifndef MESAIDES_RULES_DIR
#define MESAIDES_RULES_DIR "rules"
#endif

namespace mesaides {
namespace {

constexpr int kOk = 0;
constexpr int kTestFailures = 1;
constexpr int kBadInput = 2;

const char* kUsage =
    "usage: mesaides COMMAND [OPTIONS]\n"
    "\n"
    "commands:\n"
    "  compute [FILE|-]   compute variables for a situation (OpenFisca JSON) read from FILE or "
    "stdin\n"
    "      --period P         period of the variables asked and of values given without one "
    "(2026-01)\n"
    "      --variables a,b    variables to compute (for every member of their entity)\n"
    "      --benefits         compute every benefit and summarise them\n"
    "      --explain          explain each value in French (text), or add explanations (with "
    "--json)\n"
    "      --trace            add the trace (flat map and tree) to the JSON output\n"
    "      --json             with --explain, print JSON instead of text\n"
    "  test PATH...       run OpenFisca YAML test files or directories (and ours)\n"
    "      --verbose          print every case, not only failures\n"
    "      --name TEXT        only the cases whose name contains TEXT\n"
    "      --known FILE       deliberate differences with the reference (variable, case, cause,\n"
    "                         note), each cause from causes.tsv beside FILE: counted as skipped\n"
    "                         per cause; a stale entry, or a gap its cause does not predict, "
    "fails\n"
    "      --export-requests FILE  also write each case as a JSON request line (for `batch`)\n"
    "  check              load the rules and report every error\n"
    "  batch [FILE|-]     one JSON request per line ({\"situation\", \"period\", \"variables\",\n"
    "                     \"benefits\", \"explain\", \"trace\"}) -> one JSON result per line\n"
    "  list [WHAT]        list variables, inputs, benefits or parameters (default: variables)\n"
    "      --stale            with parameters: those revalued every year whose next value is due\n"
    "                         and missing, and the values marked « à vérifier » (information)\n"
    "      --at DATE          the date --stale judges at (default: today)\n"
    "      --json             as JSON\n"
    "  pack OUT           write the rules as the WebAssembly module embeds them (packed_rules.h)\n"
    "      --texts FILE       the rule texts apart, in FILE (what the module loads on demand)\n"
    "\n"
    "common options:\n"
    "  --rules DIR        rules directory (default: " MESAIDES_RULES_DIR
    ")\n"
    "\n"
    "exit codes: 0 ok, 1 test failures, 2 bad input, 3 internal error (an engine bug: please "
    "report it)\n";

struct Args {
  std::string command;
  std::string rules = MESAIDES_RULES_DIR;
  std::vector<std::string> positional;
  std::string period;
  std::string variables;
  std::string name_filter;
  std::string known;
  std::string export_requests;
  std::string at;     // list parameters --stale: the date to judge at (default: today)
  std::string texts;  // pack --texts: where the texts apart go
  bool stale = false;
  bool explain = false, trace = false, json = false, verbose = false, benefits = false;
};

bool parse_args(int argc, char** argv, Args& args, std::string& error) {
  if (argc < 2) {
    error = "missing command";
    return false;
  }
  args.command = argv[1];
  for (int i = 2; i < argc; ++i) {
    std::string a = argv[i];
    auto value = [&](std::string& out) {
      if (i + 1 >= argc) {
        error = a + " needs a value";
        return false;
      }
      out = argv[++i];
      return true;
    };
    if (a == "--rules") {
      if (!value(args.rules)) return false;
    } else if (a == "--period") {
      if (!value(args.period)) return false;
    } else if (a == "--variables") {
      if (!value(args.variables)) return false;
    } else if (a == "--name") {
      if (!value(args.name_filter)) return false;
    } else if (a == "--known") {
      if (!value(args.known)) return false;
    } else if (a == "--export-requests") {
      if (!value(args.export_requests)) return false;
    } else if (a == "--at") {
      if (!value(args.at)) return false;
    } else if (a == "--texts") {
      if (!value(args.texts)) return false;
    } else if (a == "--stale") {
      args.stale = true;
    } else if (a == "--explain") {
      args.explain = true;
    } else if (a == "--trace") {
      args.trace = true;
    } else if (a == "--json") {
      args.json = true;
    } else if (a == "--verbose" || a == "-v") {
      args.verbose = true;
    } else if (a == "--benefits") {
      args.benefits = true;
    } else if (a == "--help" || a == "-h") {
      args.command = "help";
    } else if (a.size() > 1 && a[0] == '-' && a != "-") {
      error = "unknown option " + a;
      return false;
    } else {
      args.positional.push_back(a);
    }
  }
  return true;
}

std::shared_ptr<const Program> load(const Args& args) {
  std::string error;
  std::vector<SourceFile> files = read_rule_files(args.rules, &error);
  if (!error.empty()) {
    std::cerr << "mesaides: " << error << "\n";
    return nullptr;
  }
  LoadResult result = load_program(std::move(files));
  if (!result.rendered.empty()) std::cerr << result.rendered;
  if (!result.program) {
    size_t errors = 0;
    for (const Diagnostic& d : result.diagnostics)
      errors += d.severity == Diagnostic::Severity::kError;
    std::cerr << "mesaides: " << errors << " error(s) in the rules; nothing was computed\n";
  }
  return result.program;
}

std::vector<std::string> split_commas(const std::string& text) {
  std::vector<std::string> out;
  std::stringstream ss(text);
  std::string item;
  while (std::getline(ss, item, ',')) {
    if (!item.empty()) out.push_back(item);
  }
  return out;
}

int run_compute(const Args& args) {
  auto program = load(args);
  if (!program) return kBadInput;
  std::string text;
  std::string source = args.positional.empty() ? "-" : args.positional[0];
  if (source == "-") {
    std::ostringstream ss;
    ss << std::cin.rdbuf();
    text = ss.str();
  } else {
    std::ifstream in(source, std::ios::binary);
    if (!in) {
      std::cerr << "mesaides: cannot open '" << source << "'\n";
      return kBadInput;
    }
    std::ostringstream ss;
    ss << in.rdbuf();
    text = ss.str();
  }
  nlohmann::json situation = nlohmann::json::parse(text, nullptr, false);
  if (situation.is_discarded()) {
    // Parse again with exceptions to get the position of the error.
    try {
      nlohmann::json again = nlohmann::json::parse(text);
      (void)again;
    } catch (const nlohmann::json::parse_error& e) {
      std::cerr << "mesaides: " << source << ": invalid JSON: " << e.what() << "\n";
    }
    return kBadInput;
  }
  ComputeOptions options;
  if (!args.period.empty()) {
    options.period = Period::parse(args.period);
    if (!options.period) {
      std::cerr << "mesaides: '" << args.period
                << "' is not a period (expected 2026-01, 2026, ...)\n";
      return kBadInput;
    }
  }
  options.variables = split_commas(args.variables);
  options.benefits = args.benefits;
  options.explain = args.explain;
  options.trace = args.trace;
  nlohmann::json result = compute_json(*program, situation, options);
  if (!result.value("ok", false)) {
    const auto& error = result["error"];
    std::cerr << "mesaides: " << source << ": " << error.value("message", "error") << "\n";
    if (error.contains("errors")) {
      for (const auto& e : error["errors"]) {
        std::cerr << "  " << e.value("path", "") << ": " << e.value("message", "") << "\n";
      }
    }
    return kBadInput;
  }
  if (args.explain && !args.json) {
    std::cout << explain_fr(*program, situation, options);
  } else {
    std::cout << result.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
  }
  return result.contains("errors") ? kBadInput : kOk;
}

int run_check(const Args& args) {
  auto program = load(args);
  if (!program) return kBadInput;
  std::cout << "rules OK: " << program->sources.size() << " files, " << program->variables.size()
            << " variables, " << program->parameters.size() << " parameters, "
            << program->benefits.size() << " benefits; newest parameter value "
            << program->newest_parameter_date().to_string() << "\n";
  return kOk;
}

// `pack OUT`: the packed rules (core/packed_rules.h), written only when they change (so that an
// unchanged file rebuilds nothing).
int run_pack(const Args& args) {
  if (args.positional.size() != 1) {
    std::cerr << "mesaides: pack needs one output file\n";
    return kBadInput;
  }
  std::string error;
  std::vector<SourceFile> files = read_rule_files(args.rules, &error);
  if (!error.empty()) {
    std::cerr << "mesaides: " << error << "\n";
    return kBadInput;
  }
  std::string packed, texts;
  if (!pack_rules(files, &packed, &error, args.texts.empty() ? nullptr : &texts)) {
    std::cerr << "mesaides: " << error << "\n";
    return error.rfind("engine bug", 0) == 0 ? 3 : kBadInput;
  }
  // A file is written only when its bytes change (the module is not rebuilt for nothing).
  auto write = [](const std::string& path, const std::string& bytes) {
    std::ifstream old(path, std::ios::binary);
    std::ostringstream old_bytes;
    if (old) old_bytes << old.rdbuf();
    if (old && old_bytes.str() == bytes) return true;
    std::ofstream file(path, std::ios::binary | std::ios::trunc);
    file << bytes;
    if (file.flush()) return true;
    std::cerr << "mesaides: cannot write '" << path << "'\n";
    return false;
  };
  if (!write(args.positional[0], packed)) return kBadInput;
  if (!args.texts.empty() && !write(args.texts, texts)) return kBadInput;
  return kOk;
}

// Today, from the system clock (UTC).
Date today() {
  std::time_t now = std::time(nullptr);
  std::tm utc{};
  gmtime_r(&now, &utc);
  return *Date::from_ymd(utc.tm_year + 1900, utc.tm_mon + 1, utc.tm_mday);
}

// `list parameters --stale`: the yearly revalued parameters whose next value is due and missing,
// then the values marked « à vérifier » in their label. Information: exit 0 either way.
int list_stale_parameters(const Program& program, const Args& args) {
  std::optional<Date> at = args.at.empty() ? today() : Date::parse(args.at);
  if (!at) {
    std::cerr << "mesaides: --at needs a date YYYY-MM-DD, not '" << args.at << "'\n";
    return kBadInput;
  }
  std::vector<StaleParameter> stale = stale_parameters(program, *at);
  std::vector<const ParameterDef*> to_check;
  for (const ParameterDef& p : program.parameters) {
    if (p.label.find("à vérifier") != std::string::npos) to_check.push_back(&p);
  }
  if (args.json) {
    nlohmann::json out = {{"at", at->to_string()},
                          {"stale", nlohmann::json::array()},
                          {"a_verifier", nlohmann::json::array()}};
    for (const StaleParameter& s : stale) {
      out["stale"].push_back({{"name", s.parameter->name},
                              {"last", s.last.to_string()},
                              {"due", s.due.to_string()},
                              {"label", s.parameter->label}});
    }
    for (const ParameterDef* p : to_check)
      out["a_verifier"].push_back({{"name", p->name}, {"label", p->label}});
    std::cout << out.dump(2) << "\n";
    return kOk;
  }
  std::cout << "parameters revalued every year whose next value was due by " << at->to_string()
            << " and is not in the rules: " << stale.size() << "\n";
  for (const StaleParameter& s : stale) {
    std::cout << "  " << s.parameter->name << "  last " << s.last.to_string() << ", due "
              << s.due.to_string() << "  " << s.parameter->label << "\n";
  }
  std::cout << "values marked « à vérifier »: " << to_check.size() << "\n";
  for (const ParameterDef* p : to_check) std::cout << "  " << p->name << "  " << p->label << "\n";
  return kOk;
}

int run_list(const Args& args) {
  auto program = load(args);
  if (!program) return kBadInput;
  std::string what = args.positional.empty() ? "variables" : args.positional[0];
  nlohmann::json list;
  if (what == "variables")
    list = describe_variables(*program, false);
  else if (what == "inputs")
    list = describe_variables(*program, true);
  else if (what == "benefits")
    list = describe_benefits(*program);
  else if (what == "parameters" && args.stale)
    return list_stale_parameters(*program, args);
  else if (what == "parameters")
    list = describe_parameters(*program);
  else {
    std::cerr << "mesaides: list what? (variables, inputs, benefits, parameters)\n";
    return kBadInput;
  }
  if (args.json) {
    std::cout << list.dump(2) << "\n";
    return kOk;
  }
  for (const auto& item : list) {
    std::cout << item.value("name", "");
    if (what == "variables" || what == "inputs") {
      std::cout << "  [" << item.value("entity", "") << ", " << item.value("period", "") << ", "
                << item.value("type", "") << (item.value("input", false) ? ", input" : "") << "]";
    } else if (what == "parameters") {
      const auto& values = item["values"];
      if (!values.empty()) {
        std::cout << "  " << values.back()["value"].dump() << " since "
                  << values.back().value("from", "") << "  (" << values.size() << " dated value"
                  << (values.size() > 1 ? "s" : "") << ")";
      }
    } else if (what == "benefits" && item.contains("meta") && item["meta"].contains("territoire")) {
      // Generated local aids say where they apply.
      std::cout << "  [" << item["meta"].value("territoire", "") << "]";
    }
    std::cout << "  " << item.value("label", "") << "\n";
  }
  return kOk;
}

// One request a line in, one result a line out: the same bytes the WebAssembly module gives for the
// same request (tests compare them), and the way to compute many households in one process.
int run_batch(const Args& args) {
  auto program = load(args);
  if (!program) return kBadInput;
  std::string source = args.positional.empty() ? "-" : args.positional[0];
  std::ifstream file;
  if (source != "-") {
    file.open(source, std::ios::binary);
    if (!file) {
      std::cerr << "mesaides: cannot open '" << source << "'\n";
      return kBadInput;
    }
  }
  std::istream& in = source == "-" ? std::cin : file;
  std::string line, answer;  // the answer's room reused from line to line
  std::ios::sync_with_stdio(false);
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    handle_request_text(*program, line, answer);
    std::cout << answer << '\n';
  }
  return kOk;
}

int run_test(const Args& args) {
  auto program = load(args);
  if (!program) return kBadInput;
  if (args.positional.empty()) {
    std::cerr << "mesaides: test needs at least one file or directory\n";
    return kBadInput;
  }
  YamlTestOptions options;
  options.verbose = args.verbose;
  options.name_filter = args.name_filter;
  options.export_requests = args.export_requests;
  if (!args.known.empty()) {
    std::string error;
    // The cause list is the file causes.tsv beside the known differences.
    std::string causes = (std::filesystem::path(args.known).parent_path() / "causes.tsv").string();
    if (!read_causes(causes, options.causes, error) ||
        !read_known_differences(args.known, options.causes, options.known, error)) {
      std::cerr << "mesaides: " << error << "\n";
      return kBadInput;
    }
  }
  YamlTestSummary summary = run_yaml_tests(*program, args.positional, options, std::cout);
  if (summary.bad_input) return kBadInput;
  return summary.failed > 0 ? kTestFailures : kOk;
}

}  // namespace
}  // namespace mesaides

int main(int argc, char** argv) {
  using namespace mesaides;
  Args args;
  std::string error;
  if (!parse_args(argc, argv, args, error)) {
    std::cerr << "mesaides: " << error << "\n\n" << kUsage;
    return kBadInput;
  }
  if (args.command == "help" || args.command == "--help" || args.command == "-h") {
    std::cout << kUsage;
    return kOk;
  }
  // An engine bug (an assertion of the evaluator, see engine_bug) or memory exhausted: a message
  // and exit status 3, not std::terminate's abort.
  try {
    if (args.command == "compute") return run_compute(args);
    if (args.command == "test") return run_test(args);
    if (args.command == "check") return run_check(args);
    if (args.command == "list") return run_list(args);
    if (args.command == "batch") return run_batch(args);
    if (args.command == "pack") return run_pack(args);
  } catch (const std::exception& e) {
    std::cerr << "mesaides: internal error: " << e.what() << "\n";
    return 3;
  }
  std::cerr << "mesaides: unknown command '" << args.command << "'\n\n" << kUsage;
  return kBadInput;
}
