// Account security and data protection at the service layer: lockout, captcha, idle timeout,
// password expiry and history, single session, SM3 verifiers, masking, tamper-evident audit log.
#include <gtest/gtest.h>

#include <cstdlib>

#include "app/permission_catalog.hpp"
#include "app/schema.hpp"
#include "modules/audit/permissions.hpp"
#include "modules/awards/permissions.hpp"
#include "modules/enterprise_data/contact_service.hpp"
#include "modules/enterprise_data/permissions.hpp"
#include "modules/identity/auth.hpp"
#include "modules/identity/captcha.hpp"
#include "modules/identity/permissions.hpp"
#include "modules/service_desk/permissions.hpp"
#include "platform/crypto/crypto.hpp"
#include "platform/storage/migrations.hpp"

namespace zx {
namespace {

constexpr const char* kPw = "Passw0rd-1";
const RequestContext kCtx{"10.0.0.1", "test"};

class SecurityTest : public ::testing::Test {
  protected:
    void SetUp() override {
        auto db = db::Database::open("sqlite::memory:");
        ASSERT_TRUE(db) << db.status().message();
        db_ = std::move(db).value();
        ASSERT_TRUE(api::migrate_all(*db_));
        auth_ = std::make_unique<AuthService>(*db_);
        admin_.username = "test";
        admin_.role = Role::kSecurityAdmin;
        admin_.user_id = 0;
        NewUser u;
        u.username = "alice";
        u.role = Role::kCityOfficial;
        u.city = "南宁市";
        u.must_change_password = false;
        auto id = auth_->create_user(u, kPw, operator_, kCtx);  // the operator on the server
        ASSERT_TRUE(id) << id.status().message();
        alice_ = *id;
    }

    void set(const std::function<void(SecuritySettings&)>& f) {
        SecuritySettings s = auth_->settings();
        f(s);
        ASSERT_TRUE(auth_->save_settings(s, admin_, kCtx));
    }
    void sql(const std::string& s) {
        auto lease = db_->acquire();
        ASSERT_TRUE(lease);
        ASSERT_TRUE((*lease)->exec_script(s)) << s;
    }
    std::int64_t count(const std::string& q) {
        auto lease = db_->acquire();
        auto r = (*lease)->query(q);
        return r && !r->empty() ? r->rows[0].i64(0) : -1;
    }
    // Solves a captcha the way only a test can: by searching the 10^4 answers against the stored hash.
    std::string solve(const std::string& id) {
        auto lease = db_->acquire();
        const db::Value p[] = {id};
        auto r = (*lease)->query("SELECT answer_hash FROM captchas WHERE id = $1", p);
        if (!r || r->empty()) return "";
        for (int i = 0; i < 10000; ++i) {
            char a[8];
            std::snprintf(a, sizeof a, "%04d", i);
            if (captcha_answer_hash(id, a) == r->rows[0].str(0)) return a;
        }
        return "";
    }

