// Image captchas demanded after repeated login failures: four digits of a bitmap font, each rotated,
// sheared, scaled and moved at random, the picture waved, crossed by noise lines and speckled, sent
// as a grayscale PNG (pixels only: no markup or text chunk a script could read the digits from).
// Only a hash of the answer is stored; each captcha is good for one attempt and five minutes. The
// real defence against guessing is the per-account lockout; the captcha only slows scripts down.
#pragma once

#include <string>

#include "platform/storage/db.hpp"

namespace zx {

struct Captcha {
    std::string id;
    std::string image;  // "data:image/png;base64,..."
};

Result<Captcha> create_captcha(db::Database& db);
// The PNG of `digits` (fresh randomness every call: two pictures of one answer differ).
std::string render_captcha_png(const std::string& digits);
// "data:image/png;base64," and the PNG.
std::string captcha_data_url(const std::string& png);
// True once for the right answer within its lifetime; the captcha is spent either way.
bool check_captcha(db::Connection& c, const std::string& id, const std::string& answer);
// The stored hash of an answer (exposed for tests, which may search the 10^4 answers).
std::string captcha_answer_hash(const std::string& id, const std::string& answer);

}  // namespace zx
