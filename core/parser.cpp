// Parser for the rule language (see parser.h). Each parsing function opens with the grammar rule it
// reads.
#include "parser.h"

#include <algorithm>
#include <set>

namespace mesaides {

namespace {

// Thrown inside a declaration to unwind to the recovery point; never escapes parse_rule_file.
struct SyntaxError {};

bool is_reserved(const std::string& name) {
  static const std::set<std::string> kReserved = {
      "and",  "or",    "not", "if",      "then", "elif",         "else",       "in",
      "true", "false", "let", "require", "null", "period_start", "period_end", "at"};
  return kReserved.count(name) > 0;
}

class Parser {
 public:
  Parser(Program& program, const std::vector<Token>& tokens, DiagnosticSink& sink)
      : program_(program), tokens_(tokens), sink_(sink) {}

  // file := declaration*
  void parse_file() {
    while (peek().kind != TokenKind::kEnd) {
      size_t before = pos_;
      try {
        parse_declaration();
      } catch (const SyntaxError&) {
        recover_to_declaration();
      }
      if (pos_ == before) advance();  // always make progress
    }
  }

 private:
  // Deeply nested input ("((((…", "- - - …") must be an error, not a stack overflow.
  static constexpr int kMaxNesting = 300;
  struct NestingGuard {
    int& depth;
    ~NestingGuard() { --depth; }
  };
  NestingGuard nest() {
    if (depth_ >= kMaxNesting) {
      fail_at(peek().span, "expression nested too deeply (more than 300 levels)");
    }
    ++depth_;
    return NestingGuard{depth_};
  }

  // ---- token helpers -------------------------------------------------------------------------
  const Token& peek(size_t ahead = 0) const {
    size_t i = std::min(pos_ + ahead, tokens_.size() - 1);
    return tokens_[i];
  }
  const Token& advance() {
    const Token& t = tokens_[pos_];
    if (pos_ + 1 < tokens_.size()) ++pos_;
    return t;
  }
  bool check(TokenKind kind) const { return peek().kind == kind; }
  bool check_name(const char* text) const {
    return peek().kind == TokenKind::kName && peek().text == text;
  }
  bool accept(TokenKind kind) {
    if (!check(kind)) return false;
    advance();
    return true;
  }
  bool accept_name(const char* text) {
    if (!check_name(text)) return false;
    advance();
    return true;
  }

  static std::string describe(const Token& t) {
    switch (t.kind) {
      case TokenKind::kName:
        return "'" + t.text + "'";
      case TokenKind::kNumber:
        return "the number " + t.text;
      case TokenKind::kDate:
        return "the date " + t.text;
      case TokenKind::kString:
        return "a string";
      default:
        return token_kind_name(t.kind);
    }
  }

  [[noreturn]] void fail(const std::string& expected) {
    bad_token_ = pos_;
    sink_.error(peek().span, "expected " + expected + ", found " + describe(peek()));
    throw SyntaxError{};
  }
  [[noreturn]] void fail_at(Span span, const std::string& message) {
    sink_.error(span, message);
    throw SyntaxError{};
  }

  const Token& expect(TokenKind kind, const char* what = nullptr) {
    if (!check(kind)) fail(what ? what : token_kind_name(kind));
    return advance();
  }
  // Expects a closing token; the note points at the opener.
  void expect_close(TokenKind kind, const Token& opener) {
    if (check(kind)) {
      advance();
      return;
    }
    Diagnostic& d = sink_.error(peek().span, std::string("expected ") + token_kind_name(kind) +
                                                 ", found " + describe(peek()));
    d.notes.push_back({opener.span, true,
                       std::string("to close ") + token_kind_name(opener.kind) + " opened here"});
    throw SyntaxError{};
  }
  const Token& expect_name(const char* what) {
    if (!check(TokenKind::kName)) fail(what);
    return advance();
  }
  std::string expect_string(const char* what) { return expect(TokenKind::kString, what).text; }

  Date expect_date() {
    const Token& t = expect(TokenKind::kDate, "a date (YYYY-MM-DD)");
    auto d = Date::parse(t.text);
    if (!d && t.text.size() != 10) throw SyntaxError{};  // malformed: the lexer reported it
    if (!d) fail_at(t.span, "'" + t.text + "' is not a valid date");
    return *d;
  }

  Decimal parse_signed_number() {
    bool negative = accept(TokenKind::kMinus);
    const Token& t = expect(TokenKind::kNumber, "a number");
    auto d = Decimal::parse(t.text);
    if (!d) fail_at(t.span, "'" + t.text + "' is not a valid number");
    return negative ? -*d : *d;
  }

  // Skips to the next token at the start of a line at nesting depth 0 relative to the current
  // block, or the block's closing brace.
  void recover_to_field() {
    int depth = 0;
    // The token that caused the error is skipped; a field already consumed is not, so the next
    // line's field is read.
    bool first = pos_ == bad_token_;
    bad_token_ = SIZE_MAX;
    while (!check(TokenKind::kEnd)) {
      const Token& t = peek();
      if (!first && depth == 0 && t.at_line_start) return;
      if (t.kind == TokenKind::kLBrace || t.kind == TokenKind::kLBracket ||
          t.kind == TokenKind::kLParen) {
        ++depth;
      } else if (t.kind == TokenKind::kRBrace || t.kind == TokenKind::kRBracket ||
                 t.kind == TokenKind::kRParen) {
        if (depth == 0) return;  // the block's end
        --depth;
      }
      advance();
      first = false;
    }
  }

