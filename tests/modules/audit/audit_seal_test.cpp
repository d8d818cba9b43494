// The audit chain anchored outside the database (issue 8, item 20): HMAC-SM3 under a key file, and
// SM2-signed heads in an anchor file. An attacker who writes the table past its triggers and
// recomputes the (unkeyed) hashes is caught by the HMAC; one who forges an anchor, by the signature.
#include <gtest/gtest.h>

#include <unistd.h>

#include <climits>
#include <filesystem>
#include <fstream>

#include "modules/audit/audit.hpp"
#include "modules/audit/audit_seal.hpp"
#include "platform/crypto/crypto.hpp"
#include "platform/storage/migrations.hpp"

namespace zx {
namespace {

namespace fs = std::filesystem;

class AuditSealTest : public ::testing::Test {
  protected:
    void SetUp() override {
        auto d = db::Database::open("sqlite::memory:", 1);
        ASSERT_TRUE(d);
        db_ = std::move(d).value();
        ASSERT_TRUE(db::migrate(*db_));
        dir_ = fs::temp_directory_path() / ("zx-audit-seal-" + std::to_string(::getpid()) + "-" + random_token(6));
        fs::create_directories(dir_);
        set_audit_hmac_key({});
    }
    void TearDown() override {
        set_audit_hmac_key({});  // the key is process-wide: leave none to the next test
        std::error_code ec;
        fs::remove_all(dir_, ec);
    }
    void append(int n) {
        for (int i = 0; i < n; ++i) {
            Principal p;
            p.user_id = 1;
            p.username = "gxt_admin";
            p.role = Role::kProvinceAdmin;
            ASSERT_TRUE(db::in_transaction(*db_, [&](db::Connection& c) {
                return append_audit(c, p, {"10.0.0.1", "t"},
                                    {"run.approve", "run", std::to_string(i), "", "{\"amount_yuan\":100}"});
            }));
        }
    }
    db::Rows sql(const std::string& q) {
        auto c = db_->acquire();
        EXPECT_TRUE(c);
        auto r = (*c)->query(q);
        EXPECT_TRUE(r) << q << ": " << r.status().message();
        return r ? std::move(r).value() : db::Rows{};
    }
    // What an attacker with the database but not the key does: edit entry `id`, then recompute the
    // chain from there the only way he can, unkeyed SHA-256 as before the key.
    void tamper_and_rehash(std::int64_t id, std::int64_t last = INT64_MAX) {
        auto c = db_->acquire();
        ASSERT_TRUE(c);
        ASSERT_TRUE((*c)->exec_script("DROP TRIGGER audit_log_no_update"));
        const db::Value edit[] = {id};
        ASSERT_TRUE((*c)->exec("UPDATE audit_log SET after_json = '{\"amount_yuan\":999999}' WHERE id = $1", edit));
        const db::Value before[] = {id};
        auto prev_row = (*c)->query("SELECT hash FROM audit_log WHERE id < $1 ORDER BY id DESC LIMIT 1", before);
        ASSERT_TRUE(prev_row);
        std::string prev = prev_row->empty() ? std::string(64, '0') : prev_row->rows[0].str(0);
        auto rows = (*c)->query(
            "SELECT id, at, user_id, username, role, scope, action, object_type, object_id, before_json, after_json, "
            "ip, request_id, result FROM audit_log WHERE id >= $1 AND id <= $2 ORDER BY id",
            std::vector<db::Value>{id, last});
        ASSERT_TRUE(rows);
        for (const db::Row& r : rows->rows) {
            std::string data = prev;
            for (std::size_t i = 1; i < r.size(); ++i) data += "\x1f" + r.str(i);
            const std::string hash = sha256_hex(data);
            const db::Value p[] = {r.i64(0), prev, hash};
            ASSERT_TRUE((*c)->exec("UPDATE audit_log SET prev_hash = $2, hash = $3 WHERE id = $1", p));
            prev = hash;
        }
    }

