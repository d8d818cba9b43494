// The working calendar: the shipped files (golden cases in calendar_cases.csv: a new case is a new
// line), layering (壮族三月三 over a national 调休 day), provisional years, and bad files refused
// with the file, line and field.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/working_calendar.hpp"
#include "modules/service_desk/calendar_files.hpp"

namespace zx {
namespace {

namespace fs = std::filesystem;
const fs::path kRoot = fs::path(ZX_SOURCE_DIR) / "calendars";

std::vector<std::string> split(const std::string& line) {
    std::vector<std::string> out;
    std::stringstream ss(line);
    for (std::string f; std::getline(ss, f, ',');) out.push_back(f);
    if (!line.empty() && line.back() == ',') out.emplace_back();
    return out;
}

TEST(WorkingCalendar, DateArithmeticAndWeekdays) {
    EXPECT_EQ(days_since_epoch(Date::of(1970, 1, 1)), 0);
    EXPECT_EQ(weekday(Date::of(2023, 4, 23)), 6);  // Sunday
    EXPECT_EQ(weekday(Date::of(2026, 12, 1)), 1);  // Tuesday
    for (std::int64_t d = days_since_epoch(Date::of(2022, 12, 25)); d < days_since_epoch(Date::of(2028, 3, 2)); ++d)
        ASSERT_EQ(days_since_epoch(date_from_days(d)), d);
    EXPECT_EQ(date_from_days(days_since_epoch(Date::of(2024, 2, 28)) + 1), Date::of(2024, 2, 29));
}

TEST(WorkingCalendar, GoldenCasesOverTheShippedCalendars) {
    auto guangxi = load_working_calendar(kRoot, "guangxi");
    ASSERT_TRUE(guangxi) << guangxi.status().message();
    auto national = load_working_calendar(kRoot, "national");
    ASSERT_TRUE(national) << national.status().message();
    std::ifstream in(fs::path(ZX_SOURCE_DIR) / "tests/modules/service_desk/calendar_cases.csv");
    int cases = 0;
    for (std::string line; std::getline(in, line);) {
        if (line.empty() || line[0] == '#') continue;
        const auto f = split(line);
        ASSERT_EQ(f.size(), 6u) << line;
        const WorkingCalendar& cal = f[0] == "guangxi" ? *guangxi : *national;
        const auto date = parse_date(f[2]);
        ASSERT_TRUE(date) << line;
        if (f[1] == "working-day") {
            const WorkingDayAnswer a = cal.working_day(*date);
            EXPECT_EQ(a.working ? "true" : "false", f[4]) << line << " (" << a.why << ")";
            EXPECT_EQ(a.provisional ? "true" : "false", f[5]) << line;
        } else {
            const AddWorkingDaysAnswer a = cal.add_working_days(*date, std::stoi(f[3]));
            EXPECT_EQ(format_date(a.date), f[4]) << line;
            EXPECT_EQ(a.provisional ? "true" : "false", f[5]) << line;
        }
        ++cases;
    }
    EXPECT_GE(cases, 30);
    EXPECT_EQ(guangxi->working_day(Date::of(2023, 4, 23)).why, "壮族三月三（guangxi）");
    EXPECT_TRUE(guangxi->covers(2025));
    EXPECT_FALSE(guangxi->covers(2026)) << "Guangxi's 2026 notice is not encoded";
    EXPECT_TRUE(national->covers(2026));
}

class BadCalendar : public ::testing::Test {
  protected:
    void SetUp() override {
        root_ = fs::temp_directory_path() / ("zx-cal-" + std::to_string(::getpid()) + "-" +
                                             ::testing::UnitTest::GetInstance()->current_test_info()->name());
        fs::remove_all(root_);
        fs::create_directories(root_ / "national");
        std::ofstream(root_ / "regions.toml") << "[regions.national]\nlayers = [\"national\"]\n";
    }
    void TearDown() override { fs::remove_all(root_); }
    std::string refused(const std::string& year_file) {
        std::ofstream(root_ / "national" / "2030.toml") << year_file;
        auto c = load_working_calendar(root_, "national");
        return c ? std::string() : c.status().message(Lang::kEn);
    }
    fs::path root_;
};

TEST_F(BadCalendar, EveryDefectNamesTheFileLineAndField) {
    const std::string head = "year = 2030\nsource = \"test\"\n";
    EXPECT_NE(refused(head + "[[holiday]]\nname = \"x\"\ndates = [\"2030-02-30\"]\n").find("2030.toml:"),
              std::string::npos);
    EXPECT_NE(refused(head + "[[holiday]]\nname = \"x\"\ndates = [\"2030-02-30\"]\n").find("holiday[1].dates"),
              std::string::npos);
    EXPECT_NE(refused(head + "[[holiday]]\nname = \"x\"\ndates = [\"2030-01-01\"]\nworking = []\n").find("unknown key"),
              std::string::npos);
    EXPECT_NE(refused("year = 2031\nsource = \"t\"\n").find("differs from the file name"), std::string::npos);
    EXPECT_NE(refused("year = 2030\n").find("source"), std::string::npos);
    // 2030-01-07 is a Monday: not a weekend worked.
    EXPECT_NE(refused(head + "[[holiday]]\nname = \"x\"\ndates = [\"2030-01-01\"]\nworking_days = [\"2030-01-07\"]\n")
                  .find("weekday"),
              std::string::npos);
    EXPECT_NE(refused(head + "[[holiday]]\nname = \"x\"\ndates = [\"2030-01-05\"]\nworking_days = [\"2030-01-05\"]\n")
                  .find("both"),
              std::string::npos);
    EXPECT_NE(refused("year = = 2030").find("TOML"), std::string::npos);
    EXPECT_EQ(refused(head + "[[holiday]]\nname = \"元旦\"\ndates = [\"2030-01-01\"]\n"), "");
    auto c = load_working_calendar(root_, "nowhere");
    ASSERT_FALSE(c);
    EXPECT_NE(c.status().message(Lang::kEn).find("--region"), std::string::npos);
}

}  // namespace
}  // namespace zx