  void recover_to_declaration() {
    while (!check(TokenKind::kEnd)) {
      const Token& t = peek();
      if (t.at_line_start && t.kind == TokenKind::kName &&
          (t.text == "variable" || t.text == "parameter" || t.text == "values" ||
           t.text == "enum" || t.text == "entity" || t.text == "group" || t.text == "benefit")) {
        return;
      }
      advance();
    }
  }

  // Runs `field` for each `name:` field of a `{ … }` block, recovering per field.
  template <typename Field>
  void parse_block(const Token& opener, Field field) {
    while (!check(TokenKind::kRBrace)) {
      if (check(TokenKind::kEnd)) expect_close(TokenKind::kRBrace, opener);
      size_t before = pos_;
      try {
        const Token& key = expect_name("a field name");
        field(key);
      } catch (const SyntaxError&) {
        recover_to_field();
        if (pos_ == before) advance();
      }
    }
    advance();
  }

  [[noreturn]] void unknown_field(const Token& key, const char* where,
                                  const std::vector<std::string_view>& known) {
    Diagnostic& d = sink_.error(key.span, "unknown field '" + key.text + "' in " + where);
    std::string suggestion = closest_name(key.text, known);
    std::string list;
    for (auto k : known) list += (list.empty() ? "" : ", ") + std::string(k);
    d.notes.push_back(
        {{},
         false,
         suggestion.empty() ? "known fields: " + list : "did you mean '" + suggestion + "'?"});
    throw SyntaxError{};
  }

  // reference := STRING STRING?
  Reference parse_reference() {
    Reference r;
    r.title = expect_string("the reference's title (a string)");
    if (check(TokenKind::kString)) r.url = advance().text;
    return r;
  }

  // ---- declarations ---------------------------------------------------------------------------
  // declaration := entity | group | enum | parameter | values | variable | benefit
  void parse_declaration() {
    const Token& kw = peek();
    if (kw.kind != TokenKind::kName)
      fail("a declaration (variable, parameter, enum, entity, group, benefit)");
    if (kw.text == "entity" || kw.text == "group") {
      parse_entity();
    } else if (kw.text == "enum") {
      parse_enum();
    } else if (kw.text == "parameter") {
      parse_parameter(false);
    } else if (kw.text == "values") {
      parse_parameter(true);
    } else if (kw.text == "variable") {
      parse_variable();
    } else if (kw.text == "benefit") {
      parse_benefit();
    } else {
      fail("a declaration (variable, parameter, enum, entity, group, benefit)");
    }
  }

  // entity := ('entity' | 'group') NAME '{' (field | role)* '}'
  // role := 'role' NAME '{' field* '}'
  void parse_entity() {
    EntityDef entity;
    entity.is_person = advance().text == "entity";
    const Token& name = expect_name("the entity's name");
    entity.name = name.text;
    entity.span = name.span;
    const Token& open = expect(TokenKind::kLBrace);
    parse_block(open, [&](const Token& key) {
      if (key.text == "role") {
        if (entity.is_person) fail_at(key.span, "only a group has roles (declare it with 'group')");
        RoleDef role;
        const Token& role_name = expect_name("the role's name");
        role.name = role_name.text;
        role.plural = role.name;
        role.span = role_name.span;
        const Token& role_open = expect(TokenKind::kLBrace);
        parse_block(role_open, [&](const Token& role_key) {
          expect(TokenKind::kColon);
          if (role_key.text == "plural") {
            role.plural = expect_name("the role's plural").text;
          } else if (role_key.text == "label") {
            role.label = expect_string("the role's label");
          } else if (role_key.text == "max") {
            const Token& t = expect(TokenKind::kNumber, "a whole number");
            auto d = Decimal::parse(t.text);
            auto n = d ? d->to_int64_exact() : std::nullopt;
            if (!n || *n < 1 || *n > 1000) fail_at(t.span, "'max' must be a whole number from 1");
            role.max = static_cast<int32_t>(*n);
          } else {
            unknown_field(role_key, "a role", {"plural", "label", "max"});
          }
        });
        entity.roles.push_back(std::move(role));
        return;
      }
      expect(TokenKind::kColon);
      if (key.text == "plural") {
        entity.plural = expect_name("the plural (a name)").text;
      } else if (key.text == "label") {
        entity.label = expect_string("the label");
      } else {
        unknown_field(key, "an entity", {"plural", "label", "role"});
      }
    });
    if (entity.plural.empty())
      sink_.error(entity.span, "entity '" + entity.name + "' needs 'plural:'");
    program_.entities.push_back(std::move(entity));
  }

