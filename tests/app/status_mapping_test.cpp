// Every StatusCode reaches a client as exactly one HTTP status, from one table (platform/http/handler_support.cpp).
#include <gtest/gtest.h>

#include <set>

#include "platform/http/handler_support.hpp"

namespace zx::http {
namespace {

TEST(StatusMapping, EveryCodeMapsToExactlyOneHttpStatus) {
    std::set<StatusCode> seen;
    for (const StatusMapping& m : status_mappings()) {
        EXPECT_TRUE(seen.insert(m.code).second) << "StatusCode " << static_cast<int>(m.code) << " has two rows";
        EXPECT_FALSE(std::string(m.error_code).empty());
        EXPECT_FALSE(std::string(m.message_zh).empty());
        EXPECT_FALSE(std::string(m.message_en).empty());
        if (m.code == StatusCode::kOk) {
            EXPECT_EQ(m.http_status, 200);
        } else {
            EXPECT_GE(m.http_status, 400) << static_cast<int>(m.code);
            EXPECT_LE(m.http_status, 599) << static_cast<int>(m.code);
        }
    }
    for (StatusCode c : kAllStatusCodes) EXPECT_EQ(seen.count(c), 1u) << "StatusCode " << static_cast<int>(c);
    EXPECT_EQ(seen.size(), kAllStatusCodes.size());
}

TEST(StatusMapping, CheckThrowsTheMappedErrorWithTextAndDetailApart) {
    for (StatusCode c : kAllStatusCodes) {
        if (c == StatusCode::kOk) continue;
        const StatusMapping& m = mapping_of(c);
        try {
            check(Status(c, {"中文说明", "English text"}, "SQL: secret detail"));
            ADD_FAILURE() << "check() returned for code " << static_cast<int>(c);
        } catch (const http::HttpError& e) {
            EXPECT_EQ(e.status(), m.http_status);
            EXPECT_EQ(e.code(), m.error_code);
            if (m.http_status >= 500) {  // the client reads the generic text; the log reads everything
                EXPECT_EQ(e.message().en, "internal error");
                EXPECT_NE(e.detail().find("secret detail"), std::string::npos);
            } else {
                EXPECT_EQ(e.message().zh, "中文说明");
                EXPECT_EQ(e.message().en, "English text");
                EXPECT_EQ(e.detail(), "SQL: secret detail");
            }
        }
    }
    EXPECT_NO_THROW(check(Status::ok()));
}

TEST(StatusMapping, AStatusWithoutTextGetsTheCodesText) {
    try {
        check(Status::forbidden({}));
        ADD_FAILURE();
    } catch (const http::HttpError& e) {
        EXPECT_EQ(e.status(), 403);
        EXPECT_EQ(e.message().zh, "无权访问");
        EXPECT_EQ(e.message().en, "forbidden");
    }
    try {
        check(Status::captcha_required({"请输入正确的验证码", "solve the captcha"}));
        ADD_FAILURE();
    } catch (const http::HttpError& e) {
        EXPECT_EQ(e.status(), 401);
        EXPECT_EQ(e.code(), "captcha_required");
    }
    try {
        check(Status::constraint_violation({}, "SQLite: UNIQUE constraint failed"));
        ADD_FAILURE();
    } catch (const http::HttpError& e) {
        EXPECT_EQ(e.status(), 409);
        EXPECT_EQ(e.message().en, "conflicts with existing data");
    }
}

}  // namespace
}  // namespace zx::http