    std::unique_ptr<db::Database> db_;
    fs::path dir_;
};

TEST_F(AuditSealTest, KeyFileIsCreatedPrivateOnceAndReadBack) {
    const fs::path file = dir_ / "audit-key";
    auto a = load_or_create_audit_keys(file);
    ASSERT_TRUE(a) << a.status().message();
    EXPECT_EQ(fs::status(file).permissions() & fs::perms::all, fs::perms::owner_read | fs::perms::owner_write);
    auto b = load_or_create_audit_keys(file);
    ASSERT_TRUE(b);
    EXPECT_EQ(a->hmac_key, b->hmac_key);
    EXPECT_EQ(a->signer.public_hex(), b->signer.public_hex());
    std::ofstream(dir_ / "not-a-key") << "hello\n";
    EXPECT_FALSE(load_or_create_audit_keys(dir_ / "not-a-key"));
}

// Regression (issue 8, item 20): the unkeyed chain could be recomputed after an edit.
TEST_F(AuditSealTest, AnEditedEntryWithRecomputedHashesIsDetected) {
    append(3);  // from before the key: SHA-256
    auto keys = load_or_create_audit_keys(dir_ / "audit-key");
    ASSERT_TRUE(keys);
    set_audit_hmac_key(keys->hmac_key);
    append(3);
    auto ok = verify_audit_chain_report(*db_);
    ASSERT_TRUE(ok);
    EXPECT_EQ(ok->first_broken_id, 0);
    EXPECT_EQ(ok->keyed_from_id, 4);
    EXPECT_EQ(ok->last_id, 6);
    EXPECT_EQ(sql("SELECT hash FROM audit_log WHERE id = 5").rows[0].str(0).rfind("hmac-sm3:", 0), 0u);

    // Without the key the keyed entries cannot be vouched for.
    set_audit_hmac_key({});
    auto blind = verify_audit_chain_report(*db_);
    ASSERT_TRUE(blind);
    EXPECT_TRUE(blind->key_missing);
    EXPECT_EQ(blind->first_broken_id, 4);
    set_audit_hmac_key(keys->hmac_key);

    tamper_and_rehash(5);
    auto broken = verify_audit_chain_report(*db_);
    ASSERT_TRUE(broken);
    EXPECT_EQ(broken->first_broken_id, 5);
}

TEST_F(AuditSealTest, EntriesFromBeforeTheKeyAreProtectedByTheFirstKeyedOne) {
    append(3);
    auto keys = load_or_create_audit_keys(dir_ / "audit-key");
    ASSERT_TRUE(keys);
    set_audit_hmac_key(keys->hmac_key);
    append(2);
    tamper_and_rehash(2, 3);  // 2 and 3 look fine, but the keyed 4 covers the old hash of 3
    auto broken = verify_audit_chain_report(*db_);
    ASSERT_TRUE(broken);
    EXPECT_EQ(broken->first_broken_id, 4);
}

// Rewriting the keyed entries too, as if there never was a key, leaves an unkeyed chain that holds
// together: the signed heads are what catch it.
TEST_F(AuditSealTest, ADowngradedChainIsCaughtByTheAnchors) {
    append(2);
    auto keys = load_or_create_audit_keys(dir_ / "audit-key");
    ASSERT_TRUE(keys);
    set_audit_hmac_key(keys->hmac_key);
    append(2);
    ASSERT_TRUE(append_audit_anchor(*db_, keys->signer, dir_ / "anchors.txt", 1700000000));
    tamper_and_rehash(2);
    auto chain = verify_audit_chain_report(*db_);
    ASSERT_TRUE(chain);
    EXPECT_EQ(chain->keyed_from_id, 0);
    auto anchors = verify_audit_anchors(*db_, keys->signer, dir_ / "anchors.txt");
    ASSERT_TRUE(anchors);
    ASSERT_EQ(anchors->failures.size(), 1u);
    EXPECT_EQ(anchors->failures[0].reason, "hash_mismatch");
}

TEST_F(AuditSealTest, ForgedAndStaleAnchorsAreDetected) {
    auto keys = load_or_create_audit_keys(dir_ / "audit-key");
    ASSERT_TRUE(keys);
    set_audit_hmac_key(keys->hmac_key);
    const fs::path anchors = dir_ / "anchors.txt";
    append(2);
    auto line = append_audit_anchor(*db_, keys->signer, anchors, 1700000000);
    ASSERT_TRUE(line) << line.status().message();
    EXPECT_EQ(line->rfind("zx-audit-anchor v1 2 hmac-sm3:", 0), 0u) << *line;
    append(2);
    ASSERT_TRUE(append_audit_anchor(*db_, keys->signer, anchors, 1700000600));
    auto good = verify_audit_anchors(*db_, keys->signer, anchors);
    ASSERT_TRUE(good);
    EXPECT_EQ(good->checked, 2);
    EXPECT_EQ(good->latest_id, 4);
    EXPECT_TRUE(good->failures.empty());

    // A forged head: another hash under the old signature, one signed by another key, and garbage.
    std::string forged = *line;
    forged.replace(forged.find("hmac-sm3:") + 9, 4, "0000");
    auto other = gm::Sm2KeyPair::generate();
    ASSERT_TRUE(other);
    const std::string message =
        "zx-audit-anchor v1 4 " + sql("SELECT hash FROM audit_log WHERE id = 4").rows[0].str(0) + " 1700000900";
    auto other_sig = other->sign_hex(message);
    ASSERT_TRUE(other_sig);
    std::ofstream(anchors, std::ios::app) << forged << message << " " << *other_sig << "\n"
                                          << "zx-audit-anchor v1 x\n";
    auto forged_report = verify_audit_anchors(*db_, keys->signer, anchors);
    ASSERT_TRUE(forged_report);
    ASSERT_EQ(forged_report->failures.size(), 3u);
    EXPECT_EQ(forged_report->failures[0].reason, "signature");
    EXPECT_EQ(forged_report->failures[0].line, 3);
    EXPECT_EQ(forged_report->failures[1].reason, "signature");
    EXPECT_EQ(forged_report->failures[2].reason, "malformed");

    // A genuine anchor no longer matches a rewritten chain.
    tamper_and_rehash(1);
    auto stale = verify_audit_anchors(*db_, keys->signer, anchors);
    ASSERT_TRUE(stale);
    ASSERT_GE(stale->failures.size(), 2u);
    EXPECT_EQ(stale->failures[0].line, 1);
    EXPECT_EQ(stale->failures[0].reason, "hash_mismatch");
}

}  // namespace
}  // namespace zx
