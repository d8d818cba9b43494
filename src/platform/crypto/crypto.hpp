// Hashes and random tokens (OpenSSL for SHA-256 and HMAC-SHA256, libsodium for randomness and argon2id).
#pragma once

#include <string>
#include <string_view>

namespace zx {

std::string sha256_hex(std::string_view data);
// HMAC-SHA256 (RFC 2104) of `data` under `key`, as lower-case hex (64 characters). Any key length
// (RFC 4231); "" only if OpenSSL fails (a key over 2 GiB).
std::string hmac_sha256_hex(std::string_view key, std::string_view data);
// Incremental SHA-256 for content hashes of large snapshots.
class Sha256 {
  public:
    Sha256();
    ~Sha256();
    Sha256(const Sha256&) = delete;
    Sha256& operator=(const Sha256&) = delete;
    void update(std::string_view data);
    std::string hex();  // finishes; call once

  private:
    void* ctx_;
};
// `bytes` random bytes as base64url without padding.
std::string random_token(std::size_t bytes = 32);
// `bytes` random bytes as lower-case hex.
std::string random_token_hex(std::size_t bytes);
// argon2id (libsodium crypto_pwhash_str, moderate limits). Empty on failure (out of memory).
std::string hash_password(std::string_view password);
bool verify_password(const std::string& stored_hash, std::string_view password);
// Constant-time equality.
bool equal_constant_time(std::string_view a, std::string_view b);

}  // namespace zx
