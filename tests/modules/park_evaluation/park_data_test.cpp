// The data of the 亩均 evaluation: every kind of bad input is a defect naming the file, the line and
// the field; one defect anywhere means no data at all. GB18030 and XLSX inputs read the same.
#include <gtest/gtest.h>
#include <iconv.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "modules/park_evaluation/park_data.hpp"
#include "modules/park_evaluation/scheme_loader.hpp"
#include "platform/formats/table_xlsx.hpp"

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
constexpr const char* kC = "91450100MA5Y000031";
constexpr const char* kUnknown = "91450100MA5Y000145";   // a valid USCC not in enterprises.csv
constexpr const char* kBadCheck = "91450100MA5Y00001U";  // kA with a wrong check character

const std::string kEnterprises =
    "uscc,name,city,industry,scale_since\n"
    "91450100MA5Y00001T,广西甲一机械有限公司,南宁市,3411,2015-01\n"
    "91450100MA5Y00002X,广西甲二电子有限公司,南宁市,3981,2016-01\n"
    "91450100MA5Y000031,广西甲三电子有限公司,柳州市,3981,2016-01\n";
const std::string kParksHeader = "park_id,name,city,level,area_mu\n";
const std::string kParks = kParksHeader +
                           "GX-NN-01,南宁高新区,南宁市,国家级,400.00\n"
                           "GX-LZ-02,柳州河西工业园,柳州市,自治区级,600.00\n";
const std::string kLandHeader = "uscc,parcel_id,area_mu,tenure,park_id\n";
const std::string kLand = kLandHeader +
                          "91450100MA5Y00001T,P-001,50.00,owned,GX-NN-01\n"
                          "91450100MA5Y00002X,P-002,40.00,leased,GX-NN-01\n"
                          "91450100MA5Y000031,P-003,25.01,leased,GX-LZ-02\n"
                          "91450100MA5Y000031,P-004,30.00,owned,\n";
const std::string kAnnualHeader = "uscc,year,tax_yuan,revenue_yuan,value_added_yuan,energy_tce,employees,rd_yuan\n";
const std::string kAnnual = kAnnualHeader +
                            "91450100MA5Y00001T,2023,9000000.00,60000000,15000000,1500,120,1800000\n"
                            "91450100MA5Y00002X,2023,-4000000.5,40000000,-10000000,1000.1234,100,800000\n"
                            "91450100MA5Y000031,2023,4000000,40000000,10000000,0,100,0\n"
                            "91450100MA5Y00001T,2022,8000000,50000000,14000000,1400,110,1500000\n";

class ParksData : public ::testing::Test {
  protected:
    void SetUp() override {
        dir_ = fs::temp_directory_path() / ("zx-parks-data-" + std::to_string(::getpid()) + "-" +
                                            ::testing::UnitTest::GetInstance()->current_test_info()->name());
        fs::remove_all(dir_);
        fs::create_directories(dir_);
        auto s = load_scheme(source_dir() / "schemes" / "guangxi-default");
        ASSERT_TRUE(s) << s.status().text().en;
        scheme_ = *s;
        write("enterprises.csv", kEnterprises);
        write("parks.csv", kParks);
        write("land.csv", kLand);
        write("annual.csv", kAnnual);
    }
    void TearDown() override { fs::remove_all(dir_); }

    void write(const std::string& name, const std::string& text) {
        std::ofstream(dir_ / name, std::ios::binary) << text;
    }
    Result<ParkData> load() { return load_park_data(dir_, scheme_, report_); }

