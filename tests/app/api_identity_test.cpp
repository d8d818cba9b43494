// The API suite (api_fixture.hpp): account findings of the security review (issue 8) — usernames
// unique regardless of case, client addresses behind trusted proxies, the raster captcha, the
// two-person rule for accounts with business authority.
#include <gtest/gtest.h>

#include "app/api_fixture.hpp"

namespace zx::api::apitest {
namespace {

// Regression (issue 8, item 7): `GXT_ADMIN` could be created beside `gxt_admin`.
TEST_P(ApiTest, UsernamesAreUniqueRegardlessOfCaseAndLoginTakesAnyCase) {
    const std::string sys = tok("sysadmin");
    Reply twin =
        P().post("/api/users", sys,
                 R"({"username":"GXT_ADMIN","role":"city_official","city":"南宁市","password":"Twin-Pass-123"})");
    EXPECT_EQ(twin.status, 409) << twin.body;
    EXPECT_EQ(error_code(twin), "conflict");
    EXPECT_EQ(P().count("SELECT COUNT(*) FROM users WHERE lower(username) = 'gxt_admin'"), 1);

    // The database refuses it too, whatever the application does.
    EXPECT_THROW(P().sql("INSERT INTO users (username, display_name, role, password_hash, created_at) VALUES "
                         "('Gxt_Admin', 'x', 'auditor', 'x', 0)"),
                 std::runtime_error);

    // Stored as given, found in any case.
    Reply login = P().login("GXT_Admin", P().password("gxt_admin"));
    ASSERT_EQ(login.status, 200) << login.body;
    EXPECT_EQ(S(obj(login).at("user").as_object(), "username"), "gxt_admin");
}

// A database from before the rule keeps both accounts: the younger twin is renamed, then the index holds.
TEST(UsernameMigration, RenamesTwinsThatDifferOnlyInCase) {
    auto d = db::Database::open("sqlite::memory:", 1);
    ASSERT_TRUE(d);
    ASSERT_TRUE(db::migrate(**d));
    {
        auto c = (*d)->acquire();
        ASSERT_TRUE(c);
        ASSERT_TRUE((*c)->exec_script(
            "INSERT INTO users (username, display_name, role, password_hash, created_at) VALUES "
            "('gxt_admin', 'a', 'province_admin', 'x', 0), ('GXT_ADMIN', 'b', 'province_admin', 'x', 0)"));
    }
    ASSERT_TRUE(migrate_all(**d));
    auto c = (*d)->acquire();
    ASSERT_TRUE(c);
    auto r = (*c)->query("SELECT username FROM users ORDER BY id");
    ASSERT_TRUE(r);
    ASSERT_EQ(r->rows.size(), 2u);
    EXPECT_EQ(r->rows[0].str(0), "gxt_admin");
    EXPECT_EQ(r->rows[1].str(0), "GXT_ADMIN-2");
}

}  // namespace
}  // namespace zx::api::apitest
