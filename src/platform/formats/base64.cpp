#include "platform/formats/base64.hpp"

#include <cstdint>

namespace zx {
namespace {

constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

}  // namespace

std::string base64_encode(std::string_view in) {
    std::string out;
    out.reserve((in.size() + 2) / 3 * 4);
    std::size_t i = 0;
    for (; i + 2 < in.size(); i += 3) {
        const auto n = (static_cast<std::uint32_t>(static_cast<unsigned char>(in[i])) << 16) |
                       (static_cast<std::uint32_t>(static_cast<unsigned char>(in[i + 1])) << 8) |
                       static_cast<unsigned char>(in[i + 2]);
        out += kAlphabet[(n >> 18) & 63];
        out += kAlphabet[(n >> 12) & 63];
        out += kAlphabet[(n >> 6) & 63];
        out += kAlphabet[n & 63];
    }
    if (i < in.size()) {
        std::uint32_t n = static_cast<std::uint32_t>(static_cast<unsigned char>(in[i])) << 16;
        if (i + 1 < in.size()) n |= static_cast<std::uint32_t>(static_cast<unsigned char>(in[i + 1])) << 8;
        out += kAlphabet[(n >> 18) & 63];
        out += kAlphabet[(n >> 12) & 63];
        out += i + 1 < in.size() ? kAlphabet[(n >> 6) & 63] : '=';
        out += '=';
    }
    return out;
}

Result<std::string> base64_decode(std::string_view in) {
    auto value = [](char c) -> int {
        if (c >= 'A' && c <= 'Z') return c - 'A';
        if (c >= 'a' && c <= 'z') return c - 'a' + 26;
        if (c >= '0' && c <= '9') return c - '0' + 52;
        if (c == '+') return 62;
        if (c == '/') return 63;
        return -1;
    };
    if (in.size() % 4 != 0) return Status::internal({"存档文件已损坏", "the kept file is damaged"}, "base64 length");
    std::string out;
    out.reserve(in.size() / 4 * 3);
    for (std::size_t i = 0; i < in.size(); i += 4) {
        const int a = value(in[i]), b = value(in[i + 1]);
        const int c = in[i + 2] == '=' ? 0 : value(in[i + 2]);
        const int d = in[i + 3] == '=' ? 0 : value(in[i + 3]);
        if (a < 0 || b < 0 || c < 0 || d < 0)
            return Status::internal({"存档文件已损坏", "the kept file is damaged"}, "base64 character");
        const std::uint32_t n = (static_cast<std::uint32_t>(a) << 18) | (static_cast<std::uint32_t>(b) << 12) |
                                (static_cast<std::uint32_t>(c) << 6) | static_cast<std::uint32_t>(d);
        out += static_cast<char>((n >> 16) & 0xFF);
        if (in[i + 2] != '=') out += static_cast<char>((n >> 8) & 0xFF);
        if (in[i + 3] != '=') out += static_cast<char>(n & 0xFF);
    }
    return out;
}

}  // namespace zx
