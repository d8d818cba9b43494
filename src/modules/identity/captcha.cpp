#include "modules/identity/captcha.hpp"

#include <sodium.h>

#include "core/clock.hpp"

#include <cstdio>
#include <ctime>

#include "platform/crypto/crypto.hpp"

namespace zx {
namespace {

// Seven-segment digits: segments a..g as line endpoints on a 20×36 cell.
constexpr int kSeg[7][4] = {{2, 2, 18, 2},  {18, 2, 18, 18}, {18, 18, 18, 34}, {2, 34, 18, 34},
                            {2, 18, 2, 34}, {2, 2, 2, 18},   {2, 18, 18, 18}};
constexpr unsigned char kDigits[10] = {0x3F, 0x06, 0x5B, 0x4F, 0x66, 0x6D, 0x7D, 0x07, 0x7F, 0x6F};

int rnd(int n) {
    return static_cast<int>(randombytes_uniform(static_cast<std::uint32_t>(n)));
}

std::string draw(const std::string& digits) {
    std::string svg =
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"140\" height=\"50\" viewBox=\"0 0 140 50\">"
        "<rect width=\"140\" height=\"50\" fill=\"#f4f6fa\"/>";
    char buf[160];
    for (int i = 0; i < 6; ++i) {  // noise
        std::snprintf(buf, sizeof buf,
                      "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#9aa7c0\" stroke-width=\"1\"/>", rnd(140),
                      rnd(50), rnd(140), rnd(50));
        svg += buf;
    }
    for (std::size_t d = 0; d < digits.size(); ++d) {
        const int x0 = 12 + static_cast<int>(d) * 30 + rnd(5);
        const int y0 = 5 + rnd(6);
        const int rot = rnd(31) - 15;
        std::snprintf(buf, sizeof buf,
                      "<g transform=\"translate(%d %d) rotate(%d 10 18)\" stroke=\"#1f3a6b\" stroke-width=\"%d\" "
                      "stroke-linecap=\"round\">",
                      x0, y0, rot, 3 + rnd(2));
        svg += buf;
        const unsigned char m = kDigits[digits[d] - '0'];
        for (int s = 0; s < 7; ++s) {
            if (!(m & (1u << s))) continue;
            std::snprintf(buf, sizeof buf, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\"/>", kSeg[s][0] + rnd(3) - 1,
                          kSeg[s][1] + rnd(3) - 1, kSeg[s][2] + rnd(3) - 1, kSeg[s][3] + rnd(3) - 1);
            svg += buf;
        }
        svg += "</g>";
    }
    return svg + "</svg>";
}

}  // namespace

std::string captcha_answer_hash(const std::string& id, const std::string& answer) {
    return sha256_hex(id + ":" + answer);
}

Result<Captcha> create_captcha(db::Database& db) {
    random_token(1);  // makes sure libsodium is initialised
    std::string digits;
    for (int i = 0; i < 4; ++i) digits.push_back(static_cast<char>('0' + rnd(10)));
    Captcha c{random_token(16), draw(digits)};
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
