#include "platform/http/static_files.hpp"

#include <fstream>
#include <optional>
#include <sstream>
#include <string_view>
#include <system_error>
#include <unordered_map>
#include <vector>

#include "platform/http/request_helpers.hpp"

namespace zx::http::internal {

namespace fs = std::filesystem;

std::string content_type_for(const fs::path& p) {
    static const std::unordered_map<std::string, std::string> kTypes = {
        {".html", "text/html; charset=utf-8"},
        {".htm", "text/html; charset=utf-8"},
        {".js", "text/javascript; charset=utf-8"},
        {".mjs", "text/javascript; charset=utf-8"},
        {".css", "text/css; charset=utf-8"},
        {".svg", "image/svg+xml"},
        {".png", "image/png"},
        {".jpg", "image/jpeg"},
        {".jpeg", "image/jpeg"},
        {".gif", "image/gif"},
        {".webp", "image/webp"},
        {".ico", "image/x-icon"},
        {".woff2", "font/woff2"},
        {".woff", "font/woff"},
        {".json", "application/json; charset=utf-8"},
        {".map", "application/json; charset=utf-8"},
        {".webmanifest", "application/manifest+json"},
        {".txt", "text/plain; charset=utf-8"},
        {".wasm", "application/wasm"},
    };
    auto it = kTypes.find(to_lower(p.extension().string()));
    return it == kTypes.end() ? "application/octet-stream" : it->second;
}

bool accepts_gzip(std::string_view accept_encoding) {
    // "gzip, deflate, br" / "gzip;q=0" / "*": tokens separated by commas, each with an optional q.
    while (!accept_encoding.empty()) {
        const auto comma = accept_encoding.find(',');
        std::string_view item = accept_encoding.substr(0, comma);
        accept_encoding = comma == std::string_view::npos ? std::string_view() : accept_encoding.substr(comma + 1);
        const auto semi = item.find(';');
        std::string coding = to_lower(std::string(item.substr(0, semi)));
        std::erase_if(coding, [](char c) { return c == ' ' || c == '\t'; });
        if (coding != "gzip" && coding != "*") continue;
        if (semi == std::string_view::npos) return true;
        std::string params(item.substr(semi + 1));
        std::erase_if(params, [](char c) { return c == ' ' || c == '\t'; });
        // q=0 (or 0.0, 0.00, 0.000) refuses it; any other weight accepts.
        if (params.rfind("q=", 0) == 0) {
            const std::string q = params.substr(2);
            return q.find_first_not_of("0.") != std::string::npos;
        }
        return true;
    }
    return false;
}

Response serve_static(const fs::path& static_root, const Request& req) {
    std::vector<std::string> segments;
    bool hidden = false;
    {
        std::string_view rest = req.path;
        while (!rest.empty()) {
            auto slash = rest.find('/');
            std::string_view seg = rest.substr(0, slash);
            rest = slash == std::string_view::npos ? std::string_view() : rest.substr(slash + 1);
            if (seg.empty()) continue;
            if (seg == ".." || seg == "." || seg.find('\\') != std::string_view::npos)
                throw HttpError::bad_request({"非法路径", "invalid path"});
            if (seg.front() == '.') hidden = true;  // .git, .env: never served
            segments.emplace_back(seg);
        }
    }
    // A regular file inside the root after following every symlink, or nothing.
    auto resolve = [&](const fs::path& p) -> std::optional<fs::path> {
        std::error_code ec;
        fs::path c = fs::canonical(p, ec);
        if (ec) return std::nullopt;
        const std::string& root = static_root.native();
        const std::string& s = c.native();
        if (s.size() <= root.size() || s.compare(0, root.size(), root) != 0 || s[root.size()] != '/')
            return std::nullopt;
        if (!fs::is_regular_file(c, ec)) return std::nullopt;
        return c;
    };
    fs::path rel;
    for (const auto& s : segments) rel /= s;
    std::optional<fs::path> file;
    if (!hidden) file = resolve(segments.empty() ? static_root / "index.html" : static_root / rel);
    bool immutable = file && !segments.empty() && segments.front() == "assets";
    if (!file) {
        // A missing hashed asset is a stale page asking for an old build: index.html would only be
        // misread as script, so it is a 404. Any other path is a front-end route.
        if (!segments.empty() && segments.front() == "assets") throw HttpError::not_found();
        file = resolve(static_root / "index.html");
        if (!file) throw HttpError::not_found();
    }

    // The build writes a gzip copy beside each large text file (name.js.gz): served as is to a client
    // that accepts gzip, so that nothing is compressed per request.
    std::optional<fs::path> gz;
    if (accepts_gzip(req.header("accept-encoding"))) gz = resolve(file->string() + ".gz");
    const fs::path& body_file = gz ? *gz : *file;
    std::error_code ec;
    auto size = fs::file_size(body_file, ec);
    auto mtime = fs::last_write_time(body_file, ec);
    if (ec) throw HttpError::internal("stat " + body_file.string() + ": " + ec.message());
    std::ostringstream tag;
    tag << '"' << std::hex << size << '-' << mtime.time_since_epoch().count() << (gz ? "-gz" : "") << '"';
    std::string cache = immutable ? "public, max-age=31536000, immutable" : "no-cache";

    Response r;
    r.content_type = content_type_for(*file);
    r.headers.emplace_back("ETag", tag.str());
    r.headers.emplace_back("Cache-Control", cache);
    r.headers.emplace_back("Vary", "Accept-Encoding");
    if (gz) r.headers.emplace_back("Content-Encoding", "gzip");
    if (req.header("if-none-match") == tag.str()) {
        r.status = 304;
        return r;
    }
    std::ifstream in(body_file, std::ios::binary);
    if (!in) throw HttpError::internal("cannot open " + body_file.string());
    r.body.resize(size);
    in.read(r.body.data(), static_cast<std::streamsize>(size));
    r.body.resize(static_cast<std::size_t>(in.gcount()));
    return r;
}

}  // namespace zx::http::internal
