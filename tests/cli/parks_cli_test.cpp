// `zhenxing parks` end to end: the golden case's files byte for byte, missing data on standard
// error, defects as file:line: field with nothing written, usage errors, explain in both languages.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace {

namespace fs = std::filesystem;

std::string slurp(const fs::path& p) {
    std::ifstream f(p, std::ios::binary);
    std::stringstream ss;
    ss << f.rdbuf();
    return ss.str();
}

const std::string kSrc = ZX_SOURCE_DIR;
const std::string kScheme = kSrc + "/schemes/guangxi-default";
const std::string kCase = kSrc + "/tests/modules/park_evaluation/golden/guangxi_boundaries";

struct ParksRun {
    int code = -1;
    std::string out, err;
};

class ParksCli : public ::testing::Test {
  protected:
    void SetUp() override {
        tmp_ = fs::temp_directory_path() / ("zx-parks-cli-" + std::to_string(::getpid()) + "-" +
                                            ::testing::UnitTest::GetInstance()->current_test_info()->name());
        fs::remove_all(tmp_);
        fs::create_directories(tmp_);
    }
    void TearDown() override { fs::remove_all(tmp_); }

    ParksRun run(const std::string& args) const {
        const fs::path out = tmp_ / "stdout.txt", err = tmp_ / "stderr.txt";
        const std::string cmd = std::string(ZX_CLI) + " " + args + " >" + out.string() + " 2>" + err.string();
        const int status = std::system(cmd.c_str());
        ParksRun r;
        r.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
        r.out = slurp(out);
        r.err = slurp(err);
        return r;
    }
    static std::string common(const std::string& data, const std::string& year = "2023") {
        return "--scheme " + kScheme + " --data " + data + " --year " + year;
    }

    fs::path tmp_;
};

