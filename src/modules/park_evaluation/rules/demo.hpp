// Synthetic 亩均 data for a (generated) enterprise Dataset, for demos, tests and benchmarks: the
// industrial parks of Guangxi's 14 cities (2–4 each, 国家级 or 自治区级), every enterprise's parcels
// (1–3, 5–800 mu, log-normal, ~15% leased, ~10% of enterprises outside any park) and its annual
// figures for two years (Y−1 and Y), derived from its output in the Dataset where there is one: tax,
// revenue, value added, energy (tce, four decimals), employees and R&D.
//
// The irregularities an evaluation has to cope with are there on purpose: ~2.5% of enterprises have
// land but no row for Y, enterprises that entered the statistics after a year have no row for it,
// ~2% use no energy, ~2.5% a year have negative value added, ~35% report no R&D.
//
// Deterministic and integer-only (fen, 0.01 mu, 0.0001 tce): the same Dataset and options give the
// same figures on every platform. Enterprise i's figures depend only on (seed, i, its Dataset row).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/dataset.hpp"
#include "modules/park_evaluation/rules/evaluate.hpp"

namespace zx::parks {

struct DemoParkOptions {
    std::uint64_t seed = 1;
    int year = 2022;  // Y: figures for Y−1 and Y
};

struct DemoParcel {
    EntId ent = 0;
    std::string parcel_id, park_id;  // park_id empty: outside any park
    std::int64_t area = 0;           // 0.01 mu
    bool leased = false;
};

// One annual.csv row of the built-in columns.
struct DemoAnnual {
    EntId ent = 0;
    int year = 0;
    std::int64_t tax = 0, revenue = 0, value_added = 0;  // fen; tax and value added may be negative
    std::int64_t energy = 0;                             // 0.0001 tce
    std::int64_t employees = 1;                          // ≥ 1
    std::int64_t rd = 0;                                 // fen
};

struct DemoParks {
    std::vector<ParkInput> parks;     // ids unique, cities by full name, area ≥ its parcels
    std::vector<DemoParcel> parcels;  // by enterprise, parcel ids unique
    std::vector<DemoAnnual> annual;   // by enterprise, then year ascending
};

DemoParks generate_park_demo(const Dataset& enterprises, const DemoParkOptions& options);

}  // namespace zx::parks
