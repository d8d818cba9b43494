#include "modules/identity/captcha.hpp"

#include <sodium.h>

#include "core/clock.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <vector>

#include "platform/crypto/crypto.hpp"
#include "platform/formats/png.hpp"

namespace zx {
namespace {

// Digits of a 5 × 7 bitmap font, one byte per row, the five low bits left to right.
constexpr std::uint8_t kFont[10][7] = {
    {0x0E, 0x11, 0x13, 0x15, 0x19, 0x11, 0x0E}, {0x04, 0x0C, 0x04, 0x04, 0x04, 0x04, 0x0E},
    {0x0E, 0x11, 0x01, 0x02, 0x04, 0x08, 0x1F}, {0x1F, 0x02, 0x04, 0x02, 0x01, 0x11, 0x0E},
    {0x02, 0x06, 0x0A, 0x12, 0x1F, 0x02, 0x02}, {0x1F, 0x10, 0x1E, 0x01, 0x01, 0x11, 0x0E},
    {0x06, 0x08, 0x10, 0x1E, 0x11, 0x11, 0x0E}, {0x1F, 0x01, 0x02, 0x04, 0x08, 0x08, 0x08},
    {0x0E, 0x11, 0x11, 0x0E, 0x11, 0x11, 0x0E}, {0x0E, 0x11, 0x11, 0x0F, 0x01, 0x02, 0x0C}};
constexpr int kWidth = 160, kHeight = 60;
constexpr double kPi = 3.14159265358979323846;

int rnd(int n) {
    return static_cast<int>(randombytes_uniform(static_cast<std::uint32_t>(n)));
}
// Uniform in [lo, hi].
double rndf(double lo, double hi) {
    return lo + (hi - lo) * static_cast<double>(randombytes_uniform(1u << 20)) / double(1u << 20);
}

struct Canvas {
    std::vector<std::uint8_t> px = std::vector<std::uint8_t>(std::size_t{kWidth} * kHeight);
    std::uint8_t& at(int x, int y) { return px[static_cast<std::size_t>(y) * kWidth + static_cast<std::size_t>(x)]; }
    void dot(int x, int y, std::uint8_t v) {
        if (x >= 0 && y >= 0 && x < kWidth && y < kHeight) at(x, y) = v;
    }
};

// One glyph, rotated, sheared and scaled about its centre: each pixel of its box is mapped back into
// the font cell it came from.
void draw_glyph(Canvas& c, int digit, double cx, double cy) {
    const double angle = rndf(-0.45, 0.45), shear = rndf(-0.35, 0.35);
    const double sx = rndf(4.2, 5.4), sy = rndf(4.6, 5.8);
    const std::uint8_t ink = static_cast<std::uint8_t>(20 + rnd(70));
    const double co = std::cos(angle), si = std::sin(angle);
    for (int y = static_cast<int>(cy) - 30; y <= static_cast<int>(cy) + 30; ++y)
        for (int x = static_cast<int>(cx) - 26; x <= static_cast<int>(cx) + 26; ++x) {
            const double dx = x - cx, dy = y - cy;
            double u = co * dx + si * dy;
            const double v = -si * dx + co * dy;
            u -= shear * v;
            const double fx = u / sx + 2.5, fy = v / sy + 3.5;
            if (fx < 0 || fy < 0 || fx >= 5 || fy >= 7) continue;
            const int col = static_cast<int>(fx), row = static_cast<int>(fy);
            if ((kFont[digit][row] >> (4 - col) & 1) != 0) c.dot(x, y, ink);
        }
}

void draw_line(Canvas& c, int x0, int y0, int x1, int y1, std::uint8_t v, int thick) {
    const int steps = std::max(std::abs(x1 - x0), std::abs(y1 - y0)) + 1;
    for (int i = 0; i <= steps; ++i) {
        const int x = x0 + (x1 - x0) * i / steps, y = y0 + (y1 - y0) * i / steps;
        for (int t = 0; t < thick; ++t) c.dot(x, y + t, v);
    }
}

}  // namespace

std::string render_captcha_png(const std::string& digits) {
    random_token(1);  // makes sure libsodium is initialised
    Canvas c;
    const int base = 215 + rnd(25);
    for (std::uint8_t& p : c.px) p = static_cast<std::uint8_t>(base + rnd(16));
    const double step = double(kWidth - 24) / static_cast<double>(std::max<std::size_t>(digits.size(), 1));
    for (std::size_t i = 0; i < digits.size(); ++i) {
        if (digits[i] < '0' || digits[i] > '9') continue;
        draw_glyph(c, digits[i] - '0', 12 + step * (static_cast<double>(i) + 0.5) + rndf(-5, 5),
                   kHeight / 2.0 + rndf(-6, 6));
    }
    // A wave through the whole picture, so that no glyph is an affine copy of the font.
    Canvas w;
    const double ax = rndf(1.5, 3.0), ay = rndf(1.5, 3.0), px = rndf(0, 2 * kPi), py = rndf(0, 2 * kPi);
    const double lx = rndf(9, 15), ly = rndf(14, 24);
    for (int y = 0; y < kHeight; ++y)
        for (int x = 0; x < kWidth; ++x) {
            const int sx = static_cast<int>(std::lround(x + ax * std::sin(y / lx + px)));
            const int sy = static_cast<int>(std::lround(y + ay * std::sin(x / ly + py)));
            w.at(x, y) =
                sx >= 0 && sy >= 0 && sx < kWidth && sy < kHeight ? c.at(sx, sy) : static_cast<std::uint8_t>(base);
        }
    for (int i = 0; i < 5 + rnd(3); ++i)
        draw_line(w, rnd(kWidth), rnd(kHeight), rnd(kWidth), rnd(kHeight), static_cast<std::uint8_t>(40 + rnd(110)),
                  1 + rnd(2));
    for (int i = 0; i < 350; ++i) w.dot(rnd(kWidth), rnd(kHeight), static_cast<std::uint8_t>(rnd(256)));
    return png::encode_gray(kWidth, kHeight, w.px);
}

std::string captcha_data_url(const std::string& png) {
    std::string b64(sodium_base64_encoded_len(png.size(), sodium_base64_VARIANT_ORIGINAL), '\0');
    sodium_bin2base64(b64.data(), b64.size(), reinterpret_cast<const unsigned char*>(png.data()), png.size(),
                      sodium_base64_VARIANT_ORIGINAL);
    b64.resize(std::strlen(b64.c_str()));
    return "data:image/png;base64," + b64;
}

std::string captcha_answer_hash(const std::string& id, const std::string& answer) {
    return sha256_hex(id + ":" + answer);
}

Result<Captcha> create_captcha(db::Database& db) {
    random_token(1);  // makes sure libsodium is initialised
    std::string digits;
    for (int i = 0; i < 4; ++i) digits.push_back(static_cast<char>('0' + rnd(10)));
    Captcha c{random_token(16), captcha_data_url(render_captcha_png(digits))};
    auto lease = db.acquire();
    if (!lease) return lease.status();
    const std::int64_t now = unix_now();
    const db::Value del[] = {now};
    (*lease)->exec("DELETE FROM captchas WHERE expires_at < $1", del);
    const db::Value p[] = {c.id, captcha_answer_hash(c.id, digits), now + 300};
    auto r = (*lease)->exec("INSERT INTO captchas (id, answer_hash, expires_at) VALUES ($1, $2, $3)", p);
    if (!r) return r.status();
    return c;
}

bool check_captcha(db::Connection& c, const std::string& id, const std::string& answer) {
    if (id.empty() || id.size() > 64 || answer.size() > 16) return false;
    const std::int64_t now = unix_now();
    const db::Value p[] = {id, now};
    auto spent = c.exec("UPDATE captchas SET used = 1 WHERE id = $1 AND used = 0 AND expires_at >= $2", p);
    if (!spent || *spent != 1) return false;
    const db::Value q[] = {id};
    auto r = c.query("SELECT answer_hash FROM captchas WHERE id = $1", q);
    return r && !r->empty() && equal_constant_time(r->rows[0].str(0), captcha_answer_hash(id, answer));
}

}  // namespace zx
