// Shared by park_service.cpp and park_queries.cpp (internal): an evaluation as loaded from its
// snapshot, and the JSON shapes both write.
#pragma once

#include <boost/json.hpp>

#include <map>
#include <string>
#include <vector>

#include "modules/park_evaluation/rules/evaluate.hpp"
#include "modules/park_evaluation/rules/explain.hpp"

namespace zx::parks {

struct Loaded {
    std::int64_t id = 0;
    Scheme scheme;
    std::vector<EnterpriseInput> inputs;
    std::vector<ParkInput> parks;
    Evaluation ev;
    std::map<std::string, std::size_t> row_of;  // uscc → index into ev.rows
    std::vector<std::size_t> entity_of_row;     // index into ev.entities, or SIZE_MAX
};

// The inputs of an evaluation as stored, and back.
boost::json::object snapshot_json(const std::vector<EnterpriseInput>& inputs, const std::vector<ParkInput>& parks);
bool snapshot_from(const boost::json::value& v, std::size_t columns, std::vector<EnterpriseInput>& inputs,
                   std::vector<ParkInput>& parks);

boost::json::array lines_json(const std::vector<Line>& lines);
boost::json::array indicators_json(const Scheme& s, const Entity& e, const Scored& sc);
// The rows' indices for the loaded evaluation.
void index_rows(Loaded& l);

}  // namespace zx::parks
