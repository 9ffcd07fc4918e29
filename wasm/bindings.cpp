// The WebAssembly boundary: the only C++ file that knows Embind.
//
// JavaScript creates one `Engine`, once. Its constructor loads the rules embedded in the module
// (packed rules, see embedded_rules.h and packed_rules.h), or other packed rules given as bytes
// (written by `mesaides pack`: for tests, and for partners who ship their own rules). The module
// holds no parser and no checker: rule text is checked natively (`mesaides check`, `pack`). Every
// method takes and returns JSON text, so no object graph crosses the boundary and nothing needs
// `.delete()` but the engine itself.
//
// The embedded rules have their texts apart (core/packed_rules.h): an answer that quotes them
// (explanations, traces, the parameters' listing, a runtime error) is
//   {"ok": false, "error": {"kind": "texts_needed", "message": "..."}}
// until loadTexts is given mesaides_engine_texts.bin (the JavaScript does it, then asks again).
//
// Nothing escapes: every method catches everything and answers
//   {"ok": false, "error": {"kind": "internal", "message": "..."}}
// and when the rules did not load (bytes that are not packed rules, or malformed ones), every
// method answers
//   {"ok": false, "error": {"kind": "rules", "message": "..."}}
#include <emscripten/bind.h>
#include <emscripten/val.h>

#include <algorithm>
#include <cstdint>
#include <exception>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "api.h"
#include "embedded_rules.h"
#include "json_text.h"
#include "load_arena.h"
#include "packed_rules.h"
#include "program.h"

namespace mesaides {
namespace {

using nlohmann::json;

// ASCII, as the answers of compute (json_text.h: a page decodes and parses it faster).
std::string to_text(const json& value) { return json_text::dump(value); }

std::string error_text(const char* kind, const std::string& message) {
  return to_text({{"ok", false}, {"error", {{"kind", kind}, {"message", message}}}});
}

std::string internal_error(const char* what) {
  // Built by hand: it must not fail even when the JSON library is what threw (e.g. out of memory).
  try {
    return error_text("internal", std::string("internal error in the engine: ") + what);
  } catch (...) {
    return R"({"error":{"kind":"internal","message":"internal error in the engine"},"ok":false})";
  }
}

class Engine {
 public:
  Engine() {
    // The module's rules load into about 4.5 times their packed size (4 MB for 0.9 MB: the rule
    // texts, packed as their kept ranges only, are made again their whole length): a block of 5
    // times leaves room for rules that grow (beyond it, malloc again).
    const std::string_view rules = embedded_rules_bundle();
    LoadArena arena(5 * rules.size());
    load(rules, PackedOrigin::kThisBuild, PackedText::kBorrowed);  // the module's data: never freed
  }
  explicit Engine(const std::string& packed) {
    load(packed, PackedOrigin::kOutside, PackedText::kCopied);
  }

  // A request as `mesaides batch` takes it: {"situation", "period", "variables", "benefits",
  // "explain", "trace"} → the result, byte for byte what the native CLI prints.
  std::string compute(const std::string& request) const {
    return guarded([&](const Program& p) { return handle_request_text(p, request); });
  }

  // The same answer as UTF-8 bytes, kept in the engine until the next call and shown to JavaScript
  // without a copy (a Uint8Array over the module's memory, to decode at once): Embind's string
  // conversion looks at every byte of a 200 KB answer in JavaScript, a fifth of a computation.
  emscripten::val compute_utf8(const std::string& request) {
    answer_into_room(request);
    return emscripten::val(emscripten::typed_memory_view(
        answer_.size(), reinterpret_cast<const unsigned char*>(answer_.data())));
  }

