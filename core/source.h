// Source files and diagnostics.
//
// Rule files are loaded into a SourceSet; every token and node of the program keeps a Span (file,
// byte range) and positions become line:col only when a diagnostic is printed. A Diagnostic is a
// user-facing problem in a rule file ("file:line:col: error: …" followed by the source line and a
// caret), optionally with notes pointing at other places ("to close `(` opened here").
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace mesaides {

struct SourceFile {
  std::string path;  // as shown in diagnostics, e.g. "rules/famille/af.rules"
  std::string text;
};

// A file of a SourceSet: its path and its text (the set's copy, or bytes that outlive the set).
struct SourceView {
  const std::string& path;
  std::string_view text;
};

struct Span {
  uint32_t file = 0;
  uint32_t begin = 0;  // byte offset of the first character
  uint32_t end = 0;    // byte offset one past the last character
};

// The file of a place that comes with the rule texts (packed_rules.h: most places are apart with
// them): SourceSet's text, where, line_col and line_text throw TextsNotLoaded for it.
constexpr uint32_t kFileApart = UINT32_MAX;

struct LineCol {
  uint32_t line = 1;  // 1-based
  uint32_t col = 1;   // 1-based, in characters (UTF-8 code points)
};

// Asked of a file whose text is reduced (SourceSet::reduce) for a part it does not keep: the
// caller answers that the texts must be loaded first (the WebAssembly module's rule texts come on
// demand, see packed_rules.h), never with the blanks in their place.
class TextsNotLoaded : public std::runtime_error {
 public:
  TextsNotLoaded()
      : std::runtime_error(
            "the rule texts are not loaded: this answer quotes them (load them, then ask again)") {}
};

class SourceSet {
 public:
  SourceSet() = default;
  SourceSet(SourceSet&&) noexcept = default;
  SourceSet& operator=(SourceSet&&) noexcept = default;
  uint32_t add(SourceFile file);
  // A file whose text is not copied: bytes that outlive the set (the rules embedded in the
  // WebAssembly module, there for its life). Copying them was a third of the module's cold start.
  uint32_t add_borrowed(std::string path, std::string_view text);
  SourceView file(uint32_t id) const { return {files_[id].file.path, files_[id].text()}; }
  size_t size() const { return files_.size(); }
  LineCol line_col(uint32_t file, uint32_t offset) const;
  std::string_view line_text(uint32_t file, uint32_t line) const;
  // The text of a span; throws TextsNotLoaded where the file's text is reduced and the span is not
  // within a part it keeps.
  std::string_view text(Span span) const;
  // "path:line:col"
  std::string where(Span span) const;

  // Reduced texts: every byte outside the ranges `kept` ([begin, end) pairs, ascending) made a
  // space, so that every place keeps its offset and the kept parts can still be quoted. Lines and
  // columns are then unknown: line_col, line_text and where throw TextsNotLoaded.
  void reduce(uint32_t file, std::vector<std::pair<uint32_t, uint32_t>> kept);
  bool reduced(uint32_t file) const { return files_[file].reduced; }
  const std::vector<std::pair<uint32_t, uint32_t>>& kept(uint32_t file) const {
    return files_[file].kept;
  }
  // The whole text of a reduced file, of the same length (the same places): borrowed, as
  // add_borrowed's, or copied.
  void restore_borrowed(uint32_t file, std::string_view text);
  void restore(uint32_t file, std::string text);

 private:
  struct Entry {
    SourceFile file;  // its text empty when borrowed
    const char* borrowed = nullptr;
    size_t borrowed_size = 0;
    bool reduced = false;
    std::vector<std::pair<uint32_t, uint32_t>> kept;  // when reduced
    std::string_view text() const {
      return borrowed ? std::string_view(borrowed, borrowed_size) : std::string_view(file.text);
    }
  };
  std::vector<Entry> files_;
  // Each file's line starts, found on first need (line_col, line_text): the WebAssembly module
  // loads some 90 files of which an answer places things in a few, and going through every byte
  // at load was a part of its start.
  struct Lines {
    std::once_flag found;
    std::vector<uint32_t> starts;
  };
  std::vector<std::unique_ptr<Lines>> lines_;
  const std::vector<uint32_t>& line_starts(uint32_t file) const;
};

struct Note {
  Span span;
  bool has_span = false;
  std::string message;
};

struct Diagnostic {
  enum class Severity { kError, kWarning };
  Severity severity = Severity::kError;
  Span span;
  std::string message;
  std::vector<Note> notes;
};

// Renders one diagnostic as "path:line:col: error: message", the source line, a caret under the
// span, then each note the same way.
std::string render(const SourceSet& sources, const Diagnostic& diagnostic);
std::string render_all(const SourceSet& sources, const std::vector<Diagnostic>& diagnostics);

// Appends to a list of diagnostics; shared by the parser and the checker.
class DiagnosticSink {
 public:
  Diagnostic& error(Span span, std::string message);
  Diagnostic& warning(Span span, std::string message);
  bool has_errors() const { return errors_ > 0; }
  std::vector<Diagnostic>& list() { return list_; }
  const std::vector<Diagnostic>& list() const { return list_; }

 private:
  std::vector<Diagnostic> list_;
  size_t errors_ = 0;
};

// Closest name by edit distance among candidates, for "did you mean …?" notes; empty if none is
// close enough.
std::string closest_name(std::string_view name, const std::vector<std::string_view>& candidates);

}  // namespace mesaides
