// Program tables, loading of rule files and the rules bundle (see program.h).
#include "program.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <unordered_map>

#include "builtins.h"
#include "checker.h"
#include "index_sort.h"
#include "lexer.h"
#include "parser.h"

namespace mesaides {

const char* type_name(Type type) {
  switch (type) {
    case Type::kMoney:
      return "money";
    case Type::kNumber:
      return "number";
    case Type::kInteger:
      return "integer";
    case Type::kBoolean:
      return "boolean";
    case Type::kDate:
      return "date";
    case Type::kText:
      return "text";
    case Type::kEnum:
      return "enum";
  }
  return "error";
}

Family family(Type type) {
  switch (type) {
    case Type::kMoney:
    case Type::kNumber:
    case Type::kInteger:
      return Family::kNumeric;
    case Type::kBoolean:
      return Family::kBoolean;
    case Type::kDate:
      return Family::kDate;
    case Type::kText:
      return Family::kText;
    case Type::kEnum:
      return Family::kEnum;
  }
  return Family::kNumeric;
}

const char* error_kind_name(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::kNone:
      return "none";
    case ErrorKind::kDivisionByZero:
      return "division_by_zero";
    case ErrorKind::kNumberTooLarge:
      return "number_too_large";
    case ErrorKind::kNoFormulaForDate:
      return "no_formula_for_date";
    case ErrorKind::kParameterWithoutValue:
      return "parameter_without_value";
    case ErrorKind::kMissingTableEntry:
      return "missing_table_entry";
    case ErrorKind::kInvalidArgument:
      return "invalid_argument";
    case ErrorKind::kCycle:
      return "cycle";
    case ErrorKind::kDepthExceeded:
      return "depth_exceeded";
  }
  return "none";
}

bool Value::operator==(const Value& other) const {
  if (kind != other.kind) return false;
  switch (kind) {
    case ValueKind::kNumber:
      return number == other.number;
    case ValueKind::kText:
    case ValueKind::kError:
      return text == other.text;
    default:
      return small == other.small;
  }
}

// Both look from the newest value back: the law computed is most often today's, and a
// parameter's history can be decades of values. (By index: the WebAssembly build left reverse
// iterators as calls.)
const ParamValue* ParameterDef::at_earlier(Date date) const {
  for (size_t i = values.size(); i-- > 0;) {
    const ParamValue& v = values[i];
    if (!(date < v.from)) return v.is_null ? nullptr : &v;
  }
  if (values_apart > 0) throw TextsNotLoaded();
  return nullptr;
}

const Formula* VariableDef::formula_at(Date date) const {
  for (size_t i = formulas.size(); i-- > 0;) {
    const Formula& f = formulas[i];
    if (!(date < f.from)) return f.to && *f.to < date ? nullptr : &f;
  }
  return nullptr;
}

std::optional<int32_t> Program::find_variable(std::string_view name) const {
  return variable_index.find(variables, name);
}
std::optional<int32_t> Program::find_parameter(std::string_view name) const {
  return parameter_index.find(parameters, name);
}
std::optional<int32_t> Program::find_entity(std::string_view name) const {
  return entity_index.find(entities, name);
}
std::optional<int32_t> Program::find_enum(std::string_view name) const {
  return enum_index.find(enums, name);
}
std::optional<int32_t> Program::find_entity_by_plural(std::string_view plural) const {
  for (size_t i = 0; i < entities.size(); ++i) {
    if (entities[i].plural == plural) return static_cast<int32_t>(i);
  }
  return std::nullopt;
}

Date Program::newest_parameter_date() const {
  if (newest_parameter_date_kept) return *newest_parameter_date_kept;
  Date newest = *Date::from_ymd(1970, 1, 1);
  for (const ParameterDef& p : parameters) {
    for (const ParamValue& v : p.values) {
      if (newest < v.from) newest = v.from;
    }
  }
  return newest;
}

std::vector<StaleParameter> stale_parameters(const Program& program, Date at) {
  std::vector<StaleParameter> stale;
  for (const ParameterDef& p : program.parameters) {
    if (p.values.size() < 2 || p.values.back().is_null) continue;
    const Date last = p.values.back().from;
    const Date before = p.values[p.values.size() - 2].from;
    int months = (last.year() - before.year()) * 12 + (last.month() - before.month());
    if (months < 10 || months > 14) continue;
    Date due = last.add_months(12);
    // Due more than 2 years ago: a step of a reform (AAH couple ceiling 2018–2019…), not a yearly
    // revaluation still awaited.
    if (!(at < due) && at < due.add_months(24)) stale.push_back({&p, last, due});
  }
  std::sort(stale.begin(), stale.end(), [](const StaleParameter& a, const StaleParameter& b) {
    return a.parameter->name < b.parameter->name;
  });
  return stale;
}

