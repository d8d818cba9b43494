#include "platform/crypto/gm_crypto.hpp"

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/ec.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/obj_mac.h>
#include <openssl/pem.h>
#include <openssl/rand.h>

#include <charconv>
#include <climits>
#include <memory>
#include <string>
#include <utility>

namespace zx::gm {
namespace {

// ---- OpenSSL handles ----------------------------------------------------------------------------

template <auto Free>
struct Deleter {
    template <typename T>
    void operator()(T* p) const {
        Free(p);
    }
};
using CipherCtx = std::unique_ptr<EVP_CIPHER_CTX, Deleter<EVP_CIPHER_CTX_free>>;
using PkeyCtx = std::unique_ptr<EVP_PKEY_CTX, Deleter<EVP_PKEY_CTX_free>>;
using Bio = std::unique_ptr<BIO, Deleter<BIO_free_all>>;
using Bignum = std::unique_ptr<BIGNUM, Deleter<BN_free>>;
using BnCtx = std::unique_ptr<BN_CTX, Deleter<BN_CTX_free>>;
using EcGroup = std::unique_ptr<EC_GROUP, Deleter<EC_GROUP_free>>;
using EcPoint = std::unique_ptr<EC_POINT, Deleter<EC_POINT_free>>;

EVP_PKEY* as_pkey(void* p) {
    return static_cast<EVP_PKEY*>(p);
}

// Fetched once: fetching by name takes a lock and a lookup, and fetched algorithms are immutable and
// safe to share between threads. They live until exit on purpose.
const EVP_MD* sm3_md() {
    static EVP_MD* md = EVP_MD_fetch(nullptr, "SM3", nullptr);
    return md;
}
const EVP_CIPHER* sm4_ecb() {
    static EVP_CIPHER* c = EVP_CIPHER_fetch(nullptr, "SM4-ECB", nullptr);
    return c;
}
const EVP_CIPHER* sm4_ctr() {
    static EVP_CIPHER* c = EVP_CIPHER_fetch(nullptr, "SM4-CTR", nullptr);
    return c;
}

// OpenSSL's error queue is per thread and outlives the call; leftovers would be blamed on the next,
// unrelated OpenSSL user in this thread (libpq's TLS, for one).
Status openssl_failure(std::string what) {
    ERR_clear_error();
    return Status::internal({"密码运算失败", "cryptographic operation failed"}, std::move(what));
}

const unsigned char* bytes(std::string_view s) {
    // Some OpenSSL one-shot calls reject a null pointer even with length 0; an empty view may be null.
    static const unsigned char kEmpty = 0;
    return s.empty() ? &kEmpty : reinterpret_cast<const unsigned char*>(s.data());
}
unsigned char* bytes(std::string& s) {
    return reinterpret_cast<unsigned char*>(s.data());
}

// ---- Encodings ----------------------------------------------------------------------------------

std::string hex_encode(std::string_view raw) {
    static constexpr char kHex[] = "0123456789abcdef";
    std::string s(raw.size() * 2, '0');
    for (std::size_t i = 0; i < raw.size(); ++i) {
        const auto b = static_cast<unsigned char>(raw[i]);
        s[2 * i] = kHex[b >> 4];
        s[2 * i + 1] = kHex[b & 15];
    }
    return s;
}

int hex_digit(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

std::optional<std::string> hex_decode(std::string_view hex) {
    if (hex.size() % 2 != 0) return std::nullopt;
    std::string raw(hex.size() / 2, '\0');
    for (std::size_t i = 0; i < raw.size(); ++i) {
        const int hi = hex_digit(hex[2 * i]);
        const int lo = hex_digit(hex[2 * i + 1]);
        if (hi < 0 || lo < 0) return std::nullopt;
        raw[i] = static_cast<char>(hi << 4 | lo);
    }
    return raw;
}

// Standard base64 alphabet (RFC 4648 §4) without '=' padding, as in PHC-style verifier strings.
constexpr char kB64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

std::string b64_encode(std::string_view raw) {
    std::string out;
    out.reserve((raw.size() * 4 + 2) / 3);
    std::uint32_t acc = 0;
    int bits = 0;
    for (char ch : raw) {
        acc = acc << 8 | static_cast<unsigned char>(ch);
        bits += 8;
        while (bits >= 6) {
            bits -= 6;
            out += kB64[(acc >> bits) & 63];
        }
    }
    if (bits > 0) out += kB64[(acc << (6 - bits)) & 63];
    return out;
}

// Strict: only the alphabet, no padding, no whitespace, and the unused low bits of the last
// character must be zero, so every byte string has exactly one accepted encoding.
std::optional<std::string> b64_decode(std::string_view text) {
    if (text.size() % 4 == 1) return std::nullopt;
    std::string out;
    out.reserve(text.size() * 3 / 4);
    std::uint32_t acc = 0;
    int bits = 0;
    for (char ch : text) {
        const char* pos = std::char_traits<char>::find(kB64, 64, ch);
        if (pos == nullptr) return std::nullopt;
        acc = (acc << 6 | static_cast<std::uint32_t>(pos - kB64)) & 0xffffff;
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            out += static_cast<char>((acc >> bits) & 0xff);
        }
    }
    if ((acc & ((1u << bits) - 1)) != 0) return std::nullopt;
    return out;
}

std::optional<std::string> random_bytes(std::size_t n) {
    std::string out(n, '\0');
    if (RAND_bytes(bytes(out), static_cast<int>(n)) != 1) {
        ERR_clear_error();
        return std::nullopt;
    }
    return out;
}

// ---- Password verifiers -------------------------------------------------------------------------

constexpr std::string_view kVerifierPrefix = "$pbkdf2-sm3$i=";
constexpr std::size_t kSaltBytes = 16;
constexpr std::size_t kHashBytes = 32;
constexpr std::uint32_t kMinIterations = 1000;
constexpr std::uint32_t kMaxIterations = 10'000'000;

struct Verifier {
    std::uint32_t iterations = 0;
    std::string salt;
    std::string hash;
};

std::optional<Verifier> parse_verifier(std::string_view s) {
    if (!s.starts_with(kVerifierPrefix)) return std::nullopt;
    s.remove_prefix(kVerifierPrefix.size());
    const auto d1 = s.find('$');
    if (d1 == std::string_view::npos) return std::nullopt;
    const auto d2 = s.find('$', d1 + 1);
    if (d2 == std::string_view::npos || s.find('$', d2 + 1) != std::string_view::npos) return std::nullopt;
    const std::string_view iter_text = s.substr(0, d1);
    // Digits only, no sign, no leading zero: one spelling per number.
    if (iter_text.empty() || iter_text.size() > 8 || iter_text[0] == '0') return std::nullopt;
    Verifier v;
    const auto [end, ec] = std::from_chars(iter_text.data(), iter_text.data() + iter_text.size(), v.iterations);
    if (ec != std::errc{} || end != iter_text.data() + iter_text.size()) return std::nullopt;
    if (v.iterations < kMinIterations || v.iterations > kMaxIterations) return std::nullopt;
    auto salt = b64_decode(s.substr(d1 + 1, d2 - d1 - 1));
    auto hash = b64_decode(s.substr(d2 + 1));
    if (!salt || !hash || salt->size() != kSaltBytes || hash->size() != kHashBytes) return std::nullopt;
    v.salt = std::move(*salt);
    v.hash = std::move(*hash);
    return v;
}

// ---- Field cipher -------------------------------------------------------------------------------

constexpr std::string_view kFieldPrefix = "sm4ctr-hmac:";
constexpr std::size_t kFieldIvBytes = 16;   // the whole SM4-CTR counter block, random
constexpr std::size_t kFieldTagBytes = 32;  // full HMAC-SM3 output
// Subkey labels: changing either makes every stored field undecryptable.
constexpr std::string_view kEncKeyLabel = "zhenxing/field/sm4-ctr-key";
constexpr std::string_view kMacKeyLabel = "zhenxing/field/hmac-sm3-key";

struct FieldKeys {
    std::string enc;  // 16 bytes
    std::string mac;  // 32 bytes
};

FieldKeys derive_field_keys(const std::string& master) {
    FieldKeys k{hmac_sm3(master, kEncKeyLabel), hmac_sm3(master, kMacKeyLabel)};
    k.enc.resize(16);
    return k;
}

// The tag covers the format, the aad (length-prefixed so aad/IV boundaries cannot shift), the IV
// and the ciphertext.
std::string field_tag(const std::string& mac_key, std::string_view aad, std::string_view iv, std::string_view ct) {
    std::string msg;
    msg.reserve(kFieldPrefix.size() + 8 + aad.size() + iv.size() + ct.size());
    msg += kFieldPrefix;
    const std::uint64_t n = aad.size();
    for (int shift = 56; shift >= 0; shift -= 8) msg += static_cast<char>((n >> shift) & 0xff);
    msg += aad;
    msg += iv;
    msg += ct;
    return hmac_sm3(mac_key, msg);
}

std::optional<std::string> sm4_ctr_apply(const std::string& key16, std::string_view iv, std::string_view in) {
    if (sm4_ctr() == nullptr || in.size() > static_cast<std::size_t>(INT_MAX)) return std::nullopt;
    CipherCtx ctx(EVP_CIPHER_CTX_new());
    std::string out(in.size(), '\0');
    int n1 = 0;
    int n2 = 0;
    if (!ctx || EVP_EncryptInit_ex2(ctx.get(), sm4_ctr(), bytes(key16), bytes(iv), nullptr) != 1 ||
        EVP_EncryptUpdate(ctx.get(), bytes(out), &n1, bytes(in), static_cast<int>(in.size())) != 1 ||
        EVP_EncryptFinal_ex(ctx.get(), bytes(out) + n1, &n2) != 1 ||
        static_cast<std::size_t>(n1) + static_cast<std::size_t>(n2) != in.size()) {
        ERR_clear_error();
        return std::nullopt;
    }
    return out;
}

// ---- SM2 ciphertext formats ---------------------------------------------------------------------

constexpr std::size_t kCoordBytes = 32;
constexpr std::size_t kSm3Bytes = 32;

struct Sm2Ciphertext {
    std::string x, y;  // C1, 32 bytes each, big-endian
    std::string c3;    // SM3(x2 || M || y2)
    std::string c2;    // M xor KDF(x2 || y2)
};

// Minimal DER reader: one TLV with the expected tag, definite length, at most 4 length bytes.
std::optional<std::string_view> der_take(std::string_view& in, unsigned char tag) {
    if (in.size() < 2 || static_cast<unsigned char>(in[0]) != tag) return std::nullopt;
    std::size_t len = static_cast<unsigned char>(in[1]);
    std::size_t header = 2;
    if (len & 0x80) {
        const std::size_t count = len & 0x7f;
        if (count == 0 || count > 4 || in.size() < 2 + count) return std::nullopt;
        len = 0;
        for (std::size_t i = 0; i < count; ++i) len = len << 8 | static_cast<unsigned char>(in[2 + i]);
        header += count;
    }
    if (in.size() - header < len) return std::nullopt;
    const std::string_view content = in.substr(header, len);
    in.remove_prefix(header + len);
    return content;
}

// A DER INTEGER holding a coordinate: may have lost leading zero bytes or gained a 0x00 sign byte.
std::optional<std::string> der_coordinate(std::string_view& in) {
    auto v = der_take(in, 0x02);
    if (!v || v->empty() || (static_cast<unsigned char>((*v)[0]) & 0x80)) return std::nullopt;  // negative
    while (!v->empty() && (*v)[0] == '\0') v->remove_prefix(1);
    if (v->size() > kCoordBytes) return std::nullopt;
    return std::string(kCoordBytes - v->size(), '\0') + std::string(*v);
}

std::optional<Sm2Ciphertext> parse_sm2_der(std::string_view in) {
    auto seq = der_take(in, 0x30);
    if (!seq || !in.empty()) return std::nullopt;
    Sm2Ciphertext c;
    auto x = der_coordinate(*seq);
    auto y = der_coordinate(*seq);
    auto c3 = der_take(*seq, 0x04);
    auto c2 = der_take(*seq, 0x04);
    if (!x || !y || !c3 || !c2 || !seq->empty() || c3->size() != kSm3Bytes) return std::nullopt;
    return Sm2Ciphertext{std::move(*x), std::move(*y), std::string(*c3), std::string(*c2)};
}

std::optional<Sm2Ciphertext> parse_sm2_raw(std::string_view in, bool prefixed) {
    if (prefixed) {
        if (in.empty() || in[0] != '\x04') return std::nullopt;
        in.remove_prefix(1);
    }
    if (in.size() < 2 * kCoordBytes + kSm3Bytes) return std::nullopt;
    return Sm2Ciphertext{std::string(in.substr(0, kCoordBytes)), std::string(in.substr(kCoordBytes, kCoordBytes)),
                         std::string(in.substr(2 * kCoordBytes, kSm3Bytes)),
                         std::string(in.substr(2 * kCoordBytes + kSm3Bytes))};
}

void der_put_length(std::string& out, std::size_t len) {
    if (len < 0x80) {
        out += static_cast<char>(len);
        return;
    }
    std::string be;
    for (; len > 0; len >>= 8) be.insert(be.begin(), static_cast<char>(len & 0xff));
    out += static_cast<char>(0x80 | be.size());
    out += be;
}

void der_put(std::string& out, unsigned char tag, std::string_view content) {
    out += static_cast<char>(tag);
    der_put_length(out, content.size());
    out += content;
}

void der_put_coordinate(std::string& out, std::string_view be32) {
    while (be32.size() > 1 && be32[0] == '\0') be32.remove_prefix(1);
    std::string v = (static_cast<unsigned char>(be32[0]) & 0x80) ? std::string(1, '\0') : std::string();
    v += be32;
    der_put(out, 0x02, v);
}

// The GM/T 0009 ASN.1 form that OpenSSL reads: SEQUENCE { x INTEGER, y INTEGER, hash OCTET STRING,
// ciphertext OCTET STRING }.
std::string to_sm2_der(const Sm2Ciphertext& c) {
    std::string body;
    der_put_coordinate(body, c.x);
    der_put_coordinate(body, c.y);
    der_put(body, 0x04, c.c3);
    der_put(body, 0x04, c.c2);
    std::string out;
    der_put(out, 0x30, body);
    return out;
}

// Used to tell the formats apart: a byte string read in the wrong format yields a C1 that is on the
// curve with probability about 2^-256.
bool c1_on_sm2_curve(const Sm2Ciphertext& c) {
    EcGroup group(EC_GROUP_new_by_curve_name(NID_sm2));
    BnCtx bn_ctx(BN_CTX_new());
    if (!group || !bn_ctx) return false;
    EcPoint point(EC_POINT_new(group.get()));
    Bignum x(BN_bin2bn(bytes(c.x), static_cast<int>(c.x.size()), nullptr));
    Bignum y(BN_bin2bn(bytes(c.y), static_cast<int>(c.y.size()), nullptr));
    const bool ok = point && x && y &&
                    EC_POINT_set_affine_coordinates(group.get(), point.get(), x.get(), y.get(), bn_ctx.get()) == 1 &&
                    EC_POINT_is_on_curve(group.get(), point.get(), bn_ctx.get()) == 1;
    ERR_clear_error();
    return ok;
}

std::optional<Sm2Ciphertext> parse_sm2_any(std::string_view raw) {
    for (int format = 0; format < 3; ++format) {
        auto c = format == 0 ? parse_sm2_der(raw) : parse_sm2_raw(raw, format == 1);
        if (c && c1_on_sm2_curve(*c)) return c;
    }
    return std::nullopt;
}

}  // namespace

// ---- SM3 ----------------------------------------------------------------------------------------

std::string sm3_hex(std::string_view data) {
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int n = 0;
    if (sm3_md() == nullptr || EVP_Digest(bytes(data), data.size(), md, &n, sm3_md(), nullptr) != 1) {
        ERR_clear_error();
        return {};
    }
    return hex_encode(std::string_view(reinterpret_cast<const char*>(md), n));
}

std::string hmac_sm3(std::string_view key, std::string_view data) {
    unsigned char mac[EVP_MAX_MD_SIZE];
    unsigned int n = 0;
    if (sm3_md() == nullptr ||
        HMAC(sm3_md(), bytes(key), static_cast<int>(key.size()), bytes(data), data.size(), mac, &n) == nullptr) {
        ERR_clear_error();
        return {};
    }
    return std::string(reinterpret_cast<const char*>(mac), n);
}

std::string pbkdf2_sm3(std::string_view password, std::string_view salt, std::uint32_t iterations, std::size_t length) {
    if (iterations == 0 || iterations > 0x7fffffff || length == 0 || length > 0x7fffffff || sm3_md() == nullptr)
        return {};
    std::string out(length, '\0');
    if (PKCS5_PBKDF2_HMAC(reinterpret_cast<const char*>(bytes(password)), static_cast<int>(password.size()),
                          bytes(salt), static_cast<int>(salt.size()), static_cast<int>(iterations), sm3_md(),
                          static_cast<int>(length), bytes(out)) != 1) {
        ERR_clear_error();
        return {};
    }
    return out;
}

// ---- Password verifiers -------------------------------------------------------------------------

std::string sm3_password_hash(std::string_view password, std::uint32_t iterations) {
    if (iterations < kMinIterations || iterations > kMaxIterations) return {};
    const auto salt = random_bytes(kSaltBytes);
    if (!salt) return {};
    const std::string hash = pbkdf2_sm3(password, *salt, iterations, kHashBytes);
    if (hash.size() != kHashBytes) return {};
    return std::string(kVerifierPrefix) + std::to_string(iterations) + "$" + b64_encode(*salt) + "$" + b64_encode(hash);
}

bool sm3_password_verify(const std::string& stored, std::string_view password) {
    const auto v = parse_verifier(stored);
    if (!v) return false;
    const std::string hash = pbkdf2_sm3(password, v->salt, v->iterations, kHashBytes);
    return hash.size() == kHashBytes && CRYPTO_memcmp(hash.data(), v->hash.data(), kHashBytes) == 0;
}

bool is_sm3_password_hash(std::string_view stored) {
    return parse_verifier(stored).has_value();
}

// ---- SM4 ----------------------------------------------------------------------------------------

std::string sm4_encrypt_block(std::string_view key16, std::string_view block16) {
    if (key16.size() != 16 || block16.size() != 16 || sm4_ecb() == nullptr) return {};
    CipherCtx ctx(EVP_CIPHER_CTX_new());
    std::string out(16, '\0');
    int n = 0;
    if (!ctx || EVP_EncryptInit_ex2(ctx.get(), sm4_ecb(), bytes(key16), nullptr, nullptr) != 1 ||
        EVP_CIPHER_CTX_set_padding(ctx.get(), 0) != 1 ||
        EVP_EncryptUpdate(ctx.get(), bytes(out), &n, bytes(block16), 16) != 1 || n != 16) {
        ERR_clear_error();
        return {};
    }
    return out;
}

Result<FieldCipher> FieldCipher::from_hex(std::string_view hex_key) {
    if (hex_key.size() != 32)
        return Status::invalid(
            {"SM4字段密钥须为32个十六进制字符（16字节），实为" + std::to_string(hex_key.size()) + "个字符",
             "the SM4 field key must be exactly 32 hex characters (16 bytes), got " + std::to_string(hex_key.size()) +
                 " characters"});
    auto raw = hex_decode(hex_key);
    if (!raw)
        return Status::invalid(
            {"SM4字段密钥含有非十六进制字符", "the SM4 field key contains a character that is not a hex digit"});
    if (raw->find_first_not_of('\0') == std::string::npos)
        return Status::invalid({"SM4字段密钥全为零，请生成随机密钥（例如 `openssl rand -hex 16`）",
                                "the SM4 field key is all zeros; generate a random one (e.g. `openssl rand -hex 16`)"});
    FieldCipher cipher;
    cipher.key_ = std::move(*raw);
    return cipher;
}

Result<std::string> FieldCipher::encrypt(std::string_view plaintext, std::string_view aad) const {
    if (key_.size() != 16) return Status::internal({"字段加密未设置密钥", "field cipher used without a key"});
    const FieldKeys keys = derive_field_keys(key_);
    const auto iv = random_bytes(kFieldIvBytes);
    if (!iv) return openssl_failure("no random bytes available for the SM4 IV");
    auto ct = sm4_ctr_apply(keys.enc, *iv, plaintext);
    if (!ct || keys.mac.size() != kFieldTagBytes) return openssl_failure("SM4-CTR encryption failed");
    std::string body = std::move(*ct);
    body += field_tag(keys.mac, aad, *iv, body);
    return std::string(kFieldPrefix) + b64_encode(*iv) + ":" + b64_encode(body);
}

Result<std::string> FieldCipher::decrypt(std::string_view sealed, std::string_view aad) const {
    if (key_.size() != 16) return Status::internal({"字段加密未设置密钥", "field cipher used without a key"});
    if (!sealed.starts_with(kFieldPrefix))
        return Status::data_error(
            {"加密字段不以“sm4ctr-hmac:”开头", "encrypted field does not start with \"sm4ctr-hmac:\""});
    sealed.remove_prefix(kFieldPrefix.size());
    const auto colon = sealed.find(':');
    if (colon == std::string_view::npos)
        return Status::data_error({"加密字段的IV之后缺少“:”", "encrypted field has no ':' after the IV"});
    const auto iv = b64_decode(sealed.substr(0, colon));
    const auto body = b64_decode(sealed.substr(colon + 1));
    if (!iv || !body || iv->size() != kFieldIvBytes || body->size() < kFieldTagBytes)
        return Status::data_error(
            {"加密字段格式错误（base64或长度有误）", "encrypted field is malformed (bad base64 or lengths)"});
    const FieldKeys keys = derive_field_keys(key_);
    const std::string_view ct = std::string_view(*body).substr(0, body->size() - kFieldTagBytes);
    const std::string_view tag = std::string_view(*body).substr(body->size() - kFieldTagBytes);
    const std::string expected = field_tag(keys.mac, aad, *iv, ct);
    // Authenticate before decrypting: nothing derived from a forged ciphertext ever leaves here.
    if (expected.size() != kFieldTagBytes || CRYPTO_memcmp(expected.data(), tag.data(), kFieldTagBytes) != 0)
        return Status::data_error({"加密字段认证失败（密钥错误、记录不符或已被篡改）",
                                   "encrypted field failed authentication (wrong key, wrong record, or altered)"});
    auto plain = sm4_ctr_apply(keys.enc, *iv, ct);
    if (!plain) return openssl_failure("SM4-CTR decryption failed");
    return std::move(*plain);
}

// ---- SM2 ----------------------------------------------------------------------------------------

Sm2KeyPair::Sm2KeyPair() = default;
Sm2KeyPair::~Sm2KeyPair() {
    EVP_PKEY_free(as_pkey(pkey_));
}
Sm2KeyPair::Sm2KeyPair(Sm2KeyPair&& other) noexcept : pkey_(std::exchange(other.pkey_, nullptr)) {}
Sm2KeyPair& Sm2KeyPair::operator=(Sm2KeyPair&& other) noexcept {
    if (this != &other) {
        EVP_PKEY_free(as_pkey(pkey_));
        pkey_ = std::exchange(other.pkey_, nullptr);
    }
    return *this;
}

Result<Sm2KeyPair> Sm2KeyPair::generate() {
    EVP_PKEY* key = EVP_PKEY_Q_keygen(nullptr, nullptr, "SM2");
    if (key == nullptr) return openssl_failure("SM2 key generation failed (OpenSSL without SM2?)");
    Sm2KeyPair pair;
    pair.pkey_ = key;
    return pair;
}

Result<Sm2KeyPair> Sm2KeyPair::from_pem(std::string_view pem) {
    if (pem.empty()) return Status::invalid({"SM2私钥PEM为空", "the SM2 private key PEM is empty"});
    Bio bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
    if (!bio) return openssl_failure("out of memory reading the SM2 key");
    EVP_PKEY* key = PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr);
    ERR_clear_error();
    if (key == nullptr)
        return Status::invalid(
            {"SM2私钥不是未加密的PEM私钥", "the SM2 private key is not an unencrypted PEM private key"});
    Sm2KeyPair pair;
    pair.pkey_ = key;
    // OpenSSL 3 loads keys on the SM2 curve as type SM2; an EC key on another curve (or RSA) is refused.
    if (!EVP_PKEY_is_a(key, "SM2")) {
        const char* type = EVP_PKEY_get0_type_name(key);
        const std::string kind = type ? type : "";
        return Status::invalid(
            {"该PEM密钥为" + (type ? kind : std::string("未知类型")) + "，不是SM2密钥",
             "the PEM key is " + (type ? kind : std::string("of an unknown type")) + ", not an SM2 key"});
    }
    return pair;
}

