#include "modules/park_evaluation/park_report.hpp"

#include <algorithm>

#include "modules/park_evaluation/rules/explain.hpp"
#include "platform/formats/text_output.hpp"

namespace zx::parks {
namespace {

void indicator_header(const Scheme& scheme, std::string& out) {
    for (const Indicator& ind : scheme.indicators) out += "," + ind.id + "_score," + ind.id + "_value";
}

void indicator_cells(const Scheme& scheme, const Entity& e, const Scored& s, std::string& out) {
    for (std::size_t k = 0; k < scheme.indicators.size(); ++k) {
        out += "," + format_fixed(s.ind[k].rounded, scheme.score_decimals) + ",";
        if (auto v = display_value(scheme, k, e)) out += format_frac(*v, scheme.indicators[k].display_decimals);
    }
}

}  // namespace

std::vector<std::size_t> listing_order(std::span<const EnterpriseInput> inputs, const Evaluation& ev) {
    std::vector<std::size_t> order(ev.rows.size());
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
        const EnterpriseRow& x = ev.rows[a];
        const EnterpriseRow& y = ev.rows[b];
        if (x.state != y.state) return x.state == RowState::kRated;
        if (x.state == RowState::kRated) {
            if (x.group != y.group) return x.group < y.group;
            if (x.scored.rank != y.scored.rank) return x.scored.rank < y.scored.rank;
        }
        return inputs[x.input].uscc < inputs[y.input].uscc;
    });
    return order;
}

std::string enterprise_csv(const Scheme& scheme, std::span<const EnterpriseInput> inputs, const Evaluation& ev) {
    std::string out = "uscc,year,land_mu,score,rank,grade";
    indicator_header(scheme, out);
    const bool grouped = scheme.group_by != GroupBy::kNone;
    if (grouped) out += ",population";
    out += "\n";
    std::vector<std::size_t> entity(ev.rows.size(), SIZE_MAX);
    for (std::size_t j = 0; j < ev.rated_rows.size(); ++j) entity[ev.rated_rows[j]] = j;
    const std::string year = std::to_string(ev.year);
    for (std::size_t r : listing_order(inputs, ev)) {
        const EnterpriseRow& row = ev.rows[r];
        const EnterpriseInput& in = inputs[row.input];
        out += in.uscc + "," + year + "," + format_fixed(in.values[0], scheme.columns[0].decimals) + ",";
        if (row.state == RowState::kExempt) {
            out += ",," + scheme.exempt_grade;
            for (std::size_t k = 0; k < scheme.indicators.size(); ++k) out += ",,";
        } else {
            out += format_fixed(row.scored.total, scheme.score_decimals) + "," + std::to_string(row.scored.rank) + "," +
                   row.scored.grade;
            indicator_cells(scheme, ev.entities[entity[r]], row.scored, out);
        }
        if (grouped) {
            out += ",";
            append_csv_field(out, row.group);
        }
        out += "\n";
    }
    return out;
}

std::string park_csv(const Scheme& scheme, std::span<const ParkInput> parks, const Evaluation& ev) {
    std::string out = "park_id,year,score,rank,grade";
    indicator_header(scheme, out);
    out += "\n";
    std::vector<std::size_t> order(ev.parks.size());
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
        if (ev.parks[a].scored.rank != ev.parks[b].scored.rank)
            return ev.parks[a].scored.rank < ev.parks[b].scored.rank;
        return parks[ev.parks[a].park].id < parks[ev.parks[b].park].id;
    });
    for (std::size_t j : order) {
        const ParkRow& p = ev.parks[j];
        append_csv_field(out, parks[p.park].id);
        out += "," + std::to_string(ev.year) + "," + format_fixed(p.scored.total, scheme.score_decimals) + "," +
               std::to_string(p.scored.rank) + "," + p.scored.grade;
        indicator_cells(scheme, ev.park_entities[j], p.scored, out);
        out += "\n";
    }
    return out;
}

}  // namespace zx::parks
