// `zhenxing calendar ...` as the contract states it: stdout is the date (YYYY-MM-DD) or true|false
// and nothing else; the region defaults to guangxi; bad input exits 2 with a message naming the
// option; a provisional answer is said on standard error only.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <string>

namespace {

struct Out {
    int code = -1;
    std::string out;
};

// stdout only (stderr discarded) or both.
Out run(const std::string& args, bool with_stderr = false) {
    Out r;
    const std::string root = args.find("--calendars") == std::string::npos
                                 ? std::string(" --calendars ") + ZX_SOURCE_DIR + "/calendars"
                                 : std::string();
    const std::string cmd = std::string(ZX_CLI) + " calendar " + args + root + (with_stderr ? " 2>&1" : " 2>/dev/null");
    FILE* p = popen(cmd.c_str(), "r");
    if (!p) return r;
    std::array<char, 4096> buf;
    std::size_t n;
    while ((n = fread(buf.data(), 1, buf.size(), p)) > 0) r.out.append(buf.data(), n);
    const int status = pclose(p);
    r.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return r;
}

TEST(CalendarCli, AddWorkingDaysPrintsTheDateAlone) {
    EXPECT_EQ(run("add-working-days --from 2023-04-20 --days 1").out, "2023-04-24\n") << "guangxi by default";
    EXPECT_EQ(run("add-working-days --from 2023-04-20 --days 1 --region national").out, "2023-04-21\n");
    EXPECT_EQ(run("add-working-days --from 2023-09-28 --days 1 --region national").out, "2023-10-07\n");
    EXPECT_EQ(run("add-working-days --from 2023-09-28 --days 1").code, 0);
}

TEST(CalendarCli, WorkingDayPrintsTrueOrFalse) {
    EXPECT_EQ(run("working-day --date 2023-04-23").out, "false\n");
    EXPECT_EQ(run("working-day --date 2023-04-23 --region national").out, "true\n");
    EXPECT_EQ(run("working-day --date 2024-02-18 --region guangxi").out, "true\n");
}

TEST(CalendarCli, ProvisionalYearsAreSaidOnStandardErrorOnly) {
    const Out plain = run("add-working-days --from 2026-12-30 --days 2 --region national");
    EXPECT_EQ(plain.code, 0);
    EXPECT_EQ(plain.out, "2027-01-01\n");
    const Out both = run("add-working-days --from 2026-12-30 --days 2 --region national", true);
    EXPECT_NE(both.out.find("2027"), std::string::npos);
    EXPECT_NE(both.out.find("暂定"), std::string::npos) << both.out;
}

TEST(CalendarCli, BadInputExitsTwoNamingTheOption) {
    const Out bad_date = run("working-day --date 2023-02-30", true);
    EXPECT_EQ(bad_date.code, 2);
    EXPECT_NE(bad_date.out.find("--date"), std::string::npos) << bad_date.out;
    const Out bad_region = run("working-day --date 2023-02-01 --region mars", true);
    EXPECT_EQ(bad_region.code, 2);
    EXPECT_NE(bad_region.out.find("--region"), std::string::npos) << bad_region.out;
    EXPECT_NE(run("add-working-days --from 2023-02-01 --days -1", true).code, 0);
    EXPECT_NE(run("add-working-days --from 2023-02-01", true).code, 0) << "--days is required";
    EXPECT_EQ(run("working-day --date 2023-02-01 --calendars /nonexistent", true).code, 2);
}

}  // namespace
