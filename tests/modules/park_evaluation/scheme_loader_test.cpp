// scheme.toml as data: the shipped guangxi-default loads with the issue's semantics, and every
// defect names the file, the line and the key path, in Chinese and English.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "modules/park_evaluation/scheme_loader.hpp"

namespace zx::parks {
namespace {

namespace fs = std::filesystem;

fs::path source_dir() {
    if (const char* env = std::getenv("ZX_SOURCE_DIR"); env != nullptr && *env != '\0') return env;
    return ZX_SOURCE_DIR;
}

std::string slurp(const fs::path& p) {
    std::ifstream f(p, std::ios::binary);
    std::stringstream s;
    s << f.rdbuf();
    return s.str();
}

class ParksSchemeLoader : public ::testing::Test {
  protected:
    void SetUp() override {
        dir_ = fs::temp_directory_path() / ("zx-parks-scheme-" + std::to_string(::getpid()) + "-" +
                                            ::testing::UnitTest::GetInstance()->current_test_info()->name());
        fs::remove_all(dir_);
        fs::create_directories(dir_);
        base_ = slurp(source_dir() / "schemes" / "guangxi-default" / "scheme.toml");
        ASSERT_FALSE(base_.empty());
    }
    void TearDown() override { fs::remove_all(dir_); }

    fs::path file() const { return dir_ / "scheme.toml"; }
    Result<Scheme> load(const std::string& text) {
        std::ofstream(file(), std::ios::binary) << text;
        return load_scheme(dir_);
    }
    // The 1-based line of the first occurrence of `needle` (after `from`) in `text`.
    static int line_of(const std::string& text, const std::string& needle, std::size_t from = 0) {
        const std::size_t at = text.find(needle, from);
        EXPECT_NE(at, std::string::npos) << needle;
        return 1 + static_cast<int>(std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(at), '\n'));
    }
    // Replaces the first `from` after position `after` with `to`; returns the text.
    static std::string replace(std::string text, const std::string& from, const std::string& to,
                               std::size_t after = 0) {
        const std::size_t at = text.find(from, after);
        EXPECT_NE(at, std::string::npos) << from;
        if (at != std::string::npos) text.replace(at, from.size(), to);
        return text;
    }
    // Position of the n-th (1-based) occurrence of `what`.
    static std::size_t nth(const std::string& text, const std::string& what, int n) {
        std::size_t at = 0;
        for (int i = 0; i < n; ++i) {
            at = text.find(what, i == 0 ? 0 : at + 1);
            if (at == std::string::npos) return at;
        }
        return at;
    }
    // The status names `file:line: key` in both languages.
    void expect_names(const Result<Scheme>& r, int line, const std::string& key) {
        ASSERT_FALSE(r);
        EXPECT_EQ(r.status().code(), StatusCode::kDataError);
        const std::string at = file().string() + ":" + std::to_string(line) + ": " + key;
        EXPECT_NE(r.status().text().zh.find(at), std::string::npos) << r.status().text().zh << "\nwant " << at;
        EXPECT_NE(r.status().text().en.find(at), std::string::npos) << r.status().text().en << "\nwant " << at;
    }
    void expect_names_file_and_key(const Result<Scheme>& r, const std::string& key) {
        ASSERT_FALSE(r);
        EXPECT_NE(r.status().text().zh.find(file().string() + ":"), std::string::npos) << r.status().text().zh;
        EXPECT_NE(r.status().text().en.find(file().string() + ":"), std::string::npos) << r.status().text().en;
        EXPECT_NE(r.status().text().zh.find(key), std::string::npos) << r.status().text().zh;
        EXPECT_NE(r.status().text().en.find(key), std::string::npos) << r.status().text().en;
    }