Result<std::string> Sm2KeyPair::private_pem() const {
    if (pkey_ == nullptr) return Status::internal({"SM2密钥对为空", "SM2 key pair is empty"});
    Bio bio(BIO_new(BIO_s_mem()));
    if (!bio || PEM_write_bio_PrivateKey(bio.get(), as_pkey(pkey_), nullptr, nullptr, 0, nullptr, nullptr) != 1)
        return openssl_failure("writing the SM2 private key failed");
    char* data = nullptr;
    const long n = BIO_get_mem_data(bio.get(), &data);
    std::string pem(data, static_cast<std::size_t>(n));
    OPENSSL_cleanse(data, static_cast<std::size_t>(n));
    return pem;
}

std::string Sm2KeyPair::public_hex() const {
    if (pkey_ == nullptr) return {};
    // X and Y separately: the encoded-public-key parameter follows the key's point format, which a PEM
    // may have set to compressed.
    BIGNUM* x = nullptr;
    BIGNUM* y = nullptr;
    const bool ok = EVP_PKEY_get_bn_param(as_pkey(pkey_), OSSL_PKEY_PARAM_EC_PUB_X, &x) == 1 &&
                    EVP_PKEY_get_bn_param(as_pkey(pkey_), OSSL_PKEY_PARAM_EC_PUB_Y, &y) == 1;
    Bignum bx(x);
    Bignum by(y);
    std::string point(1 + 2 * kCoordBytes, '\0');
    point[0] = '\x04';
    if (!ok || BN_bn2binpad(bx.get(), bytes(point) + 1, kCoordBytes) != kCoordBytes ||
        BN_bn2binpad(by.get(), bytes(point) + 1 + kCoordBytes, kCoordBytes) != kCoordBytes) {
        ERR_clear_error();
        return {};
    }
    return hex_encode(point);
}

