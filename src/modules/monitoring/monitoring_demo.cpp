// The monitoring demonstration (serve --demo): data beside output for the enterprises in the
// database, uploaded and verified as the province would, the latest month's warnings scanned (the
// red and orange ones opening their cases), and the 通报 of the month before prepared and issued.
#include "modules/monitoring/demo_writer.hpp"
#include "modules/monitoring/monitoring_internal.hpp"
#include "modules/monitoring/monitoring_service.hpp"
#include "platform/formats/temp_dir.hpp"

namespace zx::monitoring {

Status MonitoringService::seed_demo(const Principal& who, std::uint64_t seed) {
    auto st = state();
    if (!st) return st.status();
    if (!(*st)->latest) return Status::ok();  // no verified output: nothing to monitor
    const MonthRange months{YearMonth::of((*st)->first->year(), 1), *(*st)->latest};
    const MonitoringData demo = generate_monitoring_demo((*st)->ds, months, seed);
    TempDir tmp("zx-monitoring-demo");
    if (auto s = write_monitoring_demo((*st)->ds, demo, tmp.path()); !s) return s;
    const RequestContext ctx{"127.0.0.1", "demo-seed"};
    if (auto s = import_dir(who, ctx, tmp.path()); !s) return s;
    auto latest = state();
    if (!latest) return latest.status();
    auto m = detail::month_param(**latest, "");
    if (!m) return m.status();
    if (auto r = scan(who, ctx, format_year_month(*m)); !r) return r.status();
    // The month before, issued (what the cities read); the latest prepared as a draft.
    if (reportable(*m + -1) && *m + -1 >= *(*latest)->first) {
        const std::string prev = format_year_month(*m + -1);
        if (auto r = prepare_bulletin(who, ctx, prev); !r) return r.status();
        if (auto r = issue_bulletin(who, ctx, prev); !r) return r.status();
    }
    if (auto r = prepare_bulletin(who, ctx, format_year_month(*m)); !r) return r.status();
    return Status::ok();
}

}  // namespace zx::monitoring
