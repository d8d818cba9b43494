// National (GM/T) cryptography through Debian's OpenSSL 3.0 default provider: SM3 hashing, PBKDF2-
// HMAC-SM3 password verifiers, SM4 encryption of sensitive fields at rest, and SM2 decryption of
// login passwords encrypted in the browser (sm-crypto's C1C3C2 format). All functions are
// thread-safe and never throw; failures come back as Status / nullopt.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/status.hpp"

namespace zx::gm {

// SM3 digest (GM/T 0004-2012) as lower-case hex.
std::string sm3_hex(std::string_view data);
// HMAC-SM3 as raw bytes.
std::string hmac_sm3(std::string_view key, std::string_view data);
// PBKDF2 with HMAC-SM3 (RFC 8018 construction), `length` raw bytes. Empty when iterations or length
// is 0 or above INT32_MAX (OpenSSL's limits).
std::string pbkdf2_sm3(std::string_view password, std::string_view salt, std::uint32_t iterations, std::size_t length);

// Password verifiers "$pbkdf2-sm3$i=<iterations>$<salt b64>$<hash b64>" (16-byte random salt, 32-byte
// hash, iterations default 100000 — the work factor). Base64 is the standard alphabet without '='
// padding (22 and 43 characters). hash returns "" if iterations is outside 1000..10,000,000 or no
// randomness is available. verify and is_sm3_password_hash accept only that exact shape (iterations
// in range, no leading zeros, canonical base64, exact lengths); verify is constant-time in the hash
// compare and false for anything malformed.
std::string sm3_password_hash(std::string_view password, std::uint32_t iterations = 100000);
bool sm3_password_verify(const std::string& stored, std::string_view password);
bool is_sm3_password_hash(std::string_view stored);

// SM4 field encryption with a 16-byte master key: "sm4ctr-hmac:<b64 iv>:<b64 ciphertext||tag>".
// Debian bookworm's OpenSSL 3.0 has no SM4-GCM (added in 3.2), so this is encrypt-then-MAC: SM4-CTR
// with a random 16-byte IV under HMAC-SM3(master, "zhenxing/field/sm4-ctr-key")[0..16), and a 32-byte
// HMAC-SM3 tag under HMAC-SM3(master, "zhenxing/field/hmac-sm3-key") over "sm4ctr-hmac:" ||
// u64be(len aad) || aad || iv || ciphertext. Base64 as above (standard, unpadded). `aad` binds the
// value to its record, e.g. "enterprise:<uscc>:phone"; decrypt returns a data error, and no
// plaintext, if the key, the aad or any byte differs.
class FieldCipher {
  public:
    // The key comes from the operator (hex, 32 characters); an empty or all-zero key is refused.
    static Result<FieldCipher> from_hex(std::string_view hex_key);
    Result<std::string> encrypt(std::string_view plaintext, std::string_view aad) const;
    Result<std::string> decrypt(std::string_view sealed, std::string_view aad) const;

  private:
    std::string key_;  // 16 raw bytes
};

// SM4 block primitive (ECB, one 16-byte block), exposed for the published test vector.
std::string sm4_encrypt_block(std::string_view key16, std::string_view block16);

// An SM2 key pair for decrypting login passwords sent from the browser.
class Sm2KeyPair {
  public:
    Sm2KeyPair();
    ~Sm2KeyPair();
    Sm2KeyPair(Sm2KeyPair&&) noexcept;
    Sm2KeyPair& operator=(Sm2KeyPair&&) noexcept;
    Sm2KeyPair(const Sm2KeyPair&) = delete;
    Sm2KeyPair& operator=(const Sm2KeyPair&) = delete;

    static Result<Sm2KeyPair> generate();
    // From / to a PEM private key (PKCS#8).
    static Result<Sm2KeyPair> from_pem(std::string_view pem);
    Result<std::string> private_pem() const;
    // The public key as sm-crypto expects it: "04" + X + Y in hex (130 characters).
    std::string public_hex() const;
    // Decrypts sm-crypto output: hex of C1 (with or without the 04 prefix) || C3 (32) || C2, mode
    // C1C3C2 (sm-crypto's default, cipherMode 1). Also accepts ASN.1 DER (OpenSSL's format), hex.
    Result<std::string> decrypt_hex(std::string_view ciphertext_hex) const;
    // Encrypts to the C1C3C2 hex format without the 04 prefix, exactly what sm-crypto's doEncrypt
    // returns and its doDecrypt reads (for tests and tools).
    Result<std::string> encrypt_hex(std::string_view plaintext) const;
    // SM2 signature with SM3 (GM/T 0009, the default identity "1234567812345678"), DER as hex.
    Result<std::string> sign_hex(std::string_view message) const;
    // False for a wrong, altered or malformed signature (never an error).
    bool verify_hex(std::string_view message, std::string_view signature_hex) const;
    bool empty() const { return pkey_ == nullptr; }

  private:
    void* pkey_ = nullptr;  // EVP_PKEY*
};

}  // namespace zx::gm
