// The golden runner of the 亩均 evaluation: every directory under golden/ is one case — the data
// (enterprises, land, annual, parks CSVs), case.toml naming the scheme (`scheme = "<dir>"`, under
// schemes/ or relative to the case) and the year, and the expected CSVs (expected.csv per enterprise,
// expected_parks.csv per park). The expected files come from golden/reference.py, an independent
// implementation over Python fractions, and are checked by hand in each case's README.md.
// A new case is a new directory, not new code.
#include <gtest/gtest.h>

#include <toml++/toml.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "modules/park_evaluation/park_data.hpp"
#include "modules/park_evaluation/park_report.hpp"
#include "modules/park_evaluation/scheme_loader.hpp"

namespace zx::parks {
namespace {

namespace fs = std::filesystem;

fs::path source_dir() {
    if (const char* env = std::getenv("ZX_SOURCE_DIR"); env != nullptr && *env != '\0') return env;
    return ZX_SOURCE_DIR;
}

fs::path golden_dir() {
    return source_dir() / "tests" / "modules" / "park_evaluation" / "golden";
}

std::string read(const fs::path& p) {
    std::ifstream f(p, std::ios::binary);
    std::stringstream s;
    s << f.rdbuf();
    return s.str();
}

std::vector<std::string> case_names() {
    std::vector<std::string> names;
    for (const auto& e : fs::directory_iterator(golden_dir()))
        if (e.is_directory()) names.push_back(e.path().filename().string());
    std::sort(names.begin(), names.end());
    return names;
}

class ParksGolden : public ::testing::TestWithParam<std::string> {};

TEST_P(ParksGolden, MatchesTheHandComputedResult) {
    const fs::path dir = golden_dir() / GetParam();
    const toml::table c = toml::parse_file((dir / "case.toml").string());
    const std::string scheme_name = c["scheme"].value_or(std::string());
    const int year = static_cast<int>(c["year"].value_or(std::int64_t{0}));
    fs::path scheme_dir = source_dir() / "schemes" / scheme_name;
    if (!fs::exists(scheme_dir / "scheme.toml")) scheme_dir = dir / scheme_name;
    auto scheme = load_scheme(scheme_dir);
    ASSERT_TRUE(scheme) << scheme.status().text().en;
    LoadReport report;
    auto data = load_park_data(dir, *scheme, report);
    ASSERT_TRUE(data) << data.status().text().en << (report.defects.empty() ? "" : " " + report.defects[0].message_en);
    const auto inputs = inputs_for(*scheme, *data, year);
    const Evaluation ev = evaluate(*scheme, inputs, data->parks, year);
    ASSERT_FALSE(ev.overflow);
    EXPECT_EQ(enterprise_csv(*scheme, inputs, ev), read(dir / "expected.csv"));
    if (fs::exists(dir / "expected_parks.csv")) {
        EXPECT_EQ(park_csv(*scheme, data->parks, ev), read(dir / "expected_parks.csv"));
    }
    if (const auto* missing = c["missing"].as_array()) {
        std::vector<std::string> want, got;
        for (const auto& m : *missing) want.push_back(m.value_or(std::string()));
        for (std::size_t i : ev.missing) got.push_back(inputs[i].uscc);
        EXPECT_EQ(got, want);
    }
}

INSTANTIATE_TEST_SUITE_P(Cases, ParksGolden, ::testing::ValuesIn(case_names()),
                         [](const ::testing::TestParamInfo<std::string>& i) { return i.param; });

}  // namespace
}  // namespace zx::parks