    fs::path dir_;
    std::string base_;
};

TEST_F(ParksSchemeLoader, GuangxiDefaultLoadsWithTheIssuesSemantics) {
    auto s = load_scheme(source_dir() / "schemes" / "guangxi-default");
    ASSERT_TRUE(s) << s.status().text().en;
    EXPECT_EQ(s->id, "guangxi-default");
    EXPECT_EQ(s->version, "2023.1");
    EXPECT_EQ(s->score_decimals, 2);
    EXPECT_TRUE(s->graded);
    EXPECT_EQ(s->exempt_grade, "T");
    ASSERT_EQ(s->columns.size(), 7u);
    EXPECT_EQ(s->columns[0].name, "land_mu");
    EXPECT_EQ(s->column("energy_tce"), 4);
    EXPECT_EQ(s->columns[4].decimals, 4);
    ASSERT_EQ(s->indicators.size(), 5u);
    const char* ids[] = {"tax_per_mu", "value_added_per_mu", "value_added_per_energy", "labor_productivity",
                         "rd_intensity"};
    const int weights[] = {30, 20, 20, 15, 15};
    for (std::size_t k = 0; k < 5; ++k) {
        EXPECT_EQ(s->indicators[k].id, ids[k]);
        EXPECT_EQ(compare(s->indicators[k].weight, {weights[k], 1}), 0) << ids[k];
        ASSERT_TRUE(s->indicators[k].cap.has_value());
        EXPECT_EQ(compare(*s->indicators[k].cap, {2, 1}), 0);
        EXPECT_EQ(s->indicators[k].benchmark, Benchmark::kPopulation);
    }
    EXPECT_EQ(s->indicators[2].zero, ZeroDenominator::kCap);
    EXPECT_EQ(s->indicators[4].zero, ZeroDenominator::kZero);
    EXPECT_EQ(compare(s->indicators[0].display_factor, {1, 10000}), 0);
    EXPECT_EQ(s->indicators[0].numerator, s->column("tax_yuan"));
    EXPECT_EQ(s->indicators[0].denominator, 0);
    EXPECT_EQ(compare(s->leased_share, {1, 1}), 0);
    EXPECT_EQ(s->group_by, GroupBy::kNone);
    ASSERT_TRUE(s->exempt_new_years.has_value());
    EXPECT_EQ(*s->exempt_new_years, 1);
    EXPECT_EQ(s->exempt_divisions, (std::vector<int>{44, 45, 46}));
    ASSERT_EQ(s->splits.size(), 4u);
    EXPECT_EQ(s->splits[0].grade, "A");
    EXPECT_EQ(s->splits[0].percent, 20);
    EXPECT_EQ(s->splits[3].percent, 100);
    EXPECT_EQ(s->consequences.size(), 5u);
    EXPECT_EQ(s->levers, (std::vector<std::string>{"tax_yuan", "value_added_yuan", "land_mu", "energy_tce"}));
    // A copy in a temporary directory loads the same.
    auto copy = load(base_);
    ASSERT_TRUE(copy) << copy.status().text().en;
    EXPECT_EQ(copy->indicators.size(), 5u);
}

TEST_F(ParksSchemeLoader, MissingFileIsAnIoError) {
    auto r = load_scheme(dir_ / "nowhere");
    ASSERT_FALSE(r);
    EXPECT_EQ(r.status().code(), StatusCode::kIoError);
}

TEST_F(ParksSchemeLoader, UnknownTopLevelKey) {
    const std::string text = replace(base_, "graded = true\n", "graded = true\nbogus_key = 1\n");
    expect_names(load(text), line_of(text, "bogus_key"), "bogus_key");
}

TEST_F(ParksSchemeLoader, UnknownKeyInAnIndicator) {
    // In the second indicator: the path says which one.
    const std::size_t second = nth(base_, "[[indicator]]", 2);
    const std::string text = replace(base_, "weight = 20\n", "weight = 20\nwieght = 20\n", second);
    expect_names(load(text), line_of(text, "wieght"), "indicator[2].wieght");
}

TEST_F(ParksSchemeLoader, UnknownKeyInPopulation) {
    const std::string text = replace(base_, "group_by = \"none\"\n", "group_by = \"none\"\ngroup_bye = \"city\"\n");
    expect_names(load(text), line_of(text, "group_bye"), "population.group_bye");
}

TEST_F(ParksSchemeLoader, UnknownKeyInLandGradeAndConsequence) {
    std::string text = replace(base_, "[land]\n", "[land]\nowned_share = \"1\"\n");
    expect_names(load(text), line_of(text, "owned_share"), "land.owned_share");
    text = replace(base_, "percent = 70\n", "percent = 70\ncolour = \"blue\"\n");
    expect_names(load(text), line_of(text, "colour"), "grade[2].colour");
    text = replace(base_, "min_years = 1\n", "min_years = 1\nyears = 2\n");
    expect_names(load(text), line_of(text, "years = 2"), "consequence[1].years");
}

TEST_F(ParksSchemeLoader, TomlFloatWeightIsRefused) {
    const std::string text = replace(base_, "weight = 30\n", "weight = 30.0\n");
    const auto r = load(text);
    expect_names(r, line_of(text, "weight = 30.0"), "indicator[1].weight");
    // The decimal string of the same number is accepted.
    auto ok = load(replace(base_, "weight = 30\n", "weight = \"30.0\"\n"));
    ASSERT_TRUE(ok) << ok.status().text().en;
    EXPECT_EQ(compare(ok->indicators[0].weight, {30, 1}), 0);
}

TEST_F(ParksSchemeLoader, TomlFloatElsewhereIsRefused) {
    std::string text = replace(base_, "cap = 2\n", "cap = 2.0\n");
    expect_names(load(text), line_of(text, "cap = 2.0"), "indicator[1].cap");
    text = replace(base_, "leased_share = \"1\"", "leased_share = 0.5");
    expect_names(load(text), line_of(text, "leased_share = 0.5"), "land.leased_share");
    text = replace(base_, "amount = \"0.05\"", "amount = 0.05");
    expect_names(load(text), line_of(text, "amount = 0.05"), "consequence[1].amount");
}

TEST_F(ParksSchemeLoader, UnknownNumeratorColumn) {
    const std::string text = replace(base_, "numerator = \"tax_yuan\"", "numerator = \"taxes_yuan\"");
    const auto r = load(text);
    expect_names(r, line_of(text, "taxes_yuan"), "indicator[1].numerator");
    EXPECT_NE(r.status().text().zh.find("taxes_yuan"), std::string::npos);
}

TEST_F(ParksSchemeLoader, UnknownDenominatorColumnAndLever) {
    std::string text = replace(base_, "denominator = \"employees\"", "denominator = \"staff\"");
    expect_names(load(text), line_of(text, "\"staff\""), "indicator[4].denominator");
    text = replace(base_, "\"energy_tce\"]", "\"water_m3\"]");
    const auto r = load(text);
    expect_names(r, line_of(text, "levers ="), "levers");
    EXPECT_NE(r.status().text().en.find("water_m3"), std::string::npos);
}

TEST_F(ParksSchemeLoader, ZeroDenominatorCapWithoutCap) {
    // The third indicator (value added per tce) says zero_denominator = "cap"; drop its cap.
    const std::size_t third = nth(base_, "[[indicator]]", 3);
    const std::string text = replace(base_, "cap = 2\n", "", third);
    const auto r = load(text);
    expect_names(r, line_of(text, "zero_denominator = \"cap\""), "indicator[3].zero_denominator");
}

TEST_F(ParksSchemeLoader, BadChoicesAndMissingKeys) {
    std::string text = replace(base_, "zero_denominator = \"cap\"", "zero_denominator = \"max\"");
    expect_names(load(text), line_of(text, "\"max\""), "indicator[3].zero_denominator");
    text = replace(base_, "group_by = \"none\"", "group_by = \"county\"");
    expect_names(load(text), line_of(text, "\"county\""), "population.group_by");
    text = replace(base_, "benchmark = \"population\"", "benchmark = \"median\"");
    expect_names(load(text), line_of(text, "\"median\""), "indicator[1].benchmark");
    text = replace(base_, "weight = 30\n", "");
    expect_names_file_and_key(load(text), "indicator[1].weight");
    text = replace(base_, "weight = 30\n", "weight = 0\n");
    expect_names(load(text), line_of(text, "weight = 0"), "indicator[1].weight");
    text = replace(base_, "exempt_divisions = [44, 45, 46]", "exempt_divisions = [44, 98]");
    expect_names(load(text), line_of(text, "[44, 98]"), "population.exempt_divisions");
    text = replace(base_, "leased_share = \"1\"", "leased_share = \"3/2\"");
    expect_names(load(text), line_of(text, "3/2"), "land.leased_share");
}

TEST_F(ParksSchemeLoader, DuplicateIndicatorId) {
    const std::size_t second = nth(base_, "[[indicator]]", 2);
    const std::string text = replace(base_, "id = \"value_added_per_mu\"", "id = \"tax_per_mu\"", second);
    expect_names(load(text), line_of(text, "id = \"tax_per_mu\"", second), "indicator[2].id");
}

TEST_F(ParksSchemeLoader, GradesMustEndAtOneHundred) {
    const std::string text = replace(base_, "percent = 100\n", "percent = 99\n");
    const auto r = load(text);
    expect_names_file_and_key(r, "grade");
    EXPECT_NE(r.status().text().en.find("percent = 100"), std::string::npos) << r.status().text().en;
    // Without any grade at all, likewise.
    std::string none = base_;
    while (none.find("[[grade]]") != std::string::npos) {
        const std::size_t at = none.find("[[grade]]");
        const std::size_t end = none.find("\n[[", at + 1);
        none.erase(at, end == std::string::npos ? std::string::npos : end + 1 - at);
    }
    expect_names_file_and_key(load(none), "grade");
    // graded = false needs no grades.
    auto ungraded = load(replace(none, "graded = true", "graded = false"));
    ASSERT_FALSE(ungraded);  // the consequences still name grades the scheme no longer has
    auto plain = load(replace(none.substr(0, none.find("[[consequence]]")), "graded = true", "graded = false"));
    ASSERT_TRUE(plain) << plain.status().text().en;
    EXPECT_FALSE(plain->graded);
}

TEST_F(ParksSchemeLoader, PercentsMustIncrease) {
    std::string text = replace(base_, "percent = 70\n", "percent = 20\n");
    expect_names(load(text), line_of(text, "percent = 20", nth(text, "[[grade]]", 2)), "grade[2].percent");
    text = replace(base_, "percent = 95\n", "percent = 60\n");
    expect_names(load(text), line_of(text, "percent = 60"), "grade[3].percent");
    text = replace(base_, "percent = 20\n", "percent = 0\n");
    expect_names(load(text), line_of(text, "percent = 0"), "grade[1].percent");
}

TEST_F(ParksSchemeLoader, ConsequenceWithAnUndefinedGrade) {
    const std::size_t first = base_.find("[[consequence]]");
    const std::string text = replace(base_, "grade = \"D\"", "grade = \"E\"", first);
    const auto r = load(text);
    expect_names(r, line_of(text, "grade = \"E\""), "consequence[1].grade");
    // The exempt grade is a defined one.
    auto t = load(replace(base_, "grade = \"D\"", "grade = \"T\"", first));
    ASSERT_TRUE(t) << t.status().text().en;
    EXPECT_EQ(t->consequences[0].grade, "T");
}

TEST_F(ParksSchemeLoader, ConsequenceYearsRange) {
    const std::size_t first = base_.find("[[consequence]]");
    const std::string text = replace(base_, "max_years = 1", "max_years = 0", first);
    expect_names(load(text), line_of(text, "max_years = 0"), "consequence[1].max_years");
}

TEST_F(ParksSchemeLoader, SyntaxErrorNamesTheLine) {
    const std::string text = replace(base_, "graded = true\n", "graded = true\nthis is not toml\n");
    const auto r = load(text);
    ASSERT_FALSE(r);
    const std::string at = file().string() + ":" + std::to_string(line_of(text, "this is not toml"));
    EXPECT_NE(r.status().text().zh.find(at), std::string::npos) << r.status().text().zh;
    EXPECT_NE(r.status().text().en.find(at), std::string::npos) << r.status().text().en;
}

TEST_F(ParksSchemeLoader, FurtherColumnsAndFractions) {
    std::string text = replace(base_, "[land]\n",
                               "[[column]]\nname = \"water_m3\"\ndecimals = 1\nrequired = false\nlabel = \"用水量\"\n\n"
                               "[land]\n");
    text = replace(text, "leased_share = \"1\"", "leased_share = \"1/2\"");
    text = replace(text, "cap = 2\n", "cap = \"3/2\"\n");
    auto s = load(text);
    ASSERT_TRUE(s) << s.status().text().en;
    ASSERT_EQ(s->columns.size(), 8u);
    EXPECT_EQ(s->columns[7].name, "water_m3");
    EXPECT_EQ(s->columns[7].decimals, 1);
    EXPECT_FALSE(s->columns[7].required);
    EXPECT_EQ(compare(s->leased_share, {1, 2}), 0);
    EXPECT_EQ(compare(*s->indicators[0].cap, {3, 2}), 0);
    // A further column named like a built-in one is a duplicate.
    const std::string dup = replace(base_, "[land]\n", "[[column]]\nname = \"tax_yuan\"\nlabel = \"税\"\n\n[land]\n");
    expect_names(load(dup), line_of(dup, "name = \"tax_yuan\""), "column[1].name");
    // An unknown key in a column.
    const std::string bad =
        replace(base_, "[land]\n", "[[column]]\nname = \"w\"\nlabel = \"w\"\nscale = 2\n\n[land]\n");
    expect_names(load(bad), line_of(bad, "scale = 2"), "column[1].scale");
}

}  // namespace
}  // namespace zx::parks
