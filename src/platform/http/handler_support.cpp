#include "platform/http/handler_support.hpp"

#include <algorithm>

#include "core/money.hpp"

namespace zx::http {
RequestContext context_of(const Request& req) {
    return {req.remote_ip, req.request_id};
}

// Database failures carry SQL or driver text: never for the client, whatever their code.
bool from_database(const Status& s) {
    const std::string& m = s.message();
    return m.find("[SQL: ") != std::string::npos || m.rfind("SQLite", 0) == 0 || m.rfind("PostgreSQL", 0) == 0 ||
           m.rfind("COPY", 0) == 0 || m.rfind("bulk_insert", 0) == 0 || m.rfind("transaction rolled back", 0) == 0;
}

void check(const Status& s) {
    if (s) return;
    if (from_database(s)) throw HttpError::internal(s.message());
    switch (s.code()) {
        case StatusCode::kInvalidArgument:
        case StatusCode::kPolicyError:
            throw HttpError::bad_request(s.message());
        case StatusCode::kDataError:
            throw HttpError::unprocessable(s.message());
        case StatusCode::kNotFound:
            throw HttpError::not_found(s.message());
        case StatusCode::kUnauthenticated:
            throw HttpError::unauthorized(s.message());
        case StatusCode::kForbidden:
            throw HttpError::forbidden(s.message().empty() ? "无权访问 / forbidden" : s.message());
        case StatusCode::kConflict:
            throw HttpError::conflict(s.message());
        case StatusCode::kTooManyRequests:
            throw HttpError::too_many(s.message());
        case StatusCode::kIoError:
        case StatusCode::kInternal:
        case StatusCode::kOk:
            break;
    }
    throw HttpError::internal(s.message());
}

boost::json::object body_object(const Request& req) {
    boost::system::error_code ec;
    boost::json::value v = boost::json::parse(req.body, ec);
    if (ec) throw HttpError::bad_request("请求体不是有效的JSON / body is not valid JSON: " + ec.message());
    if (!v.is_object()) throw HttpError::bad_request("请求体应为JSON对象 / body must be a JSON object");
    return std::move(v.as_object());
}

std::string get_string(const boost::json::object& o, const char* key, bool required) {
    auto it = o.find(key);
    if (it == o.end() || it->value().is_null()) {
        if (required) throw HttpError::bad_request(std::string("缺少字段 / missing field: ") + key);
        return {};
    }
    if (!it->value().is_string())
        throw HttpError::bad_request(std::string("字段应为字符串 / must be a string: ") + key);
    std::string v(it->value().as_string());
    if (v.find('\0') != std::string::npos)
        throw HttpError::bad_request(std::string("字段含NUL字符 / contains a NUL character: ") + key);
    return v;
}

std::optional<std::int64_t> get_int(const boost::json::object& o, const char* key) {
    auto it = o.find(key);
    if (it == o.end() || it->value().is_null()) return std::nullopt;
    if (it->value().is_int64()) return it->value().as_int64();
    if (it->value().is_uint64() && it->value().as_uint64() <= static_cast<std::uint64_t>(INT64_MAX))
        return static_cast<std::int64_t>(it->value().as_uint64());
    throw HttpError::bad_request(std::string("字段应为整数 / must be an integer: ") + key);
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
            throw HttpError::bad_request(std::string("参数应为整数 / not an integer: ") + name);
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
