// Anchoring the audit chain outside the database (issue 8, item 20). The hash chain alone is
// unkeyed: whoever can write the table past its triggers can recompute it. So
//   1. entries are chained with HMAC-SM3 under a key kept in a file, not in the database
//      (hashes "hmac-sm3:<hex>"); entries from before the key keep their SHA-256 hashes, and the first
//      keyed entry's HMAC covers the last of them, so they are protected from then on. An unkeyed
//      entry after a keyed one is a break (no downgrade);
//   2. the head of the chain (last id, last hash, time) is signed with SM2 and appended as one line
//      to an anchor file the operator can copy elsewhere; a rewritten chain no longer matches the
//      signed heads, and a forged line has no valid signature.
// The key file holds both keys (HMAC key, SM2 PEM), created on first use with mode 0600.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "core/status.hpp"
#include "platform/crypto/gm_crypto.hpp"
#include "platform/storage/db.hpp"

namespace zx {

struct AuditKeys {
    std::string hmac_key;
    gm::Sm2KeyPair signer;
};

// Reads `file`, or creates it (0600, both keys fresh) when it does not exist.
Result<AuditKeys> load_or_create_audit_keys(const std::filesystem::path& file);

// The HMAC key every later append_audit and verification uses ("" turns keying off). Set once at
// start-up, before requests are served; thread-safe.
void set_audit_hmac_key(std::string key);

// Signs the current head of the chain and appends it to `file` (created 0600). Returns the line.
Result<std::string> append_audit_anchor(db::Database& db, const gm::Sm2KeyPair& signer,
                                        const std::filesystem::path& file, std::int64_t now);

struct AnchorFailure {
    int line = 0;
    std::string reason;  // "malformed", "signature", "missing_entry", "hash_mismatch"
};
struct AnchorReport {
    int checked = 0;  // lines read
    std::int64_t latest_id = 0;
    std::vector<AnchorFailure> failures;
};
// Checks every line of `file` (absent: nothing checked): its signature, and that the entry it names
// still has the hash it signed.
Result<AnchorReport> verify_audit_anchors(db::Database& db, const gm::Sm2KeyPair& signer,
                                          const std::filesystem::path& file);

}  // namespace zx