    std::unique_ptr<db::Database> db_;
    std::unique_ptr<AuthService> auth_;
    Principal admin_;     // a security administrator
    Principal operator_;  // `zhenxing user create`: no role, no id
    std::int64_t alice_ = 0;
};

TEST_F(SecurityTest, WrongPasswordAndUnknownUserLookTheSame) {
    auto a = auth_->login("alice", "nope", kCtx, "t");
    auto b = auth_->login("nobody", "nope", kCtx, "t");
    ASSERT_FALSE(a);
    ASSERT_FALSE(b);
    EXPECT_EQ(a.status().message(), b.status().message());
    EXPECT_EQ(a.status().code(), StatusCode::kUnauthenticated);
}

TEST_F(SecurityTest, UnknownNamesLockLikeAccountsSoNothingTellsThemApart) {
    set([](SecuritySettings& s) { s.captcha_after_failures = 0; });
    for (int i = 0; i < 5; ++i) {
        auto a = auth_->login("alice", "wrong", kCtx, "t");
        auto b = auth_->login("nobody-here", "wrong", kCtx, "t");
        EXPECT_EQ(a.status().message(), b.status().message()) << i;
    }
    auto a = auth_->login("alice", "wrong", kCtx, "t");
    auto b = auth_->login("nobody-here", "wrong", kCtx, "t");
    EXPECT_EQ(a.status().code(), StatusCode::kTooManyRequests);
    EXPECT_EQ(a.status().code(), b.status().code());
    EXPECT_EQ(a.status().message(), b.status().message());
    // The typed name is never stored as typed (it may be a password typed in the wrong box).
    EXPECT_EQ(count("SELECT COUNT(*) FROM audit_log WHERE username = 'nobody-here' OR object_id = 'nobody-here'"), 0);
    EXPECT_EQ(count("SELECT COUNT(*) FROM login_failures WHERE key LIKE '%nobody-here%'"), 0);
}

TEST_F(SecurityTest, DisabledIsToldOnlyWithTheRightPassword) {
    sql("UPDATE users SET disabled = 1");
    auto wrong = auth_->login("alice", "wrong", kCtx, "t");
    EXPECT_EQ(wrong.status().code(), StatusCode::kUnauthenticated);
    auto right = auth_->login("alice", kPw, kCtx, "t");
    EXPECT_EQ(right.status().code(), StatusCode::kForbidden);
}

TEST_F(SecurityTest, GuessingTheCurrentPasswordLocksTheAccount) {
    set([](SecuritySettings& s) { s.captcha_after_failures = 0; });
    auto s = auth_->login("alice", kPw, kCtx, "t");
    ASSERT_TRUE(s);
    for (int i = 0; i < 5; ++i)
        EXPECT_FALSE(auth_->change_password(s->principal, "guess" + std::to_string(i) + "A1", "New-passw0rd", kCtx));
    EXPECT_FALSE(auth_->authenticate(s->token)) << "a lock ends the sessions";
    EXPECT_EQ(auth_->login("alice", kPw, kCtx, "t").status().code(), StatusCode::kTooManyRequests);
}

TEST_F(SecurityTest, LockoutAfterRepeatedFailuresEvenWithTheRightPassword) {
    set([](SecuritySettings& s) { s.captcha_after_failures = 0; });
    for (int i = 0; i < 5; ++i) EXPECT_FALSE(auth_->login("alice", "wrong", kCtx, "t"));
    auto locked = auth_->login("alice", kPw, kCtx, "t");
    ASSERT_FALSE(locked);
    EXPECT_EQ(locked.status().code(), StatusCode::kTooManyRequests);
    ASSERT_TRUE(auth_->unlock_user(alice_, admin_, kCtx));
    EXPECT_TRUE(auth_->login("alice", kPw, kCtx, "t"));
}

TEST_F(SecurityTest, AddressIsThrottledAcrossAccounts) {
    set([](SecuritySettings& s) {
        s.captcha_after_failures = 0;
        s.max_failures_ip = 5;
    });
    for (int i = 0; i < 5; ++i) EXPECT_FALSE(auth_->login("user" + std::to_string(i), "x", kCtx, "t"));
    auto r = auth_->login("alice", kPw, kCtx, "t");
    EXPECT_EQ(r.status().code(), StatusCode::kTooManyRequests);
    EXPECT_TRUE(auth_->login("alice", kPw, RequestContext{"10.0.0.2", "t"}, "t"));  // another address is fine
}

TEST_F(SecurityTest, CaptchaAfterFailuresBeforeAnyPasswordCheck) {
    for (int i = 0; i < 3; ++i) EXPECT_FALSE(auth_->login("alice", "wrong", kCtx, "t"));
    auto need = auth_->login("alice", kPw, kCtx, "t");
    ASSERT_FALSE(need);
    EXPECT_EQ(need.status().code(), StatusCode::kCaptchaRequired) << need.status().message();
    EXPECT_EQ(need.status().message(), "请输入正确的验证码");
    auto c = create_captcha(*db_);
    ASSERT_TRUE(c);
    EXPECT_EQ(c->image.rfind("data:image/png;base64,", 0), 0u);           // pixels, not markup
    EXPECT_FALSE(auth_->login("alice", kPw, kCtx, "t", c->id, "99999"));  // wrong answer spends it
    auto c2 = create_captcha(*db_);
    const std::string answer = solve(c2->id);
    ASSERT_EQ(answer.size(), 4u);
    EXPECT_TRUE(auth_->login("alice", kPw, kCtx, "t", c2->id, answer));
    EXPECT_FALSE(auth_->login("alice", kPw, kCtx, "t", c2->id, answer)) << "a captcha is good once";
}

TEST_F(SecurityTest, IdleAndExpiredSessionsEnd) {
    auto s = auth_->login("alice", kPw, kCtx, "t");
    ASSERT_TRUE(s);
    EXPECT_TRUE(auth_->authenticate(s->token));
    sql("UPDATE sessions SET last_seen = last_seen - 31 * 60");
    EXPECT_FALSE(auth_->authenticate(s->token)) << "30 minutes idle ends the session";
    EXPECT_EQ(count("SELECT COUNT(*) FROM sessions"), 0);
    auto s2 = auth_->login("alice", kPw, kCtx, "t");
    sql("UPDATE sessions SET expires_at = 1");
    EXPECT_FALSE(auth_->authenticate(s2->token));
    EXPECT_FALSE(auth_->authenticate("made-up-token"));
}

TEST_F(SecurityTest, ExpiredPasswordForcesAChange) {
    sql("UPDATE users SET password_changed_at = 0");
    auto s = auth_->login("alice", kPw, kCtx, "t");
    ASSERT_TRUE(s);
    EXPECT_TRUE(s->principal.must_change_password);
    EXPECT_TRUE(auth_->authenticate(s->token)->principal.must_change_password);
    ASSERT_TRUE(auth_->change_password(s->principal, kPw, "N3w-passw0rd", kCtx));
    auto again = auth_->login("alice", "N3w-passw0rd", kCtx, "t");
    ASSERT_TRUE(again);
    EXPECT_FALSE(again->principal.must_change_password);
}

TEST_F(SecurityTest, PasswordHistoryAndPolicy) {
    auto s = auth_->login("alice", kPw, kCtx, "t");
    ASSERT_TRUE(s);
    EXPECT_FALSE(auth_->change_password(s->principal, kPw, "short1A", kCtx));       // too short
    EXPECT_FALSE(auth_->change_password(s->principal, kPw, "alllowercase", kCtx));  // one class
    ASSERT_TRUE(auth_->change_password(s->principal, kPw, "Second-pw1", kCtx));
    ASSERT_TRUE(auth_->change_password(s->principal, "Second-pw1", "Third-pw1", kCtx));
    auto back = auth_->change_password(s->principal, "Third-pw1", kPw, kCtx);
    ASSERT_FALSE(back);
    EXPECT_NE(back.message(Lang::kEn).find("5"), std::string::npos) << back.message(Lang::kEn);
    EXPECT_NE(back.message().find("5"), std::string::npos) << back.message();
    EXPECT_FALSE(auth_->change_password(s->principal, "wrong-old1A", "Fourth-pw1", kCtx));
}

TEST_F(SecurityTest, SingleSessionEndsTheOtherSessions) {
    set([](SecuritySettings& s) { s.single_session = true; });
    auto first = auth_->login("alice", kPw, kCtx, "t");
    auto second = auth_->login("alice", kPw, kCtx, "t");
    ASSERT_TRUE(first && second);
    EXPECT_FALSE(auth_->authenticate(first->token));
    EXPECT_TRUE(auth_->authenticate(second->token));
}

TEST_F(SecurityTest, SessionsCanBeListedAndEnded) {
    auto s = auth_->login("alice", kPw, kCtx, "agent");
    auto list = auth_->list_sessions();
    ASSERT_TRUE(list);
    ASSERT_EQ(list->size(), 1u);
    EXPECT_EQ((*list)[0].username, "alice");
    EXPECT_EQ((*list)[0].id.size(), 64u);  // the token's hash, never the token
    EXPECT_NE((*list)[0].id, s->token);
    ASSERT_TRUE(auth_->revoke_session((*list)[0].id, admin_, kCtx));
    EXPECT_FALSE(auth_->authenticate(s->token));
    EXPECT_FALSE(auth_->revoke_session("not-a-session", admin_, kCtx));
}

TEST_F(SecurityTest, Sm3VerifiersWhenConfigured) {
    set([](SecuritySettings& s) { s.password_hash = "pbkdf2-sm3"; });
    NewUser u;
    u.username = "bob";
    u.role = Role::kAuditor;
    u.must_change_password = false;
    ASSERT_TRUE(auth_->create_user(u, kPw, operator_, kCtx));
    auto lease = db_->acquire();
    auto r = (*lease)->query("SELECT password_hash FROM users WHERE username = 'bob'");
    ASSERT_TRUE(r && !r->empty());
    EXPECT_EQ(r->rows[0].str(0).rfind("$pbkdf2-sm3$", 0), 0u);
    EXPECT_TRUE(auth_->login("bob", kPw, kCtx, "t"));
    EXPECT_TRUE(auth_->login("alice", kPw, kCtx, "t")) << "argon2id verifiers keep working";
}

TEST_F(SecurityTest, SettingsAreValidated) {
    SecuritySettings s;
    s.password_min_length = 4;
    EXPECT_FALSE(s.validate());
    EXPECT_FALSE(settings_from_json("{\"idle_timeout_minutes\": 600}", {}));
    EXPECT_FALSE(settings_from_json("{\"no_such\": 1}", {}));
    EXPECT_FALSE(settings_from_json("{\"password_hash\": \"md5\"}", {}));
    auto ok = settings_from_json("{\"password_expiry_days\": 30, \"single_session\": true}", {});
    ASSERT_TRUE(ok);
    EXPECT_EQ(ok->password_expiry_days, 30);
    EXPECT_TRUE(ok->single_session);
}

TEST_F(SecurityTest, AuditLogIsAppendOnlyAndTamperEvident) {
    EXPECT_TRUE(auth_->login("alice", kPw, kCtx, "t"));
    auto intact = verify_audit_chain(*db_);
    ASSERT_TRUE(intact);
    EXPECT_EQ(*intact, 0);
    {
        auto lease = db_->acquire();
        EXPECT_FALSE((*lease)->exec("UPDATE audit_log SET username = 'mallory'"));
        EXPECT_FALSE((*lease)->exec("DELETE FROM audit_log"));
    }
    // Behind the application's back (triggers dropped by someone with file access): the chain tells.
    sql("DROP TRIGGER audit_log_no_update");
    sql("UPDATE audit_log SET result = 'ok' WHERE id = 1");
    sql("UPDATE audit_log SET username = 'mallory' WHERE id = 2");
    auto broken = verify_audit_chain(*db_);
    ASSERT_TRUE(broken);
    EXPECT_EQ(*broken, 2);
}

TEST(Masking, FieldsAreMaskedAndIdsChecked) {
    EXPECT_EQ(mask_phone("13812345678"), "138****5678");
    EXPECT_EQ(mask_id_number("11010519491231002X"), "1101**********002X");
    EXPECT_EQ(mask_bank_account("6222021234567890123"), "**** **** 0123");
    EXPECT_TRUE(valid_id_number("11010519491231002X"));  // the example in GB 11643
    EXPECT_FALSE(valid_id_number("110105194912310021"));
    EXPECT_FALSE(valid_id_number("1101051949123100"));
}

TEST_F(SecurityTest, ContactsAreEncryptedMaskedAndRevealsAudited) {
    auto cipher = gm::FieldCipher::from_hex("00112233445566778899aabbccddeeff");
    ASSERT_TRUE(cipher);
    ContactService contacts(*db_, *cipher);
    sql("INSERT INTO enterprises (uscc, name, city, industry, scale_since, updated_at) VALUES "
        "('91450100MA5L000011', '甲', '南宁市', '3511', NULL, 0), ('91450200MA5L000029', '乙', '柳州市', '3511', NULL, "
        "0)");
    Principal ent;
    ent.user_id = 99;
    ent.role = Role::kEnterprise;
    ent.uscc = "91450100MA5L000011";
    Contact c{"张三", "13812345678", "11010519491231002X", "6222021234567890123"};
    ASSERT_TRUE(contacts.set(ent, kCtx, ent.uscc, c));
    EXPECT_EQ(contacts.set(ent, kCtx, "91450200MA5L000029", c).code(), StatusCode::kNotFound);  // not its own
    Contact bad = c;
    bad.id_number = "110105194912310021";
    EXPECT_FALSE(contacts.set(ent, kCtx, ent.uscc, bad));
    {
        auto lease = db_->acquire();
        auto r = (*lease)->query("SELECT phone_enc || id_number_enc || bank_account_enc FROM enterprise_contacts");
        ASSERT_TRUE(r && !r->empty());
        EXPECT_EQ(r->rows[0].str(0).find("13812345678"), std::string::npos) << "stored in clear";
        auto log = (*lease)->query("SELECT after_json FROM audit_log WHERE action = 'contact.update'");
        ASSERT_TRUE(log && !log->empty());
        EXPECT_EQ(log->rows[0].str(0).find("13812345678"), std::string::npos) << "the log must hold masked values";
    }
    Principal city;
    city.user_id = 98;
    city.role = Role::kCityOfficial;
    city.city = "南宁市";
    auto masked = contacts.get_masked(city, ent.uscc);
    ASSERT_TRUE(masked);
    EXPECT_EQ(masked->phone, "138****5678");
    Principal other = city;
    other.city = "柳州市";
    EXPECT_EQ(contacts.get_masked(other, ent.uscc).status().code(), StatusCode::kNotFound);
    auto revealed = contacts.reveal(city, kCtx, ent.uscc, "bank_account");
    ASSERT_TRUE(revealed);
    EXPECT_EQ(*revealed, "6222021234567890123");
    EXPECT_EQ(count("SELECT COUNT(*) FROM audit_log WHERE action = 'contact.reveal'"), 1);
    Principal auditor;
    auditor.user_id = 97;
    auditor.role = Role::kAuditor;
    EXPECT_TRUE(contacts.get_masked(auditor, ent.uscc));
    EXPECT_EQ(contacts.reveal(auditor, kCtx, ent.uscc, "phone").status().code(), StatusCode::kForbidden);
}

TEST_F(SecurityTest, SystemAdministratorManagesBusinessAccountsOnly) {
    Principal sys;
    sys.user_id = 50;
    sys.username = "sys";
    sys.role = Role::kSystemAdmin;
    NewUser audit;
    audit.username = "aud";
    audit.role = Role::kAuditAdmin;
    EXPECT_EQ(auth_->create_user(audit, kPw, sys, kCtx).status().code(), StatusCode::kForbidden);
    auto aud = auth_->create_user(audit, kPw, operator_, kCtx);
    ASSERT_TRUE(aud);
    EXPECT_EQ(auth_->reset_password(*aud, "Other-pw1", sys, kCtx).code(), StatusCode::kForbidden);
    EXPECT_EQ(auth_->set_disabled(*aud, true, sys, kCtx).code(), StatusCode::kForbidden);
    EXPECT_TRUE(auth_->reset_password(alice_, "Other-pw1", sys, kCtx));  // a business account
    Principal prov;
    prov.user_id = 51;
    prov.role = Role::kProvinceAdmin;
    NewUser city;
    city.username = "city2";
    city.role = Role::kCityOfficial;
    city.city = "柳州市";
    EXPECT_EQ(auth_->create_user(city, kPw, prov, kCtx).status().code(), StatusCode::kForbidden);
}

TEST(Roles, ThreeAdministratorsAreSeparate) {
    Principal sys, sec, aud, prov;
    sys.user_id = sec.user_id = aud.user_id = prov.user_id = 1;
    sys.role = Role::kSystemAdmin;
    sec.role = Role::kSecurityAdmin;
    aud.role = Role::kAuditAdmin;
    prov.role = Role::kProvinceAdmin;
    EXPECT_TRUE(sys.can(perm::kUserWrite));
    EXPECT_FALSE(sys.can(perm::kAuditRead));
    EXPECT_FALSE(sys.can(perm::kSettingsWrite));
    EXPECT_TRUE(sec.can(perm::kSettingsWrite));
    EXPECT_FALSE(sec.can(perm::kUserWrite));
    EXPECT_FALSE(sec.can(perm::kAuditRead));
    EXPECT_TRUE(aud.can(perm::kAuditRead));
    EXPECT_FALSE(aud.can(perm::kUserWrite));
    EXPECT_FALSE(prov.can(perm::kAuditRead));
    EXPECT_FALSE(prov.can(perm::kUserWrite));
    for (const Principal* p : {&sys, &sec, &aud}) EXPECT_TRUE(p->scope().is_none()) << "no business data";
    Principal nobody;
    nobody.user_id = 1;
    EXPECT_TRUE(permissions_of(nobody, permission_catalog()).empty());
    EXPECT_TRUE(nobody.scope().is_none());
}

}  // namespace
}  // namespace zx
