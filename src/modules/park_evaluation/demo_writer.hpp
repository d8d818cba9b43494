// Writes the synthetic 亩均 data of rules/demo.hpp beside an enterprises.csv: land.csv, annual.csv and
// parks.csv of the data contract (docs/park-evaluation.md), UTF-8 without BOM, LF line ends, each file
// written under a temporary name and renamed (write_file_atomic). Also turns the same data into a
// ParkData in memory, for benchmarks and tests that skip the files.
#pragma once

#include <filesystem>

#include "core/status.hpp"
#include "modules/park_evaluation/park_data.hpp"
#include "modules/park_evaluation/rules/demo.hpp"

namespace zx::parks {

// `enterprises` names the USCCs (the Dataset the data was generated for). Builds each file in memory
// (about 100 bytes per parcel and per annual row) before writing it.
Status write_park_demo(const Dataset& enterprises, const DemoParks& demo, const std::filesystem::path& dir);

// The same data as loaded by load_park_data under `scheme` (its built-in columns filled; further
// columns left absent).
ParkData park_data_of(Dataset enterprises, const DemoParks& demo, const Scheme& scheme);

}  // namespace zx::parks
