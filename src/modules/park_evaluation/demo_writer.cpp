#include "modules/park_evaluation/demo_writer.hpp"

#include <string>
#include <system_error>

#include "modules/park_evaluation/rules/exact.hpp"
#include "platform/formats/text_output.hpp"

namespace zx::parks {

Status write_park_demo(const Dataset& ds, const DemoParks& demo, const std::filesystem::path& dir) {
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    if (ec)
        return Status::io_error({"无法创建目录 " + dir.string() + "：" + ec.message(),
                                 "cannot create directory " + dir.string() + ": " + ec.message()});
    // Park names and ids never need quoting; USCCs and numbers are plain. Numbers are written
    // directly (append_csv_field would defuse a leading '-' of a negative value added for Excel).
    std::string parks = "park_id,name,city,level,area_mu\n";
    for (const ParkInput& p : demo.parks) {
        parks += p.id + ",";
        append_csv_field(parks, p.name);
        parks += "," + p.city + "," + p.level + "," + format_fixed(p.area, 2) + "\n";
    }
    std::string land = "uscc,parcel_id,area_mu,tenure,park_id\n";
    land.reserve(demo.parcels.size() * 64);
    for (const DemoParcel& p : demo.parcels) {
        land.append(ds.uscc(p.ent));
        land += ',';
        land += p.parcel_id;
        land += ',';
        land += format_fixed(p.area, 2);
        land += p.leased ? ",leased," : ",owned,";
        land += p.park_id;
        land += '\n';
    }
    std::string annual = "uscc,year,tax_yuan,revenue_yuan,value_added_yuan,energy_tce,employees,rd_yuan\n";
    annual.reserve(demo.annual.size() * 110);
    for (const DemoAnnual& a : demo.annual) {
        annual.append(ds.uscc(a.ent));
        annual += ',' + std::to_string(a.year) + ',' + format_fixed(a.tax, 2) + ',' + format_fixed(a.revenue, 2) + ',' +
                  format_fixed(a.value_added, 2) + ',' + format_fixed(a.energy, 4) + ',' + std::to_string(a.employees) +
                  ',' + format_fixed(a.rd, 2) + '\n';
    }
    if (Status s = write_file_atomic(dir / "parks.csv", parks); !s) return s;
    if (Status s = write_file_atomic(dir / "land.csv", land); !s) return s;
    return write_file_atomic(dir / "annual.csv", annual);
}

ParkData park_data_of(Dataset enterprises, const DemoParks& demo, const Scheme& scheme) {
    ParkData d;
    d.enterprises = std::move(enterprises);
    d.parks = demo.parks;
    d.parcels.reserve(demo.parcels.size());
    for (const DemoParcel& p : demo.parcels) d.parcels.push_back({p.ent, p.parcel_id, p.park_id, p.area, p.leased});
    const int tax = scheme.column("tax_yuan"), revenue = scheme.column("revenue_yuan"),
              va = scheme.column("value_added_yuan"), energy = scheme.column("energy_tce"),
              employees = scheme.column("employees"), rd = scheme.column("rd_yuan");
    const std::size_t nc = scheme.columns.size();
    d.annual.reserve(demo.annual.size());
    for (const DemoAnnual& a : demo.annual) {
        AnnualRow r{a.ent, a.year, std::vector<std::int64_t>(nc, 0), std::vector<std::uint8_t>(nc, 0)};
        auto set = [&](int c, std::int64_t v) {
            if (c < 0) return;
            r.values[static_cast<std::size_t>(c)] = v;
            r.present[static_cast<std::size_t>(c)] = 1;
        };
        set(tax, a.tax);
        set(revenue, a.revenue);
        set(va, a.value_added);
        set(energy, a.energy);
        set(employees, a.employees);
        set(rd, a.rd);
        d.annual.push_back(std::move(r));
    }
    return d;
}

}  // namespace zx::parks
