#include "modules/enterprise_data/rules/demo_data.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <set>
#include <sstream>
#include <string>
#include <unordered_set>
#include <vector>

#include "core/industry.hpp"
#include "core/uscc.hpp"
#include "modules/enterprise_data/demo_data_writer.hpp"

namespace zx {
namespace {

constexpr YearMonth kJan2022 = YearMonth::of(2022, 1);

// A fresh directory under the system temp dir, removed at the end of the test.
class TempDir {
  public:
    explicit TempDir(const std::string& tag) {
        const auto stamp = std::chrono::steady_clock::now().time_since_epoch().count();
        path_ = std::filesystem::temp_directory_path() / ("zx-synth-" + tag + "-" + std::to_string(stamp));
    }
    ~TempDir() {
        std::error_code ignored;
        std::filesystem::remove_all(path_, ignored);
    }
    const std::filesystem::path& path() const { return path_; }

  private:
    std::filesystem::path path_;
};

std::string read_file(const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

std::uint64_t fnv1a(std::string_view bytes) {
    std::uint64_t h = 0xcbf29ce484222325ULL;
    for (unsigned char c : bytes) h = (h ^ c) * 0x100000001b3ULL;
    return h;
}

constexpr std::array<const char*, 3> kFiles = {"enterprises.csv", "designations.csv", "output.csv"};

std::array<std::uint64_t, 3> write_and_hash(const DemoOptions& o, const std::string& tag) {
    TempDir dir(tag);
    const Status s = write_demo_data(o, dir.path());
    EXPECT_TRUE(s.is_ok()) << s.message();
    std::array<std::uint64_t, 3> h{};
    for (std::size_t i = 0; i < kFiles.size(); ++i) h[i] = fnv1a(read_file(dir.path() / kFiles[i]));
    return h;
}

std::vector<std::string> lines_of(const std::string& text) {
    std::vector<std::string> lines;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) lines.push_back(line);
    return lines;
}

bool has(const DemoEnterprise& e, Designation d) {
    return std::any_of(e.designations.begin(), e.designations.end(),
                       [&](const DemoDesignation& x) { return x.kind == d; });
}

std::int64_t year_sum(const DemoEnterprise& e, YearMonth window_first, int year, bool* complete = nullptr) {
    std::int64_t sum = 0;
    if (complete) *complete = true;
    for (int m = 1; m <= 12; ++m) {
        const int k = YearMonth::of(year, m) - window_first;
        if (e.present[k])
            sum += e.output_fen[k];
        else if (complete)
            *complete = false;
    }
    return sum;
}

// ---------------------------------------------------------------------------------------------
// Determinism and the written files
// ---------------------------------------------------------------------------------------------

TEST(DemoWriter, SameSeedSameBytesDifferentSeedDifferentBytes) {
    DemoOptions o;
    o.enterprises = 2000;
    const auto a = write_and_hash(o, "a");
    const auto b = write_and_hash(o, "b");
    EXPECT_EQ(a, b);
    o.seed = 2;
    const auto c = write_and_hash(o, "c");
    for (std::size_t i = 0; i < kFiles.size(); ++i) EXPECT_NE(a[i], c[i]) << kFiles[i];
}

// The generator uses integer arithmetic only, so these bytes are the same on every platform and
// compiler. If this fails after a deliberate change to the generator, update the constants; if it fails
// on a new platform without one, something platform-dependent crept in.
TEST(DemoWriter, PinnedBytesForDefaultSeed) {
    DemoOptions o;
    o.enterprises = 300;
    const auto h = write_and_hash(o, "pinned");
    const std::array<std::uint64_t, 3> kExpected = {0xa19792f35e9b8b86ULL, 0xd2fe97ae23a52c91ULL,
                                                    0x9dafc828eb0eb61dULL};
    EXPECT_EQ(h, kExpected) << std::hex << h[0] << " " << h[1] << " " << h[2];
}

TEST(DemoWriter, WritesThreeFilesWithHeadersAndOneRowPerFact) {
    DemoOptions o;
    o.enterprises = 500;
    TempDir dir("files");
    std::size_t last_done = 0;
    const Status s = write_demo_data(o, dir.path() / "nested" / "demo", [&](std::size_t done, std::size_t total) {
        EXPECT_EQ(total, 500u);
        EXPECT_GE(done, last_done);
        last_done = done;
    });
    ASSERT_TRUE(s.is_ok()) << s.message();
    EXPECT_EQ(last_done, 500u);

    const auto base = dir.path() / "nested" / "demo";
    std::size_t files = 0;
    for ([[maybe_unused]] const auto& entry : std::filesystem::directory_iterator(base)) ++files;
    EXPECT_EQ(files, 3u) << "no temporaries left behind";

    const std::string ent = read_file(base / "enterprises.csv");
    const std::string des = read_file(base / "designations.csv");
    const std::string out = read_file(base / "output.csv");
    for (const std::string* text : {&ent, &des, &out}) {
        EXPECT_EQ(text->find('\r'), std::string::npos);
        EXPECT_NE(text->rfind("\xEF\xBB\xBF", 0), 0u) << "no BOM";
        EXPECT_EQ(text->back(), '\n');
    }
    const auto ent_lines = lines_of(ent), des_lines = lines_of(des), out_lines = lines_of(out);
    EXPECT_EQ(ent_lines.front(), "uscc,name,city,industry,scale_since");
    EXPECT_EQ(des_lines.front(), "uscc,designation,valid_from,valid_to");
    EXPECT_EQ(out_lines.front(), "uscc,month,output_yuan");

    // Row counts and content agree with the generator.
    DemoGenerator gen(o);
    DemoEnterprise e;
    std::size_t n_des = 0, n_out = 0;
    while (gen.next(e)) {
        n_des += e.designations.size();
        n_out += static_cast<std::size_t>(std::count(e.present.begin(), e.present.end(), 1));
    }
    EXPECT_EQ(ent_lines.size(), 501u);
    EXPECT_EQ(des_lines.size(), n_des + 1);
    EXPECT_EQ(out_lines.size(), n_out + 1);

    std::string prev_uscc, prev_month;
    for (std::size_t i = 1; i < out_lines.size(); ++i) {
        const std::string& line = out_lines[i];
        ASSERT_EQ(line[18], ',') << line;
        ASSERT_EQ(line[26], ',') << line;
        const std::string uscc = line.substr(0, 18), month = line.substr(19, 7), yuan = line.substr(27);
        ASSERT_TRUE(parse_year_month(month).has_value()) << line;
        const auto dot = yuan.find('.');
        ASSERT_EQ(dot, yuan.size() - 3) << "exactly two decimals: " << line;
        ASSERT_TRUE(std::all_of(yuan.begin(), yuan.end(), [](char c) { return c == '.' || (c >= '0' && c <= '9'); }))
            << line;
        if (uscc == prev_uscc) {
            EXPECT_LT(prev_month, month) << "months ascending within an enterprise";
        }
        prev_uscc = uscc;
        prev_month = month;
    }
    for (std::size_t i = 1; i < ent_lines.size(); ++i) {
        const std::string& line = ent_lines[i];
        EXPECT_EQ(std::count(line.begin(), line.end(), ','), 4) << line;
        EXPECT_EQ(line.find('"'), std::string::npos) << line;
    }
    for (std::size_t i = 1; i < des_lines.size(); ++i) {
        const std::string& line = des_lines[i];
        const auto c1 = line.find(','), c2 = line.find(',', c1 + 1), c3 = line.find(',', c2 + 1);
        ASSERT_NE(c3, std::string::npos) << line;
        EXPECT_TRUE(find_designation(line.substr(c1 + 1, c2 - c1 - 1)).has_value()) << line;
        EXPECT_TRUE(parse_date(line.substr(c2 + 1, c3 - c2 - 1)).has_value()) << line;
        const std::string to = line.substr(c3 + 1);
        EXPECT_TRUE(to.empty() || parse_date(to).has_value()) << line;
    }
}

TEST(DemoWriter, FailsCleanlyWhenTheDirectoryCannotBeCreated) {
    TempDir dir("blocked");
    std::filesystem::create_directories(dir.path());
    std::ofstream(dir.path() / "file") << "x";
    DemoOptions o;
    o.enterprises = 10;
    const Status s = write_demo_data(o, dir.path() / "file" / "sub");
    EXPECT_EQ(s.code(), StatusCode::kIoError);
    EXPECT_NE(s.message().find("file"), std::string::npos) << s.message();
}

TEST(DemoWriter, RejectsOptionsOutOfRange) {
    TempDir dir("invalid");
    DemoOptions o;
    o.enterprises = kDemoMaxEnterprises + 1;
    EXPECT_EQ(write_demo_data(o, dir.path()).code(), StatusCode::kInvalidArgument);
    EXPECT_FALSE(std::filesystem::exists(dir.path() / "output.csv"));
}

// ---------------------------------------------------------------------------------------------
// The generator
// ---------------------------------------------------------------------------------------------

TEST(DemoGenerator, RewindReplaysTheSameStream) {
    DemoOptions o;
    o.enterprises = 50;
    DemoGenerator gen(o);
    DemoEnterprise e;
    std::vector<std::string> first;
    while (gen.next(e)) first.push_back(e.uscc + e.name + std::to_string(e.output_fen[5]));
    EXPECT_EQ(gen.produced(), 50u);
    gen.rewind();
    std::vector<std::string> second;
    while (gen.next(e)) second.push_back(e.uscc + e.name + std::to_string(e.output_fen[5]));
    EXPECT_EQ(first, second);
}

TEST(DemoGenerator, OtherWindowsWork) {
    DemoOptions o;
    o.enterprises = 300;
    o.months = {YearMonth::of(2019, 3), YearMonth::of(2025, 2)};
    DemoGenerator gen(o);
    DemoEnterprise e;
    std::size_t present = 0;
    while (gen.next(e)) {
        ASSERT_EQ(e.output_fen.size(), static_cast<std::size_t>(o.months.length()));
        for (std::size_t k = 0; k < e.present.size(); ++k) {
            EXPECT_GE(e.output_fen[k], 0);
            present += e.present[k];
        }
    }
    EXPECT_GT(present, 300u * 40);
}

// Statistics over one 50,000-enterprise population, gathered in a single streaming pass.
class DemoPopulation : public ::testing::Test {
  protected:
    struct Stats {
        std::size_t n = 0;
        std::array<std::size_t, kDesignationCount> designation_count{};
        std::array<std::size_t, kCities.size()> city_count{};
        std::size_t designations = 0, mid_window = 0, bad_designation = 0, bad_manufacturing = 0;
        std::size_t bad_uscc = 0, bad_name = 0, bad_city_or_industry = 0, negative = 0;
        std::size_t duplicate_uscc = 0, duplicate_name = 0;
        std::size_t established = 0, established_missing = 0;
        std::size_t comparable = 0, grew_12 = 0, shrank = 0, quarter_down_year_up = 0;
        std::size_t new_in_scale = 0, new_with_2022_output = 0, new_without_2023_output = 0, new_bad_since = 0;
        std::size_t top500_not_top = 0;
        std::int64_t jan_feb = 0, mar_dec = 0;
        std::vector<std::int64_t> annual_2022;  // complete established firms
    };
    static const Stats& stats() {
        static const Stats s = gather();
        return s;
    }

