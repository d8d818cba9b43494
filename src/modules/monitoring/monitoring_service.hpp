// The monitoring service: the figures of the 指挥部 over the verified data (a snapshot cached per data
// version), the data beside output (uploaded whole, 核定 by the province), the warnings and the
// proactive cases they open in the service desk, the key projects and the monthly 通报.
#pragma once

#include <boost/json.hpp>

#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <string>

#include "core/clock.hpp"
#include "core/page.hpp"
#include "core/principal.hpp"
#include "core/working_calendar.hpp"
#include "modules/enterprise_data/data_loader.hpp"
#include "modules/monitoring/rules/watch.hpp"
#include "platform/storage/db.hpp"
#include "platform/storage/module_migrations.hpp"

namespace zx::monitoring {

struct State;

// The service desk, when the application has it: opens a proactive case for an enterprise (the same
// key twice gives the same case) and reads a case's status.
struct CaseHooks {
    std::function<Result<std::int64_t>(const Principal& who, const RequestContext& ctx, const std::string& uscc,
                                       const std::string& title, const std::string& description, bool urgent,
                                       const std::string& key)>
        open;
    std::function<std::optional<std::string>(const Principal& who, std::int64_t case_id)> status;
};

struct TableUpload {
    bool accepted = false;
    std::size_t rows = 0;
    LoadReport report;
};

class MonitoringService {
  public:
    MonitoringService(db::Database& db, const std::filesystem::path& policies_root,
                      std::shared_ptr<const WorkingCalendar> calendar, const Clock& clock = system_clock());
    static db::ModuleSchema schema();
    void set_case_hooks(CaseHooks hooks) { hooks_ = std::move(hooks); }
    // Whether policies/monitoring/monitoring.toml loaded (the server refuses to start if not).
    const Status& rules_status() const { return rules_status_; }

    Result<boost::json::object> months(const Principal& who);
    Result<boost::json::object> cities(const Principal& who, const std::string& month);
    // industries: by GB/T 4754 division; otherwise by designation.
    Result<boost::json::object> groups(const Principal& who, const std::string& month, const std::string& city,
                                       bool industries);
    Result<boost::json::object> city_enterprises(const Principal& who, const std::string& city,
                                                 const std::string& month, const PageRequest& p);
    Result<boost::json::object> top500(const Principal& who, const std::string& month, const std::string& city,
                                       const std::string& q, const PageRequest& p);
    Result<boost::json::object> warnings(const Principal& who, const std::string& month, const std::string& city,
                                         const std::string& level, const PageRequest& p);
    // Evaluates the rules for the month, stores its warnings (replacing the month's earlier scan) and
    // opens a case for each warning whose rule says so (once per enterprise, month and rule).
    Result<boost::json::object> scan(const Principal& who, const RequestContext& ctx, const std::string& month);
    Result<boost::json::object> projects(const Principal& who, const std::string& city, const std::string& category,
                                         const PageRequest& p);

    Result<boost::json::object> data_status(const Principal& who);
    // table: enterprise_monthly | city_indicators | projects | project_investment. Defects come back in
    // the result (not accepted). An accepted table waits for verify_table.
    Result<TableUpload> put_table(const Principal& who, const RequestContext& ctx, const std::string& table,
                                  const std::string& filename, const std::string& body);
    // A city's 核定 of its rows in the table's pending upload (approve, or reject with a reason: the
    // upload is then refused as a whole). The upload takes effect when every city with rows in it has
    // approved; the previous verified version stays in force until then.
    Result<boost::json::object> verify_table(const Principal& who, const RequestContext& ctx, const std::string& table,
                                             bool approve = true, const std::string& reason = {});

    Result<boost::json::object> bulletins(const Principal& who);
    Result<boost::json::object> prepare_bulletin(const Principal& who, const RequestContext& ctx,
                                                 const std::string& month);
    Result<boost::json::object> bulletin(const Principal& who, const std::string& month);
    Result<boost::json::object> issue_bulletin(const Principal& who, const RequestContext& ctx,
                                               const std::string& month);
    Result<std::string> bulletin_docx(const Principal& who, const std::string& month);
    Result<std::string> bulletin_xlsx(const Principal& who, const std::string& month);
    // The date the 通报 of `month` is due: the rules' working day of the month after, on the calendar.
    std::optional<Date> bulletin_due(YearMonth month) const;
    // The background's turn: prepares the 通报 of the last month with data once its day has come.
    Result<int> tick();

    // Uploads and verifies every table found in `dir` as the province would (the demo).
    Status import_dir(const Principal& who, const RequestContext& ctx, const std::filesystem::path& dir);
    // The demonstration: monitoring data for the enterprises in the database, verified, the warnings of
    // the latest month scanned, and the 通报 of the month before prepared and issued.
    Status seed_demo(const Principal& who, std::uint64_t seed);

  private:
    db::Database& db_;
    std::shared_ptr<const WorkingCalendar> calendar_;
    const Clock& clock_;
    WatchRules rules_;
    Status rules_status_;
    CaseHooks hooks_;
    std::mutex mu_;
    std::shared_ptr<const State> state_;

    Result<std::shared_ptr<const State>> state();
    Result<boost::json::object> build_bulletin(const State& st, YearMonth m);
    // Prepares and stores the 通报 of `month` on behalf of `actor` (the caller checked the permission;
    // the background prepares as the system).
    Result<boost::json::object> store_bulletin(const Principal& actor, const RequestContext& ctx, YearMonth month);
    // The stored 通报 of `month`; NotFound when absent, or not issued and `issued_only`.
    Result<boost::json::object> read_bulletin(YearMonth month, bool issued_only);
};

}  // namespace zx::monitoring
