// `zhenxing monitor` end to end: a golden case's table byte for byte, January refused with the
// reason, designations optional, defects named with nothing written.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include "support/test_files.hpp"

namespace {

namespace fs = std::filesystem;
using zx::test::slurp;

const std::string kGolden = std::string(ZX_SOURCE_DIR) + "/tests/modules/monitoring/golden";

struct CliRun {
    int code = -1;
    std::string out, err;
};

class MonitorCli : public ::testing::Test {
  protected:
    void SetUp() override {
        tmp_ = fs::temp_directory_path() / ("zx-monitor-cli-" + std::to_string(::getpid()) + "-" +
                                            ::testing::UnitTest::GetInstance()->current_test_info()->name());
        fs::remove_all(tmp_);
        fs::create_directories(tmp_);
    }
    void TearDown() override { fs::remove_all(tmp_); }
    CliRun run(const std::string& args) const {
        const fs::path out = tmp_ / "stdout.txt", err = tmp_ / "stderr.txt";
        const int status =
            std::system((std::string(ZX_CLI) + " " + args + " >" + out.string() + " 2>" + err.string()).c_str());
        return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, slurp(out), slurp(err)};
    }
    fs::path tmp_;
};

TEST_F(MonitorCli, CitiesWritesTheGoldenTable) {
    const std::string c = kGolden + "/missing_month";
    const fs::path out = tmp_ / "cities.csv";
    const CliRun r = run("monitor cities --data " + c + " --month 2023-06 --out " + out.string());
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_EQ(slurp(out), slurp(c + "/expected_cities.csv"));
    // Without --out: standard output.
    const CliRun s = run("monitor cities --data " + c + " --month 2023-06");
    EXPECT_EQ(s.out, slurp(c + "/expected_cities.csv"));
}

TEST_F(MonitorCli, JanuaryIsRefusedWithTheReason) {
    const CliRun r = run("monitor cities --data " + kGolden + "/basic_two_cities --month 2023-01");
    EXPECT_EQ(r.code, 2);
    EXPECT_NE(r.err.find("1月不单独统计"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("2023-02"), std::string::npos) << r.err;
    EXPECT_EQ(r.out, "");
    const CliRun en = run("--lang en monitor cities --data " + kGolden + "/basic_two_cities --month 2023-01");
    EXPECT_NE(en.err.find("January is not reported alone"), std::string::npos) << en.err;
    EXPECT_EQ(run("monitor cities --data " + kGolden + "/basic_two_cities --month 2023-13").code, 2);
}

TEST_F(MonitorCli, DefectsAreNamedAndNothingIsWritten) {
    fs::copy(kGolden + "/basic_two_cities/enterprises.csv", tmp_ / "enterprises.csv");
    std::ofstream(tmp_ / "output.csv") << "uscc,month,output_yuan\n91450100MA51000010,2023-02,12.345\n";
    const fs::path out = tmp_ / "cities.csv";
    const CliRun r = run("monitor cities --data " + tmp_.string() + " --month 2023-06 --out " + out.string());
    EXPECT_EQ(r.code, 1);
    EXPECT_NE(r.err.find("output.csv:2: output_yuan"), std::string::npos) << r.err;
    EXPECT_FALSE(fs::exists(out));
}

TEST_F(MonitorCli, IndustriesAndGroups) {
    const std::string c = kGolden + "/basic_two_cities";
    const CliRun r = run("monitor industries --data " + c + " --month 2023-06");
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_EQ(r.out.rfind("division,name,output_yuan,base_yuan,growth_pct,rank,contribution_pp,enterprises\n", 0), 0u);
    const CliRun g = run("monitor groups --data " + c + " --month 2023-06 --city 南宁市");
    ASSERT_EQ(g.code, 0) << g.err;
    EXPECT_EQ(g.out.rfind("designation,name,", 0), 0u);
    EXPECT_EQ(run("monitor groups --data " + c + " --month 2023-06 --city 北京市").code, 2);
}

}  // namespace
