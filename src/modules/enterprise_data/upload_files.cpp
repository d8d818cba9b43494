// Upload history within the caller's scope, the files of uploads (content-addressed) and their
// defect reports.
#include "modules/enterprise_data/upload_files.hpp"

#include "modules/enterprise_data/data_service.hpp"
#include "modules/enterprise_data/list_filters.hpp"
#include "modules/enterprise_data/permissions.hpp"
#include "platform/storage/query.hpp"

namespace zx {
namespace {

// A city sees its city's uploads, the province and auditors all, anyone else their own.
std::string upload_scope(const Principal& who, std::vector<db::Value>& params, const std::string& alias) {
    if (who.can(perm::kUploadReadAny)) return "1=1";
    params.emplace_back(who.scope().kind == Scope::Kind::kCity ? db::Value(who.scope().value) : db::Value(who.user_id));
    const std::string ph = "$" + std::to_string(params.size());
    return who.scope().kind == Scope::Kind::kCity ? alias + ".city = " + ph : alias + ".user_id = " + ph;
}

}  // namespace

Status keep_upload_file(db::Connection& c, std::string_view body, const std::string& sha256, std::int64_t t) {
    const db::Value p[] = {sha256, static_cast<std::int64_t>(body.size()), base64_encode(body), t};
    auto r = c.exec(
        "INSERT INTO upload_files (sha256, size, content_base64, created_at) VALUES ($1, $2, $3, $4) "
        "ON CONFLICT (sha256) DO NOTHING",
        p);
    return r ? Status::ok() : r.status();
}

Result<Page<UploadRecord>> DataService::list_uploads(const Principal& who, const UploadFilter& f,
                                                     const PageRequest& pr) {
    if (!who.can(perm::kUploadRead)) return Status::forbidden({"无权查看上传记录", "not allowed to read uploads"});
    if (auto s = check_filter("kind", f.kind, {"enterprises", "designations", "output"}); !s) return s;
    if (auto s = check_filter("status", f.status, {"accepted", "rejected"}); !s) return s;
    auto lease = db_.acquire();
    if (!lease) return lease.status();
    db::Query q(
        "u.id, u.kind, u.filename, COALESCE(a.username, ''), u.city, u.created_at, u.status, u.rows_accepted, "
        "u.defects_total, u.sha256",
        "uploads u LEFT JOIN users a ON a.id = u.user_id");
    q.where(upload_scope(who, q.params(), "u"));
    q.where_if("u.kind", "=", f.kind);
    q.where_if("u.status", "=", f.status);
    q.order_by("u.id DESC");
    return db::map_page<UploadRecord>(q.page(**lease, pr), [](const db::Row& r) {
        return UploadRecord{r.i64(0), r.str(1), r.str(2), r.str(3), db::opt_str(r, 4), r.i64(5), r.str(6) == "accepted",
                            r.i64(7), r.i64(8), r.str(9)};
    });
}

Result<std::string> DataService::defect_report(const Principal& who, std::int64_t upload_id) {
    if (!who.can(perm::kUploadRead)) return Status::forbidden({"无权查看上传记录", "not allowed to read uploads"});
    auto lease = db_.acquire();
    if (!lease) return lease.status();
    std::vector<db::Value> p = {upload_id};
    const std::string cond = upload_scope(who, p, "u");
    auto r = (*lease)->query("SELECT u.defect_report FROM uploads u WHERE u.id = $1 AND " + cond, p);
    if (!r) return r.status();
    if (r->empty()) return Status::not_found({"上传记录不存在", "no such upload"});
    return r->rows[0].str(0);
}

Result<UploadFile> DataService::upload_file(const Principal& who, std::int64_t upload_id) {
    if (!who.can(perm::kUploadRead)) return Status::forbidden({"无权查看上传记录", "not allowed to read uploads"});
    auto lease = db_.acquire();
    if (!lease) return lease.status();
    std::vector<db::Value> p = {upload_id};
    const std::string cond = upload_scope(who, p, "u");
    auto r = (*lease)->query(
        "SELECT u.filename, u.sha256, f.content_base64 FROM uploads u LEFT JOIN upload_files f ON f.sha256 = u.sha256 "
        "WHERE u.id = $1 AND " +
            cond,
        p);
    if (!r) return r.status();
    if (r->empty()) return Status::not_found({"上传记录不存在", "no such upload"});
    if (r->rows[0].is_null(2))
        return Status::not_found({"该上传早于文件存档，未保留原文件", "this upload predates the file archive"});
    auto bytes = base64_decode(r->rows[0].str(2));
    if (!bytes) return bytes.status();
    return UploadFile{r->rows[0].str(0), r->rows[0].str(1), std::move(bytes).value()};
}

}  // namespace zx
