#include "known_differences.h"

#include <fstream>

namespace mesaides {
namespace {

std::vector<std::string> split_tabs(const std::string& line) {
  std::vector<std::string> fields;
  size_t start = 0;
  for (size_t tab; (tab = line.find('\t', start)) != std::string::npos; start = tab + 1)
    fields.push_back(line.substr(start, tab - start));
  fields.push_back(line.substr(start));
  return fields;
}

bool open(const std::string& path, std::ifstream& in, std::string& error) {
  in.open(path);
  if (!in) error = "cannot read '" + path + "'";
  return static_cast<bool>(in);
}

}  // namespace

std::optional<GapCheck> parse_gap_check(const std::string& text) {
  if (text == "none") return GapCheck::kNone;
  if (text == "lower_under_1") return GapCheck::kLowerUnder1;
  if (text == "lower") return GapCheck::kLower;
  if (text == "higher") return GapCheck::kHigher;
  if (text == "zero") return GapCheck::kZero;
  if (text == "benefit_in_case") return GapCheck::kBenefitInCase;
  return std::nullopt;
}

bool read_causes(const std::string& path, std::vector<Cause>& out, std::string& error) {
  std::ifstream in;
  if (!open(path, in, error)) return false;
  std::string line;
  for (int number = 1; std::getline(in, line); ++number) {
    if (line.empty() || line[0] == '#') continue;
    std::vector<std::string> f = split_tabs(line);
    std::optional<GapCheck> check = f.size() == 3 ? parse_gap_check(f[1]) : std::nullopt;
    if (f.size() != 3 || f[0].empty() || f[2].empty() || !check) {
      error = path + ":" + std::to_string(number) +
              ": expected 'cause<TAB>check<TAB>articles', check one of none, lower_under_1, "
              "lower, higher, zero, benefit_in_case";
      return false;
    }
    if (find_cause(out, f[0]) && find_cause(out, f[0])->id == f[0]) {
      error = path + ":" + std::to_string(number) + ": cause '" + f[0] + "' listed twice";
      return false;
    }
    out.push_back({f[0], *check, f[2]});
  }
  return true;
}

const Cause* find_cause(const std::vector<Cause>& causes, const std::string& id) {
  for (const Cause& c : causes) {
    bool with_name = !c.id.empty() && c.id.back() == ':';
    if (c.id == id || (with_name && id.size() > c.id.size() && id.rfind(c.id, 0) == 0)) return &c;
  }
  return nullptr;
}

bool read_known_differences(const std::string& path, const std::vector<Cause>& causes,
                            std::vector<KnownDifference>& out, std::string& error) {
  std::ifstream in;
  if (!open(path, in, error)) return false;
  std::string line;
  for (int number = 1; std::getline(in, line); ++number) {
    if (line.empty() || line[0] == '#') continue;
    std::vector<std::string> f = split_tabs(line);
    std::string where = path + ":" + std::to_string(number) + ": ";
    if (f.size() != 4 || f[0].empty() || f[1].empty() || f[2].empty()) {
      error = where + "expected 'variable<TAB>case name prefix<TAB>cause<TAB>note'";
      return false;
    }
    if (!find_cause(causes, f[2])) {
      error = where + "unknown cause '" + f[2] +
              "': use one of the cause list (tests/oracle/causes.tsv, documented in "
              "docs/oracle-differences.md) or add it there with its articles";
      return false;
    }
    out.push_back({f[0], f[1], f[2], f[3], 0});
  }
  return true;
}

std::string check_gap(GapCheck check, Decimal expected, Decimal actual) {
  switch (check) {
    case GapCheck::kLowerUnder1: {
      auto gap = checked_sub(expected, actual);
      // The floor loses less than 1 €, plus the cent of the CRDS rounded before it.
      if (gap && *gap > Decimal() && *gap <= *Decimal::parse("1.01")) return "";
      return "the cause predicts our amount below the reference by at most 1 € (1,01 € with the "
             "cent of the CRDS)";
    }
    case GapCheck::kLower:
      return actual < expected ? "" : "the cause predicts our amount below the reference";
    case GapCheck::kHigher:
      return actual > expected ? "" : "the cause predicts our amount above the reference";
    case GapCheck::kZero:
      return actual.is_zero() && !expected.is_zero()
                 ? ""
                 : "the cause predicts 0 in our rules where the reference pays something";
    case GapCheck::kNone:
    case GapCheck::kBenefitInCase:
      return "";
  }
  return "";
}

}  // namespace mesaides
