// The API suite (api_fixture.hpp), part 12: the contact (issue 8, item 18): PUT replaces the whole
// contact and needs every field; PATCH changes the fields given and keeps the others.
#include <gtest/gtest.h>

#include "app/api_fixture.hpp"

namespace zx::api::apitest {
namespace {

TEST_P(ApiTest, ContactPatchKeepsAbsentFieldsAndPutNeedsThemAll) {
    const std::string nn = tok("nanning");
    const std::string path = "/api/enterprises/" + own_uscc() + "/contact";
    const std::string id = id_number("45010219800101123");
    Reply put = P().call("PUT", path, nn,
                         "{\"contact_name\":\"张三\",\"phone\":\"13800138000\",\"id_number\":\"" + id +
                             "\",\"bank_account\":\"6222020200112233445\"}");
    ASSERT_EQ(put.status, 200) << put.body;
    auto masked = [&] { return obj(P().get(path, nn)); };
    const json::object before = masked();
    EXPECT_EQ(S(before, "phone"), "138****8000");

    // PUT without every field would erase the others: refused, nothing changed.
    Reply partial_put = P().call("PUT", path, nn, "{\"phone\":\"13900139000\"}");
    EXPECT_EQ(partial_put.status, 400) << partial_put.body;
    EXPECT_EQ(masked(), before);

    Reply phone = P().call("PATCH", path, nn, "{\"phone\":\"13900139000\"}");
    ASSERT_EQ(phone.status, 200) << phone.body;
    json::object now = masked();
    EXPECT_EQ(S(now, "phone"), "139****9000");
    EXPECT_EQ(S(now, "contact_name"), "张三");
    EXPECT_EQ(S(now, "id_number"), S(before, "id_number"));
    EXPECT_EQ(S(now, "bank_account"), S(before, "bank_account"));
    Reply reveal = P().post(path + "/reveal", nn, R"({"field":"id_number"})");
    ASSERT_EQ(reveal.status, 200) << reveal.body;
    EXPECT_EQ(S(obj(reveal), "value"), id);

    // null clears one field.
    ASSERT_EQ(P().call("PATCH", path, nn, "{\"bank_account\":null}").status, 200);
    now = masked();
    EXPECT_EQ(S(now, "bank_account"), "");
    EXPECT_EQ(S(now, "phone"), "139****9000");
    EXPECT_EQ(S(now, "contact_name"), "张三");

    // Bad values and unknown fields are refused and change nothing.
    EXPECT_EQ(P().call("PATCH", path, nn, "{\"phone\":\"12345\"}").status, 400);
    EXPECT_EQ(P().call("PATCH", path, nn, "{\"email\":\"a@b.c\"}").status, 400);
    EXPECT_EQ(masked(), now);
    // Another city's enterprise: not found.
    const std::string lz = P().one("SELECT uscc FROM enterprises WHERE city = $1 ORDER BY uscc LIMIT 1", {T(kLiuzhou)});
    EXPECT_EQ(P().call("PATCH", "/api/enterprises/" + lz + "/contact", nn, "{\"phone\":\"13900139000\"}").status, 404);
}

}  // namespace
}  // namespace zx::api::apitest