    // Loading fails as a data error, with no data, and a defect at file:line: field (with `kind`).
    void expect_defect(const std::string& file, std::int64_t line, const std::string& field,
                       DefectKind kind = DefectKind::kOther, bool only = true) {
        auto r = load();
        ASSERT_FALSE(r) << "loaded despite a defect at " << file << ":" << line << ": " << field;
        EXPECT_EQ(r.status().code(), StatusCode::kDataError) << r.status().text().en;
        EXPECT_FALSE(report_.ok());
        if (only) {
            EXPECT_EQ(report_.defects_total, 1u) << describe();
        }
        bool found = false;
        for (const Defect& d : report_.defects)
            if (d.file == file && d.line == line && d.field == field) {
                found = true;
                EXPECT_EQ(d.kind, kind) << describe();
                EXPECT_FALSE(d.message_zh.empty());
                EXPECT_FALSE(d.message_en.empty());
            }
        EXPECT_TRUE(found) << "want " << file << ":" << line << ": " << field << "\n" << describe();
    }
    std::string describe() const {
        std::string s;
        for (const Defect& d : report_.defects)
            s += d.file + ":" + std::to_string(d.line) + ": " + d.field + " [" + d.value + "] " + d.message_en + "\n";
        return s;
    }
    // kLand / kAnnual / kParks with one more line appended.
    void land_plus(const std::string& line) { write("land.csv", kLand + line + "\n"); }
    void annual_plus(const std::string& line) { write("annual.csv", kAnnual + line + "\n"); }
    void parks_plus(const std::string& line) { write("parks.csv", kParks + line + "\n"); }

    fs::path dir_;
    Scheme scheme_;
    LoadReport report_;
};

TEST_F(ParksData, ValidDataLoads) {
    auto r = load();
    ASSERT_TRUE(r) << r.status().text().en << "\n" << describe();
    EXPECT_TRUE(report_.ok());
    EXPECT_EQ(r->enterprises.size(), 3u);
    ASSERT_EQ(r->parks.size(), 2u);
    EXPECT_EQ(r->parks[0].area, 40000);
    EXPECT_EQ(r->parks[1].city, "柳州市");
    ASSERT_EQ(r->parcels.size(), 4u);
    EXPECT_TRUE(r->parcels[1].leased);
    EXPECT_EQ(r->parcels[2].area, 2501);
    ASSERT_EQ(r->annual.size(), 4u);
    // Money in fen (negative allowed for tax and value added), energy at four decimals.
    EXPECT_EQ(r->annual[0].values[static_cast<std::size_t>(scheme_.column("tax_yuan"))], 900000000);
    EXPECT_EQ(r->annual[1].values[static_cast<std::size_t>(scheme_.column("tax_yuan"))], -400000050);
    EXPECT_EQ(r->annual[1].values[static_cast<std::size_t>(scheme_.column("value_added_yuan"))], -1000000000);
    EXPECT_EQ(r->annual[1].values[static_cast<std::size_t>(scheme_.column("energy_tce"))], 10001234);
    EXPECT_EQ(r->annual[2].values[static_cast<std::size_t>(scheme_.column("energy_tce"))], 0);
    EXPECT_EQ(years_of(*r), (std::vector<int>{2022, 2023}));
}

TEST_F(ParksData, InputsTakeTheLargestParcelsParkAndCountLeasedLand) {
    auto r = load();
    ASSERT_TRUE(r) << describe();
    const auto in = inputs_for(scheme_, *r, 2023);
    ASSERT_EQ(in.size(), 3u);
    EXPECT_EQ(in[0].uscc, kA);
    EXPECT_EQ(in[0].values[0], 5000);
    EXPECT_EQ(in[0].park_id, "GX-NN-01");
    EXPECT_EQ(in[1].values[0], 4000);  // leased in full under guangxi-default
    // 25.01 leased in GX-LZ-02 and 30.00 owned in no park: the larger parcel has no park.
    EXPECT_EQ(in[2].values[0], 5501);
    EXPECT_EQ(in[2].park_id, "");
    EXPECT_TRUE(in[2].has_annual);
    // 2021: land but no figures.
    const auto old = inputs_for(scheme_, *r, 2021);
    ASSERT_EQ(old.size(), 3u);
    EXPECT_FALSE(old[0].has_annual);
    EXPECT_TRUE(old[0].has_land);
}