  // enum := 'enum' NAME '{' ('label' ':' STRING | ITEM ':' STRING)* '}'
  void parse_enum() {
    advance();
    EnumDef def;
    const Token& name = expect_name("the enum's name");
    def.name = name.text;
    def.span = name.span;
    const Token& open = expect(TokenKind::kLBrace);
    parse_block(open, [&](const Token& key) {
      expect(TokenKind::kColon);
      std::string text = expect_string("the item's label (a string)");
      if (key.text == "label") {
        def.label = text;
        return;
      }
      if (def.index.count(key.text)) fail_at(key.span, "item '" + key.text + "' is listed twice");
      def.index[key.text] = static_cast<int32_t>(def.items.size());
      def.items.push_back(key.text);
      def.item_labels.push_back(text);
    });
    if (def.items.empty()) sink_.error(def.span, "enum '" + def.name + "' has no item");
    program_.enums.push_back(std::move(def));
  }

  // parameter := 'parameter' DOTTED '{' (field | DATE ':' pvalue ('ref' reference)?)* '}'
  // values := 'values' DOTTED '{' (DATE ':' pvalue ('ref' reference)?)* '}'
  // pvalue := 'null' | number | '{' KEY ':' number (',' …)* '}' | '[' number ':' number (',' …)*
  // ']'
  // A `values` block holds later dated values of a parameter declared elsewhere (merged by
  // load_program): no field.
  void parse_parameter(bool later_values) {
    advance();
    ParameterDef def;
    bool had_error = false;
    const Token& name = expect_name("the parameter's name");
    def.name = name.text;
    def.span = name.span;
    const Token& open = expect(TokenKind::kLBrace);
    while (!check(TokenKind::kRBrace)) {
      if (check(TokenKind::kEnd)) expect_close(TokenKind::kRBrace, open);
      size_t before = pos_;
      try {
        if (check(TokenKind::kDate)) {
          parse_parameter_value(def, had_error);
          continue;
        }
        if (later_values) fail("a dated value (YYYY-MM-DD: value)");
        parse_parameter_field(def);
      } catch (const SyntaxError&) {
        had_error = true;
        recover_to_field();
        if (pos_ == before) advance();
      }
    }
    advance();
    if (def.values.empty() && !had_error) {
      sink_.error(def.span, later_values ? "'values " + def.name + "' has no dated value"
                                         : "parameter '" + def.name + "' has no dated value");
    }
    if (later_values) {
      program_.later_values.push_back(std::move(def));
      return;
    }
    if (def.has_default &&
        std::none_of(def.values.begin(), def.values.end(),
                     [](const ParamValue& v) { return v.shape == ParamShape::kTable; })) {
      sink_.error(def.span,
                  "parameter '" + def.name +
                      "' has a default but is not a table (only a table's missing keys take it)");
    }
    program_.parameters.push_back(std::move(def));
  }

  void parse_parameter_field(ParameterDef& def) {
    const Token& key = expect_name("a field name or a dated value (YYYY-MM-DD: value)");
    expect(TokenKind::kColon);
    if (key.text == "label") {
      def.label = expect_string("the label");
    } else if (key.text == "unit") {
      def.unit = expect_name("the unit").text;
    } else if (key.text == "source") {
      def.source = expect_string("the source");
    } else if (key.text == "default") {
      def.default_value = parse_signed_number();
      def.has_default = true;
    } else {
      unknown_field(key, "a parameter", {"label", "unit", "source", "default"});
    }
  }

  void parse_parameter_value(ParameterDef& def, bool& had_error) {
    ParamValue value;
    value.span = peek().span;
    value.from = expect_date();
    expect(TokenKind::kColon);
    if (accept_name("null")) {
      value.is_null = true;
    } else if (check(TokenKind::kLBrace) || check(TokenKind::kLBracket)) {
      size_t open_index = pos_;
      try {
        parse_table_or_scale(value);
      } catch (const SyntaxError&) {
        // One error per value: skip to its closing bracket and drop it.
        had_error = true;
        skip_past_close(open_index);
        return;
      }
    } else if (accept_name("true")) {
      value.number = Decimal::from_int(1);
    } else if (accept_name("false")) {
      value.number = Decimal::from_int(0);
    } else {
      value.number = parse_signed_number();
    }
    if (accept_name("ref")) value.reference = std::make_shared<const Reference>(parse_reference());
    if (!def.values.empty() && !(def.values.back().from < value.from)) {
      Diagnostic& d = sink_.error(value.span, "dated values must be in ascending order of date");
      d.notes.push_back({def.values.back().span, true, "the previous value is dated here"});
    }
    def.values.push_back(std::move(value));
  }

