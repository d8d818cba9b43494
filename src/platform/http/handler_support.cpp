#include "platform/http/handler_support.hpp"

#include <algorithm>
#include <cassert>
#include <iterator>

#include "core/money.hpp"

namespace zx::http {
RequestContext context_of(const Request& req) {
    return {req.remote_ip, req.request_id};
}

namespace {
constexpr StatusMapping kStatusMappings[] = {
    {StatusCode::kOk, 200, "ok", "成功", "ok"},
    {StatusCode::kInvalidArgument, 400, "bad_request", "请求有误", "bad request"},
    {StatusCode::kPolicyError, 400, "bad_request", "政策参数有误", "invalid policy parameters"},
    {StatusCode::kDataError, 422, "validation_failed", "数据校验未通过", "the data failed validation"},
    {StatusCode::kNotFound, 404, "not_found", "不存在", "not found"},
    {StatusCode::kUnauthenticated, 401, "unauthorized", "请先登录", "login required"},
    {StatusCode::kCaptchaRequired, 401, "captcha_required", "请输入正确的验证码", "solve the captcha"},
    {StatusCode::kForbidden, 403, "forbidden", "无权访问", "forbidden"},
    {StatusCode::kConflict, 409, "conflict", "与当前状态冲突", "conflicts with the current state"},
    {StatusCode::kConstraintViolation, 409, "conflict", "与已有数据冲突", "conflicts with existing data"},
    {StatusCode::kTooManyRequests, 429, "too_many_requests", "请求过于频繁，请稍后再试",
     "too many requests, try later"},
    {StatusCode::kIoError, 500, "internal", "服务器内部错误", "internal error"},
    {StatusCode::kInternal, 500, "internal", "服务器内部错误", "internal error"},
};
}  // namespace

std::span<const StatusMapping> status_mappings() {
    return kStatusMappings;
}

const StatusMapping& mapping_of(StatusCode code) {
    for (const StatusMapping& m : kStatusMappings)
        if (m.code == code) return m;
    assert(false && "every StatusCode has a row in kStatusMappings (tests/app/status_mapping_test.cpp)");
    return kStatusMappings[std::size(kStatusMappings) - 1];
}

void check(const Status& s) {
    if (s) return;
    const StatusMapping& m = mapping_of(s.code());
    // A server-side failure answers with the generic text; what happened goes to the log only.
    if (m.http_status >= 500) {
        std::string log = s.text().en;
        if (!s.detail().empty()) log += (log.empty() ? "" : ": ") + s.detail();
        throw HttpError::internal(std::move(log));
    }
    Text text = s.text().empty() ? Text{m.message_zh, m.message_en} : s.text();
    throw HttpError(m.http_status, m.error_code, std::move(text), s.detail());
}

boost::json::object body_object(const Request& req) {
    boost::system::error_code ec;
    boost::json::value v = boost::json::parse(req.body, ec);
    if (ec) throw HttpError::bad_request(Text{"请求体不是有效的JSON：", "body is not valid JSON: "} + ec.message());
    if (!v.is_object()) throw HttpError::bad_request({"请求体应为JSON对象", "body must be a JSON object"});
    return std::move(v.as_object());
}

std::string get_string(const boost::json::object& o, const char* key, bool required) {
    auto it = o.find(key);
    if (it == o.end() || it->value().is_null()) {
        if (required) throw HttpError::bad_request(Text{"缺少字段：", "missing field: "} + key);
        return {};
    }
    if (!it->value().is_string()) throw HttpError::bad_request(Text{"字段应为字符串：", "must be a string: "} + key);
    std::string v(it->value().as_string());
    if (v.find('\0') != std::string::npos)
        throw HttpError::bad_request(Text{"字段含NUL字符：", "contains a NUL character: "} + key);
    return v;
}

std::optional<std::int64_t> get_int(const boost::json::object& o, const char* key) {
    auto it = o.find(key);
    if (it == o.end() || it->value().is_null()) return std::nullopt;
    if (it->value().is_int64()) return it->value().as_int64();
    if (it->value().is_uint64() && it->value().as_uint64() <= static_cast<std::uint64_t>(INT64_MAX))
        return static_cast<std::int64_t>(it->value().as_uint64());
    throw HttpError::bad_request(Text{"字段应为整数：", "must be an integer: "} + key);
}

PageRequest page_of(const Request& req) {
    PageRequest p;
    auto num = [&](const char* name, int def, int lo, int hi) {
        auto v = req.q(name);
        if (!v) return def;
        try {
            std::size_t used = 0;
            const long n = std::stol(*v, &used);
            if (used != v->size()) throw std::invalid_argument("x");
            return static_cast<int>(std::clamp<long>(n, lo, hi));
        } catch (...) {
            throw HttpError::bad_request(Text{"参数应为整数：", "not an integer: "} + name);
        }
    };
    p.page = num("page", 1, 1, kMaxPage);
    p.page_size = num("page_size", kDefaultPageSize, 1, kMaxPageSize);
    return p;
}

std::int64_t path_id(const Request& req, const char* name) {
    auto it = req.params.find(name);
    if (it == req.params.end() || it->second.empty() || it->second.size() > 18 ||
        it->second.find_first_not_of("0123456789") != std::string::npos)
        throw HttpError::not_found();
    return std::stoll(it->second);
}

Response json_response(const boost::json::value& v, int status) {
    return Response::json(boost::json::serialize(v), status);
}

boost::json::value json_opt(const std::optional<std::string>& v) {
    return v ? boost::json::value(*v) : boost::json::value(nullptr);
}

boost::json::value json_opt(const std::optional<std::int64_t>& v) {
    return v ? boost::json::value(*v) : boost::json::value(nullptr);
}

std::string yuan_text(std::int64_t fen) {
    std::string y = format_yuan(fen);
    y.erase(std::remove(y.begin(), y.end(), ','), y.end());
    return y;
}

}  // namespace zx::http