TEST_F(ParksData, LeasedShareOfAHalfCountsHalfTheArea) {
    std::string text = slurp(source_dir() / "schemes" / "guangxi-default" / "scheme.toml");
    text.replace(text.find("leased_share = \"1\""), 18, "leased_share = \"1/2\"");
    fs::create_directories(dir_ / "scheme");
    std::ofstream(dir_ / "scheme" / "scheme.toml", std::ios::binary) << text;
    auto half = load_scheme(dir_ / "scheme");
    ASSERT_TRUE(half) << half.status().text().en;
    auto r = load_park_data(dir_, *half, report_);
    ASSERT_TRUE(r) << describe();
    const auto in = inputs_for(*half, *r, 2023);
    // Land is carried at three decimals so that the halved area stays exact.
    EXPECT_EQ(half->columns[0].decimals, 3);
    EXPECT_EQ(in[0].values[0], 50000);          // owned: in full
    EXPECT_EQ(in[1].values[0], 20000);          // 40.00 leased → 20.000
    EXPECT_EQ(in[2].values[0], 12505 + 30000);  // 25.01 leased → 12.505, plus 30.00 owned
    // The park is still chosen by the parcels' full areas.
    EXPECT_EQ(in[2].park_id, "");
}

TEST_F(ParksData, TheParkIsThatOfTheLargestParcel) {
    // docs/park-evaluation.md: "An enterprise belongs to the park of its largest parcel." kA's largest
    // parcel (30.00) is in GX-NN-01; its two smaller ones (20.00 each, 40.00 together) in GX-LZ-02.
    write("land.csv", kLandHeader +
                          "91450100MA5Y00001T,P-001,30.00,owned,GX-NN-01\n"
                          "91450100MA5Y00001T,P-002,20.00,owned,GX-LZ-02\n"
                          "91450100MA5Y00001T,P-003,20.00,owned,GX-LZ-02\n"
                          "91450100MA5Y00002X,P-004,10.00,owned,GX-LZ-02\n"
                          "91450100MA5Y00002X,P-005,10.00,owned,GX-NN-01\n");
    auto r = load();
    ASSERT_TRUE(r) << describe();
    const auto in = inputs_for(scheme_, *r, 2023);
    ASSERT_GE(in.size(), 2u);
    EXPECT_EQ(in[0].values[0], 7000);
    // A tie between two parcels of 10.00: the first park id (GX-LZ-02 < GX-NN-01).
    EXPECT_EQ(in[1].park_id, "GX-LZ-02");
    if (in[0].park_id != "GX-NN-01") {
        ADD_FAILURE() << "inputs_for picks the park with the largest total parcel area (" << in[0].park_id
                      << "), not the park of the largest parcel (GX-NN-01)";
    }
    EXPECT_EQ(in[0].park_id, "GX-NN-01");
}

TEST_F(ParksData, FiguresTooLargeAreDefectsNotWrapped) {
    // Money at two decimals beyond 2^53 units is refused.
    annual_plus("91450100MA5Y00002X,2022,100000000000000000,1,1,1,10,1");
    expect_defect("annual.csv", 6, "tax_yuan");
}

TEST_F(ParksData, EnergyTooLargeIsADefectNotANegativeNumber) {
    // 10^15 tce at four decimals is 10^19 units: more than an int64 holds. parse_scaled checks the
    // size only while reading digits, then scales by the missing decimals unchecked.
    annual_plus("91450100MA5Y00002X,2022,1,1,1,1000000000000000,10,1");
    auto r = load();
    if (r) {
        const std::int64_t e = r->annual.back().values[static_cast<std::size_t>(scheme_.column("energy_tce"))];
        ADD_FAILURE() << "energy_tce 1000000000000000 accepted as " << e << " instead of a 'too large' defect";
    }
    expect_defect("annual.csv", 6, "energy_tce");
}

// ---- land.csv ----

TEST_F(ParksData, LandAreaZero) {
    land_plus("91450100MA5Y00002X,P-009,0,owned,");
    expect_defect("land.csv", 6, "area_mu");
}

TEST_F(ParksData, LandAreaNegative) {
    land_plus("91450100MA5Y00002X,P-009,-3.00,owned,");
    expect_defect("land.csv", 6, "area_mu");
}

TEST_F(ParksData, LandAreaThreeDecimals) {
    land_plus("91450100MA5Y00002X,P-009,3.005,owned,");
    expect_defect("land.csv", 6, "area_mu");
}