  // table := '{' KEY ':' number (',' …)* '}'    scale := '[' number ':' number (',' …)* ']'
  void parse_table_or_scale(ParamValue& value) {
    if (check(TokenKind::kLBrace)) {
      const Token& open = advance();
      value.shape = ParamShape::kTable;
      while (!check(TokenKind::kRBrace)) {
        const Token& key = check(TokenKind::kNumber) || check(TokenKind::kString)
                               ? advance()
                               : expect_name("a key");
        expect(TokenKind::kColon);
        value.table.emplace_back(key.text, parse_signed_number());
        if (!accept(TokenKind::kComma)) break;
      }
      expect_close(TokenKind::kRBrace, open);
    } else if (check(TokenKind::kLBracket)) {
      const Token& open = advance();
      value.shape = ParamShape::kScale;
      while (!check(TokenKind::kRBracket)) {
        Span at = peek().span;
        Decimal threshold = parse_signed_number();
        expect(TokenKind::kColon);
        Decimal v = parse_signed_number();
        if (!value.scale.empty() && !(value.scale.back().first < threshold)) {
          fail_at(at, "scale thresholds must be in ascending order");
        }
        value.scale.emplace_back(threshold, v);
        if (!accept(TokenKind::kComma)) break;
      }
      expect_close(TokenKind::kRBracket, open);
    }
  }

  // variable := 'variable' NAME '{' (field | formula)* '}'
  void parse_variable() {
    advance();
    VariableDef def;
    size_t errors_before = sink_.list().size();
    const Token& name = expect_name("the variable's name");
    def.name = name.text;
    def.span = name.span;
    bool has_entity = false, has_period = false, has_type = false;
    const Token& open = expect(TokenKind::kLBrace);
    parse_block(open, [&](const Token& key) {
      if (key.text == "formula") {
        parse_formula(def);
        return;
      }
      expect(TokenKind::kColon);
      if (key.text == "entity") {
        has_entity = true;  // even if the entity is wrong: that error is enough
        const Token& t = expect_name("an entity name");
        def.entity_name = t.text;
        def.entity_span = t.span;
      } else if (key.text == "period") {
        has_period = true;  // even if the period is wrong: that error is enough
        const Token& t = expect_name("month, year or eternity");
        if (t.text == "month")
          def.period = PeriodUnit::kMonth;
        else if (t.text == "year")
          def.period = PeriodUnit::kYear;
        else if (t.text == "eternity")
          def.period = PeriodUnit::kEternity;
        else
          fail_at(t.span, "expected month, year or eternity, found '" + t.text + "'");
      } else if (key.text == "type") {
        has_type = true;  // even if the type is wrong: that error is enough
        parse_type(def);
      } else if (key.text == "label") {
        def.label = expect_string("the label");
      } else if (key.text == "help") {
        def.help = expect_string("the help text");
      } else if (key.text == "question") {
        def.question = expect_string("the question");
      } else if (key.text == "unit") {
        def.unit = expect_string("the unit");
      } else if (key.text == "reference") {
        def.references.push_back(parse_reference());
      } else if (key.text == "default") {
        def.default_span = peek().span;
        def.default_value = parse_default_literal();
        def.has_default = true;
      } else if (key.text == "set_input") {
        const Token& t = expect_name("divide or duplicate");
        if (t.text == "divide")
          def.set_input = SetInput::kDivide;
        else if (t.text == "duplicate")
          def.set_input = SetInput::kDuplicate;
        else
          fail_at(t.span, "expected divide or duplicate, found '" + t.text + "'");
        def.has_set_input = true;
      } else if (key.text == "negative") {
        const Token& t = expect_name("allowed");
        if (t.text == "allowed")
          def.negative_allowed = true;
        else
          fail_at(t.span,
                  "expected allowed (an amount given may be negative), found '" + t.text + "'");
      } else {
        unknown_field(key, "a variable",
                      {"entity", "period", "type", "label", "help", "question", "unit", "reference",
                       "default", "set_input", "negative", "formula"});
      }
    });
    // After a syntax error in the block, a missing field is likely a consequence: say nothing.
    bool clean = sink_.list().size() == errors_before;
    if (!has_entity && clean) sink_.error(def.span, "variable '" + def.name + "' needs 'entity:'");
    if (!has_period && clean) sink_.error(def.span, "variable '" + def.name + "' needs 'period:'");
    if (!has_type && clean) sink_.error(def.span, "variable '" + def.name + "' needs 'type:'");
    if (def.negative_allowed && has_type && def.type != Type::kMoney && clean) {
      sink_.error(def.span, "variable '" + def.name +
                                "': 'negative: allowed' is for amounts of money (a number or an "
                                "integer given may always be negative)");
    }
    if (!def.has_set_input) {
      def.set_input = def.type == Type::kMoney ? SetInput::kDivide : SetInput::kDuplicate;
    }
    program_.variables.push_back(std::move(def));
  }

  void parse_type(VariableDef& def) {
    const Token& t = expect_name("a type");
    static const std::pair<const char*, Type> kTypes[] = {
        {"money", Type::kMoney},     {"number", Type::kNumber}, {"integer", Type::kInteger},
        {"boolean", Type::kBoolean}, {"date", Type::kDate},     {"text", Type::kText},
        {"enum", Type::kEnum}};
    for (const auto& [name, type] : kTypes) {
      if (t.text == name) {
        def.type = type;
        if (type == Type::kEnum) def.enum_name = expect_name("the enum's name").text;
        return;
      }
    }
    std::string best =
        closest_name(t.text, {"money", "number", "integer", "boolean", "date", "text", "enum"});
    fail_at(
        t.span,
        "unknown type '" + t.text + "' (" +
            (best.empty()
                 ? std::string("expected money, number, integer, boolean, date, text or enum NAME")
                 : "did you mean '" + best + "'?") +
            ")");
  }

