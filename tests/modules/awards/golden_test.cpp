// The golden runner: every directory under tests/modules/awards/golden is one case (input CSVs → expected award
// rows, computed by hand from shared/policy/README.md; the arithmetic is in each case's README.md).
// A new case is a new directory, not new code.
//
// A case holds enterprises.csv, designations.csv, output.csv, expected.csv
// (`uscc,clause,period,eligible,amount_yuan`: one row per enterprise × clause × period in the clause's
// target group) and optionally case.toml with `policy = "<dir under policies/>"` and
// `budget_yuan = N`.
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <sstream>
#include <string>
#include <tuple>
#include <vector>

#include "core/calendar.hpp"
#include "modules/awards/policy_loader.hpp"
#include "modules/awards/rules/evaluator.hpp"
#include "modules/awards/rules/policy.hpp"
#include "modules/enterprise_data/data_loader.hpp"

namespace zx {
namespace {

namespace fs = std::filesystem;

fs::path source_dir() {
    if (const char* env = std::getenv("ZX_SOURCE_DIR"); env != nullptr && *env != '\0') return env;
    return ZX_SOURCE_DIR;
}

fs::path golden_dir() {
    return source_dir() / "tests" / "modules" / "awards" / "golden";
}

std::vector<std::string> case_names() {
    std::vector<std::string> names;
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(golden_dir(), ec))
        if (entry.is_directory()) names.push_back(entry.path().filename().string());
    std::sort(names.begin(), names.end());
    return names;
}

std::string trim(std::string s) {
    const auto not_space = [](unsigned char c) { return !std::isspace(c); };
    s.erase(s.begin(), std::find_if(s.begin(), s.end(), not_space));
    s.erase(std::find_if(s.rbegin(), s.rend(), not_space).base(), s.end());
    return s;
}

struct CaseConfig {
    std::string policy = "guangxi-2023";
    std::optional<std::int64_t> budget_yuan;
};

// case.toml holds two flat keys; a full TOML parser is not needed to read them.
CaseConfig read_config(const fs::path& dir) {
    CaseConfig cfg;
    std::ifstream in(dir / "case.toml");
    std::string line;
    while (std::getline(in, line)) {
        line = trim(line.substr(0, line.find('#')));
        const auto eq = line.find('=');
        if (eq == std::string::npos) continue;
        const std::string key = trim(line.substr(0, eq));
        std::string value = trim(line.substr(eq + 1));
        if (value.size() >= 2 && value.front() == '"' && value.back() == '"') value = value.substr(1, value.size() - 2);
        if (key == "policy") cfg.policy = value;
        if (key == "budget_yuan") cfg.budget_yuan = std::stoll(value);
    }
    return cfg;
}

using Key = std::tuple<std::string, std::string, std::string>;  // uscc, clause id, period
struct Award {
    bool eligible = false;
    std::int64_t amount_yuan = 0;
    bool operator==(const Award&) const = default;
};

std::string describe(const Key& k, const Award& a) {
    std::ostringstream s;
    s << std::get<0>(k) << "," << std::get<1>(k) << "," << std::get<2>(k) << "," << (a.eligible ? "true" : "false")
      << "," << a.amount_yuan;
    return s.str();
}

// Reads expected.csv; duplicate keys are reported as failures.
std::map<Key, Award> read_expected(const fs::path& file) {
    std::map<Key, Award> rows;
    std::ifstream in(file);
    EXPECT_TRUE(in.good()) << "cannot read " << file;
    std::string line;
    bool header = true;
    int line_no = 0;
    while (std::getline(in, line)) {
        ++line_no;
        line = trim(line);
        if (line.empty()) continue;
        if (header) {
            EXPECT_EQ(line, "uscc,clause,period,eligible,amount_yuan") << file;
            header = false;
            continue;
        }
        std::vector<std::string> f;
        std::stringstream ss(line);
        std::string cell;
        while (std::getline(ss, cell, ',')) f.push_back(trim(cell));
        if (f.size() != 5) {
            ADD_FAILURE() << file << ":" << line_no << ": expected 5 fields: " << line;
            continue;
        }
        EXPECT_TRUE(f[3] == "true" || f[3] == "false") << file << ":" << line_no;
        const Key key{f[0], f[1], f[2]};
        const Award award{f[3] == "true", std::stoll(f[4])};
        if (!rows.emplace(key, award).second) ADD_FAILURE() << file << ":" << line_no << ": duplicate row " << line;
    }
    return rows;
}

class GoldenTest : public ::testing::TestWithParam<std::string> {};

TEST_P(GoldenTest, MatchesExpectedRows) {
    const fs::path dir = golden_dir() / GetParam();
    const CaseConfig cfg = read_config(dir);

    auto policy = load_policy(source_dir() / "policies" / cfg.policy);
    ASSERT_TRUE(policy.is_ok()) << policy.status().message();

    LoadReport report;
    auto data = load_dataset(dir, LoadOptions{}, report);
    std::ostringstream defects;
    for (const auto& d : report.defects)
        defects << "\n  " << d.file << ":" << d.line << " [" << d.field << "] '" << d.value << "' " << d.message_en;
    ASSERT_TRUE(data.is_ok()) << data.status().message() << defects.str();

    EvaluateOptions options;
    options.threads = 1;
    options.budget_yuan = cfg.budget_yuan;
    const Evaluation ev = evaluate(*policy, *data, options);

    std::map<Key, Award> actual;
    for (const AwardRow& r : ev.rows) {
        const Clause& clause = policy->clauses[r.clause];
        const Key key{std::string(data->uscc(r.ent)), clause.id, format_month_range(clause.periods[r.period])};
        const Award award{r.eligible(), r.amount_yuan};
        if (!actual.emplace(key, award).second)
            ADD_FAILURE() << "engine produced a duplicate row: " << describe(key, award);
    }
    const std::map<Key, Award> expected = read_expected(dir / "expected.csv");

    std::ostringstream missing, unexpected, differing;
    int n_missing = 0, n_unexpected = 0, n_differing = 0;
    for (const auto& [key, want] : expected) {
        auto it = actual.find(key);
        if (it == actual.end()) {
            missing << "\n  " << describe(key, want);
            ++n_missing;
        } else if (!(it->second == want)) {
            differing << "\n  expected " << describe(key, want) << "\n       got " << describe(key, it->second);
            ++n_differing;
        }
    }
    for (const auto& [key, got] : actual) {
        if (!expected.contains(key)) {
            unexpected << "\n  " << describe(key, got);
            ++n_unexpected;
        }
    }
    EXPECT_EQ(n_missing, 0) << "rows expected but not produced (see " << (dir / "README.md").string()
                            << "):" << missing.str();
    EXPECT_EQ(n_unexpected, 0) << "rows produced but not expected:" << unexpected.str();
    EXPECT_EQ(n_differing, 0) << "rows with a different outcome or amount:" << differing.str();

    std::int64_t expected_sum = 0;
    for (const auto& [key, want] : expected) expected_sum += want.amount_yuan;
    EXPECT_EQ(ev.total_yuan, expected_sum);
    if (cfg.budget_yuan) {
        // Scaled runs pay the budget exactly; unscaled ones pay the (smaller or equal) total.
        EXPECT_EQ(ev.total_yuan, std::min(*cfg.budget_yuan, ev.total_capped_yuan));
        EXPECT_EQ(ev.budget_scaled, ev.total_capped_yuan > *cfg.budget_yuan);
        if (ev.total_capped_yuan > *cfg.budget_yuan) {
            EXPECT_EQ(expected_sum, *cfg.budget_yuan);
        }
    }
}

INSTANTIATE_TEST_SUITE_P(Cases, GoldenTest, ::testing::ValuesIn(case_names()),
                         [](const ::testing::TestParamInfo<std::string>& info) {
                             std::string name = info.param;
                             for (char& c : name)
                                 if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
                             return name;
                         });

TEST(GoldenSuite, HasCases) {
    EXPECT_GE(case_names().size(), 12u) << "no cases under " << golden_dir();
}

}  // namespace
}  // namespace zx
