// Unit tests of the packed rules (core/packed_rules.h): what the WebAssembly module embeds must
// load to a program that answers byte for byte as the rules' text does, without the parameters'
// text.
#include <doctest/doctest.h>

#include <algorithm>
#include <cstring>
#include <memory>
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
  negative: allowed
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
  // `negative: allowed` survives the packing (describe_variables above shows it too).
  const auto salaire = b.find_variable("salaire"), ratio = b.find_variable("ratio");
  REQUIRE((salaire && ratio));
  CHECK(b.variables[static_cast<size_t>(*salaire)].negative_allowed);
  CHECK_FALSE(b.variables[static_cast<size_t>(*ratio)].negative_allowed);

  const std::string request =
      R"({"situation": {"individus": {"a": {"salaire": {"2024-01": 2000}}}}, "period": "2024-01",)"
      R"( "variables": ["ratio", "decale"], "explain": true, "trace": true, "benefits": true})";
  std::string from_text = mesaides::handle_request_text(a, request);
  CHECK(mesaides::handle_request_text(b, request) == from_text);
  // The module's own bytes (not checked again, PackedOrigin::kThisBuild) load to the same program.
  LoadResult trusted =
      mesaides::load_packed_rules(pack(files()), &digest, mesaides::PackedOrigin::kThisBuild);
  REQUIRE(static_cast<bool>(trusted.program));
  CHECK(mesaides::handle_request_text(*trusted.program, request) == from_text);
  CHECK(mesaides::describe_program(*trusted.program).dump() ==
        mesaides::describe_program(a).dump());
  // Texts borrowed from bytes that outlive the program (the module's embedded rules): the program
  // reads them where they lie, and answers the same (explanations and trace quote them).
  const std::string bytes = pack(files());
  LoadResult borrowing = mesaides::load_packed_rules(
      bytes, &digest, mesaides::PackedOrigin::kThisBuild, mesaides::PackedText::kBorrowed);
  REQUIRE(static_cast<bool>(borrowing.program));
  LoadResult copying = mesaides::load_packed_rules(bytes, &digest);  // PackedText::kCopied
  REQUIRE(static_cast<bool>(copying.program));
  auto within = [&bytes](std::string_view lying) {
    return lying.data() >= bytes.data() &&
           lying.data() + lying.size() <= bytes.data() + bytes.size();
  };
  for (uint32_t f = 0; f < borrowing.program->sources.size(); ++f) {
    const std::string_view lent = borrowing.program->sources.file(f).text;
    CHECK(within(lent));
    CHECK(lent == b.sources.file(f).text);
    CHECK_FALSE(within(copying.program->sources.file(f).text));
  }
  CHECK(mesaides::handle_request_text(*borrowing.program, request) == from_text);
  // What the answer shows of the rules' text: the place of the failing expression and of the
  // formulas (lines and columns as in the file), the formula with its comment.
  CHECK(from_text.find(R"("at":"rules/a.rules:46:5")") != std::string::npos);
  CHECK(from_text.find("a comment inside the formula") != std::string::npos);
  CHECK(from_text.find("division_by_zero") != std::string::npos);
}

// What only the answers' messages read of an expression: its place, and its enum. A packed program
// keeps them beside its nodes, not in Exprs: an enum item named in a reason, a table keyed by an
// enum, a refusal that shows the relation that holds (with a parameter read `at` a date, a variable
// read for another month), a sum over the members of a group.
const char* const kMessages = R"(entity individu { plural: individus }
group foyer { plural: foyers  role membre { plural: membres } }
enum statut {
  label: "Statut"
  locataire: "Locataire"
  proprietaire: "Propriétaire"
}
parameter plafond { label: "Plafond" unit: money  2020-01-01: {"locataire": 500, "proprietaire": 300} }
parameter seuil { label: "Seuil" unit: money  2020-01-01: 1000  2024-01-01: 1200 }
variable statut_logement { entity: individu  period: month  type: enum statut  label: "Statut du logement" }
variable revenu { entity: individu  period: month  type: money  label: "Revenu" }
variable total_foyer {
  entity: foyer
  period: month
  type: money
  label: "Revenus du foyer"
  formula from 2020-01-01 { sum(membres: revenu) }
}
variable aide {
  entity: individu
  period: month
  type: money
  label: "Aide"
  formula from 2020-01-01 {
    require statut_logement == locataire else "Réservée aux locataires ; ici {statut_logement}."
    require revenu[month - 1] < seuil at 2023-06-01
    require foyer.total_foyer < 5000
    plafond[statut_logement] - revenu / 10
  }
}
)";

