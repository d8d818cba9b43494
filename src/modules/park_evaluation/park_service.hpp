// The 亩均 evaluation in the server: the uploaded tables (parks, land, annual: validated against the
// enterprises in the database, stored whole, replaced all-or-nothing), evaluations (a snapshot of
// the year's inputs and the rows computed from it, with explanations, history and consequences),
// and the questions asked of an evaluation (inverse answer, grade flips, scheme what-if), which are
// answered from its snapshot. Results are JSON objects in the API's shape (docs/park-evaluation.md).
#pragma once

#include <boost/json.hpp>

#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "core/clock.hpp"
#include "core/page.hpp"
#include "core/principal.hpp"
#include "modules/enterprise_data/data_loader.hpp"
#include "modules/review/lifecycle.hpp"
#include "platform/storage/db.hpp"
#include "platform/storage/module_migrations.hpp"

namespace zx::parks {

struct Loaded;

struct TableUpload {
    bool accepted = false;
    std::size_t rows = 0;
    LoadReport report;
};

struct RowFilter {
    std::string city, park_id, grade, q;
};

class ParkService {
  public:
    ParkService(db::Database& db, std::filesystem::path schemes_root, const Clock& clock = system_clock(),
                review::Settings review = {});
    // draft → reviewed → approved → publicized (公示, objections) → effective, or withdrawn.
    static review::Spec lifecycle_spec();
    static db::ModuleSchema schema();

    Result<boost::json::array> schemes() const;
    Result<boost::json::object> data_status(const Principal& who);
    // table: parks | land | annual. Defects come back in the result (not accepted), not as an error.
    Result<TableUpload> put_table(const Principal& who, const RequestContext& ctx, const std::string& table,
                                  const std::string& filename, const std::string& body, const std::string& scheme_id);

    Result<boost::json::object> create(const Principal& who, const RequestContext& ctx, const std::string& scheme_id,
                                       int year, int notice_days = 7);
    // to: reviewed | approved | publicized | effective | withdrawn.
    Result<boost::json::object> transition(const Principal& who, const RequestContext& ctx, std::int64_t id,
                                           const std::string& to, const std::string& note);
    Result<boost::json::object> events(const Principal& who, std::int64_t id);
    // clause: "" (the whole row), "land_mu" (the land area) or an indicator id of the scheme.
    Result<Objection> file_objection(const Principal& who, const RequestContext& ctx, std::int64_t id,
                                     const std::string& clause, const std::string& text);
    Result<std::vector<Objection>> objections(const Principal& who, std::int64_t id);
    Result<Objection> decide_objection(const Principal& who, const RequestContext& ctx, std::int64_t id,
                                       std::int64_t objection_id, const std::string& decision,
                                       const std::string& reason);
    Result<boost::json::object> list(const Principal& who);
    Result<boost::json::object> get(const Principal& who, std::int64_t id);
    Result<boost::json::object> rows(const Principal& who, std::int64_t id, const RowFilter& f, const PageRequest& pr);
    Result<boost::json::object> enterprise(const Principal& who, std::int64_t id, const std::string& uscc);
    Result<boost::json::object> park_rows(const Principal& who, std::int64_t id);
    Result<boost::json::object> sensitivity(const Principal& who, std::int64_t id);
    Result<boost::json::object> what_if(const Principal& who, std::int64_t id, const boost::json::object& body);
    Result<boost::json::object> mine(const Principal& who);

    // Loads every table from `dir` (parks, land, annual) as the province would upload them: the demo.
    Status import_dir(const Principal& who, const RequestContext& ctx, const std::filesystem::path& dir,
                      const std::string& scheme_id);

    // The demonstration: synthetic parks, land and annual figures for the enterprises in the
    // database (rules/demo.hpp), uploaded as the province would, and an evaluation of the year before
    // the latest output year. `ensure_uscc` (the demo enterprise account's) is given land and figures
    // so that its own page has something to show. Returns the evaluation's id.
    Result<std::int64_t> seed_demo(const Principal& who, std::uint64_t seed, const std::string& ensure_uscc);

  private:
    db::Database& db_;
    std::filesystem::path schemes_root_;
    const Clock& clock_;
    review::Lifecycle lifecycle_;
    std::mutex cache_mu_;
    std::map<std::int64_t, std::shared_ptr<const Loaded>> cache_;

    Result<std::shared_ptr<const Loaded>> loaded(std::int64_t id);
    Result<boost::json::object> summary_row(db::Connection& c, std::int64_t id);
    // NotFound unless the evaluation exists and the principal may see it: enterprises see an
    // evaluation once it is publicized.
    Status check_visible(db::Connection& c, const Principal& who, std::int64_t id);
};

}  // namespace zx::parks