Result<std::string> Sm2KeyPair::decrypt_hex(std::string_view ciphertext_hex) const {
    if (pkey_ == nullptr) return Status::internal({"SM2密钥对为空", "SM2 key pair is empty"});
    const auto raw = hex_decode(ciphertext_hex);
    if (!raw) return Status::invalid({"SM2密文不是十六进制", "SM2 ciphertext is not hex"});
    const auto parsed = parse_sm2_any(*raw);
    if (!parsed)
        return Status::invalid({"SM2密文既非C1C3C2格式（sm-crypto，cipherMode 1）也非ASN.1 DER格式",
                                "SM2 ciphertext is neither C1C3C2 (sm-crypto, cipherMode 1) nor ASN.1 DER"});
    const std::string der = to_sm2_der(*parsed);

    PkeyCtx ctx(EVP_PKEY_CTX_new_from_pkey(nullptr, as_pkey(pkey_), nullptr));
    std::size_t n = 0;
    if (!ctx || EVP_PKEY_decrypt_init(ctx.get()) != 1 ||
        EVP_PKEY_decrypt(ctx.get(), nullptr, &n, bytes(der), der.size()) != 1)
        return openssl_failure("SM2 decryption could not start");
    std::string plain(n, '\0');
    if (EVP_PKEY_decrypt(ctx.get(), bytes(plain), &n, bytes(der), der.size()) != 1) {
        ERR_clear_error();
        OPENSSL_cleanse(plain.data(), plain.size());
        // One message for every cause, so the reply is no oracle on which check failed.
        return Status::invalid({"SM2解密失败（密文被篡改或使用了其他密钥加密）",
                                "SM2 decryption failed (ciphertext altered or encrypted to another key)"});
    }
    plain.resize(n);
    return plain;
}

