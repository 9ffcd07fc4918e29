// Checker: turns the parsed declarations of a Program into a checked, immutable program.
//
// Builds the name tables, resolves every name in every formula (locals, variables, projections to a
// group, enum items, parameters), checks types, period units and entities, formula dates, benefits,
// and cycles between variables read for the same period. Reports every problem as a diagnostic
// with the place it comes from and, where it helps, a suggestion ("did you mean …?") or the fix
// ("write x[year - 2]").
#pragma once

#include "program.h"

namespace mesaides {

void check_program(Program& program, DiagnosticSink& sink);

}  // namespace mesaides