TEST_F(ParksData, LandTenureRented) {
    land_plus("91450100MA5Y00002X,P-009,3.00,rented,");
    expect_defect("land.csv", 6, "tenure");
}

TEST_F(ParksData, LandDuplicateParcel) {
    land_plus("91450100MA5Y00002X,P-002,3.00,owned,");
    expect_defect("land.csv", 6, "parcel_id");
}

TEST_F(ParksData, LandUnknownEnterprise) {
    land_plus(std::string(kUnknown) + ",P-009,3.00,owned,");
    expect_defect("land.csv", 6, "uscc", DefectKind::kUnknownEnterprise);
}

TEST_F(ParksData, LandBadCheckCharacter) {
    land_plus(std::string(kBadCheck) + ",P-009,3.00,owned,");
    expect_defect("land.csv", 6, "uscc");
    ASSERT_FALSE(report_.defects.empty());
    EXPECT_NE(report_.defects[0].message_en.find("check character"), std::string::npos);
}

TEST_F(ParksData, LandUnknownPark) {
    land_plus("91450100MA5Y00002X,P-009,3.00,owned,GX-XX-99");
    expect_defect("land.csv", 6, "park_id");
}

TEST_F(ParksData, LandParkNeedsParksCsv) {
    fs::remove(dir_ / "parks.csv");
    // Without parks.csv every non-empty park_id is unknown: lines 2, 3 and 4.
    auto r = load();
    ASSERT_FALSE(r);
    EXPECT_EQ(report_.defects_total, 3u) << describe();
    for (const Defect& d : report_.defects) {
        EXPECT_EQ(d.file, "land.csv");
        EXPECT_EQ(d.field, "park_id");
    }
}

// ---- annual.csv ----

TEST_F(ParksData, AnnualEmployeesZero) {
    annual_plus("91450100MA5Y00002X,2022,1,1,1,1,0,1");
    expect_defect("annual.csv", 6, "employees");
}

TEST_F(ParksData, AnnualEnergyFiveDecimals) {
    annual_plus("91450100MA5Y00002X,2022,1,1,1,1.00001,10,1");
    expect_defect("annual.csv", 6, "energy_tce");
}

TEST_F(ParksData, AnnualMoneyThreeDecimals) {
    annual_plus("91450100MA5Y00002X,2022,1.001,1,1,1,10,1");
    expect_defect("annual.csv", 6, "tax_yuan");
}

TEST_F(ParksData, AnnualMissingRequiredColumn) {
    write("annual.csv",
          "uscc,year,tax_yuan,revenue_yuan,value_added_yuan,energy_tce,employees\n"
          "91450100MA5Y00001T,2023,9000000.00,60000000,15000000,1500,120\n");
    expect_defect("annual.csv", 1, "rd_yuan");
}

TEST_F(ParksData, AnnualDuplicateEnterpriseAndYear) {
    annual_plus("91450100MA5Y00001T,2023,1,1,1,1,10,1");
    expect_defect("annual.csv", 6, "year");
}

TEST_F(ParksData, AnnualYear1999) {
    annual_plus("91450100MA5Y00002X,1999,1,1,1,1,10,1");
    expect_defect("annual.csv", 6, "year");
}

TEST_F(ParksData, AnnualNonNumericTax) {
    annual_plus("91450100MA5Y00002X,2022,abc,1,1,1,10,1");
    expect_defect("annual.csv", 6, "tax_yuan");
}

TEST_F(ParksData, AnnualThousandsSeparator) {
    annual_plus("91450100MA5Y00002X,2022,\"1,000\",1,1,1,10,1");
    expect_defect("annual.csv", 6, "tax_yuan");
}

TEST_F(ParksData, AnnualNegativeRevenueAndEnergy) {
    annual_plus("91450100MA5Y00002X,2022,1,-1,1,1,10,1");
    expect_defect("annual.csv", 6, "revenue_yuan");
    write("annual.csv", kAnnual + "91450100MA5Y00002X,2022,1,1,1,-1,10,1\n");
    expect_defect("annual.csv", 6, "energy_tce");
}

