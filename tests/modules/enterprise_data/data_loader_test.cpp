#include "modules/enterprise_data/data_loader.hpp"
#include "platform/formats/text_output.hpp"

#include <gtest/gtest.h>
#include <iconv.h>
#include <xlsxwriter.h>

#include <filesystem>
#include <fstream>
#include <random>

namespace zx {
namespace {

namespace fs = std::filesystem;

constexpr const char* kEntHeader = "uscc,name,city,industry,scale_since\n";
constexpr const char* kDesHeader = "uscc,designation,valid_from,valid_to\n";
constexpr const char* kOutHeader = "uscc,month,output_yuan\n";
// Valid codes (check characters computed per GB 32100-2015).
constexpr const char* kA = "91450100MA5L000011";
constexpr const char* kB = "91450200MA5L000029";

class LoaderTest : public ::testing::Test {
  protected:
    void SetUp() override {
        dir_ = fs::temp_directory_path() / ("zx-loader-" + std::to_string(::getpid()) + "-" +
                                            ::testing::UnitTest::GetInstance()->current_test_info()->name());
        fs::remove_all(dir_);
        fs::create_directories(dir_);
    }
    void TearDown() override { fs::remove_all(dir_); }

    void write(const std::string& name, const std::string& content) {
        std::ofstream f(dir_ / name, std::ios::binary);
        f << content;
    }
    void write_valid(const std::string& extra_out = "") {
        write("enterprises.csv", std::string(kEntHeader) + kA + ",广西甲机械有限公司,南宁市,3511,2018-05\n" + kB +
                                     ",柳州乙汽车零部件有限公司,柳州市,3670,\n");
        write("designations.csv",
              std::string(kDesHeader) + kA + ",top500,2023-01-01,\n" + kB + ",little_giant,2022-06-01,2023-03-31\n");
        write("output.csv", std::string(kOutHeader) + kA + ",2022-01,1000.00\n" + kA + ",2023-01,1234.5\n" + kB +
                                ",2023-01,0\n" + extra_out);
    }
    Result<Dataset> load(LoadReport& r, LoadOptions o = {}) { return load_dataset(dir_, o, r); }

    // Finds the defect at file:line:field or fails.
    static const Defect* find(const LoadReport& r, const std::string& file, std::int64_t line,
                              const std::string& field) {
        for (const auto& d : r.defects)
            if (d.file == file && d.line == line && d.field == field) return &d;
        return nullptr;
    }