TEST_CASE("packed rules give the same messages: enum items, places, refusals") {
  std::vector<SourceFile> rules{{"rules/m.rules", kMessages}};
  LoadResult text = mesaides::load_program(rules);
  INFO(text.rendered);
  REQUIRE(static_cast<bool>(text.program));
  std::string digest;
  LoadResult packed = unpack(pack(rules), &digest);
  REQUIRE(packed.program->exprs.empty());
  const auto answer = [](const mesaides::Program& p, const char* situation) {
    return mesaides::handle_request_text(
        p, std::string(R"({"situation": )") + situation +
               R"(, "period": "2024-03", "variables": ["aide"], "explain": true, "trace": true})");
  };
  // Refused for the enum item, then for the revenue of the month before (read against the ceiling
  // of 2023-06-01: 1000, not 1200), then paid from the table keyed by the enum.
  const char* const kProprietaire =
      R"({"individus": {"a": {"statut_logement": {"2024-03": "proprietaire"}}}})";
  const char* const kRevenuHaut =
      R"({"individus": {"a": {"statut_logement": {"2024-03": "locataire"},)"
      R"( "revenu": {"2024-02": 1100, "2024-03": 100}}}})";
  const char* const kPaid = R"({"individus": {"a": {"statut_logement": {"2024-03": "locataire"},)"
                            R"( "revenu": {"2024-02": 900, "2024-03": 100}}}})";
  for (const char* situation : {kProprietaire, kRevenuHaut, kPaid}) {
    INFO(situation);
    const std::string from_text = answer(*text.program, situation);
    CHECK(answer(*packed.program, situation) == from_text);
  }
  // Answers write every non-ASCII character as \uXXXX: read them back to look for the words.
  const auto words = [&](const char* situation) {
    return nlohmann::json::parse(answer(*packed.program, situation)).dump();
  };
  CHECK(words(kProprietaire).find("Réservée aux locataires ; ici Propriétaire.") !=
        std::string::npos);
  // (Thousands are separated by a narrow no-break space, U+202F.)
  CHECK(words(kRevenuHaut)
            .find("condition non remplie : Revenu (1\u202f100,00 €) ≥ Seuil (seuil at "
                  "2023-06-01) (1\u202f000,00 €)") != std::string::npos);
  // 500 (the table's entry for "locataire") - 100 / 10.
  CHECK(answer(*packed.program, kPaid).find(R"("aide":{"2024-03":490)") != std::string::npos);
}

// The rules packed with their texts apart, as the WebAssembly module embeds them: of each file's
// text only what reasons quote, and no parameter source or reference, until load_packed_texts.
struct Apart {
  std::string packed, texts, digest;
  std::shared_ptr<mesaides::Program> program;
};

Apart pack_apart(const std::vector<SourceFile>& rules) {
  Apart a;
  std::string error;
  const bool ok = mesaides::pack_rules(rules, &a.packed, &error, &a.texts);
  INFO(error);
  REQUIRE(ok);
  a.program = mesaides::load_packed_program(a.packed, &a.digest);
  return a;
}

// The rules loaded from their text (what the packed program must answer as), and packed apart.
struct TextAndApart {
  LoadResult text;
  Apart apart;
};

TextAndApart load_both(const std::vector<SourceFile>& rules) {
  TextAndApart both{mesaides::load_program(rules), {}};
  INFO(both.text.rendered);
  REQUIRE(static_cast<bool>(both.text.program));
  both.apart = pack_apart(rules);
  return both;
}

bool asks_for_texts(const std::string& answer) {
  return answer.rfind(R"({"error":{"kind":"texts_needed")", 0) == 0;
}

TEST_CASE("texts apart: refusals as the text gives them; explanations ask for the texts") {
  // kMessages, its `aide` a benefit: the summary gives the reason of a refusal.
  const std::vector<SourceFile> rules{
      {"rules/m.rules",
       std::string(kMessages) + "benefit aide_b { label: \"Aide\"  amount: aide }\n"}};
  auto [text, apart] = load_both(rules);
  CHECK(apart.program->texts_pending);
  // Without the texts, the benefits without their details (institutions, links, references,
  // meta come with the texts: asked with the details, the answer asks for them).
  const auto answer = [](const mesaides::Program& p, const char* situation, bool explain,
                         bool details = false) {
    return mesaides::handle_request_text(
        p, std::string(R"({"situation": )") + situation +
               R"(, "period": "2024-03", "variables": ["aide"], "benefits": true)" +
               (details ? "" : R"(, "benefit_details": false)") +
               (explain ? R"(, "explain": true, "trace": true})" : "}"));
  };
  const char* const kRevenuHaut =
      R"({"individus": {"a": {"statut_logement": {"2024-03": "locataire"},)"
      R"( "revenu": {"2024-02": 1100, "2024-03": 100}}}})";
  const char* const kProprietaire =
      R"({"individus": {"a": {"statut_logement": {"2024-03": "proprietaire"}}}})";
  for (const char* situation : {kRevenuHaut, kProprietaire}) {
    INFO(situation);
    CHECK(answer(*apart.program, situation, false) == answer(*text.program, situation, false));
    CHECK(asks_for_texts(answer(*apart.program, situation, true)));
    CHECK(asks_for_texts(answer(*apart.program, situation, false, true)));
  }
  // The refusal that shows the relation that holds quotes the condition's text (the `let` read at
  // a date, by its expression).
  CHECK(nlohmann::json::parse(answer(*apart.program, kRevenuHaut, false))
            .dump()
            .find("condition non remplie : Revenu (1\u202f100,00 €) ≥ Seuil (seuil at "
                  "2023-06-01) (1\u202f000,00 €)") != std::string::npos);
  // Kept: the conditions; gone: the rest of the formulas, the parameters' references.
  const std::string_view kept = apart.program->sources.file(0).text;
  CHECK(kept.find("revenu[month - 1] < seuil at 2023-06-01") != std::string_view::npos);
  CHECK(kept.find("plafond[statut_logement] - revenu / 10") == std::string_view::npos);
  CHECK(kept.find("sum(membres: revenu)") == std::string_view::npos);
  CHECK_THROWS_AS(mesaides::describe_parameters(*apart.program), mesaides::TextsNotLoaded);

  mesaides::load_packed_texts(*apart.program, apart.texts, apart.digest);
  CHECK_FALSE(apart.program->texts_pending);
  for (const char* situation : {kRevenuHaut, kProprietaire}) {
    INFO(situation);
    CHECK(answer(*apart.program, situation, true) == answer(*text.program, situation, true));
    CHECK(answer(*apart.program, situation, false, true) ==
          answer(*text.program, situation, false, true));
  }
  CHECK(mesaides::describe_parameters(*apart.program).dump() ==
        mesaides::describe_parameters(*text.program).dump());
  // Loaded twice: nothing changes.
  mesaides::load_packed_texts(*apart.program, apart.texts, apart.digest);
  CHECK(answer(*apart.program, kRevenuHaut, true) == answer(*text.program, kRevenuHaut, true));
}

