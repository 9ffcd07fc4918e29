// The rules compiled into the WebAssembly module.
//
// The definition is generated at build time by wasm/embed_rules.cmake from every `rules/**/*.rules`
// file: the text of bundle_rule_files() (program.h), with the paths that read_rule_files() gives
// natively, so that diagnostics and traces are byte-identical in both builds.
#pragma once

#include <string_view>

namespace mesaides {

std::string_view embedded_rules_bundle();

}  // namespace mesaides