  // The literal is typed later by the checker (an enum item is kept as text).
  Value parse_default_literal() {
    if (accept_name("true")) return Value::of_bool(true);
    if (accept_name("false")) return Value::of_bool(false);
    if (check(TokenKind::kDate)) return Value::of_date(expect_date());
    if (check(TokenKind::kString)) return Value::of_text(advance().text);
    if (check(TokenKind::kName)) {
      Value v = Value::of_text(advance().text);
      v.kind = ValueKind::kEnum;
      v.small = -1;  // resolved by the checker
      return v;
    }
    return Value::of_number(parse_signed_number());
  }

  // formula := 'formula' 'from' DATE ('to' DATE)? '{' statement* expression '}'
  // statement := 'let' NAME '=' expression | 'require' expression ('else' STRING)?
  void parse_formula(VariableDef& def) {
    Formula formula;
    formula.span = tokens_[pos_ - 1].span;
    if (!accept_name("from")) fail("'from' and the date the formula applies from");
    formula.from = expect_date();
    if (accept_name("to")) formula.to = expect_date();
    size_t open_index = pos_;
    const Token& open = expect(TokenKind::kLBrace);
    try {
      parse_formula_body(formula, open);
    } catch (const SyntaxError&) {
      // One error per formula: skip the rest of its body, keep reading the variable's fields.
      skip_past_close(open_index);
      return;
    }
    def.formulas.push_back(std::move(formula));
  }

  void parse_formula_body(Formula& formula, const Token& open) {
    while (true) {
      if (check_name("let")) {
        Statement s;
        s.kind = Statement::Kind::kLet;
        s.span = advance().span;
        const Token& name = expect_name("the name to define");
        if (is_reserved(name.text)) fail_at(name.span, "'" + name.text + "' is a reserved word");
        s.name = name.text;
        s.span = name.span;
        expect(TokenKind::kAssign, "'='");
        s.expr = parse_expression();
        formula.statements.push_back(std::move(s));
      } else if (check_name("require")) {
        Statement s;
        s.kind = Statement::Kind::kRequire;
        s.span = advance().span;
        s.expr = parse_expression();
        if (accept_name("else")) {
          const Token& message = expect(TokenKind::kString, "the reason shown to users (a string)");
          s.message = parse_message(message);
        }
        formula.statements.push_back(std::move(s));
      } else {
        break;
      }
    }
    if (check(TokenKind::kRBrace)) fail("the formula's value (an expression)");
    formula.result = parse_expression();
    formula.body = {open.span.file, open.span.begin, peek().span.end};
    expect_close(TokenKind::kRBrace, open);
  }

  // A message with `{expr}` parts; each part is lexed and parsed on its own. Positions inside the
  // string are approximate (the string's start + offset), good enough for diagnostics.
  std::vector<MessagePart> parse_message(const Token& token) {
    std::vector<MessagePart> parts;
    const std::string& text = token.text;
    size_t i = 0;
    std::string literal;
    while (i < text.size()) {
      if (text[i] == '{') {
        size_t close = text.find('}', i);
        if (close == std::string::npos)
          fail_at(token.span, "'{' in the message is not closed by '}'");
        if (!literal.empty()) parts.push_back({std::move(literal), kNoExpr});
        literal.clear();
        parts.push_back({"", parse_embedded(text.substr(i + 1, close - i - 1), token.span)});
        i = close + 1;
      } else {
        literal += text[i++];
      }
    }
    if (!literal.empty()) parts.push_back({std::move(literal), kNoExpr});
    return parts;
  }

  ExprId parse_embedded(const std::string& source, Span at) {
    // Lex the fragment as a temporary file, then map every span back to the string token.
    SourceSet scratch;
    uint32_t id = scratch.add({"", source});
    DiagnosticSink local;
    std::vector<Token> tokens = lex(scratch, id, local);
    for (Token& t : tokens) t.span = at;
    if (local.has_errors()) tokens = {Token{TokenKind::kEnd, at, "", false}};
    DiagnosticSink sub_sink;
    Parser sub(program_, tokens, sub_sink);
    ExprId e = kNoExpr;
    try {
      e = sub.parse_expression();
    } catch (const SyntaxError&) {
      e = kNoExpr;
    }
    if (e == kNoExpr || !sub.check(TokenKind::kEnd) || sub_sink.has_errors()) {
      // Reported once, at the string; the formula goes on being read.
      sink_.error(at, "the expression '{" + source + "}' in the message is not valid");
      Expr literal;
      literal.span = at;
      literal.ref = add_literal(Value::of_text("{" + source + "}"));
      literal.type = Type::kText;
      return add(std::move(literal));
    }
    return e;
  }

