// The synthetic 亩均 data (rules/demo.hpp, demo_writer.hpp): deterministic, within the data contract
// (the files load without a defect), and with the proportions the header promises.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "modules/enterprise_data/demo_data_writer.hpp"
#include "modules/enterprise_data/rules/demo_data.hpp"
#include "modules/park_evaluation/demo_writer.hpp"
#include "modules/park_evaluation/park_data.hpp"
#include "modules/park_evaluation/scheme_loader.hpp"

namespace zx::parks {
namespace {

namespace fs = std::filesystem;

fs::path source_dir() {
    if (const char* env = std::getenv("ZX_SOURCE_DIR"); env != nullptr && *env != '\0') return env;
    return ZX_SOURCE_DIR;
}

std::string read(const fs::path& p) {
    std::ifstream f(p, std::ios::binary);
    std::stringstream s;
    s << f.rdbuf();
    return s.str();
}

Dataset enterprises(std::size_t n, std::uint64_t seed) {
    DemoOptions o;
    o.enterprises = n;
    o.seed = seed;
    return generate_dataset(o);
}

TEST(ParkDemo, SameSeedSameFiles) {
    const fs::path a = fs::temp_directory_path() / "zx_park_demo_a", b = fs::temp_directory_path() / "zx_park_demo_b";
    const Dataset ds = enterprises(3000, 5);
    ASSERT_TRUE(write_park_demo(ds, generate_park_demo(ds, {5, 2022}), a));
    const Dataset again = enterprises(3000, 5);
    ASSERT_TRUE(write_park_demo(again, generate_park_demo(again, {5, 2022}), b));
    for (const char* f : {"land.csv", "annual.csv", "parks.csv"}) EXPECT_EQ(read(a / f), read(b / f)) << f;
    const DemoParks other = generate_park_demo(ds, {6, 2022});
    ASSERT_TRUE(write_park_demo(ds, other, b));
    EXPECT_NE(read(a / "land.csv"), read(b / "land.csv"));
    fs::remove_all(a);
    fs::remove_all(b);
}

TEST(ParkDemo, ShapeOfTheData) {
    const Dataset ds = enterprises(20000, 7);
    const DemoParks d = generate_park_demo(ds, {7, 2022});
    std::map<std::string, int> per_city;
    for (const ParkInput& p : d.parks) ++per_city[p.city];
    EXPECT_EQ(per_city.size(), 14u);
    for (const auto& [city, n] : per_city) {
        EXPECT_GE(n, 2) << city;
        EXPECT_LE(n, 4) << city;
    }
    std::map<EntId, int> parcels;
    std::set<std::string> ids;
    std::size_t leased = 0, outside = 0;
    for (const DemoParcel& p : d.parcels) {
        EXPECT_GE(p.area, 500);
        EXPECT_LE(p.area, 80'000);
        EXPECT_TRUE(ids.insert(p.parcel_id).second);
        ++parcels[p.ent];
        leased += p.leased;
        outside += p.park_id.empty();
    }
    EXPECT_EQ(parcels.size(), ds.size());
    for (const auto& [e, n] : parcels) EXPECT_TRUE(n >= 1 && n <= 3);
    const double n = static_cast<double>(d.parcels.size());
    EXPECT_NEAR(leased / n, 0.15, 0.02);
    EXPECT_NEAR(outside / n, 0.10, 0.02);
    std::size_t zero_energy = 0, negative_va = 0, cur = 0;
    for (const DemoAnnual& a : d.annual) {
        EXPECT_GE(a.employees, 1);
        EXPECT_GE(a.energy, 0);
        EXPECT_GE(a.revenue, 0);
        EXPECT_GE(a.rd, 0);
        zero_energy += a.energy == 0;
        negative_va += a.value_added < 0;
        cur += a.year == 2022;
    }
    EXPECT_GT(zero_energy, 0u);
    EXPECT_GT(negative_va, 0u);
    EXPECT_LT(cur, ds.size());  // some enterprises have land but no row for the later year
}

TEST(ParkDemo, LoadsAndGrades) {
    auto scheme = load_scheme(source_dir() / "schemes" / "guangxi-default");
    ASSERT_TRUE(scheme);
    const fs::path dir = fs::temp_directory_path() / "zx_park_demo_load";
    fs::remove_all(dir);
    DemoOptions o;
    o.enterprises = 5000;
    o.seed = 3;
    ASSERT_TRUE(write_demo_data(o, dir));
    const Dataset ds = generate_dataset(o);
    ASSERT_TRUE(write_park_demo(ds, generate_park_demo(ds, {3, 2022}), dir));
    LoadReport report;
    auto data = load_park_data(dir, *scheme, report);
    ASSERT_TRUE(data) << (report.defects.empty() ? std::string() : report.defects[0].message_en);
    EXPECT_EQ(years_of(*data), (std::vector<int>{2021, 2022}));
    const auto inputs = inputs_for(*scheme, *data, 2022);
    const Evaluation ev = evaluate(*scheme, inputs, data->parks, 2022);
    EXPECT_FALSE(ev.overflow);
    EXPECT_GT(ev.missing.size(), 0u);
    EXPECT_LT(ev.missing.size(), inputs.size() / 10);
    std::map<std::string, std::size_t> grades;
    for (std::size_t j : ev.rated_rows) ++grades[ev.rows[j].scored.grade];
    const double rated = static_cast<double>(ev.rated_rows.size());
    EXPECT_NEAR(grades["A"] / rated, 0.20, 0.01);
    EXPECT_NEAR(grades["B"] / rated, 0.50, 0.01);
    EXPECT_NEAR(grades["C"] / rated, 0.25, 0.01);
    EXPECT_NEAR(grades["D"] / rated, 0.05, 0.01);
    EXPECT_GT(ev.parks.size(), 30u);
    fs::remove_all(dir);
}

}  // namespace
}  // namespace zx::parks