Result<std::string> Sm2KeyPair::encrypt_hex(std::string_view plaintext) const {
    if (pkey_ == nullptr) return Status::internal({"SM2密钥对为空", "SM2 key pair is empty"});
    PkeyCtx ctx(EVP_PKEY_CTX_new_from_pkey(nullptr, as_pkey(pkey_), nullptr));
    std::size_t n = 0;
    if (!ctx || EVP_PKEY_encrypt_init(ctx.get()) != 1 ||
        EVP_PKEY_encrypt(ctx.get(), nullptr, &n, bytes(plaintext), plaintext.size()) != 1)
        return openssl_failure("SM2 encryption could not start");
    std::string der(n, '\0');
    if (EVP_PKEY_encrypt(ctx.get(), bytes(der), &n, bytes(plaintext), plaintext.size()) != 1)
        return openssl_failure("SM2 encryption failed");
    der.resize(n);
    const auto c = parse_sm2_der(der);
    if (!c)
        return Status::internal(
            {"OpenSSL生成了无法解析的SM2密文", "OpenSSL produced an SM2 ciphertext this code cannot read"});
    return hex_encode(c->x + c->y + c->c3 + c->c2);
}

namespace {
using MdCtx = std::unique_ptr<EVP_MD_CTX, Deleter<EVP_MD_CTX_free>>;
}  // namespace