namespace {

// Appends each `values NAME { … }` block to the parameter NAME: its dates must all come after the
// parameter's last value, so that a later value never silently replaces a generated one.
void merge_later_values(Program& program, DiagnosticSink& sink) {
  std::unordered_map<std::string, size_t> index;
  for (size_t i = 0; i < program.parameters.size(); ++i)
    index.emplace(program.parameters[i].name, i);
  for (ParameterDef& later : program.later_values) {
    auto found = index.find(later.name);
    if (found == index.end()) {
      sink.error(later.span, "'values " + later.name +
                                 "': no parameter of that name is declared (later values "
                                 "continue a declared parameter)");
      continue;
    }
    ParameterDef& base = program.parameters[found->second];
    if (!later.values.empty() && !base.values.empty() &&
        !(base.values.back().from < later.values.front().from)) {
      Diagnostic& d = sink.error(later.values.front().span,
                                 "a later value of '" + later.name + "' must be dated after its " +
                                     "last value (" + base.values.back().from.to_string() + ")");
      d.notes.push_back({base.values.back().span, true, "the last value is dated here"});
      continue;
    }
    for (ParamValue& v : later.values) base.values.push_back(std::move(v));
  }
  program.later_values.clear();
}

}  // namespace

void compile_nodes(Program& program) {
  program.nodes.clear();
  program.node_args.clear();
  program.node_spans.clear();
  program.node_enums.clear();
  program.nodes.reserve(program.exprs.size());
  program.node_spans.reserve(program.exprs.size());
  program.node_enums.reserve(program.exprs.size());
  size_t arg_count = 0;
  for (const Expr& e : program.exprs) arg_count += e.args.size();
  program.node_args.reserve(arg_count);
  const BuiltinDef* first_builtin = builtins().data();
  for (const Expr& e : program.exprs) {
    Node& n = program.nodes.emplace_back();
    program.node_spans.push_back(e.span);
    program.node_enums.push_back(e.type == Type::kEnum ? e.enum_id : -1);
    n.kind = e.kind;
    n.type = e.type;
    n.ref = e.ref;
    n.group = e.group;
    n.small = e.small;
    n.arg_count = e.args.size();
    n.args = static_cast<uint32_t>(program.node_args.size());
    program.node_args.insert(program.node_args.end(), e.args.begin(), e.args.end());
    switch (e.kind) {
      case ExprKind::kBinary:
        n.sub = static_cast<uint8_t>(e.op);
        break;
      case ExprKind::kAggregate:
        n.sub = static_cast<uint8_t>(e.aggregate);
        break;
      case ExprKind::kVariable: {
        PeriodSelector::Kind kind = e.has_selector ? e.selector.kind : PeriodSelector::Kind::kSame;
        n.sub = static_cast<uint8_t>(kind);
        n.small = e.has_selector ? e.selector.offset : 0;
        break;
      }
      case ExprKind::kCall:
        n.ref = e.builtin ? static_cast<int32_t>(e.builtin - first_builtin) : -1;
        break;
      default:
        break;
    }
  }
}

namespace {

// `x in ["…", …]` with eight literal texts or more (the territories' lists of communes, up to
// 275): its items copied to Program::sorted_texts in the order of their texts and the node
// marked, for Evaluation::eval_in to look x up by halves instead of comparing it with each item
// in turn. (The literals read nothing: the order they are compared in changes no result and no
// read.)
void sort_text_items(Program& program, Node& n) {
  constexpr uint32_t kFewest = 8;
  if (n.arg_count < kFewest + 1 || program.nodes[program.arg(n, 0)].type != Type::kText) return;
  const auto text = [&program](ExprId id) -> const std::string* {
    const Node& item = program.nodes[id];
    if (item.kind != ExprKind::kLiteral || item.ref < 0) return nullptr;
    const Value& v = program.literals[static_cast<size_t>(item.ref)];
    return v.kind == ValueKind::kText ? &v.text : nullptr;
  };
  for (uint32_t i = 1; i < n.arg_count; ++i) {
    if (!text(program.arg(n, i))) return;
  }
  const size_t at = program.sorted_texts.size();
  for (uint32_t i = 1; i < n.arg_count; ++i) program.sorted_texts.push_back(program.arg(n, i));
  sort_indices(program.sorted_texts.data() + at, n.arg_count - 1,
               [&text](ExprId a, ExprId b) { return *text(a) < *text(b); });
  n.small = static_cast<int32_t>(at);
  n.flags |= Node::kSortedTexts;
}

}  // namespace

