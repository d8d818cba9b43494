// Image captchas demanded after repeated login failures: four digits drawn as SVG strokes with
// jitter and noise (no <text> element for a script to read). Only a hash of the answer is stored;
// each captcha is good for one attempt and five minutes.
#pragma once

#include <string>

#include "platform/storage/db.hpp"

namespace zx {

struct Captcha {
    std::string id;
    std::string svg;
};

Result<Captcha> create_captcha(db::Database& db);
// True once for the right answer within its lifetime; the captcha is spent either way.
bool check_captcha(db::Connection& c, const std::string& id, const std::string& answer);
// The stored hash of an answer (exposed for tests, which may search the 10^4 answers).
std::string captcha_answer_hash(const std::string& id, const std::string& answer);

}  // namespace zx