  // The same, the request's bytes written by JavaScript straight into the module's memory
  // (TextEncoder.encodeInto) and the answer read from it: neither crosses Embind's string
  // conversion (a copy made byte by byte in JavaScript, a malloc and a free). request_buffer(n)
  // gives the address of room for at least n bytes, 0 beyond what a request may be (then
  // computeUtf8): the same room until a larger one is asked for, so that a caller asks once for
  // request after request. compute_buffer(n) computes the first n bytes written there and gives
  // the answer's byte count, its bytes at answer_address() until the next call; the address and
  // the count are also the two 32-bit numbers at answer_info_address(), read without a call (each
  // call through Embind costs about as much as reading a small household).
  uintptr_t request_buffer(size_t n) {
    if (n > 3 * kMaxRequestBytes) return 0;
    if (request_.size() < n) request_.resize(n);
    return reinterpret_cast<uintptr_t>(request_.data());
  }
  size_t compute_buffer(size_t n) {
    answer_into_room(std::string_view(request_.data(), std::min(n, request_.size())));
    answer_info_[0] = static_cast<uint32_t>(reinterpret_cast<uintptr_t>(answer_.data()));
    answer_info_[1] = static_cast<uint32_t>(answer_.size());
    return answer_.size();
  }
  uintptr_t answer_address() const { return reinterpret_cast<uintptr_t>(answer_.data()); }
  uintptr_t answer_info_address() const { return reinterpret_cast<uintptr_t>(answer_info_); }
  // Where the last answer's benefit lines lie (handle_request_text's `cuts`: the offsets of the
  // benefits array's '[', of each line, of its ']'), for compute() to parse a long answer in pieces
  // of less than 128 KB: answer_cuts_count() 32-bit numbers at answer_cuts_address(), none when
  // the answer has no benefits array.
  uintptr_t answer_cuts_address() const { return reinterpret_cast<uintptr_t>(cuts_.data()); }
  size_t answer_cuts_count() const { return cuts_.size(); }

  // The rule texts apart, as `mesaides pack --texts` wrote them with the rules loaded: {"ok":
  // true}, or {"ok": false, "error": {"kind": "texts", "message"}} for other bytes (the engine is
  // left as it was). Kept for the engine's life: the texts are read where they lie.
  std::string load_texts(const std::string& bytes) {
    return guarded([&](const Program&) {
      if (!program_->texts_pending) return std::string(R"({"ok":true})");
      if (!is_packed_texts(bytes)) {
        return error_text("texts",
                          "these bytes are not the rule texts `mesaides pack --texts` "
                          "writes (mesaides_engine_texts.bin)");
      }
      auto kept = std::make_unique<const std::string>(bytes);
      try {
        load_packed_texts(*program_, *kept, rules_digest_, PackedText::kBorrowed);
      } catch (const std::runtime_error& e) {
        return error_text("texts", e.what());
      }
      texts_ = std::move(kept);
      return std::string(R"({"ok":true})");
    });
  }
  // Whether the rules' texts are apart and not loaded yet.
  bool texts_pending() const { return program_ && program_->texts_pending; }

  // {"ok": true, "engine_version", "law_date", "variables", "parameters", "benefits", "rule_files",
  //  "rules_digest"}
  std::string info() const {
    return guarded([this](const Program& p) {
      json out = describe_program(p);
      out["ok"] = true;
      out["rules_digest"] = rules_digest_;
      return to_text(out);
    });
  }

  // `texts` false (the inputs only): without their references, at once (describe_variables).
  std::string variables(bool inputs_only, bool texts) const {
    return guarded([inputs_only, texts](const Program& p) {
      return listing("variables", describe_variables(p, inputs_only, texts));
    });
  }

  // `texts`: with what only a description shows (institutions, descriptions, links, references,
  // meta), which come with the rule texts (texts_needed until they are loaded); without, what the
  // answers' lines need to be named, at once.
  std::string benefits(bool texts) const {
    return guarded([texts](const Program& p) {
      std::string out = R"({"benefits":)";  // (keys in order, as to_text writes them)
      describe_benefits_text(out, p, texts);
      out += R"(,"ok":true})";
      return out;
    });
  }

  std::string parameters() const {
    return guarded([](const Program& p) { return listing("parameters", describe_parameters(p)); });
  }