Result<std::string> Sm2KeyPair::sign_hex(std::string_view message) const {
    if (pkey_ == nullptr) return Status::internal({"SM2密钥对为空", "SM2 key pair is empty"});
    MdCtx md(EVP_MD_CTX_new());
    std::size_t n = 0;
    if (!md || EVP_DigestSignInit_ex(md.get(), nullptr, "SM3", nullptr, nullptr, as_pkey(pkey_), nullptr) != 1 ||
        EVP_DigestSign(md.get(), nullptr, &n, bytes(message), message.size()) != 1)
        return openssl_failure("SM2 signing could not start");
    std::string sig(n, '\0');
    if (EVP_DigestSign(md.get(), bytes(sig), &n, bytes(message), message.size()) != 1)
        return openssl_failure("SM2 signing failed");
    sig.resize(n);
    return hex_encode(sig);
}

bool Sm2KeyPair::verify_hex(std::string_view message, std::string_view signature_hex) const {
    if (pkey_ == nullptr || signature_hex.size() > 512) return false;
    const auto sig = hex_decode(signature_hex);
    if (!sig) return false;
    MdCtx md(EVP_MD_CTX_new());
    const bool ok = md &&
                    EVP_DigestVerifyInit_ex(md.get(), nullptr, "SM3", nullptr, nullptr, as_pkey(pkey_), nullptr) == 1 &&
                    EVP_DigestVerify(md.get(), bytes(*sig), sig->size(), bytes(message), message.size()) == 1;
    ERR_clear_error();
    return ok;
}

}  // namespace zx::gm
