// Runs the zhenxing executable end to end: exit codes, outputs, messages.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "platform/formats/xlsx_reader.hpp"

namespace {

namespace fs = std::filesystem;

struct CliRun {
    int code = -1;
    std::string out;  // stdout and stderr together
};

CliRun run(const std::string& args) {
    CliRun r;
    const std::string cmd = std::string(ZX_CLI) + " " + args + " 2>&1";
    FILE* p = popen(cmd.c_str(), "r");
    if (!p) return r;
    std::array<char, 4096> buf;
    size_t n;
    while ((n = fread(buf.data(), 1, buf.size(), p)) > 0) r.out.append(buf.data(), n);
    const int status = pclose(p);
    r.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return r;
}

std::string slurp(const fs::path& p) {
    std::ifstream f(p, std::ios::binary);
    std::stringstream ss;
    ss << f.rdbuf();
    return ss.str();
}

const std::string kSrc = ZX_SOURCE_DIR;
const std::string kPolicy = kSrc + "/policies/guangxi-2023";
const std::string kCase = kSrc + "/tests/modules/awards/golden/caps_c1_c2";

class Cli : public ::testing::Test {
  protected:
    void SetUp() override {
        tmp_ = fs::temp_directory_path() / ("zx-cli-" + std::to_string(::getpid()) + "-" +
                                            ::testing::UnitTest::GetInstance()->current_test_info()->name());
        fs::remove_all(tmp_);
        fs::create_directories(tmp_);
    }
    void TearDown() override { fs::remove_all(tmp_); }
    fs::path tmp_;
};

TEST_F(Cli, HelpForEverySubcommand) {
    for (const char* sub : {"", "validate", "evaluate", "explain", "simulate", "demo-data"}) {
        CliRun r = run(std::string(sub) + " --help");
        EXPECT_EQ(r.code, 0) << sub;
        EXPECT_NE(r.out.find("Usage"), std::string::npos) << sub;
    }
    EXPECT_NE(run("").code, 0);  // a subcommand is required
}

TEST_F(Cli, ValidateGoodData) {
    CliRun r = run("validate --data " + kCase);
    EXPECT_EQ(r.code, 0) << r.out;
    EXPECT_NE(r.out.find("数据校验通过"), std::string::npos) << r.out;
    CliRun en = run("--lang en validate --data " + kCase);
    EXPECT_NE(en.out.find("data OK"), std::string::npos) << en.out;
}

// An error is printed in one language, the one --lang chose (Chinese by default), never both.
TEST_F(Cli, ErrorsFollowLang) {
    const std::string missing = (tmp_ / "no-such-dir").string();
    CliRun zh = run("validate --data " + missing);
    EXPECT_EQ(zh.code, 3) << zh.out;
    EXPECT_NE(zh.out.find(missing + "：目录不存在"), std::string::npos) << zh.out;
    EXPECT_EQ(zh.out.find("not a directory"), std::string::npos) << zh.out;
    CliRun en = run("--lang en validate --data " + missing);
    EXPECT_EQ(en.code, 3) << en.out;
    EXPECT_NE(en.out.find(missing + ": not a directory"), std::string::npos) << en.out;
    EXPECT_EQ(en.out.find("目录不存在"), std::string::npos) << en.out;
    CliRun bad_set = run("--lang en simulate --policy " + kPolicy + " --data " + kCase + " --set clause2.rate=abc");
    EXPECT_EQ(bad_set.code, 2);
    EXPECT_NE(bad_set.out.find("--set clause2.rate=abc: expected a percentage such as 1.5%"), std::string::npos)
        << bad_set.out;
}

TEST_F(Cli, BadDataIsReportedAndNothingIsWritten) {
    fs::copy(kCase, tmp_ / "data");
    {
        std::ofstream f(tmp_ / "data" / "output.csv", std::ios::app);
        f << "91450100MA51100014,2023-13,5\n";
    }
    CliRun v = run("validate --data " + (tmp_ / "data").string());
    EXPECT_EQ(v.code, 1);
    EXPECT_NE(v.out.find("output.csv:"), std::string::npos) << v.out;
    EXPECT_NE(v.out.find(": month:"), std::string::npos) << v.out;
    const fs::path out = tmp_ / "awards.csv";
    CliRun e = run("evaluate --policy " + kPolicy + " --data " + (tmp_ / "data").string() + " --out " + out.string());
    EXPECT_EQ(e.code, 1);
    EXPECT_FALSE(fs::exists(out));
}

TEST_F(Cli, EvaluateCsvStartsWithTheContractColumns) {
    const fs::path out = tmp_ / "awards.csv";
    CliRun r = run("evaluate --policy " + kPolicy + " --data " + kCase + " --out " + out.string());
    ASSERT_EQ(r.code, 0) << r.out;
    const std::string csv = slurp(out);
    EXPECT_EQ(csv.rfind("uscc,clause,period,eligible,amount_yuan,reason", 0), 0u);
    EXPECT_NE(csv.find(",true,"), std::string::npos);
    EXPECT_NE(csv.find("奖励=同比增量"), std::string::npos);
    EXPECT_NE(r.out.find("合计"), std::string::npos);  // summary on stderr
    // Every line has the same number of columns once quotes are honoured.
    std::istringstream in(csv);
    std::string line;
    std::getline(in, line);
    while (std::getline(in, line)) {
        int commas = 0;
        bool quoted = false;
        for (char c : line) {
            if (c == '"')
                quoted = !quoted;
            else if (c == ',' && !quoted)
                ++commas;
        }
        EXPECT_EQ(commas, 10) << line;
    }
}

TEST_F(Cli, BudgetScalesToExactlyTheBudget) {
    const fs::path out = tmp_ / "awards.json";
    const fs::path summary = tmp_ / "summary.json";
    CliRun r = run("evaluate --policy " + kPolicy + " --data " + kCase + " --budget 1234567 --format json --out " +
                   out.string() + " --summary " + summary.string());
    ASSERT_EQ(r.code, 0) << r.out;
    const std::string s = slurp(summary);
    EXPECT_NE(s.find("\"budget_yuan\":1234567"), std::string::npos) << s;
    EXPECT_NE(s.find("\"budget_scaled\":true"), std::string::npos) << s;
    EXPECT_NE(s.find("\"total_yuan\":1234567}"), std::string::npos) << s;
    EXPECT_NE(slurp(out).find("\"rows\":["), std::string::npos);
    EXPECT_EQ(run("evaluate --policy " + kPolicy + " --data " + kCase + " --budget 12x --out " + out.string()).code, 2);
}

TEST_F(Cli, XlsxNoticeList) {
    const fs::path out = tmp_ / "notice.xlsx";
    CliRun r = run("evaluate --policy " + kPolicy + " --data " + kCase + " --format xlsx --out " + out.string());
    ASSERT_EQ(r.code, 0) << r.out;
    auto sheet = zx::read_xlsx_first_sheet(out);
    ASSERT_TRUE(sheet) << sheet.status().message();
    bool header = false;
    for (const auto& row : sheet->rows)
        for (const auto& c : row) header |= c.text == "统一社会信用代码";
    EXPECT_TRUE(header);
}

TEST_F(Cli, ExplainTracesOneEnterprise) {
    const std::string csv = slurp(kCase + "/expected.csv");
    const std::string uscc = csv.substr(csv.find('\n') + 1, 18);
    CliRun r = run("explain --policy " + kPolicy + " --data " + kCase + " --uscc " + uscc);
    ASSERT_EQ(r.code, 0) << r.out;
    EXPECT_NE(r.out.find(uscc), std::string::npos);
    EXPECT_NE(r.out.find("原文：（一）支持企业春节抢抓生产"), std::string::npos);
    EXPECT_NE(r.out.find("增速检验"), std::string::npos);
    EXPECT_NE(r.out.find("合计奖励"), std::string::npos);
    EXPECT_EQ(run("explain --policy " + kPolicy + " --data " + kCase + " --uscc 91350100M000100Y43").code, 1);
}

TEST_F(Cli, SimulateComparesWithTheBaseline) {
    const fs::path out = tmp_ / "changes.csv";
    CliRun r = run("simulate --policy " + kPolicy + " --data " + kCase +
                   " --set clause2.growth_min=10% --set clause1.cap_year=50万 --out " + out.string());
    ASSERT_EQ(r.code, 0) << r.out;
    EXPECT_NE(r.out.find("政策模拟"), std::string::npos);
    EXPECT_NE(r.out.find("合计"), std::string::npos);
    EXPECT_EQ(slurp(out).rfind("uscc,name,city,before_yuan,after_yuan,change_yuan", 0), 0u);
    CliRun bad = run("simulate --policy " + kPolicy + " --data " + kCase + " --set clause9.rate=1%");
    EXPECT_EQ(bad.code, 2);
    EXPECT_NE(bad.out.find("clause9"), std::string::npos);
    CliRun bad2 = run("simulate --policy " + kPolicy + " --data " + kCase + " --set clause2.rate=abc");
    EXPECT_EQ(bad2.code, 2);
}

TEST_F(Cli, BadPolicyNamesFileAndKey) {
    fs::create_directories(tmp_ / "policy");
    std::string toml = slurp(kPolicy + "/policy.toml");
    toml.replace(toml.find("per_year_yuan = 5000000"), 23, "per_yaer_yuan = 5000000");
    std::ofstream(tmp_ / "policy" / "policy.toml") << toml;
    CliRun r = run("evaluate --policy " + (tmp_ / "policy").string() + " --data " + kCase + " --out " +
                   (tmp_ / "a.csv").string());
    EXPECT_EQ(r.code, 2);
    EXPECT_NE(r.out.find("policy.toml:"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("per_yaer_yuan"), std::string::npos) << r.out;
}

TEST_F(Cli, DemoDataIsDeterministicAndValid) {
    ASSERT_EQ(run("-q demo-data --enterprises 300 --seed 5 --out " + (tmp_ / "a").string()).code, 0);
    ASSERT_EQ(run("-q demo-data --enterprises 300 --seed 5 --out " + (tmp_ / "b").string()).code, 0);
    for (const char* f : {"enterprises.csv", "designations.csv", "output.csv"})
        EXPECT_EQ(slurp(tmp_ / "a" / f), slurp(tmp_ / "b" / f)) << f;
    EXPECT_EQ(run("validate --data " + (tmp_ / "a").string()).code, 0);
    const fs::path out = tmp_ / "awards.csv";
    EXPECT_EQ(
        run("-q evaluate --policy " + kPolicy + " --data " + (tmp_ / "a").string() + " --out " + out.string()).code, 0);
}

}  // namespace
