// The 亩均 evaluation's lifecycle on the shared review lifecycle (modules/review): review, approval
// and 公示 by three different people of the province, objections by the enterprises on their own
// rows (the whole row, the land area published for objection, or one indicator), an upheld
// objection withdrawing the evaluation so that it is recomputed from corrected data, and taking
// effect (its grades then carry their consequences) once the notice has ended with none open.
#include "core/json_text.hpp"
#include "modules/audit/audit.hpp"
#include "modules/park_evaluation/park_internal.hpp"
#include "modules/park_evaluation/park_service.hpp"
#include "modules/park_evaluation/permissions.hpp"
#include "modules/park_evaluation/scheme_loader.hpp"
#include "platform/storage/page.hpp"

namespace zx::parks {
namespace json = boost::json;

Status ParkService::check_visible(db::Connection& c, const Principal& who, std::int64_t id) {
    if (!who.can(perm::kParksRead)) return Status::forbidden({"无权查看亩均评价", "not allowed"});
    const db::Value p[] = {id};
    auto r = c.query("SELECT status FROM park_evaluations WHERE id = $1", p);
    if (!r) return r.status();
    const bool hidden = !r->empty() && who.scope().kind == Scope::Kind::kEnterprise &&
                        r->rows[0].str(0) != "publicized" && r->rows[0].str(0) != "effective";
    if (r->empty() || hidden) return Status::not_found({"评价批次不存在", "no such evaluation"});
    return Status::ok();
}

Result<json::object> ParkService::transition(const Principal& who, const RequestContext& ctx, std::int64_t id,
                                             const std::string& to, const std::string& note) {
    const std::int64_t now = clock_.now();
    Status st = db::in_transaction(db_, [&](db::Connection& c) -> Status {
        if (auto v = check_visible(c, who, id); !v) return v;
        auto subject = lifecycle_.load(c, id);
        if (!subject) return subject.status();
        auto step = lifecycle_.check(c, who, *subject, to, note, now);
        if (!step) return step.status();
        if (auto s = lifecycle_.apply(c, who, *subject, **step, note, now); !s) return s;
        return append_audit(
            c, who, ctx,
            {"parks.evaluation." + to, "park_evaluation", std::to_string(id),
             "{\"status\":" + json_quote((*step)->from) + "}",
             "{\"status\":" + json_quote(to) + (note.empty() ? "" : ",\"note\":" + json_quote(note)) + "}"});
    });
    if (!st) return st;
    return get(who, id);
}

Result<json::object> ParkService::events(const Principal& who, std::int64_t id) {
    auto lease = db_.acquire();
    if (!lease) return lease.status();
    if (auto v = check_visible(**lease, who, id); !v) return v;
    const db::Value p[] = {id};
    auto r = (*lease)->query(
        "SELECT e.id, e.at, e.kind, e.from_status, e.to_status, e.note, e.user_id, "
        "COALESCE(NULLIF(u.display_name, ''), u.username, '') FROM park_eval_events e LEFT JOIN users u ON u.id = "
        "e.user_id WHERE e.evaluation_id = $1 ORDER BY e.id",
        p);
    if (!r) return r.status();
    // An enterprise sees that steps happened, not who took them.
    const bool anonymous = who.scope().kind == Scope::Kind::kEnterprise;
    json::array items;
    for (const db::Row& row : r->rows)
        items.push_back({{"id", row.i64(0)},
                         {"at", row.i64(1)},
                         {"kind", row.str(2)},
                         {"from_status", row.str(3)},
                         {"to_status", row.str(4)},
                         {"note", row.str(5)},
                         {"user_id", anonymous ? 0 : row.i64(6)},
                         {"username", anonymous ? std::string() : row.str(7)}});
    return json::object{{"items", std::move(items)}};
}

Result<Objection> ParkService::file_objection(const Principal& who, const RequestContext& ctx, std::int64_t id,
                                              const std::string& clause, const std::string& text) {
    {
        auto lease = db_.acquire();
        if (!lease) return lease.status();
        if (auto v = check_visible(**lease, who, id); !v) return v;
        const db::Value p[] = {id};
        auto r = (*lease)->query("SELECT scheme_id FROM park_evaluations WHERE id = $1", p);
        if (!r) return r.status();
        if (!clause.empty() && clause != "land_mu") {
            auto scheme = load_scheme(schemes_root_ / r->rows.at(0).str(0));
            if (!scheme) return scheme.status();
            bool known = false;
            for (const Indicator& ind : scheme->indicators) known = known || ind.id == clause;
            if (!known)
                return Status::invalid({"clause：应为空（整行）、land_mu（用地面积）或本方案的指标编号",
                                        "clause: empty (the whole row), land_mu (the land area) or an indicator id"});
        }
    }
    return lifecycle_.file_objection(db_, who, ctx, id, clause, text, clock_.now());
}

Result<std::vector<Objection>> ParkService::objections(const Principal& who, std::int64_t id) {
    {
        auto lease = db_.acquire();
        if (!lease) return lease.status();
        if (auto v = check_visible(**lease, who, id); !v) return v;
    }
    return lifecycle_.objections(db_, who, id);
}

Result<Objection> ParkService::decide_objection(const Principal& who, const RequestContext& ctx, std::int64_t id,
                                                std::int64_t objection_id, const std::string& decision,
                                                const std::string& reason) {
    {
        auto lease = db_.acquire();
        if (!lease) return lease.status();
        if (auto v = check_visible(**lease, who, id); !v) return v;
    }
    return lifecycle_.decide_objection(db_, who, ctx, id, objection_id, decision, reason, clock_.now());
}

}  // namespace zx::parks
