// Packed rules: the rules as the WebAssembly module embeds them (`mesaides pack OUT` writes them at
// build time from rules/; the native CLI keeps reading the text).
//
// The rules' text is what a page downloads and what it lexes and parses when it starts. Half of it
// is the parameters (rules/parametres/: dated values with their legal references, the communes of
// the housing aids' zoning), whose text no answer shows: only their values, labels, units, sources
// and references are seen (describe_parameters, law_date), never where they are written; the same
// holds for the benefits' descriptions (labels, links, references, meta of the 377 local aids). So
// the packed rules hold:
//   - every rule file with its text as the module embedded it before (comment lines at column 0
//     emptied), less its `parameter`, `values` and `benefit` blocks, each replaced by its line
//     breaks (and by spaces up to the column where the line goes on, if it does), and less the
//     comments outside formulas (a comment ends its line), so that every line and column an answer
//     names stays the same; a formula's text is kept whole (explanations show it); a file left
//     with only blanks is stored empty;
//   - the program's checked parameters (the `values` blocks merged), by columns: names, labels,
//     units, sources, then every dated value's date, reference (an index into the table of the
//     distinct references) and value, then the tables' keys and numbers and the scales' thresholds
//     and values. Columns of alike items compress better than the text, and load without lexing;
//   - the benefits, by columns too;
//   - the digest of the text bundle (rules_text_digest), which info() reports.
// Loading parses the files, puts the parameters and benefits in, and checks the program as
// load_program does: the program is the same, answers byte for byte the same (pack_rules verifies
// it on the program it packs). Writing is deterministic: the same rules give the same bytes.
//
// Layout: lines ('\n'); strings with '\\' and '\n' escaped as "\\\\" and "\\n".
//   "\x02mesaides-packed-rules 1" · digest · expression count (the arena's size, allocated at once)
//   · file count, then per file its path, its byte count and its bytes (then '\n') · parameter
//   count P · P names · P labels · P units · P sources · P lines "VALUES[ DEFAULT]" · reference
//   count R · R titles · R urls · per value (V in all): V dates · V reference indexes (each as the
//   difference with the previous one) · V values ("null", a number, "{N" a table of N keys, "[N" a
//   scale of N steps) · table keys · table numbers · scale thresholds · scale values · the
//   benefits (write_benefits in packed_rules.cpp). Names, and keys within a table, are
//   front-coded: "N REST", N bytes shared with the previous one.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "program.h"

namespace mesaides {

// True when `bytes` are packed rules (a text bundle of rule files starts with '\x01').
bool is_packed_rules(std::string_view bytes);

// The text the WebAssembly module embeds of a rule file: its comment lines at column 0 emptied (the
// line kept). They are the files' headers and the notes between declarations, outside any block.
std::string without_top_comments(std::string_view text);

// FNV-1a (64 bits) of a text bundle (bundle_rule_files()), as "fnv1a64:<16 hex digits>": names
// the rules an engine holds (the engine's info().rules_digest). Not a security hash.
std::string rules_text_digest(std::string_view text_bundle);

// Packs rule files read from text (read_rule_files). Returns false with a message in `error` when
// the rules have errors, a string holds a NUL byte, or the packed rules would not load to the same
// program (an engine bug).
bool pack_rules(const std::vector<SourceFile>& files, std::string* out, std::string* error);

// Loads packed rules: the result of load_program on the rules they were packed from. `digest`
// receives their rules_text_digest. Malformed bytes throw std::runtime_error.
LoadResult load_packed_rules(std::string_view packed, std::string* digest);

}  // namespace mesaides
