// The French explanation of a computation (`mesaides compute --explain`): each value asked, then
// what it was computed from, as a tree, with the rule's text, the parameters read with the text
// that set them, the inputs given or missing, and the reason of a zero or refusal.
#include <set>

#include "api.h"

namespace mesaides {

namespace {

class Explainer {
 public:
  Explainer(const Program& p, const Evaluation& eval) : p_(p), eval_(eval) {}

  std::string run(uint32_t root) {
    node(root, "", "", true);
    return out_;
  }

 private:
  std::string fr_date(Date d) const {
    return format_value_fr(p_, Value::of_date(d), Type::kDate, -1);
  }

  static std::string month_fr(const Period& p) {
    static const char* kMonths[] = {"janvier",   "février", "mars",     "avril",
                                    "mai",       "juin",    "juillet",  "août",
                                    "septembre", "octobre", "novembre", "décembre"};
    return std::string(kMonths[p.start.month() - 1]) + " " + std::to_string(p.start.year());
  }

  // "janvier 2026", "2026", "d'octobre 2025 à décembre 2025".
  static std::string period_fr(const Period& p) {
    switch (p.unit) {
      case PeriodUnit::kEternity:
        return "";
      case PeriodUnit::kYear:
        if (p.is_calendar_year()) return "année " + std::to_string(p.start.year());
        return "12 mois à partir de " + month_fr(p.first_month());
      case PeriodUnit::kMonth:
        if (p.size == 1) return month_fr(p);
        return "de " + month_fr(p.first_month()) + " à " +
               month_fr(p.first_month().offset(p.size - 1));
    }
    return p.to_string();
  }

  std::string heading(const Cell& c) const {
    const VariableDef& def = p_.variables[static_cast<size_t>(c.variable)];
    const EntityDef& entity = p_.entities[static_cast<size_t>(def.entity)];
    std::string who = eval_.situation().member_id(p_, def.entity, c.member);
    std::string label = def.label.empty() ? def.name : def.label + " (" + def.name + ")";
    std::string period = c.period.unit == PeriodUnit::kEternity ? "" : ", " + period_fr(c.period);
    std::string value =
        c.value.is_error() ? "erreur" : format_value_fr(p_, c.value, def.type, def.enum_id);
    return label + " — " + entity.name + " « " + who + " »" + period + " : " + value;
  }

  void line(const std::string& prefix, const std::string& text) { out_ += prefix + text + "\n"; }