void prepare_evaluation(Program& program) {
  program.variable_briefs.clear();
  program.variable_briefs.reserve(program.variables.size());
  for (const VariableDef& v : program.variables) {
    Program::VariableBrief& brief = program.variable_briefs.emplace_back();
    brief.period = v.period;
    brief.is_input = v.is_input();
    if (!v.formulas.empty()) brief.first_from = v.formulas.front().from;
    if (v.formulas.size() == 1 && !v.formulas.front().to) brief.always = &v.formulas.front();
  }
  program.sorted_texts.clear();
  for (Node& n : program.nodes) {
    n.flags = 0;
    if (n.kind == ExprKind::kVariable &&
        n.sub == static_cast<uint8_t>(PeriodSelector::Kind::kSame) &&
        program.variables[static_cast<size_t>(n.ref)].period == PeriodUnit::kMonth) {
      n.flags |= Node::kSameMonthRead;
    }
    if (n.kind == ExprKind::kIn) sort_text_items(program, n);
  }
  compile_code(program);
}

LoadResult load_program(std::vector<SourceFile> files) {
  auto program = std::make_shared<Program>();
  DiagnosticSink sink;
  for (SourceFile& file : files) {
    uint32_t id = program->sources.add(std::move(file));
    std::vector<Token> tokens = lex(program->sources, id, sink);
    parse_rule_file(*program, tokens, sink);
  }
  merge_later_values(*program, sink);
  check_program(*program, sink);
  LoadResult result;
  result.diagnostics = std::move(sink.list());
  result.rendered = render_all(program->sources, result.diagnostics);
  if (!sink.has_errors()) {
    program->newest_parameter_date_kept = program->newest_parameter_date();
    compile_nodes(*program);
    prepare_evaluation(*program);
    result.program = std::move(program);
  }
  return result;
}

std::vector<SourceFile> read_rule_files(const std::string& dir, std::string* error) {
  namespace fs = std::filesystem;
  std::vector<SourceFile> files;
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) {
    if (error) *error = "rules directory '" + dir + "' does not exist";
    return files;
  }
  std::vector<fs::path> paths;
  for (auto it = fs::recursive_directory_iterator(dir, ec);
       !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
    if (it->is_regular_file() && it->path().extension() == ".rules") paths.push_back(it->path());
  }
  if (ec) {
    if (error) *error = "cannot read '" + dir + "': " + ec.message();
    return files;
  }
  std::sort(paths.begin(), paths.end());
  fs::path root = fs::path(dir).lexically_normal();
  std::string prefix = root.filename().string();
  if (prefix.empty()) prefix = root.parent_path().filename().string();
  for (const fs::path& path : paths) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
      if (error) *error = "cannot open '" + path.string() + "'";
      return {};
    }
    std::ostringstream text;
    text << in.rdbuf();
    std::string shown = prefix + "/" + path.lexically_relative(root).generic_string();
    files.push_back({shown, text.str()});
  }
  if (files.empty() && error) *error = "no .rules file in '" + dir + "'";
  return files;
}

std::string bundle_rule_files(const std::vector<SourceFile>& files) {
  std::string out;
  for (const SourceFile& f : files) {
    out += '\x01';
    out += f.path;
    out += '\n';
    out += f.text;
  }
  return out;
}

std::vector<SourceFile> unbundle_rule_files(const std::string& bundle) {
  std::vector<SourceFile> files;
  size_t pos = 0;
  while (pos < bundle.size()) {
    if (bundle[pos] != '\x01') break;
    size_t eol = bundle.find('\n', pos);
    if (eol == std::string::npos) break;
    size_t next = bundle.find('\x01', eol + 1);
    if (next == std::string::npos) next = bundle.size();
    files.push_back(
        {bundle.substr(pos + 1, eol - pos - 1), bundle.substr(eol + 1, next - eol - 1)});
    pos = next;
  }
  return files;
}

}  // namespace mesaides