  // benefit := 'benefit' NAME '{' field* '}'
  void parse_benefit() {
    advance();
    BenefitDef def;
    const Token& name = expect_name("the benefit's name");
    def.name = name.text;
    def.span = name.span;
    const Token& open = expect(TokenKind::kLBrace);
    parse_block(open, [&](const Token& key) {
      expect(TokenKind::kColon);
      if (key.text == "label") {
        def.label = expect_string("the label");
      } else if (key.text == "institution") {
        def.institution = expect_string("the institution");
      } else if (key.text == "description") {
        def.description = expect_string("the description");
      } else if (key.text == "periodicity") {
        const Token& t = expect_name("month or year");
        if (t.text == "month")
          def.periodicity = PeriodUnit::kMonth;
        else if (t.text == "year")
          def.periodicity = PeriodUnit::kYear;
        else
          fail_at(t.span, "expected month or year, found '" + t.text + "'");
      } else if (key.text == "amount") {
        const Token& t = expect_name("the variable holding the amount");
        def.amount_name = t.text;
        def.amount_span = t.span;
      } else if (key.text == "amount_kind") {
        const Token& t = expect_name("paid or participation");
        if (t.text == "paid")
          def.amount_kind = BenefitDef::AmountKind::kPaid;
        else if (t.text == "participation")
          def.amount_kind = BenefitDef::AmountKind::kParticipation;
        else
          fail_at(t.span, "expected paid or participation, found '" + t.text + "'");
      } else if (key.text == "eligibility") {
        const Token& t = expect_name("the boolean variable for eligibility");
        def.eligibility_name = t.text;
        def.eligibility_span = t.span;
      } else if (key.text == "territory") {
        const Token& t = expect_name("the boolean variable of a group saying where it applies");
        def.territory_names.push_back(t.text);
        def.territory_spans.push_back(t.span);
      } else if (key.text == "apply") {
        def.apply = expect_string("the link to apply");
      } else if (key.text == "reference") {
        def.references.push_back(parse_reference());
      } else if (key.text == "not_simulated") {
        def.not_simulated.push_back(expect_string("a condition not simulated"));
      } else if (key.text == "meta") {
        const Token& k = expect_name("the name of the fact");
        std::string text = expect_string("the text of the fact");
        for (const auto& m : def.meta)
          if (m.first == k.text) sink_.error(k.span, "duplicate meta '" + k.text + "'");
        def.meta.emplace_back(k.text, std::move(text));
      } else {
        unknown_field(
            key, "a benefit",
            {"label", "institution", "description", "periodicity", "amount", "amount_kind",
             "eligibility", "territory", "apply", "reference", "not_simulated", "meta"});
      }
    });
    if (def.amount_name.empty())
      sink_.error(def.span, "benefit '" + def.name + "' needs 'amount:'");
    program_.benefits.push_back(std::move(def));
  }

  // ---- expressions ----------------------------------------------------------------------------
  int32_t add_literal(Value v) {
    program_.literals.push_back(std::move(v));
    return static_cast<int32_t>(program_.literals.size() - 1);
  }
  ExprId add(Expr e) {
    program_.exprs.push_back(std::move(e));
    return static_cast<ExprId>(program_.exprs.size() - 1);
  }
  Span span_of(ExprId id) const { return program_.exprs[id].span; }
  static Span join(Span a, Span b) { return {a.file, a.begin, std::max(a.end, b.end)}; }

 public:
  // expression := 'if' expression 'then' expression ('elif' … 'then' …)* 'else' expression | or
  ExprId parse_expression() {
    NestingGuard guard = nest();
    if (check_name("if")) {
      Expr e;
      e.kind = ExprKind::kIf;
      e.span = advance().span;
      e.args.push_back(parse_expression());
      if (!accept_name("then")) fail("'then'");
      e.args.push_back(parse_expression());
      while (accept_name("elif")) {
        e.args.push_back(parse_expression());
        if (!accept_name("then")) fail("'then'");
        e.args.push_back(parse_expression());
      }
      if (!accept_name("else")) fail("'else' (every 'if' needs an 'else')");
      e.args.push_back(parse_expression());
      e.span = join(e.span, span_of(e.args.back()));
      return add(std::move(e));
    }
    return parse_or();
  }

 private:
  ExprId binary(BinOp op, ExprId l, ExprId r) {
    Expr e;
    e.kind = ExprKind::kBinary;
    e.op = op;
    e.args = {l, r};
    e.span = join(span_of(l), span_of(r));
    return add(std::move(e));
  }

