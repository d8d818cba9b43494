// The data of the 亩均 evaluation: enterprises.csv (the awards' contract), land.csv (parcels),
// annual.csv (yearly figures, with the further columns the scheme names) and parks.csv, as CSV (UTF-8
// or GB18030) or XLSX. Every defect names the file, the line and the field; all-or-nothing.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "core/dataset.hpp"
#include "core/status.hpp"
#include "modules/enterprise_data/data_loader.hpp"
#include "modules/park_evaluation/rules/evaluate.hpp"

namespace zx::parks {

struct Parcel {
    EntId ent = 0;
    std::string parcel_id, park_id;
    std::int64_t area = 0;  // 0.01 mu
    bool leased = false;
};

struct AnnualRow {
    EntId ent = 0;
    int year = 0;
    std::vector<std::int64_t> values;  // per scheme column; values[0] (land) unused
    std::vector<std::uint8_t> present;
};

struct ParkData {
    Dataset enterprises;
    std::vector<Parcel> parcels;
    std::vector<AnnualRow> annual;
    std::vector<ParkInput> parks;
};

// <dir>/enterprises, land, annual and (optionally) parks, each .csv or .xlsx.
Result<ParkData> load_park_data(const std::filesystem::path& dir, const Scheme& scheme, LoadReport& report);

// One table into `data` (its enterprises, and parks for land, already loaded), for uploads.
Status load_parks_table(const std::filesystem::path& file, const std::string& name, ParkData& data, LoadReport& report);
Status load_land_table(const std::filesystem::path& file, const std::string& name, ParkData& data, LoadReport& report);
Status load_annual_table(const std::filesystem::path& file, const std::string& name, const Scheme& scheme,
                         ParkData& data, LoadReport& report);

// The inputs of year `year`, one per enterprise with land or figures, in the enterprises' order.
// An enterprise belongs to the park of its largest parcel (ties: the first park id).
std::vector<EnterpriseInput> inputs_for(const Scheme& scheme, const ParkData& data, int year);
// The years annual.csv holds, ascending.
std::vector<int> years_of(const ParkData& data);

}  // namespace zx::parks
