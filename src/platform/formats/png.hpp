// Writes 8-bit grayscale PNG images without zlib: the image data is deflate "stored" blocks (no
// compression), which every decoder reads. Meant for small generated images (captchas), where the
// size does not matter and a dependency would.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace zx::png {

// A PNG of `width` × `height` gray pixels, row by row (pixels.size() == width * height; asserted).
std::string encode_gray(int width, int height, const std::vector<std::uint8_t>& pixels);

// The CRC-32 of PNG chunks (ISO 3309, the polynomial of zlib's crc32).
std::uint32_t crc32(const std::uint8_t* data, std::size_t size, std::uint32_t crc = 0);

}  // namespace zx::png
