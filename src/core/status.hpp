// Status and Result<T>: expected failures (bad file, bad row, bad policy) travel as values. A Status
// keeps three things apart: a machine code (what the program decides on), the message for the user
// in Chinese and English (Text), and a detail for the log (driver messages, SQL, paths of the server)
// that never reaches a client. Programmer errors assert instead.
#pragma once

#include <array>
#include <cassert>
#include <cstdint>
#include <string>
#include <utility>
#include <variant>

#include "core/text.hpp"

namespace zx {

// New codes go at the end (kAllStatusCodes and the HTTP mapping table in app/support.cpp follow).
enum class StatusCode : std::uint8_t {
    kOk,
    kInvalidArgument,
    kNotFound,
    kIoError,
    kDataError,
    kPolicyError,
    kInternal,
    kUnauthenticated,
    kForbidden,
    kConflict,
    kTooManyRequests,
    kCaptchaRequired,      // login refused until the captcha is solved (a 401 the client answers with one)
    kConstraintViolation,  // the database refused a write: unique, foreign key, check (SQLite, SQLSTATE 23)
};

inline constexpr std::array kAllStatusCodes = {
    StatusCode::kOk,
    StatusCode::kInvalidArgument,
    StatusCode::kNotFound,
    StatusCode::kIoError,
    StatusCode::kDataError,
    StatusCode::kPolicyError,
    StatusCode::kInternal,
    StatusCode::kUnauthenticated,
    StatusCode::kForbidden,
    StatusCode::kConflict,
    StatusCode::kTooManyRequests,
    StatusCode::kCaptchaRequired,
    StatusCode::kConstraintViolation,
};
static_assert(kAllStatusCodes.size() == static_cast<std::size_t>(StatusCode::kConstraintViolation) + 1,
              "kAllStatusCodes lists every StatusCode");

class Status {
  public:
    Status() = default;
    Status(StatusCode code, Text message, std::string detail = {})
        : code_(code), text_(std::move(message)), detail_(std::move(detail)) {}

    static Status ok() { return {}; }
    static Status invalid(Text m, std::string d = {}) {
        return {StatusCode::kInvalidArgument, std::move(m), std::move(d)};
    }
    static Status not_found(Text m, std::string d = {}) { return {StatusCode::kNotFound, std::move(m), std::move(d)}; }
    static Status io_error(Text m, std::string d = {}) { return {StatusCode::kIoError, std::move(m), std::move(d)}; }
    static Status data_error(Text m, std::string d = {}) {
        return {StatusCode::kDataError, std::move(m), std::move(d)};
    }
    static Status policy_error(Text m, std::string d = {}) {
        return {StatusCode::kPolicyError, std::move(m), std::move(d)};
    }
    static Status internal(Text m, std::string d = {}) { return {StatusCode::kInternal, std::move(m), std::move(d)}; }
    static Status unauthenticated(Text m, std::string d = {}) {
        return {StatusCode::kUnauthenticated, std::move(m), std::move(d)};
    }
    static Status forbidden(Text m, std::string d = {}) { return {StatusCode::kForbidden, std::move(m), std::move(d)}; }
    static Status conflict(Text m, std::string d = {}) { return {StatusCode::kConflict, std::move(m), std::move(d)}; }
    static Status too_many(Text m, std::string d = {}) {
        return {StatusCode::kTooManyRequests, std::move(m), std::move(d)};
    }
    static Status captcha_required(Text m, std::string d = {}) {
        return {StatusCode::kCaptchaRequired, std::move(m), std::move(d)};
    }
    static Status constraint_violation(Text m, std::string d = {}) {
        return {StatusCode::kConstraintViolation, std::move(m), std::move(d)};
    }

    bool is_ok() const { return code_ == StatusCode::kOk; }
    explicit operator bool() const { return is_ok(); }
    StatusCode code() const { return code_; }
    // What the user reads (may be empty: the HTTP layer then uses the code's default text).
    const Text& text() const { return text_; }
    // What the log reads: driver messages, SQL excerpts, server paths. Never shown to a client.
    const std::string& detail() const { return detail_; }
    // The user's message in `l`, or the detail when there is no text (a driver failure passed on as is).
    std::string message(Lang l = Lang::kZh) const { return text_.in(l).empty() ? detail_ : text_.in(l); }

    // The same code and detail, the text prefixed in each language ("读取 a.csv：" + text).
    Status with_context(const Text& prefix) const { return {code_, prefix + text_, detail_}; }

  private:
    StatusCode code_ = StatusCode::kOk;
    Text text_;
    std::string detail_;
};

// Either a value or a non-ok Status.
template <typename T>
class Result {
  public:
    Result(T value) : v_(std::move(value)) {}  // NOLINT(google-explicit-constructor)
    Result(Status status) : v_(std::move(status)) { assert(!std::get<Status>(v_).is_ok()); }  // NOLINT

    bool is_ok() const { return std::holds_alternative<T>(v_); }
    explicit operator bool() const { return is_ok(); }
    const Status& status() const {
        static const Status kOk;
        return is_ok() ? kOk : std::get<Status>(v_);
    }
    T& value() & { return std::get<T>(v_); }
    const T& value() const& { return std::get<T>(v_); }
    T&& value() && { return std::get<T>(std::move(v_)); }
    T* operator->() { return &value(); }
    const T* operator->() const { return &value(); }
    T& operator*() & { return value(); }
    const T& operator*() const& { return value(); }

  private:
    std::variant<T, Status> v_;
};

}  // namespace zx
