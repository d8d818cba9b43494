// The monitoring data's loaders: every kind of bad input is a defect naming the file, the line and the
// field; one defect anywhere means no data at all, and an upload with a defect leaves the data as it
// was. Every table is optional; GB18030 and XLSX inputs read the same as UTF-8 CSV.
#include <gtest/gtest.h>
#include <iconv.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <vector>

#include "modules/monitoring/monitoring_data.hpp"
#include "platform/formats/table_xlsx.hpp"

namespace zx::monitoring {
namespace {

namespace fs = std::filesystem;

std::string to_gb18030(const std::string& utf8) {
    iconv_t cd = iconv_open("GB18030", "UTF-8");
    std::string out(utf8.size() * 2 + 16, '\0');
    char* in = const_cast<char*>(utf8.data());
    size_t in_left = utf8.size();
    char* o = out.data();
    size_t out_left = out.size();
    iconv(cd, &in, &in_left, &o, &out_left);
    iconv_close(cd);
    out.resize(out.size() - out_left);
    return out;
}

constexpr const char* kA = "91450100MA5Y00001T";
constexpr const char* kB = "91450100MA5Y00002X";
constexpr const char* kUnknown = "91450100MA5Y000145";   // a valid USCC not among the enterprises
constexpr const char* kBadCheck = "91450100MA5Y00001U";  // kA with a wrong check character

const std::string kMonthlyHeader =
    "uscc,month,electricity_kwh,revenue_yuan,profit_yuan,employees,plan_next_month_yuan,plan_next_quarter_yuan\n";
const std::string kMonthly = kMonthlyHeader +
                             "91450100MA5Y00002X,2024-02,1000,200.50,-10.25,30,,\n"
                             "91450100MA5Y00001T,2024-01,5000,1000000.00,20000,120,1100000,3300000.1\n"
                             "91450100MA5Y00001T,2024-02,,,,,,\n";
const std::string kCitiesHeader =
    "city,month,value_added_growth_pct,investment_growth_pct,special_bonds_issued_yuan,special_bonds_used_yuan,"
    "manufacturing_share_pct\n";
const std::string kCities = kCitiesHeader +
                            "柳州,2024-01,5.3,-2.5,100000000,50000000,28.1\n"
                            "南宁市,2024-01,-1.25,12%,,,15\n";
const std::string kProjectsHeader =
    "project_id,name,city,category,uscc,planned_investment_yuan,start_planned,start_actual,commissioning_planned,"
    "commissioning_actual,completion_planned,completion_actual,production_planned,production_actual,"
    "full_capacity_planned,full_capacity_actual,in_statistics_planned,in_statistics_actual\n";
const std::string kProjects =
    kProjectsHeader +
    "P-001,南宁年产5万吨铝型材项目,南宁市,补链强基,91450100MA5Y00001T,500000000,2024-01-10,2024-01-08,2024-03-01,"
    "2024-03-20,2024-06-30,,2024-09-30,,2024-12-31,,2025-03-31,\n"
    "P-002,柳州新能源汽车零部件项目,柳州市,千企技改,,120000000.50,2024-02-01,,,,,,,,,,,\n";
const std::string kInvestmentHeader = "project_id,month,completed_yuan\n";
const std::string kInvestment = kInvestmentHeader +
                                "P-002,2024-02,1000\n"
                                "P-001,2024-01,2000000\n"
                                "P-001,2024-02,\n"
                                "P-001,2024-03,300000.5\n";

// A project line with `field` (a column of kProjectsHeader) set to `value` in P-003's otherwise valid row.
std::string project_with(const std::string& field, const std::string& value) {
    std::vector<std::string> cols, vals = {"P-003",      "钦州绿色化工新材料项目",
                                           "钦州市",     "三化改造",
                                           "",           "8000000",
                                           "2024-01-01", "2024-01-02",
                                           "2024-02-01", "2024-02-03",
                                           "",           "",
                                           "",           "",
                                           "",           "",
                                           "",           ""};
    std::string h = kProjectsHeader.substr(0, kProjectsHeader.size() - 1);
    for (std::size_t p = 0, q = 0; p <= h.size(); p = q + 1) {
        q = std::min(h.find(',', p), h.size());
        cols.push_back(h.substr(p, q - p));
    }
    std::string line;
    for (std::size_t i = 0; i < cols.size(); ++i) {
        line += (i ? "," : "") + (cols[i] == field ? value : vals[i]);
    }
    return line;
}

class MonitoringDataTest : public ::testing::Test {
  protected:
    void SetUp() override {
        dir_ = fs::temp_directory_path() / ("zx-monitoring-data-" + std::to_string(::getpid()) + "-" +
                                            ::testing::UnitTest::GetInstance()->current_test_info()->name());
        fs::remove_all(dir_);
        fs::create_directories(dir_);
        ds_.add_enterprise(kA, "广西甲一机械有限公司", 0, 3411, YearMonth::of(2015, 1));
        ds_.add_enterprise(kB, "广西甲二电子有限公司", 1, 3981, YearMonth::of(2016, 1));
        ds_.build_index();
        write("enterprise_monthly.csv", kMonthly);
        write("city_indicators.csv", kCities);
        write("projects.csv", kProjects);
        write("project_investment.csv", kInvestment);
    }
    void TearDown() override { fs::remove_all(dir_); }

