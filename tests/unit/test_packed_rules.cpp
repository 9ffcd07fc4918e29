// Unit tests of the packed rules (core/packed_rules.h): what the WebAssembly module embeds must
// load to a program that answers byte for byte as the rules' text does, without the parameters'
// text.
#include <doctest/doctest.h>

#include <algorithm>
#include <stdexcept>
#include <string>
#include <vector>

#include "api.h"
#include "packed_rules.h"
#include "program.h"

namespace {

using mesaides::LoadResult;
using mesaides::SourceFile;

// Parameters with comments, references shared by several values, a table whose keys share their
// prefixes, later values, a default; a parameter block followed on its line by a declaration; a
// formula with a comment inside (its text is shown) and a division by zero (its place is shown).
const char* const kRules = R"(# A header comment, at column 0.
entity individu { plural: individus }
group famille { plural: familles  role parent { plural: parents } }

parameter taux {
  label: "Un taux"
  unit: rate
  source: "une \"source\" \\ avec\nun retour"
  # a note on the values
  2020-01-01: 0.5 ref "Décret 1" "https://www.legifrance.gouv.fr/jorf/id/JORFTEXT000000000001"
  2021-01-01: 0.6 ref "Décret 1" "https://www.legifrance.gouv.fr/jorf/id/JORFTEXT000000000001"  # + note
  2022-01-01: null
}
parameter zone { label: "Zone" default: 3  2020-01-01: {"75056": 1, "75101": 2, "69123": 2} } variable decale {
  entity: individu
  period: month
  type: money
  label: "Décalé"
  formula from 2020-01-01 {
    taux * 10
  }
}

values taux {
  2023-01-01: 0.7 ref "Décret 2" "https://www.legifrance.gouv.fr/jorf/id/JORFTEXT000000000002"
}

parameter bareme { unit: money  2020-01-01: [0: 0.1, 1000: 0.2] }

variable salaire {
  entity: individu
  period: month
  type: money
  label: "Salaire"  # a comment outside any formula
}

variable ratio {
  entity: individu
  period: month
  type: money
  label: "Un ratio"
  formula from 2020-01-01 {
    # a comment inside the formula: explanations show it
    let base = salaire * taux
    base / (salaire - salaire) + zone["75101"] + scale(bareme, salaire)
  }
}

variable dans_zone {
  entity: famille
  period: month
  type: boolean
  label: "Dans la zone"
}

benefit aide_ratio {
  label: "Une aide"
  institution: "Mairie"
  periodicity: year
  amount: ratio
  apply: "https://example.org/aide"
  reference: "Page officielle" "https://example.org/aide"
  reference: "Délibération"
  not_simulated: "Une autre condition"
  meta: source_id "aide-ratio"
  meta: territoire "Commune"
  territory: dans_zone
}
)";

std::vector<SourceFile> files() {
  return {{"rules/a.rules", kRules},
          {"rules/b.rules", "# only a comment\nparameter seul { 2020-01-01: 1 }\n"}};
}

std::string pack(const std::vector<SourceFile>& rules) {
  std::string packed, error;
  bool ok = mesaides::pack_rules(rules, &packed, &error);
  INFO(error);
  REQUIRE(ok);
  return packed;
}

LoadResult unpack(const std::string& packed, std::string* digest) {
  LoadResult loaded = mesaides::load_packed_rules(packed, digest);
  INFO(loaded.rendered);
  REQUIRE(static_cast<bool>(loaded.program));
  return loaded;
}

TEST_CASE("packed rules answer as the text does, descriptions, explanations and traces included") {
  LoadResult text = mesaides::load_program(files());
  REQUIRE(static_cast<bool>(text.program));
  std::string digest;
  LoadResult packed = unpack(pack(files()), &digest);
  const mesaides::Program& a = *text.program;
  const mesaides::Program& b = *packed.program;

  CHECK(mesaides::describe_parameters(b).dump() == mesaides::describe_parameters(a).dump());
  CHECK(mesaides::describe_variables(b, false).dump() ==
        mesaides::describe_variables(a, false).dump());
  CHECK(mesaides::describe_program(b).dump() == mesaides::describe_program(a).dump());
  CHECK(mesaides::describe_benefits(b).dump() == mesaides::describe_benefits(a).dump());
  REQUIRE(b.benefits.size() == 1);
  CHECK(b.benefits[0].amount == a.benefits[0].amount);
  CHECK(b.benefits[0].territory == a.benefits[0].territory);
  CHECK(b.benefits[0].references[0].url == "https://example.org/aide");
  CHECK(b.benefits[0].references[1].url.empty());
  // The later value is merged; the default and the table kept.
  CHECK(b.parameters.size() == 4);
  CHECK(b.parameters[0].values.size() == 4);
  CHECK(b.parameters[0].source == "une \"source\" \\ avec\nun retour");
  CHECK(b.parameters[1].has_default);

  const std::string request =
      R"({"situation": {"individus": {"a": {"salaire": {"2024-01": 2000}}}}, "period": "2024-01",)"
      R"( "variables": ["ratio", "decale"], "explain": true, "trace": true, "benefits": true})";
  std::string from_text = mesaides::handle_request_text(a, request);
  CHECK(mesaides::handle_request_text(b, request) == from_text);
  // What the answer shows of the rules' text: the place of the failing expression and of the
  // formulas (lines and columns as in the file), the formula with its comment.
  CHECK(from_text.find(R"("at":"rules/a.rules:45:5")") != std::string::npos);
  CHECK(from_text.find("a comment inside the formula") != std::string::npos);
  CHECK(from_text.find("division_by_zero") != std::string::npos);
}

