// Status and Result<T>: expected failures (bad file, bad row, bad policy) travel as values with a
// message a user can act on. Programmer errors assert instead.
#pragma once

#include <cassert>
#include <string>
#include <utility>
#include <variant>

namespace zx {

enum class StatusCode {
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
};

class Status {
  public:
    Status() = default;
    Status(StatusCode code, std::string message) : code_(code), message_(std::move(message)) {}

    static Status ok() { return {}; }
    static Status invalid(std::string m) { return {StatusCode::kInvalidArgument, std::move(m)}; }
    static Status not_found(std::string m) { return {StatusCode::kNotFound, std::move(m)}; }
    static Status io_error(std::string m) { return {StatusCode::kIoError, std::move(m)}; }
    static Status data_error(std::string m) { return {StatusCode::kDataError, std::move(m)}; }
    static Status policy_error(std::string m) { return {StatusCode::kPolicyError, std::move(m)}; }
    static Status internal(std::string m) { return {StatusCode::kInternal, std::move(m)}; }
    static Status unauthenticated(std::string m) { return {StatusCode::kUnauthenticated, std::move(m)}; }
    static Status forbidden(std::string m) { return {StatusCode::kForbidden, std::move(m)}; }
    static Status conflict(std::string m) { return {StatusCode::kConflict, std::move(m)}; }
    static Status too_many(std::string m) { return {StatusCode::kTooManyRequests, std::move(m)}; }

    bool is_ok() const { return code_ == StatusCode::kOk; }
    explicit operator bool() const { return is_ok(); }
    StatusCode code() const { return code_; }
    const std::string& message() const { return message_; }

  private:
    StatusCode code_ = StatusCode::kOk;
    std::string message_;
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
