// Unit tests of stale_parameters (core/program): a parameter revalued every year (its last two
// values 10 to 14 months apart) is stale once 12 months have passed since its last value.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "program.h"

namespace {

using mesaides::Date;

std::shared_ptr<const mesaides::Program> load(const std::string& text) {
  std::vector<mesaides::SourceFile> files;
  files.push_back({"stale.rules", text});
  mesaides::LoadResult result = mesaides::load_program(std::move(files));
  INFO(result.rendered);
  REQUIRE(static_cast<bool>(result.program));
  return result.program;
}

std::vector<std::string> stale_at(const mesaides::Program& p, const char* at) {
  std::vector<std::string> names;
  for (const auto& s : mesaides::stale_parameters(p, *Date::parse(at)))
    names.push_back(s.parameter->name + " " + s.last.to_string() + " " + s.due.to_string());
  return names;
}

TEST_CASE("a yearly revalued parameter is stale 12 months after its last value") {
  auto p = load(R"(
    entity individu { plural: individus }
    parameter loyer { unit: money  2024-10-01: 290  2025-10-01: 293 }
    parameter bmaf { unit: money  2025-04-01: 474.37  2026-04-01: 478.16 }
    parameter fixe { unit: money  2003-12-30: 152.45 }
    parameter irregulier { unit: money  2020-01-01: 1  2023-07-01: 2 }
    parameter clos { unit: money  2024-10-01: 1  2025-10-01: null }
    parameter reforme { unit: money  2018-11-01: 1  2019-11-01: 2 }
  )");
  CHECK(stale_at(*p, "2026-09-30").empty());
  CHECK(stale_at(*p, "2026-10-01") == std::vector<std::string>{"loyer 2025-10-01 2026-10-01"});
  CHECK(stale_at(*p, "2027-04-01") ==
        std::vector<std::string>{"bmaf 2026-04-01 2027-04-01", "loyer 2025-10-01 2026-10-01"});
}

}  // namespace

namespace {

mesaides::LoadResult load_result(const std::string& text) {
  std::vector<mesaides::SourceFile> files;
  files.push_back({"later.rules", text});
  return mesaides::load_program(std::move(files));
}

TEST_CASE("`values NAME { … }` continues a parameter declared elsewhere with later values") {
  mesaides::LoadResult ok = load_result(R"(
    entity individu { plural: individus }
    parameter r0 { unit: money  2024-01-01: 5186  2025-01-01: 5235 ref "arrêté 2024" "https://a" }
    values r0 { 2026-01-01: 5235 ref "décret 2025 : pas de revalorisation" "https://b" }
  )");
  INFO(ok.rendered);
  REQUIRE(static_cast<bool>(ok.program));
  const mesaides::ParameterDef& r0 = ok.program->parameters[0];
  REQUIRE(r0.values.size() == 3);
  CHECK(r0.values.back().from.to_string() == "2026-01-01");
  REQUIRE(static_cast<bool>(r0.values.back().reference));
  CHECK(r0.values.back().reference->title == "décret 2025 : pas de revalorisation");
  // Stale no more on 2026-06-01: its 2026 value is there.
  CHECK(mesaides::stale_parameters(*ok.program, *Date::parse("2026-06-01")).empty());

  mesaides::LoadResult unknown = load_result(R"(
    entity individu { plural: individus }
    values r1 { 2026-01-01: 1 }
  )");
  CHECK_FALSE(static_cast<bool>(unknown.program));
  CHECK(unknown.rendered.find("'values r1': no parameter of that name is declared") !=
        std::string::npos);

  mesaides::LoadResult earlier = load_result(R"(
    entity individu { plural: individus }
    parameter r0 { unit: money  2025-01-01: 5235 }
    values r0 { 2025-01-01: 5300 }
  )");
  CHECK_FALSE(static_cast<bool>(earlier.program));
  CHECK(earlier.rendered.find("a later value of 'r0' must be dated after its last value "
                              "(2025-01-01)") != std::string::npos);
}

}  // namespace