  void node(uint32_t index, const std::string& first_prefix, const std::string& prefix, bool root) {
    const Cell& c = eval_.cell(index);
    const VariableDef& def = p_.variables[static_cast<size_t>(c.variable)];
    std::string status;
    switch (c.source) {
      case CellSource::kInput:
        status = " (donnée saisie)";
        break;
      case CellSource::kDefault:
        status = " (non renseigné : valeur par défaut)";
        break;
      case CellSource::kSum:
        status = " (somme sur la période)";
        break;
      case CellSource::kRequireFailed:
        status = " (condition non remplie)";
        break;
      default:
        break;
    }
    bool again = !seen_.insert(index).second;
    line(first_prefix, heading(c) + status +
                           (again && !eval_.reads(index).empty() ? " (détaillé plus haut)" : ""));
    if (again) return;
    std::string info = prefix + (eval_.reads(index).empty() ? "    " : "│   ");
    if (root) info = prefix + "  ";
    if (c.value.is_error()) line(info, "Erreur : " + c.value.text);
    if (const std::string& reason = eval_.reason(index); !reason.empty()) {
      line(info, "Motif : " + reason);
    }
    if (c.formula && !formulas_shown_.insert(c.formula).second) {
      // The same rule for another person or period: its text and texts were printed above.
      LineCol lc = p_.sources.line_col(c.formula->span.file, c.formula->span.begin);
      line(info, "Règle : la même que plus haut (" + p_.sources.file(c.formula->span.file).path +
                     ":" + std::to_string(lc.line) + ")");
    } else if (c.formula) {
      LineCol lc = p_.sources.line_col(c.formula->span.file, c.formula->span.begin);
      line(info, "Règle applicable depuis le " + fr_date(c.formula->from) + " (" +
                     p_.sources.file(c.formula->span.file).path + ":" + std::to_string(lc.line) +
                     ") :");
      std::string body(p_.sources.text(c.formula->body));
      // Print the body without its braces, each line re-indented.
      if (body.size() >= 2) body = body.substr(1, body.size() - 2);
      size_t start = 0;
      std::vector<std::string> lines;
      while (start <= body.size()) {
        size_t end = body.find('\n', start);
        if (end == std::string::npos) end = body.size();
        std::string l = body.substr(start, end - start);
        while (!l.empty() && (l.back() == ' ' || l.back() == '\t' || l.back() == '\r'))
          l.pop_back();
        size_t first = l.find_first_not_of(" \t");
        if (first != std::string::npos) lines.push_back(l);
        start = end + 1;
      }
      size_t indent = std::string::npos;
      for (const std::string& l : lines) indent = std::min(indent, l.find_first_not_of(" \t"));
      for (const std::string& l : lines)
        line(info, "    " + l.substr(indent == std::string::npos ? 0 : indent));
      for (const Reference& r : def.references) {
        line(info, "Texte : " + r.title + (r.url.empty() ? "" : " <" + r.url + ">"));
      }
    }
    std::set<std::string> shown;
    for (const ParameterRead& pr : eval_.parameters(index)) {
      const ParameterDef& par = p_.parameters[static_cast<size_t>(pr.parameter)];
      std::string value = format_value_fr(p_, Value::of_number(pr.value),
                                          par.unit == "money" ? Type::kMoney : Type::kNumber, -1);
      std::string text = "Paramètre : " + (par.label.empty() ? par.name : par.label) +
                         (pr.key.empty() ? "" : " [" + pr.key + "]") + " = " + value + " (" +
                         (pr.read_at ? "lu au " + fr_date(*pr.read_at) + ", " : "") +
                         "en vigueur depuis le " + fr_date(pr.at);
      const ParamValue* pv = par.at(pr.at);
      if (pv && pv->reference && !pv->reference->title.empty()) {
        text += " ; " + pv->reference->title +
                (pv->reference->url.empty() ? "" : " <" + pv->reference->url + ">");
      }
      text += ")";
      if (shown.insert(text).second && params_shown_.insert(text).second) line(info, text);
    }
    for (size_t i = 0; i < eval_.reads(index).size(); ++i) {
      bool last = i + 1 == eval_.reads(index).size();
      std::string base = root ? prefix + "  " : prefix;
      node(eval_.reads(index)[i], base + (last ? "└─ " : "├─ "), base + (last ? "   " : "│  "),
           false);
    }
  }

  const Program& p_;
  const Evaluation& eval_;
  std::set<uint32_t> seen_;
  std::set<const Formula*> formulas_shown_;
  std::set<std::string> params_shown_;  // a parameter is cited once, where it is first read
  std::string out_;
};

}  // namespace

std::string explain_fr(const Program& program, const nlohmann::json& situation_json,
                       const ComputeOptions& options) {
  program.require_texts();
  SituationResult parsed = parse_situation(program, situation_json, options.period);
  if (!parsed.situation) {
    std::string out = "Situation invalide :\n";
    for (const SituationError& e : parsed.errors) out += "  " + e.path + " : " + e.message + "\n";
    return out;
  }
  const Situation& s = *parsed.situation;
  Evaluation eval(program, s, true);
  std::string out;
  std::vector<std::pair<int32_t, std::pair<int32_t, Period>>> targets;
  for (const Request& r : s.requests) targets.push_back({r.variable, {r.member, r.period}});
  for (const std::string& name : options.variables) {
    auto v = program.find_variable(name);
    if (!v || !options.period) continue;
    const VariableDef& def = program.variables[static_cast<size_t>(*v)];
    Period at = *options.period;
    if (def.period == PeriodUnit::kYear && at.unit == PeriodUnit::kMonth) at = at.calendar_year();
    if (def.period == PeriodUnit::kEternity) at = Period::eternity();
    for (int32_t m = 0; m < s.member_count(program, def.entity); ++m)
      targets.push_back({*v, {m, at}});
  }
  for (const auto& [variable, where] : targets) {
    uint32_t cell = eval.compute_cell(variable, where.first, where.second);
    out += Explainer(program, eval).run(cell);
    std::vector<MissingInput> missing = eval.missing_inputs(cell);
    if (!missing.empty()) {
      out += "  Données non renseignées (valeur par défaut utilisée) :";
      std::set<std::string> names;
      for (const MissingInput& m : missing)
        names.insert(program.variables[static_cast<size_t>(m.variable)].name);
      for (const std::string& n : names) out += " " + n;
      out += "\n";
    }
    out += "\n";
  }
  return out;
}

}  // namespace mesaides