TEST_CASE("texts apart: a runtime error's message and place ask for the texts") {
  LoadResult text = mesaides::load_program(files());
  REQUIRE(static_cast<bool>(text.program));
  Apart apart = pack_apart(files());
  // `ratio` divides by zero: its error quotes the expression and names its line and column.
  const std::string failing =
      R"({"situation": {"individus": {"a": {"salaire": {"2024-01": 2000}}}}, "period": "2024-01",)"
      R"( "variables": ["ratio"]})";
  const std::string fine =
      R"({"situation": {"individus": {"a": {"salaire": {"2024-01": 2000}}}}, "period": "2024-01",)"
      R"( "variables": ["decale", "salaire"]})";
  CHECK(asks_for_texts(mesaides::handle_request_text(*apart.program, failing)));
  CHECK(mesaides::handle_request_text(*apart.program, fine) ==
        mesaides::handle_request_text(*text.program, fine));
  const std::string from_text = mesaides::handle_request_text(*text.program, failing);
  REQUIRE(from_text.find("division_by_zero") != std::string::npos);
  mesaides::load_packed_texts(*apart.program, apart.texts, apart.digest,
                              mesaides::PackedText::kBorrowed);
  CHECK(mesaides::handle_request_text(*apart.program, failing) == from_text);
  // Borrowed: read where they lie.
  const std::string_view lent = apart.program->sources.file(0).text;
  CHECK(lent.data() >= apart.texts.data());
  CHECK(lent.data() + lent.size() <= apart.texts.data() + apart.texts.size());
}

// A list of literal texts long enough to be looked up by halves (Node::kSortedTexts), written out
// of order, then expressions whose places come with the texts: each place is packed as its
// difference with what the expression's arguments predict, in the order they are written.
const char* const kLongList = R"(entity individu { plural: individus }
variable code { entity: individu  period: month  type: text }
variable x { entity: individu  period: month  type: number }
variable listee {
  entity: individu
  period: month
  type: boolean
  label: "Listée"
  formula from 2020-01-01 {
    code in ["74010", "01033", "69382", "13055", "97411", "69123", "75056", "2A004", "01053"]
  }
}
variable echoue {
  entity: individu
  period: month
  type: number
  label: "Échoue"
  formula from 2020-01-01 {
    require listee else "pas dans la liste"
    (if code in ["b", "a", "d", "c", "f", "e", "h", "g", "75056"] then 1 else 2) / (x - x)
  }
}
)";

TEST_CASE("texts apart: the places after a sorted list of texts load back as written") {
  const std::vector<SourceFile> rules{{"rules/l.rules", kLongList}};
  LoadResult text = mesaides::load_program(rules);
  REQUIRE(static_cast<bool>(text.program));
  Apart apart = pack_apart(rules);
  mesaides::load_packed_texts(*apart.program, apart.texts, apart.digest,
                              mesaides::PackedText::kBorrowed);
  for (const char* code : {"75056", "01033", "00000"}) {
    CAPTURE(code);
    const std::string request =
        std::string(R"({"situation": {"individus": {"a": {"code": {"2024-01": ")") + code +
        R"("}}}}, "period": "2024-01", "variables": ["listee", "echoue"],)"
        R"( "explain": true, "trace": true})";
    const std::string from_text = mesaides::handle_request_text(*text.program, request);
    CHECK(mesaides::handle_request_text(*apart.program, request) == from_text);
  }
  // The failing division is named at its place in the file (line 20, column 5), which the packed
  // places give only if they are predicted from the list's arguments as written.
  const std::string failing = mesaides::handle_request_text(
      *apart.program,
      R"({"situation": {"individus": {"a": {"code": {"2024-01": "75056"}}}}, "period": "2024-01",)"
      R"( "variables": ["echoue"]})");
  CHECK(failing.find(R"("at":"rules/l.rules:20:5")") != std::string::npos);
  CHECK(failing.find("division_by_zero") != std::string::npos);
}

// Values dated 2010 to 2024: the newest date is in 2024, so the history is what was in force
// before 2019-01-01 (history_cut: five years before), the value of 2015 then kept. `recent`
// begins after the cut: no history, and nothing before its first date to fetch. `plafond_pret` is
// read at a loan's date: all its values kept.
const char* const kHistory = R"(entity individu { plural: individus }
parameter ancien {
  label: "Un montant revalorisé"
  unit: money
  2010-01-01: 100 ref "Arrêté 2010"
  2015-01-01: 110 ref "Arrêté 2015"
  2020-01-01: 120 ref "Arrêté 2020"
  2024-01-01: 130 ref "Arrêté 2024"
}
parameter grille { label: "Une grille"  2012-01-01: {"a": 1, "b": 2}  2022-01-01: {"a": 3, "b": 4} }
parameter plafond_pret {
  label: "Plafond à la signature du prêt"
  unit: money
  2010-01-01: 200
  2015-01-01: 210
  2024-01-01: 230
}
parameter recent { label: "Récent"  unit: money  2023-01-01: 5 }
variable montant {
  entity: individu
  period: month
  type: money
  label: "Montant"
  formula from 2000-01-01 {
    ancien + grille["b"]
  }
}
variable signe {
  entity: individu
  period: month
  type: money
  label: "Montant à la signature"
  formula from 2000-01-01 {
    plafond_pret at 2016-05-01
  }
}
variable nouveau {
  entity: individu
  period: month
  type: money
  label: "Nouveau"
  formula from 2000-01-01 {
    recent
  }
}
)";

