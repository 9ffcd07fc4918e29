// « May fail with a message »: a value, or why there is none — the shape of C++23's
// std::expected, which C++17 (and the WebAssembly toolchain's library) lacks.
//
//   Result<Date> parse(...) { if (bad) return fail("month 13 does not exist"); return date; }
//   auto d = parse(...); if (!d) report(d.error()); else use(*d);
#pragma once

#include <string>
#include <utility>
#include <variant>

namespace mesaides {

// Why a Result holds no value; built by fail().
template <typename E>
struct Failure {
  E error;
};

template <typename E>
Failure<E> fail(E error) {
  return {std::move(error)};
}
inline Failure<std::string> fail(const char* message) { return {message}; }

template <typename T, typename E = std::string>
class [[nodiscard]] Result {
 public:
  Result(T value) : state_(std::in_place_index<0>, std::move(value)) {}  // NOLINT: implicit
  template <typename F>
  Result(Failure<F> failure)  // NOLINT(google-explicit-constructor): `return fail(...)`
      : state_(std::in_place_index<1>, E(std::move(failure.error))) {}

  bool ok() const { return state_.index() == 0; }
  explicit operator bool() const { return ok(); }
  T& operator*() { return std::get<0>(state_); }
  const T& operator*() const { return std::get<0>(state_); }
  T* operator->() { return &std::get<0>(state_); }
  const T* operator->() const { return &std::get<0>(state_); }
  const E& error() const { return std::get<1>(state_); }
  E& error() { return std::get<1>(state_); }

 private:
  std::variant<T, E> state_;
};

}  // namespace mesaides
