// Packed rules: the rules as the WebAssembly module embeds them (`mesaides pack OUT` writes them at
// build time from rules/; the native CLI keeps reading the text).
//
// They are the checked program itself: loading them neither lexes, parses nor checks anything,
// so the module holds no parser and no checker, and starts sooner. They hold:
//   - every rule file, its text reduced to what answers show: the bodies of its formulas (the
//     explanations and traces show them; reasons and runtime errors quote their conditions and
//     expressions), every other character but the line breaks made a space and the spaces that
//     end a line dropped, so that every place an answer names keeps its line and column;
//   - the benefits, by columns (write_benefits in packed_rules.cpp);
//   - in binary: the parameters (the `values` blocks merged), by columns too: names, labels,
//     units, sources, then every dated value's date, reference (an index into the table of the
//     distinct references) and value, then the tables' keys and numbers and the scales'
//     thresholds and values (write_parameters); then the program (write_program): entities,
//     enums, variables by columns, the expression arena by columns (each field only for the kinds
//     that use it, every name resolved and every type known), the formulas and their statements,
//     the benefits' resolved variables; places are written relative to the text kept, as
//     differences with the places their neighbours predict;
//   - the digest of the text bundle (rules_text_digest), which info() reports.
// Texts apart (`mesaides pack OUT --texts FILE`, the WebAssembly module's build): OUT keeps of each
// file's text only what reasons quote and the program's text literals (every other byte a space
// once loaded, the places unchanged), no parameter source or reference, the labels only of the
// parameters a reason may show, and of each parameter's values those from the one in force five
// years before the newest date on (but all the values of a parameter read `at` a date: a loan's
// signature), and of the benefits what only their description shows (institutions, descriptions,
// links to apply, references, conditions not simulated: describe_benefits and the answers'
// lines with their details need the texts), and of the variables the labels only of the inputs and
// of those a reason may show, the help and questions only of the inputs, no reference and no
// `let` name (describe_variables but for the inputs without references, and explanations, need
// the texts), and of the places only those a refusal quotes (the expressions of the formulas
// whose refusals show their conditions, the text literals, `PARAMETER at DATE`: the others are
// kFileApart until the texts come, and a runtime error, which names its place, asks for them);
// FILE holds the whole texts, the labels, the older values (the history), the sources and the
// references, the benefits' and the variables' texts, the other places, for load_packed_texts.
// The module's rules are much smaller (gzip: 161 KB instead of 238 for rules/, December 2026;
// 131 KB since the benefits' texts are apart too, 107 KB since the variables' are, 90 KB since
// the places are), and
// the texts come when an answer needs them: explanations, traces, the parameters' and the benefits'
// listings, the benefits' details, a runtime error, a computation of years ago. What
// only the checker's diagnostics use is not kept: the places of a variable's entity and default, of
// a benefit and of a parameter, the names as written in expressions. pack_rules loads what it wrote
// and compares the two programs field by field (answers are byte for byte the same);
// load_packed_rules checks the program's checksum, then (bytes from outside the build, see
// PackedOrigin) every index, count and place it reads, so that malformed bytes are an error, never
// a crash. Writing is deterministic: the same rules give the same bytes.
//
// Layout: lines ('\n'); strings with '\\' and '\n' escaped as "\\\\" and "\\n".
//   "\x02mesaides-packed-rules 8" · digest · "texts within" or "texts apart" · file count, then per
//   file its path, then its byte count and its bytes (then '\n'), or when apart its byte count,
//   the ranges it keeps (their count, then each one's distance from the end of the one before and
//   its length), and the kept bytes' count and bytes (then '\n'): the loader makes the text again,
//   every byte outside the ranges a space (two thirds of the module's texts are such spaces) · the
//   benefits (write_benefits; names front-coded: "N REST", N bytes
//   shared with the previous one; their texts there too when the texts are within) · the binary
//   part's byte count and bytes (parameters, then program) · their checksum
//   (packed_program_checksum, in decimal). In the binary part, numbers are LEB128 varints (signed
//   ones zigzag-coded), a string is its byte count then its bytes, and names, and keys within a
//   table, are front-coded (the count of bytes shared with the previous one, then the rest).
// Packed texts: "\x03mesaides-packed-texts 4" · the rules' digest · file count, then per file its
//   byte count and bytes (then '\n') · the benefits' texts (write_benefit_texts) · the binary
//   part's byte count and bytes (the parameters' labels, history, sources and references:
//   write_parameter_texts; the variables' labels, help, questions, references and `let` names:
//   write_variable_texts; the places apart: write_place_texts) · their checksum.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "program.h"

namespace mesaides {

// The checksum written after the packed program's bytes: a packed-rules file is a build artifact,
// trusted as the module that embeds it is; the checksum finds a corrupted one (load_packed_rules
// then also checks every index, count and place it reads, but not the types the checker proved).
uint64_t packed_program_checksum(std::string_view bytes);

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
//
// With `texts` (the WebAssembly module's build): the rule texts apart. `out` then keeps of each
// file's text what reasons quote (the conditions of `require`: SourceSet::reduce), and no
// parameter reference; `texts` receives the files' whole texts and the references
// (load_packed_texts), which explanations, traces, the parameters' listing and runtime errors'
// messages need: the module's download is that much smaller, the texts come when asked for.
bool pack_rules(const std::vector<SourceFile>& files, std::string* out, std::string* error,
                std::string* texts = nullptr);

// Where packed rules come from, for load_packed_rules.
enum class PackedOrigin : uint8_t {
  // Bytes from outside (a file, a caller of the module): every index, count and place is checked.
  kOutside,
  // The bytes this build packed (pack_rules loaded them with every check and compared the
  // program) and embedded in the module, as trusted as its code: their checksum is checked, their
  // indexes and places are not checked again (a fifth of the module's start).
  kThisBuild,
};

// Where the loaded program's rule texts live.
enum class PackedText : uint8_t {
  kCopied,    // in the program: the bytes may go once loaded
  kBorrowed,  // in the bytes, which outlive the program (the module's embedded rules); a file
              // packed apart from its texts is made again in the program either way
};

// Loads packed rules: the result of load_program on the rules they were packed from. `digest`
// receives their rules_text_digest. Malformed bytes throw std::runtime_error.
LoadResult load_packed_rules(std::string_view packed, std::string* digest,
                             PackedOrigin origin = PackedOrigin::kOutside,
                             PackedText text = PackedText::kCopied);
// The same, the program left modifiable (for load_packed_texts).
std::shared_ptr<Program> load_packed_program(std::string_view packed, std::string* digest,
                                             PackedOrigin origin = PackedOrigin::kOutside,
                                             PackedText text = PackedText::kCopied);

// True when `bytes` are packed texts (pack_rules' `texts`).
bool is_packed_texts(std::string_view bytes);

// Gives a program loaded from packed rules whose texts are apart (Program::texts_pending) its
// texts, its parameters' labels, history and references, its benefits' and variables' texts:
// `packed_texts` as pack_rules wrote them for the same rules (`digest`, the rules' digest
// load_packed_rules gave). Malformed texts, or texts of other rules, throw std::runtime_error and
// leave the program as it was. Nothing to do when the texts are there. kBorrowed: `packed_texts`
// outlive the program.
void load_packed_texts(Program& program, std::string_view packed_texts, std::string_view digest,
                       PackedText text = PackedText::kCopied);

}  // namespace mesaides