TEST_CASE("texts apart: the parameters' history and labels come with the texts") {
  const std::vector<SourceFile> rules{{"rules/h.rules", kHistory}};
  auto [text, apart] = load_both(rules);
  const auto& params = apart.program->parameters;
  REQUIRE(params.size() == 4);
  // ancien: 2015, 2020 and 2024 kept, 2010 apart; grille: 2012 kept (in force on the cut); no
  // label until the texts come.
  CHECK(params[0].values.size() == 3);
  CHECK(params[0].values_apart == 1);
  CHECK(params[0].values.front().from.to_string() == "2015-01-01");
  CHECK(params[1].values_apart == 0);
  CHECK(params[2].values_apart == 0);
  CHECK(params[2].values.size() == 3);
  CHECK(params[3].values_apart == 0);
  CHECK(params[0].label.empty());
  const auto request = [](const char* period, const char* variable) {
    return std::string(R"({"situation": {"individus": {"a": {}}}, "period": ")") + period +
           R"(", "variables": [")" + variable + R"("]})";
  };
  // Today's values and those of the last five years: no texts needed, the same answers.
  for (const char* period : {"2024-03", "2019-07", "2015-01", "2016-03", "2026-12"}) {
    INFO(period);
    const std::string asked = request(period, "montant");
    const std::string answer = mesaides::handle_request_text(*apart.program, asked);
    CHECK(answer == mesaides::handle_request_text(*text.program, asked));
    CHECK(answer.find(R"("ok":true)") != std::string::npos);
  }
  // Before: the history is needed (never a value of another date, nor a silent error).
  for (const char* period : {"2014-12", "2012-03", "2010-01", "2005-01"}) {
    INFO(period);
    CHECK(
        asks_for_texts(mesaides::handle_request_text(*apart.program, request(period, "montant"))));
  }
  // A value read at a date of its own (`at 2016-05-01`): all there.
  const std::string signe = request("2024-03", "signe");
  CHECK(mesaides::handle_request_text(*apart.program, signe) ==
        mesaides::handle_request_text(*text.program, signe));
  CHECK(mesaides::handle_request_text(*apart.program, signe).find(R"("2024-03":210)") !=
        std::string::npos);
  CHECK_THROWS_AS(apart.program->parameters[0].at(*mesaides::Date::parse("2014-12-31")),
                  mesaides::TextsNotLoaded);
  // A parameter without history has no value before its first date, texts or not (the error's
  // message quotes the rule, which asks for the texts; the value is not asked for).
  CHECK(apart.program->parameters[3].at(*mesaides::Date::parse("2022-12-31")) == nullptr);
  // The names come with the texts too: the error that names `recent` asks for them.
  CHECK(params[3].name.empty());
  const std::string without_value = request("2022-06", "nouveau");
  CHECK(asks_for_texts(mesaides::handle_request_text(*apart.program, without_value)));

  mesaides::load_packed_texts(*apart.program, apart.texts, apart.digest);
  CHECK(params[3].name == "recent");
  CHECK(apart.program->find_parameter("recent") == 3);
  CHECK(mesaides::handle_request_text(*apart.program, without_value) ==
        mesaides::handle_request_text(*text.program, without_value));
  CHECK(mesaides::handle_request_text(*apart.program, without_value)
            .find("parameter recent has no value on 2022-06-01") != std::string::npos);
  CHECK(params[0].values.size() == 4);
  CHECK(params[0].values_apart == 0);
  CHECK(params[0].label == "Un montant revalorisé");
  for (const char* period : {"2024-03", "2014-12", "2012-03", "2010-01", "2005-01"}) {
    for (const char* variable : {"montant", "signe", "nouveau"}) {
      INFO(period << " " << variable);
      const std::string asked = request(period, variable);
      CHECK(mesaides::handle_request_text(*apart.program, asked) ==
            mesaides::handle_request_text(*text.program, asked));
    }
  }
  CHECK(mesaides::describe_parameters(*apart.program).dump() ==
        mesaides::describe_parameters(*text.program).dump());
}

