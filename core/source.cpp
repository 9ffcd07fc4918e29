// Source files, line tables and diagnostic rendering (see source.h).
#include "source.h"

#include <algorithm>
#include <iterator>

namespace mesaides {

uint32_t SourceSet::add(SourceFile file) {
  files_.push_back({std::move(file), nullptr, 0, false, {}});
  lines_.push_back(std::make_unique<Lines>());
  return static_cast<uint32_t>(files_.size() - 1);
}

uint32_t SourceSet::add_borrowed(std::string path, std::string_view text) {
  files_.push_back({SourceFile{std::move(path), {}}, text.data(), text.size(), false, {}});
  lines_.push_back(std::make_unique<Lines>());
  return static_cast<uint32_t>(files_.size() - 1);
}

const std::vector<uint32_t>& SourceSet::line_starts(uint32_t file) const {
  if (file == kFileApart || files_[file].reduced) throw TextsNotLoaded();
  Lines& lines = *lines_[file];
  std::call_once(lines.found, [&] {
    const std::string_view text = files_[file].text();
    lines.starts.push_back(0);
    for (size_t eol = text.find('\n'); eol != std::string_view::npos;
         eol = text.find('\n', eol + 1))
      lines.starts.push_back(static_cast<uint32_t>(eol + 1));
  });
  return lines.starts;
}

LineCol SourceSet::line_col(uint32_t file, uint32_t offset) const {
  const auto& starts = line_starts(file);
  auto it = std::upper_bound(starts.begin(), starts.end(), offset);
  uint32_t line = static_cast<uint32_t>(it - starts.begin());  // 1-based
  uint32_t start = starts[line - 1];
  const std::string_view text = files_[file].text();
  uint32_t col = 1;
  for (uint32_t i = start; i < offset && i < text.size(); ++i) {
    // Count code points: skip UTF-8 continuation bytes.
    if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) ++col;
  }
  return {line, col};
}

std::string_view SourceSet::line_text(uint32_t file, uint32_t line) const {
  const auto& starts = line_starts(file);
  const std::string_view text = files_[file].text();
  if (line == 0 || line > starts.size()) return {};
  uint32_t begin = starts[line - 1];
  uint32_t end = line < starts.size() ? starts[line] - 1 : static_cast<uint32_t>(text.size());
  if (end > begin && text[end - 1] == '\r') --end;
  return text.substr(begin, end - begin);
}

std::string_view SourceSet::text(Span span) const {
  if (span.file == kFileApart) throw TextsNotLoaded();
  const Entry& f = files_[span.file];
  const std::string_view text = f.text();
  uint32_t end = std::min<uint32_t>(span.end, static_cast<uint32_t>(text.size()));
  uint32_t begin = std::min(span.begin, end);
  if (f.reduced) {
    // The last kept range that starts at or before the span must hold it whole.
    auto after = std::upper_bound(f.kept.begin(), f.kept.end(), std::make_pair(begin, UINT32_MAX));
    if (after == f.kept.begin() || std::prev(after)->second < end) throw TextsNotLoaded();
  }
  return text.substr(begin, end - begin);
}

void SourceSet::reduce(uint32_t file, std::vector<std::pair<uint32_t, uint32_t>> kept) {
  files_[file].reduced = true;
  files_[file].kept = std::move(kept);
}

void SourceSet::restore_borrowed(uint32_t file, std::string_view text) {
  Entry& f = files_[file];
  f.file.text.clear();
  f.borrowed = text.data();
  f.borrowed_size = text.size();
  f.reduced = false;
  f.kept.clear();
}

void SourceSet::restore(uint32_t file, std::string text) {
  Entry& f = files_[file];
  f.file.text = std::move(text);
  f.borrowed = nullptr;
  f.borrowed_size = 0;
  f.reduced = false;
  f.kept.clear();
}

std::string SourceSet::where(Span span) const {
  LineCol lc = line_col(span.file, span.begin);
  return files_[span.file].file.path + ":" + std::to_string(lc.line) + ":" + std::to_string(lc.col);
}

namespace {

void render_excerpt(const SourceSet& sources, Span span, std::string& out) {
  LineCol lc = sources.line_col(span.file, span.begin);
  std::string_view line = sources.line_text(span.file, lc.line);
  out += "    ";
  out += line;
  out += "\n    ";
  // Width of the marker: the span's code points on this line, at least one.
  LineCol end_lc = sources.line_col(span.file, std::max(span.begin, span.end));
  uint32_t width = 1;
  if (end_lc.line == lc.line && end_lc.col > lc.col) width = end_lc.col - lc.col;
  uint32_t col = 1;
  for (size_t i = 0; i < line.size() && col < lc.col; ++i) {
    if ((static_cast<unsigned char>(line[i]) & 0xC0) == 0x80) continue;
    out += line[i] == '\t' ? '\t' : ' ';
    ++col;
  }
  out += '^';
  for (uint32_t i = 1; i < width; ++i) out += '~';
  out += '\n';
}

}  // namespace

std::string render(const SourceSet& sources, const Diagnostic& d) {
  std::string out = sources.where(d.span);
  out += d.severity == Diagnostic::Severity::kError ? ": error: " : ": warning: ";
  out += d.message;
  out += '\n';
  render_excerpt(sources, d.span, out);
  for (const Note& note : d.notes) {
    if (note.has_span) {
      out += sources.where(note.span) + ": note: " + note.message + "\n";
      render_excerpt(sources, note.span, out);
    } else {
      out += "  note: " + note.message + "\n";
    }
  }
  return out;
}

std::string render_all(const SourceSet& sources, const std::vector<Diagnostic>& diagnostics) {
  std::string out;
  for (const Diagnostic& d : diagnostics) out += render(sources, d);
  return out;
}

Diagnostic& DiagnosticSink::error(Span span, std::string message) {
  ++errors_;
  list_.push_back({Diagnostic::Severity::kError, span, std::move(message), {}});
  return list_.back();
}

Diagnostic& DiagnosticSink::warning(Span span, std::string message) {
  list_.push_back({Diagnostic::Severity::kWarning, span, std::move(message), {}});
  return list_.back();
}

namespace {

size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<size_t> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t diagonal = row[0];
    row[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

}  // namespace

std::string closest_name(std::string_view name, const std::vector<std::string_view>& candidates) {
  std::string_view best;
  size_t best_distance = std::max<size_t>(2, name.size() / 3) + 1;
  for (std::string_view candidate : candidates) {
    size_t d = edit_distance(name, candidate);
    if (d < best_distance) {
      best_distance = d;
      best = candidate;
    }
  }
  return std::string(best);
}

}  // namespace mesaides
