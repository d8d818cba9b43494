// The audit log's routes: read, verify, export, anchor (the audit administrator only).
#pragma once

#include <filesystem>

#include "platform/crypto/gm_crypto.hpp"
#include "platform/http/route.hpp"
#include "platform/storage/db.hpp"

namespace zx::audit {

// Where signed heads of the chain go (audit_seal.hpp); no signer: anchoring is off.
struct Anchoring {
    const gm::Sm2KeyPair* signer = nullptr;
    std::filesystem::path file;
};

http::RouteTable routes(db::Database& db, const Anchoring& anchoring = {});

}  // namespace zx::audit
