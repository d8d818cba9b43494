// The files of uploads, kept content-addressed: one row per distinct SHA-256 in upload_files (a
// database table, so several server instances sharing PostgreSQL see the same files), the bytes as
// base64 text (both backends store text; the bytes may be XLSX or any encoding).
// Internal to the module.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/status.hpp"
#include "platform/formats/base64.hpp"
#include "platform/storage/db.hpp"

namespace zx {

// Stores `body` under `sha256` (its SHA-256 in hex) unless a file with that hash is kept already.
Status keep_upload_file(db::Connection& c, std::string_view body, const std::string& sha256, std::int64_t t);

}  // namespace zx