TEST_CASE("texts apart: a file is packed as its kept ranges, and loads back its whole length") {
  const Apart apart = pack_apart(files());
  // The same rules with their texts: each file whole, in the packed rules' form of it.
  std::string digest;
  const LoadResult within = unpack(pack(files()), &digest);
  REQUIRE(apart.program->sources.size() == within.program->sources.size());
  for (uint32_t f = 0; f < apart.program->sources.size(); ++f) {
    INFO(within.program->sources.file(f).path);
    const std::string_view whole = within.program->sources.file(f).text;
    const std::string_view reduced = apart.program->sources.file(f).text;
    // Every place where it was: the same length, the bytes kept where they were, spaces elsewhere.
    REQUIRE(reduced.size() == whole.size());
    std::vector<bool> kept(whole.size(), false);
    for (const auto& [begin, end] : apart.program->sources.kept(f)) {
      CHECK(reduced.substr(begin, end - begin) == whole.substr(begin, end - begin));
      for (uint32_t i = begin; i < end; ++i) kept[i] = true;
    }
    for (size_t i = 0; i < reduced.size(); ++i)
      if (!kept[i]) REQUIRE(reduced[i] == ' ');
  }
  // The file's lines: its length, its ranges, then the count of the bytes kept, which are all
  // that is packed of it (the spaces are not).
  const std::string path_line = "rules/a.rules\n";
  const size_t length_at = apart.packed.find(path_line) + path_line.size();
  const size_t length_end = apart.packed.find('\n', length_at);
  const size_t length = std::stoul(apart.packed.substr(length_at, length_end - length_at));
  const size_t ranges_end = apart.packed.find('\n', length_end + 1);
  const size_t count_end = apart.packed.find('\n', ranges_end + 1);
  const size_t count = std::stoul(apart.packed.substr(ranges_end + 1, count_end - ranges_end - 1));
  CHECK(length == within.program->sources.file(0).text.size());
  size_t kept_bytes = 0;
  for (const auto& [begin, end] : apart.program->sources.kept(0)) kept_bytes += end - begin;
  CHECK(count == kept_bytes);
  CHECK(count * 4 < length);

  // Malformed: a length beyond any rule set, ranges beyond the length, kept bytes of another count.
  const auto with_length = [&](const std::string& line) {
    return apart.packed.substr(0, length_at) + line + apart.packed.substr(length_end);
  };
  CHECK_THROWS_WITH_AS(mesaides::load_packed_program(with_length("99999999999"), &digest),
                       doctest::Contains("a file's length is too large"), std::runtime_error);
  CHECK_THROWS_WITH_AS(
      mesaides::load_packed_program(with_length(std::to_string(length / 2)), &digest),
      doctest::Contains("a kept range lies outside its file"), std::runtime_error);
  std::string fewer = apart.packed;
  fewer.replace(ranges_end + 1, count_end - ranges_end - 1, std::to_string(count - 1));
  fewer.erase(count_end + 1, 1);
  CHECK_THROWS_WITH_AS(mesaides::load_packed_program(fewer, &digest),
                       doctest::Contains("kept bytes are fewer than its ranges"),
                       std::runtime_error);
  std::string more = apart.packed;
  more.replace(ranges_end + 1, count_end - ranges_end - 1, std::to_string(count + 1));
  more.insert(count_end + 1, "x");
  CHECK_THROWS_WITH_AS(mesaides::load_packed_program(more, &digest),
                       doctest::Contains("kept bytes are more than its ranges"),
                       std::runtime_error);
}