  // or := and ('or' and)*
  ExprId parse_or() {
    ExprId left = parse_and();
    while (accept_name("or")) left = binary(BinOp::kOr, left, parse_and());
    return left;
  }
  // and := not ('and' not)*
  ExprId parse_and() {
    ExprId left = parse_not();
    while (accept_name("and")) left = binary(BinOp::kAnd, left, parse_not());
    return left;
  }
  // not := 'not' not | comparison
  ExprId parse_not() {
    NestingGuard guard = nest();
    if (check_name("not")) {
      Expr e;
      e.kind = ExprKind::kNot;
      e.span = advance().span;
      e.args.push_back(parse_not());
      e.span = join(e.span, span_of(e.args[0]));
      return add(std::move(e));
    }
    return parse_comparison();
  }
  // comparison := additive (cmp additive | 'in' '[' expression (',' expression)* ']')?
  ExprId parse_comparison() {
    ExprId left = parse_additive();
    static const std::pair<TokenKind, BinOp> kOps[] = {
        {TokenKind::kEq, BinOp::kEq}, {TokenKind::kNe, BinOp::kNe}, {TokenKind::kLt, BinOp::kLt},
        {TokenKind::kLe, BinOp::kLe}, {TokenKind::kGt, BinOp::kGt}, {TokenKind::kGe, BinOp::kGe}};
    for (const auto& [kind, op] : kOps) {
      if (accept(kind)) {
        ExprId result = binary(op, left, parse_additive());
        for (const auto& [kind2, op2] : kOps) {
          if (check(kind2))
            fail_at(peek().span, "comparisons cannot be chained: write 'a < b and b < c'");
        }
        return result;
      }
    }
    if (check_name("in")) {
      advance();
      Expr e;
      e.kind = ExprKind::kIn;
      e.args.push_back(left);
      const Token& open = expect(TokenKind::kLBracket, "'[' and a list of values");
      do {
        e.args.push_back(parse_additive());
      } while (accept(TokenKind::kComma));
      e.span = join(span_of(left), peek().span);
      expect_close(TokenKind::kRBracket, open);
      return add(std::move(e));
    }
    return left;
  }
  // additive := multiplicative (('+' | '-') multiplicative)*
  ExprId parse_additive() {
    ExprId left = parse_multiplicative();
    while (true) {
      if (accept(TokenKind::kPlus))
        left = binary(BinOp::kAdd, left, parse_multiplicative());
      else if (accept(TokenKind::kMinus))
        left = binary(BinOp::kSub, left, parse_multiplicative());
      else
        return left;
    }
  }
  // multiplicative := unary (('*' | '/') unary)*
  ExprId parse_multiplicative() {
    ExprId left = parse_unary();
    while (true) {
      if (accept(TokenKind::kStar))
        left = binary(BinOp::kMul, left, parse_unary());
      else if (accept(TokenKind::kSlash))
        left = binary(BinOp::kDiv, left, parse_unary());
      else
        return left;
    }
  }
  // unary := '-' unary | at
  ExprId parse_unary() {
    NestingGuard guard = nest();
    if (check(TokenKind::kMinus)) {
      Expr e;
      e.kind = ExprKind::kNegate;
      e.span = advance().span;
      e.args.push_back(parse_unary());
      e.span = join(e.span, span_of(e.args[0]));
      return add(std::move(e));
    }
    return parse_at();
  }

  // at := postfix ('at' postfix)?
  // A parameter read at another date than the start of the period: `plafond[zone] at date_pret`.
  ExprId parse_at() {
    ExprId target = parse_postfix();
    if (!check_name("at")) return target;
    const Token& word = advance();
    if (program_.exprs[target].kind != ExprKind::kName) {
      fail_at(word.span,
              "only a parameter can be read 'at' a date: write 'parameter.name at DATE'");
    }
    ExprId date = parse_postfix();
    Expr e;
    e.kind = ExprKind::kParameterAt;
    e.args = {target, date};
    e.span = join(span_of(target), span_of(date));
    return add(std::move(e));
  }

  // postfix := primary ('[' selector-or-key ']')?
  // selector := ('month' | 'year') (('+' | '-') NUMBER)? | 'last' NUMBER 'months'
  ExprId parse_postfix() {
    ExprId id = parse_primary();
    if (!check(TokenKind::kLBracket)) return id;
    const Token& open = advance();
    Expr& e = program_.exprs[id];
    if (e.kind != ExprKind::kName)
      fail_at(open.span, "only a variable or a parameter can be followed by '['");
    bool is_selector = (check_name("month") || check_name("year") || check_name("last")) &&
                       (peek(1).kind == TokenKind::kRBracket || peek(1).kind == TokenKind::kPlus ||
                        peek(1).kind == TokenKind::kMinus || peek(1).kind == TokenKind::kNumber);
    if (is_selector) {
      PeriodSelector selector;
      const Token& word = advance();
      if (word.text == "last") {
        const Token& n = expect(TokenKind::kNumber, "the number of months");
        auto count = Decimal::parse(n.text);
        auto exact = count ? count->to_int64_exact() : std::nullopt;
        if (!exact || *exact < 1 || *exact > 120)
          fail_at(n.span, "expected a number of months from 1 to 120");
        if (!accept_name("months") && !accept_name("month")) fail("'months'");
        selector.kind = PeriodSelector::Kind::kLastMonths;
        selector.offset = static_cast<int32_t>(*exact);
      } else {
        selector.kind =
            word.text == "month" ? PeriodSelector::Kind::kMonth : PeriodSelector::Kind::kYear;
        int sign = 0;
        if (accept(TokenKind::kPlus))
          sign = 1;
        else if (accept(TokenKind::kMinus))
          sign = -1;
        if (sign != 0) {
          const Token& n = expect(TokenKind::kNumber, "a whole number");
          auto count = Decimal::parse(n.text);
          auto exact = count ? count->to_int64_exact() : std::nullopt;
          if (!exact || *exact > 1200) fail_at(n.span, "expected a whole number");
          selector.offset = sign * static_cast<int32_t>(*exact);
        }
      }
      Span selector_span = join(open.span, peek().span);
      expect_close(TokenKind::kRBracket, open);
      Expr& target = program_.exprs[id];
      target.selector = selector;
      target.has_selector = true;
      target.selector_span = selector_span;
      target.span = join(target.span, selector_span);
      return id;
    }
    // A table key: name[expression].
    ExprId key = parse_expression();
    Span end = peek().span;
    expect_close(TokenKind::kRBracket, open);
    Expr& target = program_.exprs[id];
    target.args.push_back(key);
    target.span = join(target.span, end);
    return id;
  }