TEST_CASE("packed rules hold no parameter text and no comment outside formulas") {
  std::string digest;
  LoadResult packed = unpack(pack(files()), &digest);
  const mesaides::SourceSet& sources = packed.program->sources;
  REQUIRE(sources.size() == 2);
  const std::string& a = sources.file(0).text;
  CHECK(a.find("parameter") == std::string::npos);
  CHECK(a.find("values taux") == std::string::npos);
  CHECK(a.find("Décret") == std::string::npos);
  CHECK(a.find("benefit") == std::string::npos);
  CHECK(a.find("Mairie") == std::string::npos);
  CHECK(a.find("header comment") == std::string::npos);
  CHECK(a.find("outside any formula") == std::string::npos);
  CHECK(a.find("inside the formula") != std::string::npos);
  // The declaration after a parameter on its line keeps its line and column.
  auto line_col = [](const std::string& text, const char* what) {
    size_t at = text.find(what);
    REQUIRE(at != std::string::npos);
    size_t line_start = text.rfind('\n', at) + 1;
    return std::to_string(std::count(text.begin(), text.begin() + static_cast<long>(at), '\n')) +
           ":" + std::to_string(at - line_start);
  };
  CHECK(line_col(a, "variable decale") == line_col(kRules, "variable decale"));
  CHECK(line_col(a, "variable ratio") == line_col(kRules, "variable ratio"));
  CHECK(sources.file(1).path == "rules/b.rules");
  CHECK(sources.file(1).text.empty());  // only a parameter and comments
}

TEST_CASE("the digest names the text the module embedded before: FNV-1a 64 of the text bundle") {
  // FNV-1a 64 of nothing is its offset basis; of "a", the published test vector.
  CHECK(mesaides::rules_text_digest("") == "fnv1a64:cbf29ce484222325");
  CHECK(mesaides::rules_text_digest("a") == "fnv1a64:af63dc4c8601ec8c");
  CHECK(mesaides::without_top_comments("# a\nx # b\n  # c\n#d") == "\nx # b\n  # c\n");

  std::vector<SourceFile> embedded;
  for (const SourceFile& f : files())
    embedded.push_back({f.path, mesaides::without_top_comments(f.text)});
  std::string digest;
  unpack(pack(files()), &digest);
  CHECK(digest == mesaides::rules_text_digest(mesaides::bundle_rule_files(embedded)));
  CHECK(mesaides::is_packed_rules(pack(files())));
  CHECK_FALSE(mesaides::is_packed_rules(mesaides::bundle_rule_files(files())));
}

TEST_CASE("packing is deterministic and refuses rules with errors") {
  CHECK(pack(files()) == pack(files()));
  std::string packed, error;
  CHECK_FALSE(
      mesaides::pack_rules({{"rules/x.rules", "parameter p { 2020-01-01: }"}}, &packed, &error));
  CHECK(error.find("rules/x.rules:1:") != std::string::npos);
}

TEST_CASE("malformed packed rules are an error, never a crash") {
  const std::string packed = pack(files());
  std::string digest;
  // Every cut of the bytes, and every line made a bad count or value, fails cleanly.
  size_t failures = 0;
  for (size_t cut = 0; cut < packed.size(); cut += 7) {
    try {
      LoadResult r = mesaides::load_packed_rules(std::string_view(packed).substr(0, cut), &digest);
      CHECK_FALSE(static_cast<bool>(r.program));
    } catch (const std::runtime_error&) {
      ++failures;
    }
  }
  CHECK(failures > 0);
  for (size_t line = packed.find('\n'); line != std::string::npos;
       line = packed.find('\n', line + 1)) {
    std::string bad = packed;
    bad.insert(line, "x");
    try {
      LoadResult r = mesaides::load_packed_rules(bad, &digest);
      (void)r;  // a changed label or text still loads; the rest throws
    } catch (const std::runtime_error&) {
    }
  }
  CHECK_THROWS_AS(mesaides::load_packed_rules("\x01rules/a.rules\n", &digest), std::runtime_error);
}

TEST_CASE("the rules of rules/ pack and load back (pack_rules compares the two programs)") {
  std::string error;
  std::vector<SourceFile> rules = mesaides::read_rule_files(MESAIDES_SOURCE_DIR "/rules", &error);
  REQUIRE(error.empty());
  std::string digest;
  LoadResult packed = unpack(pack(rules), &digest);
  LoadResult text = mesaides::load_program(rules);
  REQUIRE(static_cast<bool>(text.program));
  CHECK(mesaides::describe_parameters(*packed.program).dump() ==
        mesaides::describe_parameters(*text.program).dump());
  CHECK(mesaides::describe_benefits(*packed.program).dump() ==
        mesaides::describe_benefits(*text.program).dump());
}

}  // namespace
