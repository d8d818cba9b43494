// HMAC-SHA256 against the published vectors of RFC 4231 (short key, short key and data, a key longer
// than the block) and the empty key and message.
#include <gtest/gtest.h>

#include <string>

#include "platform/crypto/crypto.hpp"

namespace zx {
namespace {

TEST(HmacSha256, Rfc4231Vectors) {
    // Test case 1
    EXPECT_EQ(hmac_sha256_hex(std::string(20, '\x0b'), "Hi There"),
              "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7");
    // Test case 2
    EXPECT_EQ(hmac_sha256_hex("Jefe", "what do ya want for nothing?"),
              "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
    // Test case 6: a 131-byte key is hashed first.
    EXPECT_EQ(hmac_sha256_hex(std::string(131, '\xaa'), "Test Using Larger Than Block-Size Key - Hash Key First"),
              "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54");
}

TEST(HmacSha256, EmptyKeyAndMessageAndKeySensitivity) {
    EXPECT_EQ(hmac_sha256_hex("", ""), "b613679a0814d9ec772f95d778c35fc5ff1697c493715653c6c712144292c5ad");
    EXPECT_NE(hmac_sha256_hex("Jefe", "what do ya want for nothing?"),
              hmac_sha256_hex("jefe", "what do ya want for nothing?"));
    EXPECT_EQ(hmac_sha256_hex("k", "m").size(), 64u);
}

}  // namespace
}  // namespace zx