  // primary := NUMBER | DATE | STRING | 'true' | 'false' | '(' expression ')'
  //          | NAME '(' arguments ')' | NAME
  ExprId parse_primary() {
    const Token& t = peek();
    Expr e;
    e.span = t.span;
    switch (t.kind) {
      case TokenKind::kNumber: {
        advance();
        auto d = Decimal::parse(t.text);
        if (!d) fail_at(t.span, "'" + t.text + "' is not a valid number");
        e.ref = add_literal(Value::of_number(*d));
        e.type = Type::kNumber;
        return add(std::move(e));
      }
      case TokenKind::kDate: {
        e.ref = add_literal(Value::of_date(expect_date()));
        e.type = Type::kDate;
        return add(std::move(e));
      }
      case TokenKind::kString:
        advance();
        e.ref = add_literal(Value::of_text(t.text));
        e.type = Type::kText;
        return add(std::move(e));
      case TokenKind::kLParen: {
        const Token& open = advance();
        ExprId inner = parse_expression();
        // The parentheses are part of the expression's text: an expression that contains it
        // (`100 / (a - b)`) ends at the `)`, so its text, quoted by reasons and errors, is whole.
        Span close = peek().span;
        expect_close(TokenKind::kRParen, open);
        if (close.begin >= program_.exprs[inner].span.end)
          program_.exprs[inner].span = {open.span.file, open.span.begin, close.end};
        return inner;
      }
      case TokenKind::kName:
        break;
      default:
        fail("an expression");
    }
    advance();
    if (t.text == "true" || t.text == "false") {
      e.ref = add_literal(Value::of_bool(t.text == "true"));
      e.type = Type::kBoolean;
      return add(std::move(e));
    }
    if (t.text == "period_start" || t.text == "period_end") {
      e.kind = t.text == "period_start" ? ExprKind::kPeriodStart : ExprKind::kPeriodEnd;
      e.type = Type::kDate;
      return add(std::move(e));
    }
    if (is_reserved(t.text))
      fail_at(t.span, "expected an expression, found the keyword '" + t.text + "'");
    // A call's '(' follows its name on the same line: a '(' that begins a line begins the next
    // statement or the formula's value (`let x = a` then `(b + c) * d`), not a call of `a`.
    if (check(TokenKind::kLParen) && !peek().at_line_start) return parse_call(t);
    e.kind = ExprKind::kName;
    e.name = t.text;
    return add(std::move(e));
  }

  // call := NAME '(' (ROLE ':' expression | expression (',' expression)*)? ')'
  ExprId parse_call(const Token& name) {
    const Token& open = advance();
    Expr e;
    e.kind = ExprKind::kCall;
    e.name = name.text;
    e.span = name.span;
    // An aggregation: sum(parents: expr).
    if (peek().kind == TokenKind::kName && peek(1).kind == TokenKind::kColon) {
      e.kind = ExprKind::kAggregate;
      const Token& role = advance();
      advance();
      Expr role_name;
      role_name.kind = ExprKind::kName;
      role_name.name = role.text;
      role_name.span = role.span;
      e.args.push_back(add(std::move(role_name)));
      e.args.push_back(parse_expression());
    } else if (!check(TokenKind::kRParen)) {
      do {
        e.args.push_back(parse_expression());
      } while (accept(TokenKind::kComma));
    }
    e.span = join(e.span, peek().span);
    expect_close(TokenKind::kRParen, open);
    return add(std::move(e));
  }

  // Skips to the token closing `opener` (at tokens_[open_index]) and past it.
  void skip_past_close(size_t open_index) {
    TokenKind open_kind = tokens_[open_index].kind;
    TokenKind close_kind = open_kind == TokenKind::kLBrace     ? TokenKind::kRBrace
                           : open_kind == TokenKind::kLBracket ? TokenKind::kRBracket
                                                               : TokenKind::kRParen;
    int depth = 0;
    if (pos_ <= open_index)
      pos_ = open_index;
    else
      depth = 1;
    while (!check(TokenKind::kEnd)) {
      TokenKind k = peek().kind;
      if (k == open_kind) ++depth;
      if (k == close_kind && --depth <= 0) {
        advance();
        return;
      }
      advance();
    }
  }

  Program& program_;
  const std::vector<Token>& tokens_;
  DiagnosticSink& sink_;
  size_t pos_ = 0;
  size_t bad_token_ = SIZE_MAX;
  int depth_ = 0;
};

}  // namespace

void parse_rule_file(Program& program, const std::vector<Token>& tokens, DiagnosticSink& sink) {
  Parser(program, tokens, sink).parse_file();
}

}  // namespace mesaides