 private:
  std::shared_ptr<Program> program_;          // (load_texts completes it)
  std::unique_ptr<const std::string> texts_;  // load_texts' bytes, which it reads in place
  std::string load_error_;                    // the answer to every call when program_ is null
  std::string rules_digest_;
  std::string answer_;                // compute_utf8's and compute_buffer's last answer
  std::vector<uint32_t> cuts_;        // where its benefit lines lie
  std::string request_;               // request_buffer's room
  uint32_t answer_info_[2] = {0, 0};  // compute_buffer's answer: address, byte count

  void load(std::string_view packed, PackedOrigin origin, PackedText text) {
    try {
      if (!is_packed_rules(packed)) {
        load_error_ = error_text(
            "rules",
            "these bytes are not packed rules: the module loads the rules as `mesaides pack` "
            "writes them (it neither parses nor checks rule text; `mesaides check` does)");
        return;
      }
      program_ = load_packed_program(packed, &rules_digest_, origin, text);
    } catch (const std::runtime_error& e) {
      program_ = nullptr;
      load_error_ = error_text("rules", e.what());  // malformed packed rules: where, and why
    } catch (const std::exception& e) {
      program_ = nullptr;
      load_error_ = internal_error(e.what());
    } catch (...) {
      program_ = nullptr;
      load_error_ = internal_error("unknown exception while loading the rules");
    }
  }

  // The answer to `request` written into the previous answer's room (a household's is a few
  // hundred KB), unless an exceptional request left megabytes there.
  void answer_into_room(std::string_view request) {
    if (answer_.capacity() > (size_t{8} << 20)) std::string().swap(answer_);
    cuts_.clear();  // (no rules loaded: the body below does not run)
    guarded_into(answer_, [this, &request](const Program& p, std::string& out) {
      try {
        handle_request_text(p, request, out, cuts_);
      } catch (...) {
        cuts_.clear();  // the answer becomes an internal error's: no line to point at
        throw;
      }
    });
  }

  static std::string listing(const char* key, json list) {
    return to_text({{"ok", true}, {key, std::move(list)}});
  }

  // body(program, out) writes the answer into `out`.
  template <typename Body>
  void guarded_into(std::string& out, Body&& body) const {
    try {
      if (!program_) {
        out = load_error_;
        return;
      }
      body(*program_, out);
    } catch (const TextsNotLoaded& e) {
      out = error_text("texts_needed", e.what());
    } catch (const std::exception& e) {
      out = internal_error(e.what());
    } catch (...) {
      out = internal_error("unknown exception");
    }
  }

  template <typename Body>
  std::string guarded(Body&& body) const {
    std::string out;
    guarded_into(out, [&body](const Program& p, std::string& o) { o = body(p); });
    return out;
  }
};

}  // namespace
}  // namespace mesaides

EMSCRIPTEN_BINDINGS(mesaides) {
  emscripten::class_<mesaides::Engine>("Engine")
      .constructor<>()
      .constructor<const std::string&>()
      .function("compute", &mesaides::Engine::compute)
      .function("computeUtf8", &mesaides::Engine::compute_utf8)
      .function("requestBuffer", &mesaides::Engine::request_buffer)
      .function("computeBuffer", &mesaides::Engine::compute_buffer)
      .function("answerAddress", &mesaides::Engine::answer_address)
      .function("answerInfoAddress", &mesaides::Engine::answer_info_address)
      .function("answerCutsAddress", &mesaides::Engine::answer_cuts_address)
      .function("answerCutsCount", &mesaides::Engine::answer_cuts_count)
      .function("info", &mesaides::Engine::info)
      .function("variables", &mesaides::Engine::variables)
      .function("benefits", &mesaides::Engine::benefits)
      .function("parameters", &mesaides::Engine::parameters)
      .function("loadTexts", &mesaides::Engine::load_texts)
      .function("textsPending", &mesaides::Engine::texts_pending);
}
