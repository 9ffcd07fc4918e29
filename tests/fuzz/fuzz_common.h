// Shared by the fuzz targets: the rules of rules/ loaded once, and a check that aborts (so that
// libFuzzer and the corpus replayer both report it) when an invariant does not hold.
#pragma once

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "program.h"

#ifndef MESAIDES_SOURCE_DIR
#error "MESAIDES_SOURCE_DIR must name the repository (set by CMakeLists.txt)"
#endif

namespace mesaides::fuzz {

inline const Program& all_rules() {
  static std::shared_ptr<const Program> program = [] {
    std::string error;
    auto files = read_rule_files(std::string(MESAIDES_SOURCE_DIR) + "/rules", &error);
    LoadResult loaded = load_program(std::move(files));
    if (!loaded.program) {
      std::fprintf(stderr, "the rules do not load: %s%s\n", error.c_str(), loaded.rendered.c_str());
      std::abort();
    }
    return loaded.program;
  }();
  return *program;
}

[[noreturn]] inline void fail(const std::string& what) {
  std::fprintf(stderr, "invariant broken: %s\n", what.c_str());
  std::abort();
}

// Every number of a JSON answer is finite.
inline void check_finite(const nlohmann::json& j, const std::string& path = "") {
  if (j.is_number_float() && !std::isfinite(j.get<double>())) fail("not finite at " + path);
  if (j.is_structured())
    for (auto it = j.begin(); it != j.end(); ++it)
      check_finite(it.value(), path + "/" + (j.is_object() ? it.key() : std::string("[]")));
}

// An answer of the engine's API: ok with results, or an error with a kind and a message, never
// both.
inline void check_answer(const nlohmann::json& answer) {
  if (!answer.is_object() || !answer.contains("ok")) fail("an answer without 'ok'");
  if (answer["ok"] == false) {
    const auto& e = answer["error"];
    if (!e.is_object() || !e["message"].is_string() || e["message"].get<std::string>().empty())
      fail("an error without a message: " + answer.dump());
    if (answer.contains("benefits") || answer.contains("individus"))
      fail("an error with a partial result: " + answer.dump());
  }
  check_finite(answer);
}

}  // namespace mesaides::fuzz