    void write(const std::string& name, const std::string& text) {
        std::ofstream(dir_ / name, std::ios::binary) << text;
    }
    Result<MonitoringData> load() { return load_monitoring_data(dir_, ds_, report_); }

    // Loading fails as a data error, with a defect at file:line: field (with `kind`), the only one.
    void expect_defect(const std::string& file, std::int64_t line, const std::string& field,
                       DefectKind kind = DefectKind::kOther, const std::string& en_has = "",
                       const std::string& zh_has = "") {
        auto r = load();
        ASSERT_FALSE(r) << "loaded despite a defect at " << file << ":" << line << ": " << field;
        EXPECT_EQ(r.status().code(), StatusCode::kDataError) << r.status().text().en;
        EXPECT_EQ(report_.defects_total, 1u) << describe();
        bool found = false;
        for (const Defect& d : report_.defects)
            if (d.file == file && d.line == line && d.field == field) {
                found = true;
                EXPECT_EQ(d.kind, kind) << describe();
                EXPECT_FALSE(d.message_zh.empty());
                EXPECT_FALSE(d.message_en.empty());
                EXPECT_NE(d.message_en.find(en_has), std::string::npos) << describe();
                EXPECT_NE(d.message_zh.find(zh_has), std::string::npos) << d.message_zh;
            }
        EXPECT_TRUE(found) << "want " << file << ":" << line << ": " << field << "\n" << describe();
    }
    std::string describe() const {
        std::string s;
        for (const Defect& d : report_.defects)
            s += d.file + ":" + std::to_string(d.line) + ": " + d.field + " [" + d.value + "] " + d.message_en + "\n";
        return s;
    }

