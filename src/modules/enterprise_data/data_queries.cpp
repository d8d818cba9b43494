// The data module's reads: enterprises, designations and output within the caller's scope.
#include "modules/enterprise_data/data_service.hpp"

#include "modules/enterprise_data/permissions.hpp"

#include "core/clock.hpp"
#include "core/designation.hpp"
#include "core/region.hpp"
#include "modules/enterprise_data/list_filters.hpp"
#include "platform/storage/query.hpp"
#include "platform/storage/scope_sql.hpp"

namespace zx {
namespace {

Status check_enterprise_filter(const EnterpriseFilter& f) {
    if (auto s = check_filter("city", f.city, kCities); !s) return s;
    if (!f.industry.empty() &&
        (f.industry.size() > 4 || f.industry.find_first_not_of("0123456789") != std::string::npos))
        return filter_error(
            "industry", f.industry,
            {"须为1至4位国民经济行业代码前缀（GB/T 4754）", "expected a 1–4 digit GB/T 4754 code prefix"});
    if (auto s = check_filter("designation", f.designation, kDesignationCodes); !s) return s;
    return check_filter("sort", f.sort, {"uscc", "name", "city"});
}

}  // namespace

Status check_output_filter(const OutputFilter& f) {
    if (auto s = check_uscc_filter("uscc", f.uscc); !s) return s;
    if (auto s = check_filter("status", f.status, {"pending", "verified", "rejected"}); !s) return s;
    if (auto s = check_month_filter("month_from", f.month_from); !s) return s;
    if (auto s = check_month_filter("month_to", f.month_to); !s) return s;
    return check_filter("city", f.city, kCities);
}

namespace {

EnterpriseRecord enterprise_from_row(const db::Row& r) {
    // uscc, name, city, industry, scale_since[, updated_at]
    return {r.str(0), r.str(1), r.str(2), r.str(3), db::opt_str(r, 4), r.size() > 5 ? r.i64(5) : 0};
}

DesignationPeriod designation_from_row(const db::Row& r) {
    return {r.str(0), r.str(1), db::opt_str(r, 2)};
}

OutputRecord output_from_row(const db::Row& r) {
    return {r.str(0), r.str(1), r.str(2), r.str(3), r.i64(4), r.str(5), r.i64(6), db::opt_i64(r, 7), db::opt_str(r, 8)};
}

}  // namespace

Result<Page<EnterpriseRecord>> DataService::list_enterprises(const Principal& who, const EnterpriseFilter& f,
                                                             const PageRequest& pr) {
    if (!who.can(perm::kEnterpriseRead)) return Status::forbidden({"无权查看企业", "not allowed to read enterprises"});
    if (auto s = check_enterprise_filter(f); !s) return s;
    auto lease = db_.acquire();
    if (!lease) return lease.status();
    db::Query q("e.uscc, e.name, e.city, e.industry, e.scale_since", "enterprises e");
    q.where(enterprise_scope_condition(who.scope(), "e.city", "e.uscc", q.params()));
    q.where_if("e.city", "=", f.city);
    if (!f.industry.empty()) q.where("e.industry LIKE " + q.bind(escape_like(f.industry) + "%") + " ESCAPE '!'");
    if (!f.designation.empty()) {
        const std::string today = local_date_text(clock_.now());
        q.where("EXISTS (SELECT 1 FROM designations d WHERE d.uscc = e.uscc AND d.designation = " +
                q.bind(f.designation) + " AND d.valid_from <= " + q.bind(today) +
                " AND (d.valid_to IS NULL OR d.valid_to = '' OR d.valid_to >= " + q.bind(today) + "))");
    }
    if (!f.q.empty()) {
        const std::string name_like = q.bind("%" + escape_like(f.q) + "%");
        q.where("(e.name LIKE " + name_like + " ESCAPE '!' OR e.uscc LIKE " + q.bind(escape_like(f.q) + "%") +
                " ESCAPE '!')");
    }
    q.order_by(f.sort, {{"uscc", "e.uscc"}, {"name", "e.name, e.uscc"}, {"city", "e.city, e.uscc"}});
    return db::map_page<EnterpriseRecord>(q.page(**lease, pr), enterprise_from_row);
}

Result<EnterpriseRecord> DataService::get_enterprise(const Principal& who, const std::string& uscc) {
    if (!who.can(perm::kEnterpriseRead)) return Status::forbidden({"无权查看企业", "not allowed to read enterprises"});
    auto lease = db_.acquire();
    if (!lease) return lease.status();
    std::vector<db::Value> p = {uscc};
    const std::string cond = enterprise_scope_condition(who.scope(), "city", "uscc", p);
    auto r = (*lease)->query(
        "SELECT uscc, name, city, industry, scale_since, updated_at FROM enterprises WHERE uscc = $1 AND " + cond, p);
    if (!r) return r.status();
    if (r->empty()) return Status::not_found({"企业不存在", "no such enterprise"});
    return enterprise_from_row(r->rows[0]);
}

Result<std::vector<DesignationPeriod>> DataService::designations_of(const Principal& who, const std::string& uscc) {
    auto e = get_enterprise(who, uscc);
    if (!e) return e.status();
    auto lease = db_.acquire();
    if (!lease) return lease.status();
    const db::Value p[] = {uscc};
    return db::map_rows<DesignationPeriod>((*lease)->query("SELECT designation, valid_from, valid_to FROM designations "
                                                           "WHERE uscc = $1 ORDER BY valid_from, designation",
                                                           p),
                                           designation_from_row);
}

Result<Page<OutputRecord>> DataService::list_output(const Principal& who, const OutputFilter& f,
                                                    const PageRequest& pr) {
    if (!who.can(perm::kOutputRead)) return Status::forbidden({"无权查看产值", "not allowed to read output"});
    if (auto s = check_output_filter(f); !s) return s;
    auto lease = db_.acquire();
    if (!lease) return lease.status();
    db::Query q("o.uscc, e.name, e.city, o.month, o.output_fen, o.status, o.revision, o.verified_at, o.reject_reason",
                "output o JOIN enterprises e ON e.uscc = o.uscc");
    q.where(enterprise_scope_condition(who.scope(), "e.city", "e.uscc", q.params()));
    q.where_if("o.uscc", "=", f.uscc);
    q.where_if("o.status", "=", f.status);
    q.where_if("o.month", ">=", f.month_from);
    q.where_if("o.month", "<=", f.month_to);
    q.where_if("e.city", "=", f.city);
    q.order_by("o.uscc, o.month");
    return db::map_page<OutputRecord>(q.page(**lease, pr), output_from_row);
}

}  // namespace zx