  private:
    static void check_designations(const DemoEnterprise& e, MonthRange w, Stats& s) {
        std::set<Designation> kinds;
        for (const DemoDesignation& d : e.designations) {
            ++s.designations;
            ++s.designation_count[static_cast<std::size_t>(d.kind)];
            if (!kinds.insert(d.kind).second || d.valid_to < d.valid_from) ++s.bad_designation;
            if ((d.kind == Designation::kCrExpress || d.kind == Designation::kLittleGiant) &&
                !is_manufacturing(e.industry))
                ++s.bad_manufacturing;
            const bool starts_inside = d.valid_from > Date::first_of(w.first);
            const bool ends_inside = d.valid_to < Date::last_of(w.last);
            if (d.kind != Designation::kNewInScale && (starts_inside || ends_inside)) ++s.mid_window;
        }
    }
    static void check_identity(const DemoEnterprise& e, Stats& s, std::unordered_set<std::string>& usccs,
                               std::unordered_set<std::string>& names) {
        if (validate_uscc(e.uscc) != UsccError::kNone || e.uscc.compare(0, 4, "9145") != 0) ++s.bad_uscc;
        if (!usccs.insert(e.uscc).second) ++s.duplicate_uscc;
        if (!names.insert(e.name).second) ++s.duplicate_name;
        const bool suffix = e.name.size() > 12 && e.name.compare(e.name.size() - 12, 12, "有限公司") == 0;
        if (!suffix || e.name.find_first_of(",\"\r\n") != std::string::npos) ++s.bad_name;
        char code[5];
        std::snprintf(code, sizeof code, "%04d", e.industry);
        if (e.city >= kCities.size() || parse_industry_class(code) != e.industry)
            ++s.bad_city_or_industry;
        else
            ++s.city_count[e.city];
    }
    static void check_outputs(const DemoEnterprise& e, Stats& s) {
        for (std::size_t k = 0; k < e.present.size(); ++k) {
            if (e.output_fen[k] < 0) ++s.negative;
            if (e.present[k]) ((k % 12) < 2 ? s.jan_feb : s.mar_dec) += e.output_fen[k];
        }
        if (has(e, Designation::kNewInScale)) {
            ++s.new_in_scale;
            if (year_sum(e, kJan2022, 2022) > 0) ++s.new_with_2022_output;
            if (year_sum(e, kJan2022, 2023) <= 0) ++s.new_without_2023_output;
            if (!e.scale_since || *e.scale_since < YearMonth::of(2022, 7) || *e.scale_since > YearMonth::of(2023, 9))
                ++s.new_bad_since;
            return;
        }
        ++s.established;
        if (std::count(e.present.begin(), e.present.end(), 0) > 0) {
            ++s.established_missing;
            return;
        }
        const std::int64_t base = year_sum(e, kJan2022, 2022), current = year_sum(e, kJan2022, 2023);
        s.annual_2022.push_back(base);
        if (base <= 0) return;
        ++s.comparable;
        if (current * 100 >= base * 112) ++s.grew_12;
        if (current < base) ++s.shrank;
        for (int q = 0; q < 4 && current > base; ++q) {
            std::int64_t qb = 0, qc = 0;
            for (int m = 0; m < 3; ++m) qb += e.output_fen[q * 3 + m], qc += e.output_fen[12 + q * 3 + m];
            if (qc < qb) {
                ++s.quarter_down_year_up;
                break;
            }
        }
    }
    static Stats gather() {
        DemoOptions o;
        o.enterprises = 50000;
        Stats s;
        std::unordered_set<std::string> usccs, names;
        std::vector<std::pair<std::int64_t, std::size_t>> rank;  // (-2022 output, index)
        std::vector<bool> top500;
        DemoGenerator gen(o);
        DemoEnterprise e;
        while (gen.next(e)) {
            ++s.n;
            check_identity(e, s, usccs, names);
            check_designations(e, o.months, s);
            check_outputs(e, s);
            rank.emplace_back(-year_sum(e, kJan2022, 2022), e.index);
            top500.push_back(has(e, Designation::kTop500));
        }
        std::sort(rank.begin(), rank.end());
        const std::size_t k = s.designation_count[static_cast<std::size_t>(Designation::kTop500)];
        for (std::size_t i = 0; i < k; ++i) s.top500_not_top += !top500[rank[i].second];
        std::sort(s.annual_2022.begin(), s.annual_2022.end());
        return s;
    }
};

TEST_F(DemoPopulation, IdentitiesAreValidAndUnique) {
    const Stats& s = stats();
    ASSERT_EQ(s.n, 50000u);
    EXPECT_EQ(s.bad_uscc, 0u);
    EXPECT_EQ(s.duplicate_uscc, 0u);
    EXPECT_EQ(s.duplicate_name, 0u);
    EXPECT_EQ(s.bad_name, 0u);
    EXPECT_EQ(s.bad_city_or_industry, 0u);
}

TEST_F(DemoPopulation, LiuzhouAndNanningAreTheLargestCities) {
    const auto& c = stats().city_count;
    std::vector<std::size_t> sorted(c.begin(), c.end());
    std::sort(sorted.rbegin(), sorted.rend());
    const std::size_t nanning = c[0], liuzhou = c[1];
    EXPECT_GE(std::min(nanning, liuzhou), sorted[1]);
    for (std::size_t count : c) EXPECT_GT(count, 0u);
}

TEST_F(DemoPopulation, DesignationSharesAreRealistic) {
    const Stats& s = stats();
    const auto share = [&](Designation d) { return 100.0 * s.designation_count[static_cast<std::size_t>(d)] / s.n; };
    EXPECT_EQ(s.designation_count[static_cast<std::size_t>(Designation::kTop500)], 1250u);  // 2.5% exactly
    EXPECT_EQ(s.top500_not_top, 0u) << "top500 is exactly the largest by 2022 output";
    EXPECT_NEAR(share(Designation::kDragonHead), 1.0, 0.4);
    EXPECT_NEAR(share(Designation::kLittleGiant), 0.6, 0.25);
    EXPECT_NEAR(share(Designation::kSingleChampion), 0.2, 0.1);
    EXPECT_NEAR(share(Designation::kNewInScale), 4.0, 0.6);
    EXPECT_NEAR(share(Designation::kCovidSupplies), 0.2, 0.12);
    EXPECT_NEAR(share(Designation::kCrExpress), 0.3, 0.15);
    EXPECT_EQ(s.bad_designation, 0u);
    EXPECT_EQ(s.bad_manufacturing, 0u);
    const double mid = 100.0 * s.mid_window /
                       (s.designations - s.designation_count[static_cast<std::size_t>(Designation::kNewInScale)]);
    EXPECT_NEAR(mid, 10.0, 5.0) << "share of validity intervals starting or ending inside the window";
}

TEST_F(DemoPopulation, GrowthIsMixed) {
    const Stats& s = stats();
    ASSERT_GT(s.comparable, 40000u);
    const double grew = 100.0 * s.grew_12 / s.comparable, shrank = 100.0 * s.shrank / s.comparable;
    EXPECT_NEAR(grew, 30.0, 10.0);
    EXPECT_GT(shrank, 15.0);
    EXPECT_GT(s.quarter_down_year_up, s.comparable / 20);
}

TEST_F(DemoPopulation, SomeMonthsAreMissing) {
    const Stats& s = stats();
    const double missing = 100.0 * s.established_missing / s.established;
    EXPECT_NEAR(missing, 2.0, 1.0);
}

TEST_F(DemoPopulation, NewInScaleFirmsHaveNoBase) {
    const Stats& s = stats();
    EXPECT_EQ(s.new_with_2022_output, 0u);
    EXPECT_EQ(s.new_bad_since, 0u);
    EXPECT_LT(s.new_without_2023_output, s.new_in_scale / 100 + 1);
}

TEST_F(DemoPopulation, OutputsAreNonNegativeSeasonalAndSized) {
    const Stats& s = stats();
    EXPECT_EQ(s.negative, 0u);
    EXPECT_LT(s.jan_feb / 2.0, 0.9 * (s.mar_dec / 10.0)) << "Spring Festival months are low";
    const auto& a = s.annual_2022;
    const std::int64_t wan = 1'000'000;  // fen
    EXPECT_GT(a[a.size() / 2], 1'000 * wan);
    EXPECT_LT(a[a.size() / 2], 50'000 * wan);
    const auto in_body =
        std::count_if(a.begin(), a.end(), [&](std::int64_t x) { return x >= 1'000 * wan && x <= 50'000 * wan; });
    EXPECT_GT(static_cast<double>(in_body) / a.size(), 0.75);
    EXPECT_GT(a.back(), 500'000 * wan) << "a few giants above 50亿";
    EXPECT_LE(a.back(), 6'000'000 * wan) << "none above about 500亿";
}

TEST(DemoDataset, MatchesTheStream) {
    DemoOptions o;
    o.enterprises = 1000;
    const Dataset ds = generate_dataset(o);
    ASSERT_EQ(ds.size(), 1000u);
    EXPECT_EQ(ds.output_window(), o.months);
    DemoGenerator gen(o);
    DemoEnterprise e;
    std::size_t present = 0;
    while (gen.next(e)) {
        const auto id = ds.find(e.uscc);
        ASSERT_TRUE(id.has_value());
        EXPECT_EQ(*id, e.index);
        EXPECT_EQ(ds.name(*id), e.name);
        EXPECT_EQ(ds.city(*id), e.city);
        EXPECT_EQ(ds.industry(*id), e.industry);
        EXPECT_EQ(ds.scale_since(*id), e.scale_since);
        EXPECT_EQ(ds.designations_of(*id).size(), e.designations.size());
        for (std::size_t k = 0; k < e.present.size(); ++k) {
            const YearMonth m = o.months.first + static_cast<int>(k);
            ASSERT_EQ(ds.has_output(*id, m), e.present[k] != 0);
            if (e.present[k]) {
                EXPECT_EQ(ds.output_fen(*id, m), e.output_fen[k]);
            }
            present += e.present[k];
        }
    }
    EXPECT_EQ(ds.output_cells_present(), present);
}

}  // namespace
}  // namespace zx
