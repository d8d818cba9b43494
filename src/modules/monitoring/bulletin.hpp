// The monthly 通报 of the 指挥部: built from the figures as JSON (what the API serves and the page
// shows), and rendered from that JSON as an editable DOCX (GB/T 9704 layout, platform/formats/
// docx_writer) and as an XLSX workbook, so that the three always say the same.
#pragma once

#include <boost/json.hpp>

#include <string>
#include <vector>

#include "core/status.hpp"
#include "modules/monitoring/rules/figures.hpp"

namespace zx::monitoring {

// The highlights (要点) with their figures, from the city rows of M and the 全区 of M−1 (none for
// 1—2月): the change of the growth rate is that of the printed (rounded) rates, as 通报 state it.
std::vector<std::string> highlights(const Period& p, const std::vector<GroupFigures>& cities,
                                    const std::optional<GroupFigures>& previous_total);

Result<std::string> bulletin_docx(const boost::json::object& bulletin);
Result<std::string> bulletin_xlsx(const boost::json::object& bulletin);

}  // namespace zx::monitoring
