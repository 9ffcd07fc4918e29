// Unit tests of core/cli/known_differences: the cause list, the known-differences file (one cause
// id per entry, from the list) and the gap each cause predicts.
#include <doctest/doctest.h>

#include <cstdio>
#include <fstream>
#include <string>
#include <vector>

#include "known_differences.h"

namespace {

using mesaides::Cause;
using mesaides::check_gap;
using mesaides::Decimal;
using mesaides::GapCheck;
using mesaides::KnownDifference;

std::string write_temp(const std::string& name, const std::string& text) {
  std::string path = std::string("/tmp/mesaides_test_") + name;
  std::ofstream(path) << text;
  return path;
}

Decimal d(const char* text) { return *Decimal::parse(text); }

const char* kCauses =
    "# comment\n"
    "d823_16_floor\tlower_under_1\tArt. D823-16 CCH\n"
    "benefit_not_computed:\tbenefit_in_case\tnot a reading of the law\n";

TEST_CASE("the cause list and its checks") {
  std::vector<Cause> causes;
  std::string error;
  REQUIRE(mesaides::read_causes(write_temp("causes.tsv", kCauses), causes, error));
  REQUIRE(causes.size() == 2);
  CHECK(causes[0].check == GapCheck::kLowerUnder1);
  CHECK(causes[0].articles == "Art. D823-16 CCH");
  CHECK(mesaides::find_cause(causes, "d823_16_floor") == &causes[0]);
  CHECK(mesaides::find_cause(causes, "benefit_not_computed:asf") == &causes[1]);
  CHECK(mesaides::find_cause(causes, "benefit_not_computed:") == &causes[1]);
  CHECK(mesaides::find_cause(causes, "d823_16") == nullptr);

  std::vector<Cause> bad;
  CHECK_FALSE(mesaides::read_causes(write_temp("bad_causes.tsv", "x\tmaybe\tart\n"), bad, error));
  CHECK(error.find("bad_causes.tsv:1: expected") != std::string::npos);
  CHECK_FALSE(
      mesaides::read_causes(write_temp("twice.tsv", "x\tnone\tart\nx\tnone\tart\n"), bad, error));
  CHECK(error.find("listed twice") != std::string::npos);
}

TEST_CASE("a known difference names one cause of the list") {
  std::vector<Cause> causes;
  std::string error;
  REQUIRE(mesaides::read_causes(write_temp("causes.tsv", kCauses), causes, error));
  std::vector<KnownDifference> known;
  REQUIRE(mesaides::read_known_differences(
      write_temp("known.tsv",
                 "# comment\naide_logement\tdev-002 — x\td823_16_floor\t\n"
                 "css_participation_forfaitaire\t*\tbenefit_not_computed:asf\tgiven, it passes\n"),
      causes, known, error));
  REQUIRE(known.size() == 2);
  CHECK(known[0].cause == "d823_16_floor");
  CHECK(known[0].note.empty());
  CHECK(known[1].case_prefix == "*");
  CHECK(known[1].note == "given, it passes");

  std::vector<KnownDifference> bad;
  // The former format (a free reason in the third column) is refused with its line.
  CHECK_FALSE(mesaides::read_known_differences(
      write_temp("old.tsv", "aide_logement\tdev-002\trounding and points\n"), causes, bad, error));
  CHECK(error.find("old.tsv:1: expected 'variable<TAB>case name prefix<TAB>cause<TAB>note'") !=
        std::string::npos);
  CHECK_FALSE(mesaides::read_known_differences(
      write_temp("unknown.tsv", "rsa\tdev-1\trounding\tnote\n"), causes, bad, error));
  CHECK(error.find("unknown.tsv:1: unknown cause 'rounding'") != std::string::npos);
}

TEST_CASE("the gap each cause predicts") {
  // d823_16_floor: ours below OpenFisca by less than 1 €.
  CHECK(check_gap(GapCheck::kLowerUnder1, d("267.69"), d("267")).empty());
  CHECK(check_gap(GapCheck::kLowerUnder1, d("485"), d("484")).empty());  // the CRDS cent
  CHECK_FALSE(check_gap(GapCheck::kLowerUnder1, d("267.69"), d("266.5")).empty());
  CHECK_FALSE(check_gap(GapCheck::kLowerUnder1, d("267.69"), d("268")).empty());
  CHECK_FALSE(check_gap(GapCheck::kLowerUnder1, d("267"), d("267")).empty());
  CHECK(check_gap(GapCheck::kHigher, d("211.54"), d("247.49")).empty());
  CHECK_FALSE(check_gap(GapCheck::kHigher, d("211.54"), d("200")).empty());
  CHECK(check_gap(GapCheck::kLower, d("2"), d("1")).empty());
  CHECK_FALSE(check_gap(GapCheck::kLower, d("1"), d("2")).empty());
  CHECK(check_gap(GapCheck::kZero, d("6.93"), d("0")).empty());
  CHECK_FALSE(check_gap(GapCheck::kZero, d("6.93"), d("1")).empty());
  CHECK(check_gap(GapCheck::kNone, d("1"), d("100")).empty());
}

}  // namespace
