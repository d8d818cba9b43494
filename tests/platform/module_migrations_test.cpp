// Module migrations: applied once, in order, each step all-or-nothing, tracked per module.
#include <gtest/gtest.h>

#include "platform/storage/module_migrations.hpp"

namespace zx::db {
namespace {

std::unique_ptr<Database> memory_db() {
    auto db = Database::open("sqlite::memory:", 1);
    EXPECT_TRUE(db.is_ok()) << db.status().message();
    return std::move(db).value();
}

std::int64_t count(Database& db, const std::string& sql) {
    auto lease = db.acquire();
    auto r = (*lease)->query(sql);
    return r && !r->empty() ? r->rows[0].i64(0) : -1;
}

const ModuleSchema kDesk = {"desk",
                            {{1, "cases", "CREATE TABLE desk_cases (id {ID}, title TEXT NOT NULL)", "", ""},
                             {2, "a column", "ALTER TABLE desk_cases ADD COLUMN sla_minutes INTEGER", "", ""}}};

TEST(ModuleMigrations, AppliedOnceInOrderAndTrackedPerModule) {
    auto db = memory_db();
    ASSERT_TRUE(migrate_modules(*db, {kDesk}));
    EXPECT_EQ(*module_version(*db, "desk"), 2);
    EXPECT_EQ(*module_version(*db, "other"), 0);
    // Running again changes nothing (a second CREATE TABLE would fail).
    ASSERT_TRUE(migrate_modules(*db, {kDesk}));
    EXPECT_EQ(count(*db, "SELECT COUNT(*) FROM module_schema WHERE module = 'desk'"), 2);
    {
        auto lease = db->acquire();
        ASSERT_TRUE((*lease)->exec("INSERT INTO desk_cases (title, sla_minutes) VALUES ('x', 30)"));
    }
    // A later version adds one step; only it runs.
    ModuleSchema next = kDesk;
    next.migrations.push_back({3, "index", "CREATE INDEX desk_cases_title ON desk_cases(title)", "", ""});
    ASSERT_TRUE(migrate_modules(*db, {next}));
    EXPECT_EQ(*module_version(*db, "desk"), 3);
    EXPECT_EQ(count(*db, "SELECT COUNT(*) FROM desk_cases"), 1);
}

TEST(ModuleMigrations, AFailedStepRollsBackAloneAndStops) {
    auto db = memory_db();
    ModuleSchema bad = kDesk;
    bad.migrations.push_back(
        {3, "broken", "CREATE TABLE desk_half (id INTEGER); CREATE TABLE desk_cases (id INTEGER)", "", ""});
    bad.migrations.push_back({4, "never", "CREATE TABLE desk_never (id INTEGER)", "", ""});
    EXPECT_FALSE(migrate_modules(*db, {bad}));
    EXPECT_EQ(*module_version(*db, "desk"), 2) << "steps before the failure stay applied";
    EXPECT_EQ(count(*db, "SELECT COUNT(*) FROM sqlite_master WHERE name = 'desk_half'"), 0) << "the step rolled back";
    EXPECT_EQ(count(*db, "SELECT COUNT(*) FROM sqlite_master WHERE name = 'desk_never'"), 0) << "and stopped";
}

TEST(ModuleMigrations, AGapInTheNumbersIsRefused) {
    auto db = memory_db();
    const ModuleSchema gap = {
        "gap",
        {{1, "a", "CREATE TABLE gap_a (id INTEGER)", "", ""}, {3, "c", "CREATE TABLE gap_c (id INTEGER)", "", ""}}};
    EXPECT_FALSE(migrate_modules(*db, {gap}));
    EXPECT_EQ(*module_version(*db, "gap"), 1);
}

}  // namespace
}  // namespace zx::db
