// The revision history of verified months, read from the audit trail where each revision is
// recorded in the same transaction as the change (before and after, with the reason).
#include <boost/json.hpp>

#include "core/region.hpp"
#include "modules/enterprise_data/data_service.hpp"
#include "modules/enterprise_data/list_filters.hpp"
#include "modules/enterprise_data/permissions.hpp"
#include "platform/storage/query.hpp"
#include "platform/storage/scope_sql.hpp"

namespace zx {
namespace {

std::string field(const std::string& json_text, const char* key) {
    boost::system::error_code ec;
    boost::json::value v = boost::json::parse(json_text, ec);
    if (ec || !v.is_object()) return {};
    const auto* f = v.as_object().if_contains(key);
    if (!f) return {};
    if (f->is_string()) return std::string(f->as_string());
    return boost::json::serialize(*f);
}

}  // namespace

Result<Page<RevisionRecord>> DataService::list_revisions(const Principal& who, const std::string& uscc,
                                                         const std::string& city, const PageRequest& pr) {
    if (!who.can(perm::kRevisionRead))
        return Status::forbidden({"无权查看修订记录", "not allowed to read the revision history"});
    if (auto s = check_uscc_filter("uscc", uscc); !s) return s;
    if (auto s = check_filter("city", city, kCities); !s) return s;
    auto lease = db_.acquire();
    if (!lease) return lease.status();
    // object_id is "USCC/YYYY-MM" (18 characters, a slash, the month).
    db::Query q(
        "a.id, a.at, a.username, a.object_id, COALESCE(e.name, ''), COALESCE(e.city, ''), a.before_json, "
        "a.after_json",
        "audit_log a LEFT JOIN enterprises e ON e.uscc = substr(a.object_id, 1, 18)");
    q.where("a.action = 'output.revise' AND a.result = 'ok'");
    q.where(enterprise_scope_condition(who.scope(), "e.city", "e.uscc", q.params()));
    if (!uscc.empty()) q.where("substr(a.object_id, 1, 18) = " + q.bind(uscc));
    q.where_if("e.city", "=", city);
    q.order_by("a.id DESC");
    return db::map_page<RevisionRecord>(q.page(**lease, pr), [](const db::Row& r) {
        RevisionRecord v;
        v.audit_id = r.i64(0);
        v.at = r.i64(1);
        v.username = r.str(2);
        const std::string object = r.str(3);
        const auto slash = object.find('/');
        v.uscc = object.substr(0, slash);
        v.month = slash == std::string::npos ? "" : object.substr(slash + 1);
        v.name = r.str(4);
        v.city = r.str(5);
        v.before_yuan = field(r.str(6), "output_yuan");
        const std::string rev = field(r.str(6), "revision");
        const bool digits = !rev.empty() && rev.size() < 18 && rev.find_first_not_of("0123456789") == std::string::npos;
        v.revision = digits ? std::stoll(rev) : 0;
        v.after_yuan = field(r.str(7), "output_yuan");
        v.reason = field(r.str(7), "reason");
        return v;
    });
}

}  // namespace zx