TEST_F(ParksCli, EvaluateWritesTheGoldenCsvAndListsTheMissing) {
    const fs::path out = tmp_ / "grades.csv";
    const ParksRun r = run("parks evaluate " + common(kCase) + " --out " + out.string());
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_EQ(slurp(out), slurp(kCase + "/expected.csv"));
    // 91450100MA5Y000132 has land but only 2022 figures.
    EXPECT_NE(r.err.find("91450100MA5Y000132"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("缺少数据"), std::string::npos) << r.err;
    EXPECT_EQ(r.out, "");
    // The empty park (GX-WZ-04 has no enterprise) is named too.
    EXPECT_NE(r.err.find("GX-WZ-04"), std::string::npos) << r.err;
    // The missing enterprise is not a row of the file.
    EXPECT_EQ(slurp(out).find("91450100MA5Y000132"), std::string::npos);
}

TEST_F(ParksCli, EvaluateParksLevel) {
    const fs::path out = tmp_ / "parks.csv";
    const ParksRun r = run("parks evaluate " + common(kCase) + " --level parks --out " + out.string());
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_EQ(slurp(out), slurp(kCase + "/expected_parks.csv"));
}

TEST_F(ParksCli, EvaluateToStandardOutput) {
    const ParksRun r = run("parks evaluate " + common(kCase) + " --out -");
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_EQ(r.out, slurp(kCase + "/expected.csv"));
}

TEST_F(ParksCli, DataDefectExitsOneNamesFileLineFieldAndWritesNothing) {
    fs::copy(kCase, tmp_ / "data");
    // Line 3 of land.csv (P-002) gets an area of 0.
    std::string land = slurp(tmp_ / "data" / "land.csv");
    land.replace(land.find("P-002,40.00"), 11, "P-002,0");
    std::ofstream(tmp_ / "data" / "land.csv", std::ios::binary) << land;
    const fs::path out = tmp_ / "grades.csv";
    const ParksRun r = run("parks evaluate " + common((tmp_ / "data").string()) + " --out " + out.string());
    EXPECT_EQ(r.code, 1) << r.err;
    EXPECT_NE(r.err.find("land.csv:3: area_mu"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("未写入任何结果"), std::string::npos) << r.err;
    EXPECT_FALSE(fs::exists(out));
    // In English too, with the same location.
    const ParksRun en = run("--lang en parks evaluate " + common((tmp_ / "data").string()) + " --out " + out.string());
    EXPECT_EQ(en.code, 1);
    EXPECT_NE(en.err.find("land.csv:3: area_mu: must not be 0"), std::string::npos) << en.err;
    EXPECT_NE(en.err.find("nothing was written"), std::string::npos) << en.err;
    EXPECT_FALSE(fs::exists(out));
}

TEST_F(ParksCli, DefectInAnnualNamesItsLine) {
    fs::copy(kCase, tmp_ / "data");
    std::ofstream(tmp_ / "data" / "annual.csv", std::ios::app) << "91450100MA5Y00001T,2022,\"1,000\",1,1,1,1,1\n";
    const fs::path out = tmp_ / "grades.csv";
    const ParksRun r = run("parks evaluate " + common((tmp_ / "data").string()) + " --out " + out.string());
    EXPECT_EQ(r.code, 1) << r.err;
    EXPECT_NE(r.err.find("annual.csv:16: tax_yuan"), std::string::npos) << r.err;
    EXPECT_FALSE(fs::exists(out));
}

TEST_F(ParksCli, BadSchemeExitsOneNamingTheKey) {
    fs::create_directories(tmp_ / "scheme");
    std::string toml = slurp(kScheme + "/scheme.toml");
    toml.replace(toml.find("weight = 30"), 11, "wieght = 30");
    std::ofstream(tmp_ / "scheme" / "scheme.toml", std::ios::binary) << toml;
    const fs::path out = tmp_ / "grades.csv";
    const ParksRun r = run("parks evaluate --scheme " + (tmp_ / "scheme").string() + " --data " + kCase +
                           " --year 2023 --out " + out.string());
    EXPECT_EQ(r.code, 1) << r.err;
    EXPECT_NE(r.err.find("scheme.toml:"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("indicator[1].wieght"), std::string::npos) << r.err;
    EXPECT_FALSE(fs::exists(out));
}

TEST_F(ParksCli, MissingSchemeExitsThree) {
    const fs::path out = tmp_ / "grades.csv";
    const ParksRun r = run("parks evaluate --scheme " + (tmp_ / "no-scheme").string() + " --data " + kCase +
                           " --year 2023 --out " + out.string());
    EXPECT_EQ(r.code, 3) << r.err;
    EXPECT_NE(r.err.find("scheme.toml"), std::string::npos) << r.err;
    EXPECT_FALSE(fs::exists(out));
}

TEST_F(ParksCli, MissingDataDirectoryExitsThree) {
    const fs::path out = tmp_ / "grades.csv";
    const ParksRun r = run("parks evaluate " + common((tmp_ / "nowhere").string()) + " --out " + out.string());
    EXPECT_EQ(r.code, 3) << r.err;
    EXPECT_FALSE(fs::exists(out));
}

TEST_F(ParksCli, MissingYearIsAUsageError) {
    const fs::path out = tmp_ / "grades.csv";
    const ParksRun r = run("parks evaluate --scheme " + kScheme + " --data " + kCase + " --out " + out.string());
    EXPECT_NE(r.code, 0);
    EXPECT_NE(r.err.find("--year"), std::string::npos) << r.err;
    EXPECT_FALSE(fs::exists(out));
    // A year out of range and an unknown level are usage errors too.
    const ParksRun old = run("parks evaluate " + common(kCase, "1999") + " --out " + out.string());
    EXPECT_NE(old.code, 0);
    const ParksRun level = run("parks evaluate " + common(kCase) + " --level county --out " + out.string());
    EXPECT_NE(level.code, 0);
    EXPECT_FALSE(fs::exists(out));
    // The contract (docs/park-evaluation.md, "Exit codes: ... 2 usage").
    if (r.code != 2 || old.code != 2 || level.code != 2) {
        ADD_FAILURE() << "usage errors exit " << r.code << " (missing --year), " << old.code << " (--year 1999), "
                      << level.code << " (--level county) instead of 2";
    }
    EXPECT_EQ(r.code, 2);
}

TEST_F(ParksCli, ExplainPrintsTheLinesWithTheRank) {
    const ParksRun r = run("parks explain " + common(kCase) + " --uscc 91450100MA5Y000044");
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_NE(r.out.find("91450100MA5Y000044 广西甲四食品有限公司 2023"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("亩均税收"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("研发投入强度"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("合计 86.43 分"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("排名 5/10"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("B 类"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("升档所需"), std::string::npos) << r.out;
    EXPECT_EQ(r.out.find("rank 5 of 10"), std::string::npos) << "one language only";
}

TEST_F(ParksCli, ExplainInEnglish) {
    const ParksRun r = run("--lang en parks explain " + common(kCase) + " --uscc 91450100MA5Y000044");
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_NE(r.out.find("tax per mu"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("total 86.43"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("rank 5 of 10"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("grade B"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("to reach the next grade"), std::string::npos) << r.out;
    EXPECT_EQ(r.out.find("排名"), std::string::npos) << r.out;
    EXPECT_EQ(r.out.find("合计"), std::string::npos) << r.out;
}

TEST_F(ParksCli, ExplainExemptMissingAndUnknown) {
    const ParksRun t = run("parks explain " + common(kCase) + " --uscc 91450100MA5Y00012Y");
    ASSERT_EQ(t.code, 0) << t.err;
    EXPECT_NE(t.out.find("不参与排序（T 类）"), std::string::npos) << t.out;
    const ParksRun missing = run("parks explain " + common(kCase) + " --uscc 91450100MA5Y000132");
    EXPECT_NE(missing.code, 0) << missing.err;  // (exits 3, the code the contract gives a missing file)
    EXPECT_NE(missing.err.find("91450100MA5Y000132"), std::string::npos) << missing.err;
    const ParksRun unknown = run("--lang en parks explain " + common(kCase) + " --uscc 91450100MA5Y99999X");
    EXPECT_NE(unknown.code, 0);
    EXPECT_NE(unknown.err.find("is not evaluated"), std::string::npos) << unknown.err;
}

TEST_F(ParksCli, SensitivityAndConsequencesWriteCsv) {
    const ParksRun s = run("parks sensitivity " + common(kCase));
    ASSERT_EQ(s.code, 0) << s.err;
    EXPECT_EQ(s.out.rfind("uscc,column,direction,grade_before,grade_after\n", 0), 0u) << s.out;
    const ParksRun c = run("parks consequences " + common(kCase));
    ASSERT_EQ(c.code, 0) << c.err;
    EXPECT_EQ(c.out.rfind("uscc,name,grade,consecutive_years,department,measure,amount,unit\n", 0), 0u) << c.out;
    // 91450100MA5Y00009K is D in 2023: the first-year surcharge of 0.05 元/千瓦时.
    EXPECT_NE(c.out.find("91450100MA5Y00009K,广西甲九金属有限公司,D,1,广西电网公司"), std::string::npos) << c.out;
    EXPECT_NE(c.out.find(",0.05,元/千瓦时"), std::string::npos) << c.out;
    // The A enterprises get the land and energy priority.
    EXPECT_NE(c.out.find("91450100MA5Y00001T,广西甲一机械有限公司,A,1,自治区自然资源厅"), std::string::npos) << c.out;
}

TEST_F(ParksCli, ConsequencesCountOnlyConsecutiveYears) {
    // Figures for 2021 and 2023 only: 91450100MA5Y000031 is D in both, but 2022 was not evaluated,
    // so the run ending in 2023 is one year (0.05 元/千瓦时), not two (0.08).
    const fs::path d = tmp_ / "data";
    fs::create_directories(d);
    std::ofstream(d / "enterprises.csv") << "uscc,name,city,industry,scale_since\n"
                                            "91450100MA5Y00001T,甲一,南宁市,3411,2015-01\n"
                                            "91450100MA5Y00002X,甲二,南宁市,3981,2016-01\n"
                                            "91450100MA5Y000031,甲三,柳州市,3981,2016-01\n";
    std::ofstream(d / "land.csv") << "uscc,parcel_id,area_mu,tenure,park_id\n"
                                     "91450100MA5Y00001T,P-1,50.00,owned,\n"
                                     "91450100MA5Y00002X,P-2,50.00,owned,\n"
                                     "91450100MA5Y000031,P-3,50.00,owned,\n";
    std::string annual = "uscc,year,tax_yuan,revenue_yuan,value_added_yuan,energy_tce,employees,rd_yuan\n";
    for (const char* y : {"2021", "2023"})
        annual += std::string("91450100MA5Y00001T,") + y + ",9000000,60000000,15000000,1500,120,1800000\n" +
                  "91450100MA5Y00002X," + y + ",8000000,60000000,14000000,1500,120,1800000\n" + "91450100MA5Y000031," +
                  y + ",1000000,60000000,3000000,1500,120,1800000\n";
    std::ofstream(d / "annual.csv") << annual;
    const ParksRun r = run("parks consequences " + common(d.string()));
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_NE(r.out.find("91450100MA5Y000031,甲三,D,"), std::string::npos) << r.out;
    if (r.out.find("91450100MA5Y000031,甲三,D,2,") != std::string::npos) {
        ADD_FAILURE() << "D in 2021 and 2023 (2022 absent) counted as 2 consecutive years:\n" << r.out;
    }
    EXPECT_NE(r.out.find("91450100MA5Y000031,甲三,D,1,广西电网公司,差别电价：每千瓦时加价,0.05"), std::string::npos)
        << r.out;
}

}  // namespace
