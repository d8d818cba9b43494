// The measures attached to runs of grades (guangxi-default ships 宿迁's differentiated electricity
// surcharge: D one year 0.05 元/kWh, two years 0.08, three or more 0.10, and the quotas).
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "modules/park_evaluation/rules/explain.hpp"
#include "modules/park_evaluation/scheme_loader.hpp"

namespace zx::parks {
namespace {

namespace fs = std::filesystem;

fs::path source_dir() {
    if (const char* env = std::getenv("ZX_SOURCE_DIR"); env != nullptr && *env != '\0') return env;
    return ZX_SOURCE_DIR;
}

class ParksConsequences : public ::testing::Test {
  protected:
    void SetUp() override {
        auto s = load_scheme(source_dir() / "schemes" / "guangxi-default");
        ASSERT_TRUE(s) << s.status().text().en;
        scheme_ = *s;
    }
    std::vector<HistoryEntry> history(std::initializer_list<const char*> grades) const {
        std::vector<HistoryEntry> h;
        int y = 2020;
        for (const char* g : grades) h.push_back({y++, g, std::nullopt});
        return h;
    }
    // "measure amount" of each hit, and the run length (the same for all hits).
    std::vector<std::string> hits(std::initializer_list<const char*> grades, int& years) const {
        std::vector<std::string> out;
        years = 0;
        for (const ConsequenceHit& h : consequences_of(scheme_, history(grades))) {
            out.push_back(h.consequence->department_zh +
                          (h.consequence->amount ? " " + format_frac_short(*h.consequence->amount, 6) : ""));
            years = h.years;
        }
        return out;
    }
    Scheme scheme_;
};

TEST_F(ParksConsequences, DRunsRaiseTheSurcharge) {
    int years = 0;
    EXPECT_EQ(hits({"D"}, years), (std::vector<std::string>{"广西电网公司 0.05", "自治区发展改革委"}));
    EXPECT_EQ(years, 1);
    EXPECT_EQ(hits({"B", "D"}, years), (std::vector<std::string>{"广西电网公司 0.05", "自治区发展改革委"}));
    EXPECT_EQ(years, 1);
    EXPECT_EQ(hits({"D", "D"}, years), (std::vector<std::string>{"广西电网公司 0.08", "自治区发展改革委"}));
    EXPECT_EQ(years, 2);
    EXPECT_EQ(hits({"D", "D", "D"}, years), (std::vector<std::string>{"广西电网公司 0.1", "自治区发展改革委"}));
    EXPECT_EQ(years, 3);
    EXPECT_EQ(hits({"D", "D", "D", "D"}, years), (std::vector<std::string>{"广西电网公司 0.1", "自治区发展改革委"}));
    EXPECT_EQ(years, 4);
    // A year not evaluated breaks the run.
    EXPECT_EQ(hits({"D", "", "D"}, years), (std::vector<std::string>{"广西电网公司 0.05", "自治区发展改革委"}));
    EXPECT_EQ(years, 1);
    EXPECT_EQ(hits({"D", "C", "D", "D"}, years), (std::vector<std::string>{"广西电网公司 0.08", "自治区发展改革委"}));
}

TEST_F(ParksConsequences, OnlyTheLatestGradeCounts) {
    int years = 0;
    EXPECT_EQ(hits({"A"}, years), (std::vector<std::string>{"自治区自然资源厅"}));
    EXPECT_EQ(hits({"D", "D", "A"}, years), (std::vector<std::string>{"自治区自然资源厅"}));
    EXPECT_TRUE(hits({"D", "D", "B"}, years).empty());
    EXPECT_TRUE(hits({"D", "D", ""}, years).empty());  // not evaluated this year
    EXPECT_TRUE(hits({"T"}, years).empty());
    EXPECT_TRUE(consequences_of(scheme_, {}).empty());
}

}  // namespace
}  // namespace zx::parks
