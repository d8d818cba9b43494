// The golden runner of the city table: every directory under golden/ is one case — enterprises.csv,
// output.csv (designations.csv optional), month.txt and expected_cities.csv. The expected files come
// from golden/reference.py, an independent implementation over Python fractions, and are checked by
// hand in golden/README.md. A new case is a new directory, not new code.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>

#include "modules/enterprise_data/data_loader.hpp"
#include "modules/monitoring/rules/figures.hpp"
#include "support/test_files.hpp"

namespace zx::monitoring {
namespace {

namespace fs = std::filesystem;

fs::path golden_dir() {
    return test::source_dir() / "tests" / "modules" / "monitoring" / "golden";
}

std::vector<std::string> case_names() {
    std::vector<std::string> names;
    for (const auto& e : fs::directory_iterator(golden_dir()))
        if (e.is_directory()) names.push_back(e.path().filename().string());
    std::sort(names.begin(), names.end());
    return names;
}

class CityGolden : public ::testing::TestWithParam<std::string> {};

TEST_P(CityGolden, MatchesTheHandComputedTable) {
    const fs::path dir = golden_dir() / GetParam();
    std::string month_text = test::slurp(dir / "month.txt");
    while (!month_text.empty() && (month_text.back() == '\n' || month_text.back() == '\r')) month_text.pop_back();
    const auto month = parse_year_month(month_text);
    ASSERT_TRUE(month) << month_text;
    const Period period{*month};
    LoadOptions options;
    options.month_window = MonthRange{period.base().first, period.current().last};
    options.designations_optional = true;
    LoadReport report;
    auto ds = load_dataset(dir, options, report);
    ASSERT_TRUE(ds) << ds.status().text().zh;
    // One thread and both: the kernel's slices must not change a figure.
    for (int threads : {1, 2}) {
        const auto sums = enterprise_sums(*ds, period, threads);
        EXPECT_EQ(city_table_csv(by_city(*ds, sums)), test::slurp(dir / "expected_cities.csv"))
            << GetParam() << " threads " << threads;
    }
}

INSTANTIATE_TEST_SUITE_P(Cases, CityGolden, ::testing::ValuesIn(case_names()),
                         [](const ::testing::TestParamInfo<std::string>& i) { return i.param; });

TEST(CityGoldenCases, AllPresent) {
    // The README's eight cases: dropping one is a visible change, not a silent pass.
    EXPECT_GE(case_names().size(), 8u);
}

}  // namespace
}  // namespace zx::monitoring