TEST_F(ParksData, AnnualEmptyRequiredFigure) {
    annual_plus("91450100MA5Y00002X,2022,1,1,,1,10,1");
    expect_defect("annual.csv", 6, "value_added_yuan");
}

TEST_F(ParksData, AnnualUnknownEnterprise) {
    annual_plus(std::string(kUnknown) + ",2022,1,1,1,1,10,1");
    expect_defect("annual.csv", 6, "uscc", DefectKind::kUnknownEnterprise);
}

TEST_F(ParksData, AnnualUnquotedThousandsSeparatorIsAWidthDefect) {
    annual_plus("91450100MA5Y00002X,2022,1,000,1,1,1,10,1");
    auto r = load();
    ASSERT_FALSE(r);
    bool width = false;
    for (const Defect& d : report_.defects) width = width || (d.file == "annual.csv" && d.line == 6);
    EXPECT_TRUE(width) << describe();
}

TEST_F(ParksData, AnnualColumnsInAnyOrderWithCrlfAndBom) {
    write("annual.csv",
          "\xEF\xBB\xBFrd_yuan,employees,energy_tce,value_added_yuan,revenue_yuan,tax_yuan,year,uscc,remark\r\n"
          "1800000,120,1500,15000000,60000000,9000000.00,2023,91450100MA5Y00001T,不计\r\n");
    auto r = load();
    ASSERT_TRUE(r) << describe();
    ASSERT_EQ(r->annual.size(), 1u);
    const AnnualRow& a = r->annual[0];
    EXPECT_EQ(a.year, 2023);
    EXPECT_EQ(a.values[static_cast<std::size_t>(scheme_.column("tax_yuan"))], 900000000);
    EXPECT_EQ(a.values[static_cast<std::size_t>(scheme_.column("rd_yuan"))], 180000000);
    EXPECT_EQ(a.values[static_cast<std::size_t>(scheme_.column("employees"))], 120);
    EXPECT_EQ(a.values[static_cast<std::size_t>(scheme_.column("energy_tce"))], 15000000);
}

TEST_F(ParksData, FurtherColumnsOfTheScheme) {
    Column w;
    w.name = "water_m3";
    w.decimals = 1;
    w.required = false;
    w.label_zh = "用水量";
    scheme_.columns.push_back(w);
    // Absent from the header: allowed for an optional column, nothing present.
    auto r = load();
    ASSERT_TRUE(r) << describe();
    EXPECT_EQ(r->annual[0].present.back(), 0);
    // Present with a value, and left empty on another line.
    write("annual.csv", kAnnualHeader.substr(0, kAnnualHeader.size() - 1) + ",water_m3\n" +
                            "91450100MA5Y00001T,2023,1,1,1,1,10,1,12.5\n"
                            "91450100MA5Y00002X,2023,1,1,1,1,10,1,\n");
    r = load();
    ASSERT_TRUE(r) << describe();
    EXPECT_EQ(r->annual[0].values.back(), 125);
    EXPECT_EQ(r->annual[0].present.back(), 1);
    EXPECT_EQ(r->annual[1].present.back(), 0);
    // Two decimals where the scheme says one.
    write("annual.csv", kAnnualHeader.substr(0, kAnnualHeader.size() - 1) + ",water_m3\n" +
                            "91450100MA5Y00001T,2023,1,1,1,1,10,1,12.55\n");
    expect_defect("annual.csv", 2, "water_m3");
    // A required further column missing from the header.
    scheme_.columns.back().required = true;
    write("annual.csv", kAnnual);
    expect_defect("annual.csv", 1, "water_m3", DefectKind::kOther, false);
}

// ---- parks.csv ----

TEST_F(ParksData, ParksDuplicateId) {
    parks_plus("GX-NN-01,又一个园区,南宁市,自治区级,100.00");
    expect_defect("parks.csv", 4, "park_id");
}

TEST_F(ParksData, ParksUnknownCity) {
    parks_plus("GX-SZ-09,深圳园区,深圳市,自治区级,100.00");
    expect_defect("parks.csv", 4, "city");
}

