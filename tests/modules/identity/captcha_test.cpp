// The captcha picture: a well-formed PNG whose only content is pixels (no text chunk, no markup to
// read the digits from), fresh for every call even for the same answer.
#include <gtest/gtest.h>

#include <sodium.h>

#include <cstdint>
#include <string>
#include <vector>

#include "modules/identity/captcha.hpp"
#include "platform/formats/png.hpp"

namespace zx {
namespace {

std::uint32_t be32(const std::string& s, std::size_t at) {
    return static_cast<std::uint32_t>(static_cast<unsigned char>(s[at])) << 24 |
           static_cast<std::uint32_t>(static_cast<unsigned char>(s[at + 1])) << 16 |
           static_cast<std::uint32_t>(static_cast<unsigned char>(s[at + 2])) << 8 |
           static_cast<std::uint32_t>(static_cast<unsigned char>(s[at + 3]));
}

struct Decoded {
    std::vector<std::string> chunk_types;
    std::uint32_t width = 0, height = 0;
    std::string pixels;  // the filtered scanlines
};

// A structural PNG reader for the tests: signature, every chunk's CRC, IHDR, the zlib stream of the
// IDAT chunks (stored deflate blocks, as png.cpp writes them) and its Adler-32.
Decoded decode(const std::string& png) {
    Decoded d;
    EXPECT_EQ(png.substr(0, 8), std::string("\x89PNG\r\n\x1a\n", 8));
    std::string idat;
    for (std::size_t at = 8; at < png.size();) {
        EXPECT_LE(at + 12, png.size());
        if (at + 12 > png.size()) break;
        const std::uint32_t len = be32(png, at);
        EXPECT_LE(at + 12 + len, png.size());
        if (at + 12 + len > png.size()) break;
        const std::string type = png.substr(at + 4, 4);
        EXPECT_EQ(png::crc32(reinterpret_cast<const std::uint8_t*>(png.data() + at + 4), 4 + len),
                  be32(png, at + 8 + len))
            << "CRC of " << type;
        d.chunk_types.push_back(type);
        if (type == "IHDR") {
            d.width = be32(png, at + 8);
            d.height = be32(png, at + 12);
            EXPECT_EQ(png[at + 16], 8);  // bit depth
            EXPECT_EQ(png[at + 17], 0);  // grayscale
        }
        if (type == "IDAT") idat += png.substr(at + 8, len);
        at += 12 + len;
    }
    EXPECT_GE(idat.size(), 6u);
    if (idat.size() < 6) return d;
    EXPECT_EQ((static_cast<unsigned char>(idat[0]) * 256 + static_cast<unsigned char>(idat[1])) % 31, 0);
    std::size_t at = 2;
    for (bool last = false; !last && at + 5 <= idat.size();) {
        last = (idat[at] & 1) != 0;
        EXPECT_EQ(idat[at] & 6, 0) << "a stored block";
        const std::size_t n = static_cast<unsigned char>(idat[at + 1]) | static_cast<unsigned char>(idat[at + 2]) << 8;
        const std::size_t nn = static_cast<unsigned char>(idat[at + 3]) | static_cast<unsigned char>(idat[at + 4]) << 8;
        EXPECT_EQ(n ^ 0xFFFFu, nn);
        d.pixels += idat.substr(at + 5, n);
        at += 5 + n;
    }
    std::uint32_t a = 1, b = 0;
    for (unsigned char ch : d.pixels) {
        a = (a + ch) % 65521u;
        b = (b + a) % 65521u;
    }
    EXPECT_EQ(at + 4, idat.size());
    if (at + 4 == idat.size()) {
        EXPECT_EQ(be32(idat, at), (b << 16) | a) << "Adler-32";
    }
    return d;
}

TEST(Png, EncodesAValidGrayscaleImage) {
    std::vector<std::uint8_t> px(300 * 250);
    for (std::size_t i = 0; i < px.size(); ++i) px[i] = static_cast<std::uint8_t>(i * 7);
    const Decoded d = decode(png::encode_gray(300, 250, px));  // more than one stored block
    EXPECT_EQ(d.chunk_types, (std::vector<std::string>{"IHDR", "IDAT", "IEND"}));
    EXPECT_EQ(d.width, 300u);
    EXPECT_EQ(d.height, 250u);
    ASSERT_EQ(d.pixels.size(), 301u * 250u);
    EXPECT_EQ(d.pixels[0], 0);  // filter byte
    EXPECT_EQ(static_cast<std::uint8_t>(d.pixels[1 + 5]), px[5]);
    EXPECT_EQ(png::crc32(reinterpret_cast<const std::uint8_t*>("123456789"), 9), 0xCBF43926u);
}

// Regression (issue 8, item 5): the captcha was SVG whose <line> elements spelled the digits.
TEST(Captcha, IsAPngOfPixelsOnlyAndFreshEveryTime) {
    const std::string a = render_captcha_png("1234"), b = render_captcha_png("1234");
    for (const std::string* png : {&a, &b}) {
        const Decoded d = decode(*png);
        // Only the three critical chunks: no tEXt / zTXt / iTXt that could carry the answer.
        EXPECT_EQ(d.chunk_types, (std::vector<std::string>{"IHDR", "IDAT", "IEND"}));
        EXPECT_EQ(d.width, 160u);
        EXPECT_EQ(d.height, 60u);
        ASSERT_EQ(d.pixels.size(), 161u * 60u);
        int dark = 0;
        for (std::size_t i = 0; i < d.pixels.size(); ++i)
            if (i % 161 != 0 && static_cast<std::uint8_t>(d.pixels[i]) < 100) ++dark;
        EXPECT_GT(dark, 200) << "the digits are drawn";
        EXPECT_EQ(png->find("<svg"), std::string::npos);
    }
    EXPECT_NE(a, b) << "two pictures of one answer differ";
    const std::string url = captcha_data_url(a);
    ASSERT_EQ(url.rfind("data:image/png;base64,", 0), 0u);
    std::string back(a.size() + 8, '\0');
    std::size_t n = 0;
    const std::string b64 = url.substr(22);
    ASSERT_EQ(sodium_base642bin(reinterpret_cast<unsigned char*>(back.data()), back.size(), b64.data(), b64.size(),
                                nullptr, &n, nullptr, sodium_base64_VARIANT_ORIGINAL),
              0);
    EXPECT_EQ(back.substr(0, n), a);
}

}  // namespace
}  // namespace zx
