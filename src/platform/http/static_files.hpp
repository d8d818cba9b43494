// The built web front end served from a directory: MIME types, caching (ETag; a year for the hashed
// files under assets/, no-cache otherwise) and the single-page-application fallback (an unknown path
// outside assets/ gets index.html), and precompressed copies (name.gz, written by the web build) for
// clients that accept gzip. Internal to platform/http.
#pragma once

#include <filesystem>
#include <string>

#include "platform/http/http.hpp"

namespace zx::http::internal {

// The Content-Type for a file by its extension (case-insensitive); application/octet-stream if unknown.
std::string content_type_for(const std::filesystem::path& p);

// Answers GET/HEAD `req` from `static_root` (canonical). Serves only regular files inside the root
// after every symlink is followed, never a path with a hidden segment (.env, .git). Throws HttpError:
// 400 for a "." or ".." segment or a backslash, 404 for a missing file under assets/ or when there is
// no index.html, 500 when a file cannot be read. Answers 304 when If-None-Match carries the ETag.
// A file with a `.gz` sibling inside the root is answered with the sibling's bytes and
// Content-Encoding: gzip when Accept-Encoding allows gzip (a distinct ETag; Vary: Accept-Encoding).
Response serve_static(const std::filesystem::path& static_root, const Request& req);

// Whether an Accept-Encoding header value accepts gzip ("gzip", "*", not "gzip;q=0").
bool accepts_gzip(std::string_view accept_encoding);

}  // namespace zx::http::internal