TEST_CASE("texts apart: what only a description of the benefits shows comes with the texts") {
  const std::vector<SourceFile> rules{{"rules/b.rules", R"(entity individu { plural: individus }
variable aide {
  entity: individu  period: month  type: money  label: "Aide"
  formula from 2024-01-01 { 10 }
}
benefit aide {
  label: "Aide au mérite"
  institution: "Région Exemple"
  description: "Conditions : habiter la région."
  periodicity: month
  amount: aide
  apply: "https://example.org/demande"
  reference: "Page officielle de l’aide" "https://example.org/demande"
  reference: "Délibération du conseil régional" "https://example.org/deliberation"
  not_simulated: "D'autres conditions peuvent s'appliquer."
  meta: montant "500 €"
  meta: periodicite "ponctuelle"
}
)"}};
  auto [text, apart] = load_both(rules);
  REQUIRE(apart.program->benefits.size() == 1);
  // In the packed rules: what names the benefit and its lines; not its texts.
  const mesaides::BenefitDef& b = apart.program->benefits[0];
  CHECK(b.label == "Aide au mérite");
  CHECK(b.amount_name == "aide");
  CHECK(b.institution.empty());
  CHECK(b.apply.empty());
  CHECK(b.description.empty());
  REQUIRE(b.references.size() == 2);
  CHECK(b.references[1].url.empty());
  // (the meta stay: they tell local aids apart, before the texts are there)
  REQUIRE(b.meta.size() == 2);
  CHECK(b.meta[0].second == "500 €");
  CHECK(apart.packed.find("Délibération") == std::string::npos);
  CHECK(apart.packed.find("example.org") == std::string::npos);
  CHECK_THROWS_AS(mesaides::describe_benefits(*apart.program), mesaides::TextsNotLoaded);
  // Without the texts: the brief description, as the text's.
  const std::string brief = mesaides::describe_benefits(*text.program, false).dump();
  CHECK(mesaides::describe_benefits(*apart.program, false).dump() == brief);
  CHECK(brief.find("institution") == std::string::npos);
  CHECK(brief.find("Aide au m") != std::string::npos);
  CHECK(brief.find("ponctuelle") != std::string::npos);
  // A cut in the benefits' part of the texts is refused, and changes nothing.
  const size_t in_benefits = apart.texts.find("Délibération");
  REQUIRE(in_benefits != std::string::npos);
  CHECK_THROWS_AS(
      mesaides::load_packed_texts(
          *apart.program, std::string_view(apart.texts).substr(0, in_benefits + 3), apart.digest),
      std::runtime_error);
  CHECK(apart.program->texts_pending);
  CHECK(apart.program->benefits[0].institution.empty());
  // With them: every field, as the text's.
  mesaides::load_packed_texts(*apart.program, apart.texts, apart.digest);
  CHECK(mesaides::describe_benefits(*apart.program).dump() ==
        mesaides::describe_benefits(*text.program).dump());
  CHECK(apart.program->benefits[0].references[1].url == "https://example.org/deliberation");
  CHECK(apart.program->benefits[0].references[0].url == "https://example.org/demande");
  CHECK(apart.program->benefits[0].meta[1].second == "ponctuelle");
}

TEST_CASE("texts apart: the computed variables' labels and help, the references, come with them") {
  const std::vector<SourceFile> rules{{"rules/v.rules", R"(entity individu { plural: individus }
variable age {
  entity: individu  period: month  type: integer  label: "Âge"
  help: "En années révolues."  question: "Quel âge avez-vous ?"
  reference: "Article 388 du Code civil" "https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000006423865"
}
variable plafond {
  entity: individu  period: month  type: integer  label: "Âge plafond"
  help: "Un calcul intermédiaire."
  reference: "Article D512-2 du Code de la sécurité sociale" "https://www.legifrance.gouv.fr/x"
  formula from 2024-01-01 { let limite = 20  limite }
}
variable aide {
  entity: individu  period: month  type: money  label: "Montant de l'aide"
  help: "Son montant."
  formula from 2024-01-01 { let base = 100  require age < plafond  base }
}
benefit aide_b { label: "Aide"  amount: aide }
)"}};
  auto [text, apart] = load_both(rules);
  const auto& vars = apart.program->variables;
  REQUIRE(vars.size() == 3);
  // In the module: an input's label, help and question (a questionnaire asks with them), and the
  // label of a variable a refusal names (`require age < plafond` shows « Âge plafond (20) »).
  CHECK(vars[0].label == "Âge");
  CHECK(vars[0].help == "En années révolues.");
  CHECK(vars[0].question == "Quel âge avez-vous ?");
  CHECK(vars[1].label == "Âge plafond");
  // Not the other computed variables' labels and help, no reference, no `let` name.
  CHECK(vars[1].help.empty());
  CHECK(vars[2].label.empty());
  CHECK(vars[2].help.empty());
  CHECK(vars[0].references.empty());
  CHECK(vars[1].references.empty());
  CHECK(vars[2].formulas[0].statements[0].name.empty());
  CHECK(apart.packed.find("Montant de l'aide") == std::string::npos);
  CHECK(apart.packed.find("Code civil") == std::string::npos);
  CHECK_THROWS_AS(mesaides::describe_variables(*apart.program, false), mesaides::TextsNotLoaded);
  CHECK_THROWS_AS(mesaides::describe_variables(*apart.program, true), mesaides::TextsNotLoaded);
  // The inputs as a questionnaire asks them: at once, as the text's, without references.
  const std::string brief = mesaides::describe_variables(*text.program, true, false).dump();
  CHECK(mesaides::describe_variables(*apart.program, true, false).dump() == brief);
  CHECK(brief.find("Quel âge") != std::string::npos);
  CHECK(brief.find("references") == std::string::npos);
  // A refusal names the variables of its condition by their labels, as the text does.
  const auto answer = [](const mesaides::Program& p) {
    return mesaides::handle_request_text(
        p, R"({"situation": {"individus": {"a": {"age": {"2024-03": 30}}}}, "period": "2024-03",)"
           R"( "benefits": true, "benefit_details": false})");
  };
  const std::string refused = answer(*text.program);
  CHECK(answer(*apart.program) == refused);
  CHECK(nlohmann::json::parse(refused).dump().find(
            "condition non remplie : Âge (30) ≥ Âge plafond (20)") != std::string::npos);
  // The places: those of the refusal's formula stay (it quotes its condition); the others', the
  // variables', the formulas' and the statements' come with the texts.
  const mesaides::Program& packed = *apart.program;
  const auto apart_file = [](mesaides::Span s) { return s.file == mesaides::kFileApart; };
  CHECK_FALSE(apart_file(packed.node_spans.at(vars[2].formulas[0].result)));
  CHECK(apart_file(packed.node_spans.at(vars[1].formulas[0].result)));
  CHECK(apart_file(vars[2].span));
  CHECK(apart_file(vars[2].formulas[0].body));
  CHECK(apart_file(vars[2].formulas[0].statements[1].span));
  CHECK_THROWS_AS(static_cast<void>(packed.sources.where(vars[2].span)), mesaides::TextsNotLoaded);
  // With the texts: every field, as the text's.
  mesaides::load_packed_texts(*apart.program, apart.texts, apart.digest);
  CHECK(mesaides::describe_variables(*apart.program, false).dump() ==
        mesaides::describe_variables(*text.program, false).dump());
  CHECK(vars[2].label == "Montant de l'aide");
  CHECK(vars[2].help == "Son montant.");
  CHECK(vars[0].references.at(0).title == "Article 388 du Code civil");
  CHECK(vars[2].formulas[0].statements[0].name == "base");
  for (size_t i = 0; i < packed.node_spans.size(); ++i) CHECK(packed.node_spans[i].file == 0);
  CHECK(packed.sources.where(vars[2].span) ==
        text.program->sources.where(text.program->variables[2].span));
  CHECK(packed.sources.text(vars[1].formulas[0].body) == "{ let limite = 20  limite }");
}

TEST_CASE("a local aid's source_id, most often its name's, loads back as written") {
  // As tools/import_aides_locales.py names them: "aide_locale_" then the id, '-' made '_'; an id
  // with a '_' of its own is not the name's, and is written whole.
  const std::vector<SourceFile> rules{{"rules/l.rules", R"(entity individu { plural: individus }
variable aide_locale_velo_paris {
  entity: individu  period: month  type: boolean  label: "Vélo"
  formula from 2024-01-01 { true }
}
variable aide_locale_pass_culture {
  entity: individu  period: month  type: boolean  label: "Pass"
  formula from 2024-01-01 { true }
}
benefit aide_locale_velo_paris {
  label: "Aide au vélo"  amount: aide_locale_velo_paris
  meta: source_id "velo-paris"  meta: territoire "Paris"
}
benefit aide_locale_pass_culture {
  label: "Pass culture"  amount: aide_locale_pass_culture
  meta: source_id "pass_culture"
}
)"}};
  auto [text, apart] = load_both(rules);
  CHECK(apart.packed.find("velo-paris") == std::string::npos);
  CHECK(apart.program->benefits.at(0).meta.at(0).second == "velo-paris");
  CHECK(apart.program->benefits.at(0).meta.at(1).second == "Paris");
  CHECK(apart.program->benefits.at(1).meta.at(0).second == "pass_culture");
  CHECK(mesaides::describe_benefits(*apart.program, false).dump() ==
        mesaides::describe_benefits(*text.program, false).dump());
}

TEST_CASE("malformed packed texts, or another build's, are an error and change nothing") {
  Apart apart = pack_apart(files());
  const std::string request =
      R"({"situation": {"individus": {"a": {"salaire": {"2024-01": 2000}}}}, "period": "2024-01",)"
      R"( "variables": ["ratio"], "explain": true})";
  size_t failures = 0;
  for (size_t cut = 0; cut < apart.texts.size(); cut += 5) {
    CHECK_THROWS_AS(mesaides::load_packed_texts(
                        *apart.program, std::string_view(apart.texts).substr(0, cut), apart.digest),
                    std::runtime_error);
    ++failures;
  }
  CHECK(failures > 10);
  // Any byte changed in a kept part, a count, the references or their checksum is refused.
  size_t refused = 0;
  for (size_t i = 0; i < apart.texts.size(); i += 3) {
    std::string bad = apart.texts;
    bad[i] = static_cast<char>(bad[i] ^ 0x01);
    try {
      mesaides::load_packed_texts(*apart.program, bad, apart.digest);
      // (a byte outside the kept parts: texts that still fit the rules; loaded, then reset)
      apart = pack_apart(files());
    } catch (const std::runtime_error& e) {
      CHECK(std::string(e.what()).rfind("packed rules: ", 0) == 0);
      ++refused;
    }
  }
  CHECK(refused > 0);
  CHECK_THROWS_WITH_AS(mesaides::load_packed_texts(*apart.program, apart.texts, "fnv1a64:0"),
                       doctest::Contains("other rules"), std::runtime_error);
  CHECK(apart.program->texts_pending);
  CHECK(asks_for_texts(mesaides::handle_request_text(*apart.program, request)));
  CHECK_FALSE(mesaides::is_packed_texts(apart.packed));
  CHECK(mesaides::is_packed_texts(apart.texts));
}

TEST_CASE("packed rules keep of the text only the formulas, each in its place") {
  LoadResult text = mesaides::load_program(files());
  REQUIRE(static_cast<bool>(text.program));
  std::string digest;
  LoadResult packed = unpack(pack(files()), &digest);
  const mesaides::SourceSet& sources = packed.program->sources;
  REQUIRE(sources.size() == 2);
  const std::string_view a = sources.file(0).text;
  for (const char* gone :
       {"parameter", "values taux", "Décret", "benefit", "Mairie", "header comment",
        "outside any formula", "variable", "label", "\"Un ratio\"", "entity:", "individus"})
    CHECK_MESSAGE(a.find(gone) == std::string::npos, gone);
  CHECK(a.find("a comment inside the formula") != std::string::npos);
  CHECK(a.find("base / (salaire - salaire)") != std::string::npos);
  CHECK(a.find("taux * 10") != std::string::npos);
  // Every line is kept, most of them emptied (the spaces that end a line are dropped, but those
  // before a place), and every place keeps its line and column: the variables' (where runtime
  // errors point), the formulas', the expressions'.
  CHECK(std::count(a.begin(), a.end(), '\n') == std::count(kRules, kRules + strlen(kRules), '\n'));
  CHECK(a.size() < strlen(kRules) / 2);
  CHECK(a.find("\n\n\n\n\n") != std::string::npos);
  const mesaides::Program& from_text = *text.program;
  const mesaides::Program& from_packed = *packed.program;
  REQUIRE(from_packed.variables.size() == from_text.variables.size());
  for (size_t i = 0; i < from_text.variables.size(); ++i) {
    const mesaides::VariableDef& v = from_text.variables[i];
    CHECK(sources.where(from_packed.variables[i].span) == from_text.sources.where(v.span));
    for (size_t f = 0; f < v.formulas.size(); ++f) {
      const mesaides::Formula& packed_formula = from_packed.variables[i].formulas[f];
      CHECK(sources.where(packed_formula.span) == from_text.sources.where(v.formulas[f].span));
      CHECK(sources.text(packed_formula.body) == from_text.sources.text(v.formulas[f].body));
    }
  }
  // A packed program keeps no Expr: its nodes, and their places, are what the text's compile to.
  CHECK(from_packed.exprs.empty());
  REQUIRE(from_packed.nodes.size() == from_text.exprs.size());
  REQUIRE(from_packed.node_spans.size() == from_text.exprs.size());
  for (size_t i = 0; i < from_text.exprs.size(); ++i) {
    if (from_text.exprs[i].kind == mesaides::ExprKind::kName) continue;  // never run
    CHECK(from_packed.nodes[i].kind == from_text.exprs[i].kind);
    CHECK(from_packed.nodes[i].arg_count == from_text.exprs[i].args.size());
    CHECK(sources.where(from_packed.node_spans[i]) ==
          from_text.sources.where(from_text.exprs[i].span));
    CHECK(sources.text(from_packed.node_spans[i]) ==
          from_text.sources.text(from_text.exprs[i].span));
  }
  CHECK(sources.file(1).path == "rules/b.rules");
  CHECK(sources.file(1).text == "\n\n");  // only a comment and a parameter: its line breaks
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

TEST_CASE("packed rules with any one byte changed load or fail, never crash") {
  // A changed byte of the program fails its checksum; elsewhere it changes a text (which loads), a
  // count, a number or a date (which fail), never anything the evaluator could not run.
  const std::string packed = pack(files());
  const std::string request =
      R"({"situation": {"individus": {"a": {"salaire": {"2024-01": 2000}}}}, "period": "2024-01",)"
      R"( "variables": ["ratio", "decale"], "explain": true, "trace": true, "benefits": true})";
  size_t loaded = 0, refused = 0, checksum = 0;
  std::string digest;
  for (size_t i = 0; i < packed.size(); ++i) {
    for (int flip : {0x01, 0x80}) {
      std::string bad = packed;
      bad[i] = static_cast<char>(static_cast<unsigned char>(bad[i]) ^ flip);
      try {
        LoadResult r = mesaides::load_packed_rules(bad, &digest);
        REQUIRE(static_cast<bool>(r.program));
        ++loaded;
        CHECK(mesaides::handle_request_text(*r.program, request).rfind("{\"benefits\":", 0) == 0);
      } catch (const std::runtime_error& e) {
        const std::string what = e.what();
        CHECK(what.rfind("packed rules: ", 0) == 0);
        checksum += what.find("checksum") != std::string::npos;
        ++refused;
      }
    }
  }
  CHECK(loaded > 0);
  CHECK(refused > 0);
  CHECK(checksum > 0);
}

TEST_CASE("the module's own packed rules are not checked again, but their checksum is") {
  const std::string packed = pack(files());
  std::string digest;
  // The binary part (benefits, parameters, program) ends before the line of its checksum; any
  // byte of it changed fails the checksum, whether the structure is checked or not.
  const size_t binary_end = packed.rfind('\n', packed.size() - 2);
  REQUIRE(binary_end > 300);
  size_t refused = 0, flips = 0;
  for (size_t i = binary_end - 300; i < binary_end; i += 7) {
    std::string bad = packed;
    bad[i] = static_cast<char>(bad[i] ^ 0x04);
    ++flips;
    try {
      (void)mesaides::load_packed_rules(bad, &digest, mesaides::PackedOrigin::kThisBuild);
    } catch (const std::runtime_error& e) {
      CHECK(std::string(e.what()).find("checksum") != std::string::npos);
      ++refused;
    }
  }
  CHECK(refused == flips);
}

TEST_CASE("numbers of every size load back from packed rules") {
  // Read in 64 bits when the mantissa and its product with the power of ten fit, else in 128
  // (`produit`: mantissa 123, 18 zeros, a product beyond 64 bits):
  // pack_rules compares the program loaded back with the text's, every number included.
  const std::vector<SourceFile> rules = {
      {"rules/n.rules",
       "entity individu { plural: individus }\n"
       "parameter grand { 2020-01-01: 123456789012345678901.5 }\n"
       "parameter limite { 2020-01-01: 9223372036.854775807 }\n"
       "parameter au_dela { 2020-01-01: 9223372036.854775808 }\n"
       "parameter petit { 2020-01-01: 0.000000001 }\n"
       "parameter produit { 2020-01-01: 123000000000 }\n"
       "parameter rond { 2020-01-01: 1000000000000000000000 }\n"
       "parameter negatif { 2020-01-01: -98765432109876543210.25 }\n"}};
  LoadResult text = mesaides::load_program(rules);
  INFO(text.rendered);
  REQUIRE(static_cast<bool>(text.program));
  std::string digest;
  LoadResult packed = unpack(pack(rules), &digest);
  CHECK(mesaides::describe_parameters(*packed.program).dump() ==
        mesaides::describe_parameters(*text.program).dump());
  REQUIRE(packed.program->parameters.size() == 7);
  for (size_t i = 0; i < 7; ++i) {
    CAPTURE(i);
    CHECK(packed.program->parameters[i].values[0].number.raw() ==
          text.program->parameters[i].values[0].number.raw());
  }
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
  // With their texts apart (pack_rules loads both back and compares them with the text's program).
  Apart apart = pack_apart(rules);
  CHECK(apart.packed.size() < pack(rules).size());
  mesaides::load_packed_texts(*apart.program, apart.texts, apart.digest);
  CHECK(mesaides::describe_parameters(*apart.program).dump() ==
        mesaides::describe_parameters(*text.program).dump());
}

}  // namespace