    fs::path dir_;
    Dataset ds_;
    LoadReport report_;
};

TEST_F(MonitoringDataTest, ValidDataLoadsSorted) {
    auto r = load();
    ASSERT_TRUE(r) << r.status().text().en << "\n" << describe();
    EXPECT_TRUE(report_.ok());
    ASSERT_EQ(r->monthly.size(), 3u);
    // Sorted by (enterprise, month): kA's two months, then kB's.
    EXPECT_EQ(r->monthly[0].ent, 0u);
    EXPECT_EQ(r->monthly[0].month, YearMonth::of(2024, 1));
    EXPECT_EQ(r->monthly[0].electricity_kwh, 5000);
    EXPECT_EQ(r->monthly[0].revenue_fen, 100000000);
    EXPECT_EQ(r->monthly[0].profit_fen, 2000000);
    EXPECT_EQ(r->monthly[0].employees, 120);
    EXPECT_EQ(r->monthly[0].plan_next_month_fen, 110000000);
    EXPECT_EQ(r->monthly[0].plan_next_quarter_fen, 330000010);
    EXPECT_EQ(r->monthly[1].month, YearMonth::of(2024, 2));
    EXPECT_FALSE(r->monthly[1].electricity_kwh || r->monthly[1].revenue_fen || r->monthly[1].profit_fen ||
                 r->monthly[1].employees || r->monthly[1].plan_next_month_fen || r->monthly[1].plan_next_quarter_fen);
    EXPECT_EQ(r->monthly[2].ent, 1u);
    EXPECT_EQ(r->monthly[2].profit_fen, -1025);  // a loss
    ASSERT_NE(r->find(1, YearMonth::of(2024, 2)), nullptr);
    EXPECT_EQ(r->find(1, YearMonth::of(2024, 1)), nullptr);

    ASSERT_EQ(r->cities.size(), 2u);  // 南宁 (0) before 柳州 (1)
    EXPECT_EQ(r->cities[0].city, 0);
    EXPECT_EQ(r->cities[0].value_added_growth, -125);
    EXPECT_EQ(r->cities[0].investment_growth, 1200);
    EXPECT_FALSE(r->cities[0].bonds_issued_fen);
    EXPECT_EQ(r->cities[0].manufacturing_share, 1500);
    EXPECT_EQ(r->cities[1].city, 1);
    EXPECT_EQ(r->cities[1].value_added_growth, 530);
    EXPECT_EQ(r->cities[1].bonds_used_fen, 5000000000);
    ASSERT_NE(r->find_city(1, YearMonth::of(2024, 1)), nullptr);

    ASSERT_EQ(r->projects.size(), 2u);
    const Project& p = r->projects[0];
    EXPECT_EQ(p.id, "P-001");
    EXPECT_EQ(p.name, "南宁年产5万吨铝型材项目");
    EXPECT_EQ(p.city, 0);
    EXPECT_EQ(p.category, "补链强基");
    EXPECT_EQ(p.ent, EntId{0});
    EXPECT_EQ(p.planned_investment_fen, 50000000000);
    EXPECT_EQ(p.planned[0], Date::of(2024, 1, 10));
    EXPECT_EQ(p.actual[0], Date::of(2024, 1, 8));
    EXPECT_EQ(p.actual[1], Date::of(2024, 3, 20));
    EXPECT_FALSE(p.actual[2]);
    EXPECT_EQ(p.planned[5], Date::of(2025, 3, 31));
    EXPECT_FALSE(r->projects[1].ent);
    EXPECT_EQ(r->projects[1].planned_investment_fen, 12000000050);

    // Sorted by (project, month); the empty 2024-02 of P-001 reports nothing.
    ASSERT_EQ(r->investment.size(), 3u);
    EXPECT_EQ(r->investment[0].project, 0u);
    EXPECT_EQ(r->investment[0].month, YearMonth::of(2024, 1));
    EXPECT_EQ(r->investment[0].fen, 200000000);
    EXPECT_EQ(r->investment[1].month, YearMonth::of(2024, 3));
    EXPECT_EQ(r->investment[1].fen, 30000050);
    EXPECT_EQ(r->investment[2].project, 1u);
    EXPECT_EQ(r->investment[2].fen, 100000);
}

TEST(MonitoringTables, StemsRoundTrip) {
    for (auto t : {MonitoringTable::kEnterpriseMonthly, MonitoringTable::kCityIndicators, MonitoringTable::kProjects,
                   MonitoringTable::kProjectInvestment})
        EXPECT_EQ(find_table(table_stem(t)), t);
    EXPECT_EQ(table_stem(MonitoringTable::kCityIndicators), "city_indicators");
    EXPECT_FALSE(find_table("output"));
}

// One bad line appended to a valid table: the defect names file, line and field.
struct Case {
    const char* file;
    std::string line;
    const char* field;
    DefectKind kind = DefectKind::kOther;
    std::string en_has;  // what the messages must say (the other line or field)
    std::string zh_has;
};

TEST_F(MonitoringDataTest, EachDefectNamesFileLineAndField) {
    const std::string a = kA;
    const std::vector<Case> cases = {
        {"enterprise_monthly.csv", std::string(kUnknown) + ",2024-01,1,1,1,1,1,1", "uscc",
         DefectKind::kUnknownEnterprise},
        {"enterprise_monthly.csv", std::string(kBadCheck) + ",2024-01,1,1,1,1,1,1", "uscc"},
        {"enterprise_monthly.csv", ",2024-01,1,1,1,1,1,1", "uscc"},
        {"enterprise_monthly.csv", a + ",2024-13,1,1,1,1,1,1", "month"},
        {"enterprise_monthly.csv", a + ",2024-3,1,1,1,1,1,1", "month"},
        {"enterprise_monthly.csv", a + ",,1,1,1,1,1,1", "month"},
        {"enterprise_monthly.csv", a + ",2024-03,12.5,1,1,1,1,1", "electricity_kwh"},
        {"enterprise_monthly.csv", a + ",2024-03,-5,1,1,1,1,1", "electricity_kwh"},
        {"enterprise_monthly.csv", a + ",2024-03,1,-1,1,1,1,1", "revenue_yuan"},
        {"enterprise_monthly.csv", a + ",2024-03,1,1.234,1,1,1,1", "revenue_yuan"},
        {"enterprise_monthly.csv", a + ",2024-03,1,\"1,000\",1,1,1,1", "revenue_yuan"},
        {"enterprise_monthly.csv", a + ",2024-03,1,1,1.001,1,1,1", "profit_yuan"},
        {"enterprise_monthly.csv", a + ",2024-03,1,1,1,3.5,1,1", "employees"},
        {"enterprise_monthly.csv", a + ",2024-03,1,1,1,1,abc,1", "plan_next_month_yuan"},
        {"enterprise_monthly.csv", a + ",2024-03,1,1,1,1,1,-2", "plan_next_quarter_yuan"},
        {"enterprise_monthly.csv", a + ",2024-03,1,1,1,1,1", ""},  // a field short
        {"enterprise_monthly.csv", a + ",2024-01,1,1,1,1,1,1", "month", DefectKind::kOther, "line 3", "第3行"},
        {"city_indicators.csv", "深圳市,2024-01,1,1,1,1,20", "city"},
        {"city_indicators.csv", ",2024-01,1,1,1,1,20", "city"},
        {"city_indicators.csv", "桂林市,2024-01,5.333,1,1,1,20", "value_added_growth_pct"},
        {"city_indicators.csv", "桂林市,2024-01,1,abc,1,1,20", "investment_growth_pct"},
        {"city_indicators.csv", "桂林市,2024-01,1,1,-5,1,20", "special_bonds_issued_yuan"},
        {"city_indicators.csv", "桂林市,2024-01,1,1,1,0.001,20", "special_bonds_used_yuan"},
        {"city_indicators.csv", "桂林市,2024-01,1,1,1,1,100.01", "manufacturing_share_pct"},
        {"city_indicators.csv", "桂林市,2024-01,1,1,1,1,-1", "manufacturing_share_pct"},
        {"city_indicators.csv", "桂林市,2024/01,1,1,1,1,20", "month"},
        {"city_indicators.csv", "南宁,2024-01,1,1,1,1,20", "month", DefectKind::kOther, "line 3", "第3行"},
        {"projects.csv", project_with("project_id", "P-001"), "project_id", DefectKind::kOther, "line 2", "第2行"},
        {"projects.csv", project_with("project_id", ""), "project_id"},
        {"projects.csv", project_with("name", ""), "name"},
        {"projects.csv", project_with("city", "长沙市"), "city"},
        {"projects.csv", project_with("category", "技改"), "category"},
        {"projects.csv", project_with("uscc", kUnknown), "uscc", DefectKind::kUnknownEnterprise},
        {"projects.csv", project_with("uscc", kBadCheck), "uscc"},
        {"projects.csv", project_with("planned_investment_yuan", ""), "planned_investment_yuan"},
        {"projects.csv", project_with("planned_investment_yuan", "-1"), "planned_investment_yuan"},
        {"projects.csv", project_with("start_planned", "2023-02-29"), "start_planned"},
        {"projects.csv", project_with("completion_actual", "2024/03/01"), "completion_actual"},
        // Commissioned before it started: the later field, naming the earlier one.
        {"projects.csv", project_with("commissioning_actual", "2023-12-31"), "commissioning_actual", DefectKind::kOther,
         "start_actual", "start_actual"},
        {"project_investment.csv", "P-999,2024-01,1", "project_id"},
        {"project_investment.csv", ",2024-01,1", "project_id"},
        {"project_investment.csv", "P-002,2024-00,1", "month"},
        {"project_investment.csv", "P-002,2024-05,-1", "completed_yuan"},
        {"project_investment.csv", "P-002,2024-05,1,2", ""},
        {"project_investment.csv", "P-001,2024-01,1", "month", DefectKind::kOther, "line 3", "第3行"},
        // A duplicate month reports even when it reports no figure.
        {"project_investment.csv", "P-001,2024-02,5", "month", DefectKind::kOther, "line 4", "第4行"},
    };
    const std::map<std::string, const std::string*> base = {{"enterprise_monthly.csv", &kMonthly},
                                                            {"city_indicators.csv", &kCities},
                                                            {"projects.csv", &kProjects},
                                                            {"project_investment.csv", &kInvestment}};
    for (const Case& c : cases) {
        SCOPED_TRACE(std::string(c.file) + " + " + c.line);
        const std::string& text = *base.at(c.file);
        const auto line = static_cast<std::int64_t>(std::count(text.begin(), text.end(), '\n')) + 1;
        write(c.file, text + c.line + "\n");
        expect_defect(c.file, line, c.field, c.kind, c.en_has, c.zh_has);
        write(c.file, text);
    }
    // The base files load again: no case leaked into the next.
    EXPECT_TRUE(load());
}

TEST_F(MonitoringDataTest, MissingColumnsNamedInTheHeader) {
    write("enterprise_monthly.csv",
          "uscc,month,electricity_kwh,revenue_yuan,profit_yuan,plan_next_month_yuan,"
          "plan_next_quarter_yuan\n");
    expect_defect("enterprise_monthly.csv", 1, "employees");
    write("enterprise_monthly.csv", kMonthly);
    write("projects.csv", "project_id,name,city\n");
    auto r = load();
    ASSERT_FALSE(r);
    EXPECT_EQ(report_.defects_total, 15u) << describe();  // 18 columns less the three there
    EXPECT_EQ(report_.defects[0].line, 1);
}

TEST_F(MonitoringDataTest, EveryTableIsOptional) {
    for (const char* f : {"enterprise_monthly.csv", "city_indicators.csv", "projects.csv", "project_investment.csv"})
        fs::remove(dir_ / f);
    auto r = load();
    ASSERT_TRUE(r) << describe();
    EXPECT_TRUE(r->monthly.empty() && r->cities.empty() && r->projects.empty() && r->investment.empty());
    write("city_indicators.csv", kCities);
    r = load();
    ASSERT_TRUE(r) << describe();
    EXPECT_EQ(r->cities.size(), 2u);
    EXPECT_TRUE(r->monthly.empty());
    write("projects.csv", kProjects);
    r = load();
    ASSERT_TRUE(r) << describe();
    EXPECT_EQ(r->projects.size(), 2u);
    EXPECT_TRUE(r->investment.empty());
}

TEST_F(MonitoringDataTest, InvestmentNeedsProjects) {
    fs::remove(dir_ / "projects.csv");
    expect_defect("project_investment.csv", 0, "");
}

TEST_F(MonitoringDataTest, CsvAndXlsxOfOneTableIsAnError) {
    write("city_indicators.xlsx", "x");
    auto r = load();
    ASSERT_FALSE(r);
    EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
}

TEST_F(MonitoringDataTest, DefectsInSeveralTablesAreAllReported) {
    write("enterprise_monthly.csv", kMonthly + std::string(kUnknown) + ",2024-01,1,1,1,1,1,1\n");
    write("city_indicators.csv", kCities + "桂林市,2024-01,1,1,1,1,101\n");
    write("project_investment.csv", kInvestment + "P-999,2024-01,1\n");
    auto r = load();
    ASSERT_FALSE(r);
    EXPECT_EQ(report_.defects_total, 3u) << describe();
}

TEST_F(MonitoringDataTest, InvestmentOfABadProjectRowIsNotAlsoUnknown) {
    write("projects.csv", kProjects + project_with("category", "技改") + "\n");
    write("project_investment.csv", kInvestment + "P-003,2024-01,1\n");
    expect_defect("projects.csv", 4, "category");
}

TEST_F(MonitoringDataTest, Gb18030ReadsTheSameAsUtf8) {
    write("city_indicators.csv", to_gb18030(kCities));
    write("projects.csv", to_gb18030(kProjects));
    auto r = load();
    ASSERT_TRUE(r) << describe();
    EXPECT_EQ(r->cities[1].city, 1);
    EXPECT_EQ(r->projects[1].name, "柳州新能源汽车零部件项目");
    EXPECT_EQ(r->projects[1].category, "千企技改");
    write("city_indicators.csv", to_gb18030(kCities + "深圳市,2024-01,1,1,1,1,20\n"));
    expect_defect("city_indicators.csv", 4, "city");
    EXPECT_EQ(report_.defects[0].value, "深圳市");
}

TEST_F(MonitoringDataTest, XlsxReadsItsRowsAndMonthCells) {
    XlsxTable t;
    t.sheet = "monthly";
    t.headers = {"uscc",        "month",     "electricity_kwh",      "revenue_yuan",
                 "profit_yuan", "employees", "plan_next_month_yuan", "plan_next_quarter_yuan"};
    t.rows = {{std::string(kA), std::string("2024-01"), std::int64_t{5000}, std::string("100.5"), std::string(""),
               std::int64_t{12}, std::string(""), std::string("")},
              // A month typed as a date: Excel's serial 45323 is 2024-02-01.
              {std::string(kA), std::int64_t{45323}, std::int64_t{6000}, std::string(""), std::string("-3"),
               std::string(""), std::string(""), std::string("")}};
    auto bytes = table_xlsx(t);
    ASSERT_TRUE(bytes) << bytes.status().message();
    fs::remove(dir_ / "enterprise_monthly.csv");
    write("enterprise_monthly.xlsx", *bytes);
    auto r = load();
    ASSERT_TRUE(r) << r.status().text().en << "\n" << describe();
    ASSERT_EQ(r->monthly.size(), 2u);
    EXPECT_EQ(r->monthly[0].revenue_fen, 10050);
    EXPECT_EQ(r->monthly[1].month, YearMonth::of(2024, 2));
    EXPECT_EQ(r->monthly[1].profit_fen, -300);
    t.rows[1][5] = std::string("1.5");  // sheet row 3
    bytes = table_xlsx(t);
    ASSERT_TRUE(bytes);
    write("enterprise_monthly.xlsx", *bytes);
    expect_defect("enterprise_monthly.xlsx", 3, "employees");
}

TEST_F(MonitoringDataTest, UploadIsAllOrNothing) {
    auto r = load();
    ASSERT_TRUE(r) << describe();
    MonitoringData data = *r;
    report_ = LoadReport{};
    const fs::path up = dir_ / "upload.csv";
    // A bad city upload leaves the cities as they were.
    std::ofstream(up, std::ios::binary) << kCitiesHeader + "桂林市,2024-02,1,1,1,1,20\n深圳市,2024-02,1,1,1,1,20\n";
    Status s = load_monitoring_table(MonitoringTable::kCityIndicators, up, "城市指标.csv", ds_, data, report_);
    EXPECT_EQ(s.code(), StatusCode::kDataError);
    ASSERT_EQ(report_.defects_total, 1u) << describe();
    EXPECT_EQ(report_.defects[0].file, "城市指标.csv");
    EXPECT_EQ(report_.defects[0].line, 3);
    EXPECT_EQ(data.cities.size(), 2u);
    EXPECT_EQ(data.cities[0].city, 0);
    // A good one replaces them.
    report_ = LoadReport{};
    std::ofstream(up, std::ios::binary) << kCitiesHeader + "桂林市,2024-02,1,1,1,1,20\n";
    ASSERT_TRUE(load_monitoring_table(MonitoringTable::kCityIndicators, up, "up.csv", ds_, data, report_))
        << describe();
    ASSERT_EQ(data.cities.size(), 1u);
    EXPECT_EQ(data.cities[0].city, 2);
    // Bad enterprise months: unchanged.
    std::ofstream(up, std::ios::binary) << kMonthlyHeader + kA + ",2024-05,1,1,1,1,1,1\n" + kA + ",2024-05,,,,,,\n";
    EXPECT_FALSE(load_monitoring_table(MonitoringTable::kEnterpriseMonthly, up, "up.csv", ds_, data, report_));
    EXPECT_EQ(data.monthly.size(), 3u);
    // Investment is checked against the projects already there.
    report_ = LoadReport{};
    std::ofstream(up, std::ios::binary) << kInvestmentHeader + "P-002,2024-06,7\nP-003,2024-06,7\n";
    EXPECT_FALSE(load_monitoring_table(MonitoringTable::kProjectInvestment, up, "up.csv", ds_, data, report_));
    ASSERT_EQ(report_.defects_total, 1u) << describe();
    EXPECT_EQ(report_.defects[0].field, "project_id");
    EXPECT_EQ(data.investment.size(), 3u);
    report_ = LoadReport{};
    std::ofstream(up, std::ios::binary) << kInvestmentHeader + "P-002,2024-06,7\n";
    ASSERT_TRUE(load_monitoring_table(MonitoringTable::kProjectInvestment, up, "up.csv", ds_, data, report_));
    ASSERT_EQ(data.investment.size(), 1u);
    EXPECT_EQ(data.investment[0].fen, 700);
}

TEST_F(MonitoringDataTest, NewProjectsKeepTheirInvestmentById) {
    auto r = load();
    ASSERT_TRUE(r) << describe();
    MonitoringData data = *r;
    const fs::path up = dir_ / "projects-upload.csv";
    // P-001 dropped while investment names it: refused, nothing changes.
    const std::string p2 = kProjects.substr(kProjects.find("P-002"));
    std::ofstream(up, std::ios::binary) << kProjectsHeader + p2;
    EXPECT_FALSE(load_monitoring_table(MonitoringTable::kProjects, up, "up.csv", ds_, data, report_));
    ASSERT_EQ(report_.defects_total, 1u) << describe();
    EXPECT_EQ(report_.defects[0].value, "P-001");
    EXPECT_EQ(data.projects.size(), 2u);
    // The two in the other order: the investment follows its project and stays sorted.
    report_ = LoadReport{};
    const std::string p1 = kProjects.substr(kProjectsHeader.size(), kProjects.find("P-002") - kProjectsHeader.size());
    std::ofstream(up, std::ios::binary) << kProjectsHeader + p2 + p1;
    ASSERT_TRUE(load_monitoring_table(MonitoringTable::kProjects, up, "up.csv", ds_, data, report_)) << describe();
    ASSERT_EQ(data.projects.size(), 2u);
    EXPECT_EQ(data.projects[0].id, "P-002");
    ASSERT_EQ(data.investment.size(), 3u);
    EXPECT_EQ(data.investment[0].project, 0u);
    EXPECT_EQ(data.investment[0].fen, 100000);
    EXPECT_EQ(data.investment[1].project, 1u);
    EXPECT_EQ(data.investment[1].month, YearMonth::of(2024, 1));
    EXPECT_EQ(data.projects[data.investment[2].project].id, "P-001");
}

}  // namespace
}  // namespace zx::monitoring