TEST_F(ParksData, ParksAreaZero) {
    parks_plus("GX-WZ-04,梧州园区,梧州市,自治区级,0.00");
    expect_defect("parks.csv", 4, "area_mu");
}

// ---- all or nothing ----

TEST_F(ParksData, AllOrNothingAcrossFiles) {
    land_plus("91450100MA5Y00002X,P-009,0,owned,");
    annual_plus("91450100MA5Y00002X,1999,1,1,1,1,10,1");
    parks_plus("GX-WZ-04,梧州园区,梧州市,自治区级,-1");
    auto r = load();
    ASSERT_FALSE(r);
    EXPECT_EQ(r.status().code(), StatusCode::kDataError);
    EXPECT_EQ(report_.defects_total, 3u) << describe();
    // Every file's defect is reported, not only the first file's.
    int land = 0, annual = 0, parks = 0;
    for (const Defect& d : report_.defects) {
        land += d.file == "land.csv" && d.line == 6 && d.field == "area_mu";
        annual += d.file == "annual.csv" && d.line == 6 && d.field == "year";
        parks += d.file == "parks.csv" && d.line == 4 && d.field == "area_mu";
    }
    EXPECT_EQ(land, 1) << describe();
    EXPECT_EQ(annual, 1) << describe();
    EXPECT_EQ(parks, 1) << describe();
    // A good line elsewhere does not survive: a fresh report for a clean directory shows no defects.
    write("land.csv", kLand);
    write("annual.csv", kAnnual);
    write("parks.csv", kParks);
    auto ok = load();
    ASSERT_TRUE(ok) << describe();
    EXPECT_TRUE(report_.ok());
}

TEST_F(ParksData, MissingFileIsAnIoError) {
    fs::remove(dir_ / "annual.csv");
    auto r = load();
    ASSERT_FALSE(r);
    EXPECT_EQ(r.status().code(), StatusCode::kIoError);
}

// ---- encodings and XLSX ----

TEST_F(ParksData, Gb18030AsExcelWritesIt) {
    write("enterprises.csv", to_gb18030(kEnterprises));
    write("parks.csv", to_gb18030(kParks));
    auto r = load();
    ASSERT_TRUE(r) << r.status().text().en << "\n" << describe();
    EXPECT_EQ(r->enterprises.name(*r->enterprises.find(kC)), "广西甲三电子有限公司");
    ASSERT_EQ(r->parks.size(), 2u);
    EXPECT_EQ(r->parks[1].name, "柳州河西工业园");
    EXPECT_EQ(r->parks[1].city, "柳州市");
    // A defect in a GB18030 file still names its line and field.
    write("parks.csv", to_gb18030(kParks + "GX-SZ-09,深圳园区,深圳市,自治区级,100.00\n"));
    expect_defect("parks.csv", 4, "city");
}

TEST_F(ParksData, XlsxLandReadsAndNamesItsRows) {
    XlsxTable t;
    t.sheet = "land";
    t.headers = {"uscc", "parcel_id", "area_mu", "tenure", "park_id"};
    t.rows = {
        {std::string(kA), std::string("P-001"), std::string("50.00"), std::string("owned"), std::string("GX-NN-01")},
        {std::string(kB), std::string("P-002"), std::string("40.00"), std::string("leased"), std::string("GX-NN-01")},
        {std::string(kC), std::string("P-003"), std::string("25.01"), std::string("leased"), std::string("GX-LZ-02")}};
    auto bytes = table_xlsx(t);
    ASSERT_TRUE(bytes) << bytes.status().message();
    fs::remove(dir_ / "land.csv");
    write("land.xlsx", *bytes);
    auto r = load();
    ASSERT_TRUE(r) << r.status().text().en << "\n" << describe();
    ASSERT_EQ(r->parcels.size(), 3u);
    EXPECT_EQ(r->parcels[2].area, 2501);
    // A bad tenure in the third data row (sheet row 4).
    t.rows[2][3] = std::string("rented");
    bytes = table_xlsx(t);
    ASSERT_TRUE(bytes);
    write("land.xlsx", *bytes);
    expect_defect("land.xlsx", 4, "tenure");
}

}  // namespace
}  // namespace zx::parks
