// Parser for the rule language (docs/rules-language.md).
//
// Reads the tokens of one file and appends its declarations (entities, groups, enums, parameters,
// variables, benefits) to a Program under construction, names unresolved. Syntax errors are
// reported as diagnostics saying what was expected and what was found; after an error the parser
// skips to the next field or declaration (panic mode) so one typo does not hide the next ones.
#pragma once

#include <vector>

#include "lexer.h"
#include "program.h"

namespace mesaides {

void parse_rule_file(Program& program, const std::vector<Token>& tokens, DiagnosticSink& sink);

}  // namespace mesaides