    fs::path dir_;
};

TEST_F(LoaderTest, LoadsValidData) {
    write_valid();
    LoadReport r;
    auto ds = load(r);
    ASSERT_TRUE(ds) << ds.status().message();
    EXPECT_EQ(ds->size(), 2u);
    EXPECT_EQ(r.stats.designations, 2u);
    EXPECT_EQ(r.stats.output_rows, 3u);
    auto a = ds->find(kA);
    ASSERT_TRUE(a);
    EXPECT_EQ(ds->name(*a), "广西甲机械有限公司");
    EXPECT_EQ(ds->output_fen(*a, YearMonth::of(2023, 1)), 123450);
    EXPECT_TRUE(ds->has_output(*a, YearMonth::of(2022, 1)));
    EXPECT_FALSE(ds->has_output(*a, YearMonth::of(2022, 2)));
    EXPECT_EQ(ds->designations_of(*a).size(), 1u);
    EXPECT_EQ(ds->designations_of(*ds->find(kB))[0].valid_to, Date::of(2023, 3, 31));
    EXPECT_FALSE(ds->scale_since(*ds->find(kB)));
}

TEST_F(LoaderTest, AcceptsBomAndCrlf) {
    write("enterprises.csv", std::string("\xEF\xBB\xBF") + "uscc,name,city,industry,scale_since\r\n" + kA +
                                 ",\"广西甲机械有限公司, 分厂\",南宁,3511,2018-05\r\n");
    write("designations.csv", std::string(kDesHeader));
    write("output.csv", std::string("uscc,month,output_yuan\r\n") + kA + ",2023-01,5.00\r\n");
    LoadReport r;
    auto ds = load(r);
    ASSERT_TRUE(ds) << (r.defects.empty() ? ds.status().message() : r.defects[0].message_en);
    EXPECT_EQ(ds->name(0), "广西甲机械有限公司, 分厂");
    EXPECT_EQ(ds->city(0), 0);
    EXPECT_EQ(r.stats.encoding[0], "UTF-8 (BOM)");
}

std::string to_gb18030(const std::string& utf8) {
    iconv_t cd = iconv_open("GB18030", "UTF-8");
    std::string out(utf8.size() * 2, '\0');
    char* in = const_cast<char*>(utf8.data());
    size_t in_left = utf8.size();
    char* o = out.data();
    size_t out_left = out.size();
    iconv(cd, &in, &in_left, &o, &out_left);
    iconv_close(cd);
    out.resize(out.size() - out_left);
    return out;
}

TEST_F(LoaderTest, ReadsGb18030AsExcelWritesIt) {
    write_valid();
    write("enterprises.csv", to_gb18030(std::string(kEntHeader) + kA + ",广西甲机械有限公司,南宁市,3511,2018-05\r\n" +
                                        kB + ",柳州乙汽车零部件有限公司,柳州市,3670,\r\n"));
    LoadReport r;
    auto ds = load(r);
    ASSERT_TRUE(ds);
    EXPECT_EQ(r.stats.encoding[0], "GB18030");
    EXPECT_EQ(ds->name(*ds->find(kB)), "柳州乙汽车零部件有限公司");
    EXPECT_EQ(ds->city(*ds->find(kB)), 1);
}

TEST_F(LoaderTest, ReportsEveryDefectWithFileLineAndField) {
    write("enterprises.csv", std::string(kEntHeader) + kA + ",甲,南宁市,3511,2018-05\n" +  // line 2 ok
                                 "91450100MA5L000019,乙,南宁市,3511,\n" +                  // line 3 bad check character
                                 kB + ",丙,深圳市,3511,\n" +                               // line 4 unknown city
                                 "91450300MA5L00003H,丁,桂林市,351,\n" +        // line 5 bad industry (+ maybe check)
                                 kA + ",戊,南宁市,3511,\n" +                    // line 6 duplicate
                                 "91450400MA5L00004R,,梧州市,3511,2023-13\n");  // line 7 empty name, bad month
    write("designations.csv",
          std::string(kDesHeader) + kA + ",top1000,2023-01-01,\n" +       // line 2 unknown designation
              kA + ",top500,2023-02-29,\n" +                              // line 3 impossible date
              kA + ",top500,2023-05-01,2023-04-01\n" +                    // line 4 to before from
              "91450500MA5L000052,top500,2023-01-01,\n");                 // line 5 unknown enterprise (or bad code)
    write("output.csv", std::string(kOutHeader) + kA + ",2023-01,-5\n" +  // line 2 negative
                            kA + ",2023-02,12.345\n" +                    // line 3 three decimals
                            kA + ",2023-03,1,000\n" +                     // line 4 field count
                            kA + ",2023-13,5\n" +                         // line 5 impossible month
                            kA + ",2023-04,abc\n" +                       // line 6 malformed
                            kA + ",2023-05,5\n" +                         // line 7 ok
                            kA + ",2023-05,6\n");                         // line 8 duplicate
    LoadReport r;
    auto ds = load(r);
    EXPECT_FALSE(ds);
    EXPECT_EQ(ds.status().code(), StatusCode::kDataError);
    EXPECT_TRUE(find(r, "enterprises.csv", 3, "uscc"));
    EXPECT_TRUE(find(r, "enterprises.csv", 4, "city"));
    EXPECT_TRUE(find(r, "enterprises.csv", 5, "industry"));
    ASSERT_TRUE(find(r, "enterprises.csv", 6, "uscc"));
    EXPECT_NE(find(r, "enterprises.csv", 6, "uscc")->message_en.find("duplicate"), std::string::npos);
    EXPECT_TRUE(find(r, "enterprises.csv", 7, "name"));
    EXPECT_TRUE(find(r, "enterprises.csv", 7, "scale_since"));
    EXPECT_TRUE(find(r, "designations.csv", 2, "designation"));
    EXPECT_TRUE(find(r, "designations.csv", 3, "valid_from"));
    EXPECT_TRUE(find(r, "designations.csv", 4, "valid_to"));
    EXPECT_TRUE(find(r, "designations.csv", 5, "uscc"));
    EXPECT_TRUE(find(r, "output.csv", 2, "output_yuan"));
    EXPECT_TRUE(find(r, "output.csv", 3, "output_yuan"));
    EXPECT_TRUE(find(r, "output.csv", 4, ""));
    EXPECT_TRUE(find(r, "output.csv", 5, "month"));
    EXPECT_TRUE(find(r, "output.csv", 6, "output_yuan"));
    EXPECT_TRUE(find(r, "output.csv", 8, "month"));
    EXPECT_FALSE(find(r, "output.csv", 7, "month"));
    for (const auto& d : r.defects) {
        EXPECT_FALSE(d.message_zh.empty());
        EXPECT_FALSE(d.message_en.empty());
    }
    EXPECT_EQ(r.defects_total, r.defects.size());
}

TEST_F(LoaderTest, MissingColumnIsNamed) {
    write_valid();
    write("output.csv", std::string("uscc,month,output\n") + kA + ",2023-01,5\n");
    LoadReport r;
    EXPECT_FALSE(load(r));
    const Defect* d = find(r, "output.csv", 1, "output_yuan");
    ASSERT_TRUE(d);
    EXPECT_NE(d->message_en.find("missing column"), std::string::npos);
}

TEST_F(LoaderTest, MissingFileIsAnIoError) {
    write_valid();
    fs::remove(dir_ / "designations.csv");
    LoadReport r;
    auto ds = load(r);
    ASSERT_FALSE(ds);
    EXPECT_EQ(ds.status().code(), StatusCode::kNotFound);
    EXPECT_NE(ds.status().message().find("designations.csv"), std::string::npos);
}

TEST_F(LoaderTest, DefectListIsCappedButCounted) {
    std::string out = kOutHeader;
    for (int i = 0; i < 500; ++i) out += std::string(kA) + ",2023-01,-1\n";
    write_valid();
    write("output.csv", out);
    LoadReport r;
    LoadOptions o;
    o.max_defects = 50;
    EXPECT_FALSE(load(r, o));
    EXPECT_EQ(r.defects.size(), 50u);
    EXPECT_EQ(r.defects_total, 500u);
}

// A file large enough to be parsed by two threads: the line numbers of defects in the second half
// must still be right, and duplicates across the two halves must be found.
TEST_F(LoaderTest, ParallelParseKeepsLineNumbers) {
    std::string ent = kEntHeader;
    std::string out = kOutHeader;
    const char* alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";
    auto check = [&](const std::string& s17) {
        static const int w[17] = {1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28};
        int sum = 0;
        for (int i = 0; i < 17; ++i) sum += static_cast<int>(std::string(alphabet).find(s17[i])) * w[i];
        return alphabet[(31 - sum % 31) % 31];
    };
    std::vector<std::string> codes;
    for (int i = 0; i < 3000; ++i) {
        char buf[32];
        std::snprintf(buf, sizeof buf, "914501007%08d", i);
        std::string c = buf;
        c += check(c);
        codes.push_back(c);
        ent += c + ",企业" + std::to_string(i) + ",南宁市,3511,2018-01\n";
    }
    std::int64_t line = 1;
    std::int64_t bad_line = 0;
    for (int i = 0; i < 3000; ++i) {
        for (int m = 1; m <= 24; ++m) {
            ++line;
            char month[8];
            std::snprintf(month, sizeof month, "%04d-%02d", 2022 + (m - 1) / 12, (m - 1) % 12 + 1);
            std::string v = "123456.78";
            if (i == 2900 && m == 5) {
                v = "-1";
                bad_line = line;
            }
            out += codes[static_cast<std::size_t>(i)] + "," + month + "," + v + "\n";
        }
    }
    out += codes[10] + ",2022-03,1\n";  // duplicate of a row in the first half
    ++line;
    ASSERT_GT(out.size(), 1u << 20);
    write("enterprises.csv", ent);
    write("designations.csv", kDesHeader);
    write("output.csv", out);
    LoadReport r;
    LoadOptions o;
    o.threads = 2;
    o.month_window = MonthRange{YearMonth::of(2022, 1), YearMonth::of(2023, 12)};
    EXPECT_FALSE(load(r, o));
    EXPECT_EQ(r.defects_total, 2u);
    EXPECT_TRUE(find(r, "output.csv", bad_line, "output_yuan"));
    EXPECT_TRUE(find(r, "output.csv", line, "month")) << [&] {
        std::string all;
        for (const auto& d : r.defects)
            all += d.file + ":" + std::to_string(d.line) + ":" + d.field + " " + d.message_en + "\n";
        return all;
    }();

    // Without the two defects it loads, with every cell in place.
    out.resize(out.size() - (codes[10].size() + 11));
    out.replace(out.find(",-1\n"), 4, ",7\n");
    write("output.csv", out);
    auto ds = load(r, o);
    ASSERT_TRUE(ds);
    EXPECT_EQ(ds->output_cells_present(), 3000u * 24u);
    EXPECT_EQ(ds->output_fen(*ds->find(codes[2900]), YearMonth::of(2022, 5)), 700);
}

TEST_F(LoaderTest, RowsOutsideTheWindowAreValidatedNotKept) {
    write_valid(std::string(kA) + ",2019-01,5\n" + kA + ",2019-01,6\n");
    LoadReport r;
    LoadOptions o;
    o.month_window = MonthRange{YearMonth::of(2022, 1), YearMonth::of(2023, 12)};
    EXPECT_FALSE(load(r, o));
    EXPECT_EQ(r.defects_total, 1u);
    EXPECT_TRUE(find(r, "output.csv", 6, "month"));
}

TEST_F(LoaderTest, ReadsXlsxWithNumericCells) {
    write_valid();
    fs::remove(dir_ / "output.csv");
    lxw_workbook* wb = workbook_new((dir_ / "output.xlsx").c_str());
    lxw_worksheet* ws = workbook_add_worksheet(wb, nullptr);
    lxw_format* date = workbook_add_format(wb);
    format_set_num_format(date, "yyyy-mm");
    worksheet_write_string(ws, 0, 0, "uscc", nullptr);
    worksheet_write_string(ws, 0, 1, "month", nullptr);
    worksheet_write_string(ws, 0, 2, "output_yuan", nullptr);
    worksheet_write_string(ws, 1, 0, kA, nullptr);
    worksheet_write_string(ws, 1, 1, "2023-01", nullptr);
    worksheet_write_number(ws, 1, 2, 1234.56, nullptr);
    worksheet_write_string(ws, 2, 0, kA, nullptr);
    worksheet_write_number(ws, 2, 1, 44958, date);         // 2023-02-01 as a date cell
    worksheet_write_number(ws, 2, 2, 0.1 + 0.2, nullptr);  // 0.30000000000000004 as Excel stores it
    ASSERT_EQ(workbook_close(wb), LXW_NO_ERROR);
    LoadReport r;
    auto ds = load(r);
    ASSERT_TRUE(ds) << (r.defects.empty() ? ds.status().message()
                                          : r.defects[0].file + ":" + std::to_string(r.defects[0].line) + " " +
                                                r.defects[0].message_en + " " + r.defects[0].value);
    EXPECT_EQ(r.stats.encoding[2], "XLSX");
    EXPECT_EQ(ds->output_fen(*ds->find(kA), YearMonth::of(2023, 1)), 123456);
    EXPECT_EQ(ds->output_fen(*ds->find(kA), YearMonth::of(2023, 2)), 30);
}

TEST_F(LoaderTest, GarbageNeverCrashes) {
    std::mt19937_64 rng(7);
    for (int round = 0; round < 50; ++round) {
        write_valid();
        std::string junk = kOutHeader;
        const int n = static_cast<int>(rng() % 2000);
        for (int i = 0; i < n; ++i) junk.push_back(static_cast<char>(rng() % 256));
        write("output.csv", junk);
        LoadReport r;
        auto ds = load(r);
        if (!ds) {
            EXPECT_GT(r.defects_total + (ds.status().code() != StatusCode::kDataError), 0u);
        }
    }
}

}  // namespace
}  // namespace zx

namespace zx {
namespace {

TEST(CsvField, UserTextNeverBecomesASpreadsheetFormula) {
    std::string out;
    append_csv_field(out, "=HYPERLINK(\"x\")");
    EXPECT_EQ(out, "\"'=HYPERLINK(\"\"x\"\")\"");
    for (const char* f : {"+1", "-cmd", "@SUM(A1)"}) {
        std::string o;
        append_csv_field(o, f);
        EXPECT_EQ(o.substr(0, 2), "\"'") << f;
    }
    std::string plain;
    append_csv_field(plain, "广西甲机械有限公司");
    EXPECT_EQ(plain, "广西甲机械有限公司");
}

}  // namespace
}  // namespace zx
