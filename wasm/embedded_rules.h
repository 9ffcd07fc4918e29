// The rules compiled into the WebAssembly module.
//
// The definition is generated at build time by wasm/embed_packed_rules.cmake from the packed rules
// that the native `mesaides pack` writes from every `rules/**/*.rules` file (core/packed_rules.h),
// with the paths that read_rule_files() gives natively, so that answers, diagnostics and traces are
// byte-identical in both builds.
#pragma once

#include <string_view>

namespace mesaides {

std::string_view embedded_rules_bundle();

}  // namespace mesaides
