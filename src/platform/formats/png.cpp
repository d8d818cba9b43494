#include "platform/formats/png.hpp"

#include <array>
#include <cassert>

namespace zx::png {
namespace {

const std::array<std::uint32_t, 256>& crc_table() {
    static const std::array<std::uint32_t, 256> kTable = [] {
        std::array<std::uint32_t, 256> t{};
        for (std::uint32_t n = 0; n < 256; ++n) {
            std::uint32_t c = n;
            for (int k = 0; k < 8; ++k) c = (c & 1u) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            t[n] = c;
        }
        return t;
    }();
    return kTable;
}

void put32(std::string& out, std::uint32_t v) {
    for (int shift = 24; shift >= 0; shift -= 8) out.push_back(static_cast<char>((v >> shift) & 0xFFu));
}

void chunk(std::string& out, const char* type, const std::string& data) {
    put32(out, static_cast<std::uint32_t>(data.size()));
    std::string body(type, 4);
    body += data;
    out += body;
    put32(out, crc32(reinterpret_cast<const std::uint8_t*>(body.data()), body.size()));
}

// The zlib stream of `raw` in stored deflate blocks (at most 65535 bytes each), with its Adler-32.
std::string zlib_stored(const std::string& raw) {
    std::string z = "\x78\x01";  // deflate, 32 KiB window, no preset dictionary, check bits valid
    std::size_t at = 0;
    do {
        const std::size_t n = std::min<std::size_t>(65535, raw.size() - at);
        const bool last = at + n == raw.size();
        z.push_back(static_cast<char>(last ? 1 : 0));
        z.push_back(static_cast<char>(n & 0xFFu));
        z.push_back(static_cast<char>(n >> 8));
        z.push_back(static_cast<char>(~n & 0xFFu));
        z.push_back(static_cast<char>((~n >> 8) & 0xFFu));
        z.append(raw, at, n);
        at += n;
    } while (at < raw.size());
    std::uint32_t a = 1, b = 0;
    for (unsigned char ch : raw) {
        a = (a + ch) % 65521u;
        b = (b + a) % 65521u;
    }
    put32(z, (b << 16) | a);
    return z;
}

}  // namespace

std::uint32_t crc32(const std::uint8_t* data, std::size_t size, std::uint32_t crc) {
    crc = ~crc;
    for (std::size_t i = 0; i < size; ++i) crc = crc_table()[(crc ^ data[i]) & 0xFFu] ^ (crc >> 8);
    return ~crc;
}

std::string encode_gray(int width, int height, const std::vector<std::uint8_t>& pixels) {
    assert(width > 0 && height > 0 && pixels.size() == static_cast<std::size_t>(width) * height);
    std::string out = "\x89PNG\r\n\x1a\n";
    std::string ihdr;
    put32(ihdr, static_cast<std::uint32_t>(width));
    put32(ihdr, static_cast<std::uint32_t>(height));
    ihdr += std::string("\x08\x00\x00\x00\x00", 5);  // 8 bits, grayscale, deflate, adaptive filters, no interlace
    chunk(out, "IHDR", ihdr);
    std::string raw;
    raw.reserve(static_cast<std::size_t>(width + 1) * height);
    for (int y = 0; y < height; ++y) {
        raw.push_back('\0');  // filter: none
        raw.append(reinterpret_cast<const char*>(pixels.data()) + static_cast<std::size_t>(y) * width,
                   static_cast<std::size_t>(width));
    }
    chunk(out, "IDAT", zlib_stored(raw));
    chunk(out, "IEND", {});
    return out;
}

}  // namespace zx::png
