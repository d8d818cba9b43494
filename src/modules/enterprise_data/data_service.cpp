#include "modules/enterprise_data/data_service.hpp"

#include "modules/enterprise_data/permissions.hpp"
#include "modules/enterprise_data/upload_files.hpp"

#include <algorithm>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>

#include "core/calendar.hpp"
#include "core/designation.hpp"
#include "core/industry.hpp"
#include "core/json_text.hpp"
#include "core/money.hpp"
#include "core/uscc.hpp"
#include "platform/crypto/crypto.hpp"
#include "platform/formats/text_output.hpp"
#include "platform/storage/query.hpp"
#include "platform/storage/scope_sql.hpp"

namespace zx {
namespace {

// What a city reads for an enterprise outside its roster, whether it exists in another city or not at
// all: the answer must not tell which.
constexpr const char* kNotInRosterZh = "该企业不在本市企业名录中，无权上传其数据";
constexpr const char* kNotInRosterEn = "not among your city's enterprises; you may not upload its data";

// A private temporary directory removed on scope exit.
class TempDir {
  public:
    TempDir() : path_(std::filesystem::temp_directory_path() / ("zx-upload-" + random_token(9))) {
        std::filesystem::create_directories(path_);
    }
    ~TempDir() {
        std::error_code ec;
        std::filesystem::remove_all(path_, ec);
    }
    const std::filesystem::path& path() const { return path_; }

  private:
    std::filesystem::path path_;
};

std::string defect_csv(const std::vector<Defect>& defects) {
    std::string csv = "file,line,field,value,message_zh,message_en\n";
    for (const Defect& d : defects) {
        append_csv_field(csv, d.file);
        csv += "," + std::to_string(d.line) + ",";
        append_csv_field(csv, d.field);
        csv += ",";
        append_csv_field(csv, d.value);
        csv += ",";
        append_csv_field(csv, d.message_zh);
        csv += ",";
        append_csv_field(csv, d.message_en);
        csv += "\n";
    }
    return csv;
}

// Enterprises of the scope into a Dataset, so designations and output can be checked against them.
Status load_scope_enterprises(db::Connection& c, const Scope& scope, Dataset& ds) {
    std::vector<db::Value> p;
    const std::string cond = enterprise_scope_condition(scope, "city", "uscc", p);
    auto rows =
        c.query("SELECT uscc, name, city, industry, scale_since FROM enterprises WHERE " + cond + " ORDER BY uscc", p);
    if (!rows) return rows.status();
    for (const db::Row& r : rows->rows) {
        auto city = find_city(r.str(2));
        ds.add_enterprise(r.str(0), r.str(1), city.value_or(0), parse_industry_class(r.str(3)),
                          parse_year_month(r.str(4)));
    }
    ds.build_index();
    return Status::ok();
}

struct Staged {
    std::vector<Defect> conflicts;  // found while merging: the upload is refused
};

Status stage(db::Connection& c, const std::string& table, const std::string& columns_sql,
             const std::vector<std::string>& columns, const std::vector<std::vector<db::Value>>& rows) {
    if (auto s = c.exec_script("CREATE TEMP TABLE IF NOT EXISTS " + table + " (" + columns_sql + ")"); !s) return s;
    if (auto r = c.exec("DELETE FROM " + table); !r) return r.status();
    return c.bulk_insert(table, columns, rows);
}

}  // namespace

namespace {

// One upload on its way in: the parsed table, the defects found so far, the rows to write.
struct UploadJob {
    TableKind kind;
    std::string filename, display;
    std::string_view body;
    Scope scope;
    std::filesystem::path file;
    Dataset ds;
    LoadReport report;
    std::vector<Defect> defects;
    std::size_t defects_total = 0;
    std::vector<std::vector<db::Value>> rows;
    std::int64_t upload_id = 0;
    std::int64_t t = 0;
    const Principal* who = nullptr;  // for the audit entries of master data changes
    const RequestContext* ctx = nullptr;

    void add(std::int64_t line, std::string field, std::string value, std::string zh, std::string en) {
        ++defects_total;
        defects.push_back({display, line, std::move(field), std::move(value), std::move(zh), std::move(en)});
    }
};

// The file's bytes into a private temporary file named by its extension (.csv or .xlsx).
Status stage_file(UploadJob& j, const TempDir& tmp) {
    std::string ext = std::filesystem::path(j.filename).extension().string();
    std::transform(ext.begin(), ext.end(), ext.begin(),
                   [](unsigned char ch) { return static_cast<char>(std::tolower(ch)); });
    if (ext != ".csv" && ext != ".xlsx")
        return Status::invalid({"文件应为 .csv 或 .xlsx", "the file must be .csv or .xlsx"});
    j.display = std::string(table_stem(j.kind)) + ext;
    j.file = tmp.path() / ("upload" + ext);
    std::ofstream f(j.file, std::ios::binary);
    f.write(j.body.data(), static_cast<std::streamsize>(j.body.size()));
    if (!f) return Status::io_error({"无法暂存上传的文件", "cannot stage the upload"});
    return Status::ok();
}

// Parses the file as the CLI does, against the enterprises of the caller's scope.
Status parse(UploadJob& j, db::Connection& c) {
    if (j.kind != TableKind::kEnterprises)
        if (auto s = load_scope_enterprises(c, j.scope, j.ds); !s) return s;
    LoadOptions opts;
    opts.max_defects = 100000;
    opts.threads = 1;
    Status loaded = load_table(j.kind, j.file, j.display, j.ds, opts, j.report);
    if (!loaded && loaded.code() != StatusCode::kDataError) return loaded;
    j.defects = std::move(j.report.defects);
    j.defects_total = j.report.defects_total;
    // A reference outside the caller's scope reads as "not found" to the loader; say what it is.
    // Outside the province a reference the loader did not find is "not among your enterprises",
    // whether or not it exists elsewhere (the message must not tell).
    if (j.scope.kind != Scope::Kind::kProvince) {
        for (Defect& d : j.defects) {
            if (d.kind != DefectKind::kUnknownEnterprise) continue;
            d.message_zh = kNotInRosterZh;
            d.message_en = kNotInRosterEn;
        }
    }
    return Status::ok();
}

// The rows to write, per table; a city's enterprise of another city is a defect.
void collect_rows(UploadJob& j) {
    const TableKind kind = j.kind;
    Dataset& ds = j.ds;
    const Scope& scope = j.scope;
    auto& rows = j.rows;
    auto add = [&j](std::int64_t line, std::string field, std::string value, std::string zh, std::string en) {
        j.add(line, std::move(field), std::move(value), std::move(zh), std::move(en));
    };
    auto& report = j.report;
    if (kind == TableKind::kEnterprises) {
        for (EntId e = 0; e < ds.size(); ++e) {
            const std::string city(kCities[ds.city(e)]);
            if (scope.kind == Scope::Kind::kCity && city != scope.value)
                add(report.stats.enterprise_lines.at(e), "city", city, "只能上传本市（" + scope.value + "）企业",
                    "you may only upload enterprises of " + scope.value);
            auto since = ds.scale_since(e);
            char ind[8];
            std::snprintf(ind, sizeof ind, "%04d", ds.industry(e));
            rows.push_back({std::string(ds.uscc(e)), std::string(ds.name(e)), city, std::string(ind),
                            since ? db::Value(format_year_month(*since)) : db::null()});
        }
    } else if (kind == TableKind::kDesignations) {
        for (const auto& d : ds.designations())
            rows.push_back({std::string(ds.uscc(d.ent)), std::string(kDesignationCodes[static_cast<int>(d.kind)]),
                            format_date(d.valid_from),
                            d.valid_to == kOpenEnd ? db::null() : db::Value(format_date(d.valid_to))});
    } else {
        const MonthRange w = ds.output_window();
        if (ds.output_cells_present() > 0)
            for (EntId e = 0; e < ds.size(); ++e)
                for (YearMonth m = w.first; m <= w.last; m = m + 1)
                    if (ds.has_output(e, m))
                        rows.push_back({std::string(ds.uscc(e)), format_year_month(m), ds.output_fen(e, m)});
    }
}

// One audit entry per enterprise whose master data the upload changes: the changed fields, before
// and after, and the upload that changed them (action enterprise.update, entity the USCC).
Status audit_master_data_changes(const UploadJob& j, db::Connection& w) {
    auto changed = w.query(
        "SELECT s.uscc, e.name, s.name, e.city, s.city, e.industry, s.industry, e.scale_since, s.scale_since "
        "FROM stage_enterprises s JOIN enterprises e ON e.uscc = s.uscc "
        "WHERE e.name <> s.name OR e.city <> s.city OR e.industry <> s.industry OR "
        "COALESCE(e.scale_since, '') <> COALESCE(s.scale_since, '') ORDER BY s.uscc");
    if (!changed) return changed.status();
    static constexpr const char* kFields[] = {"name", "city", "industry", "scale_since"};
    for (const db::Row& r : changed->rows) {
        std::string before = "{", after = "{";
        for (std::size_t f = 0; f < 4; ++f) {
            const std::size_t old_col = 1 + 2 * f, new_col = old_col + 1;
            const std::string was = r.is_null(old_col) ? std::string() : r.str(old_col);
            const std::string now = r.is_null(new_col) ? std::string() : r.str(new_col);
            if (was == now) continue;
            const std::string sep = before.size() > 1 ? "," : "";
            before += sep + json_quote(kFields[f]) + ":" + (r.is_null(old_col) ? "null" : json_quote(was));
            after += sep + json_quote(kFields[f]) + ":" + (r.is_null(new_col) ? "null" : json_quote(now));
        }
        after += std::string(after.size() > 1 ? "," : "") + "\"upload_id\":" + std::to_string(j.upload_id) + "}";
        before += "}";
        if (auto s = append_audit(w, *j.who, *j.ctx, {"enterprise.update", "enterprise", r.str(0), before, after}); !s)
            return s;
    }
    return Status::ok();
}

Status write_enterprises(UploadJob& j, db::Connection& w) {
    const Scope& scope = j.scope;
    auto& rows = j.rows;
    auto& report = j.report;
    Dataset& ds = j.ds;
    const std::int64_t t = j.t;
    auto add = [&j](std::int64_t line, std::string field, std::string value, std::string zh, std::string en) {
        j.add(line, std::move(field), std::move(value), std::move(zh), std::move(en));
    };
    if (auto s = stage(w, "stage_enterprises", "uscc TEXT, name TEXT, city TEXT, industry TEXT, scale_since TEXT",
                       {"uscc", "name", "city", "industry", "scale_since"}, rows);
        !s)
        return s;
    if (scope.kind == Scope::Kind::kCity) {
        const db::Value p[] = {scope.value};
        auto moved = w.query(
            "SELECT s.uscc FROM stage_enterprises s JOIN enterprises e ON e.uscc = s.uscc "
            "WHERE e.city <> $1",
            p);
        if (!moved) return moved.status();
        for (const db::Row& r : moved->rows)
            add(report.stats.enterprise_lines.at(*ds.find(r.str(0))), "uscc", r.str(0), kNotInRosterZh, kNotInRosterEn);
        if (!moved->empty())
            return Status::data_error({"上传被拒绝：含本市名录以外的企业", "outside the city's roster"});
    }
    if (auto s = audit_master_data_changes(j, w); !s) return s;
    const db::Value p[] = {t};
    auto r = w.exec(
        "INSERT INTO enterprises (uscc, name, city, industry, scale_since, updated_at) "
        "SELECT uscc, name, city, industry, scale_since, $1 FROM stage_enterprises WHERE true "
        "ON CONFLICT (uscc) DO UPDATE SET name = excluded.name, city = excluded.city, "
        "industry = excluded.industry, scale_since = excluded.scale_since, updated_at = "
        "excluded.updated_at",
        p);
    if (!r) return r.status();
    return Status::ok();
}

// The upload replaces the designations of the enterprises it lists.
Status write_designations(UploadJob& j, db::Connection& w) {
    auto& rows = j.rows;
    if (auto s = stage(w, "stage_designations", "uscc TEXT, designation TEXT, valid_from TEXT, valid_to TEXT",
                       {"uscc", "designation", "valid_from", "valid_to"}, rows);
        !s)
        return s;
    // The upload replaces the designations of the enterprises it lists.
    if (auto r = w.exec("DELETE FROM designations WHERE uscc IN (SELECT DISTINCT uscc FROM stage_designations)"); !r)
        return r.status();
    if (auto r = w.exec("INSERT INTO designations (uscc, designation, valid_from, valid_to) "
                        "SELECT uscc, designation, valid_from, valid_to FROM stage_designations");
        !r)
        return r.status();
    return Status::ok();
}

// Pending months are replaced; verified months change only through a revision with a reason.
Status write_output(UploadJob& j, db::Connection& w) {
    auto& rows = j.rows;
    Dataset& ds = j.ds;
    const auto& file = j.file;
    const std::int64_t t = j.t;
    auto add = [&j](std::int64_t line, std::string field, std::string value, std::string zh, std::string en) {
        j.add(line, std::move(field), std::move(value), std::move(zh), std::move(en));
    };
    if (auto s =
            stage(w, "stage_output", "uscc TEXT, month TEXT, output_fen BIGINT", {"uscc", "month", "output_fen"}, rows);
        !s)
        return s;
    // Verified months change only through a revision with a reason.
    auto clash = w.query(
        "SELECT s.uscc, s.month, o.output_fen, s.output_fen FROM stage_output s JOIN output o "
        "ON o.uscc = s.uscc AND o.month = s.month WHERE o.status = 'verified' AND o.output_fen <> "
        "s.output_fen "
        "ORDER BY s.uscc, s.month LIMIT 10000");
    if (!clash) return clash.status();
    if (!clash->empty()) {
        std::vector<std::uint64_t> keys;
        std::map<std::uint64_t, const db::Row*> by_key;
        for (const db::Row& r : clash->rows) {
            auto e = ds.find(r.str(0));
            auto m = parse_year_month(r.str(1));
            if (!e || !m) continue;
            const std::uint64_t k = ent_month_key(*e, *m);
            keys.push_back(k);
            by_key[k] = &r;
        }
        for (const auto& [k, line] : locate_output_rows(file, ds, keys)) {
            const db::Row& r = *by_key[k];
            add(line, "output_yuan", r.str(1) + " " + format_yuan(r.i64(3)),
                "该月产值已核定为" + format_yuan(r.i64(2)) + "元，修改请走修订流程（需说明理由）",
                "this month was verified at " + format_yuan(r.i64(2)) +
                    " yuan; change it through a revision with a reason");
        }
        return Status::data_error({"上传被拒绝：含已核定的产值", "verified"});
    }
    const db::Value p[] = {j.upload_id, t};
    auto r = w.exec(
        "INSERT INTO output (uscc, month, output_fen, status, revision, upload_id, updated_at) "
        "SELECT uscc, month, output_fen, 'pending', 1, $1, $2 FROM stage_output WHERE true "
        "ON CONFLICT (uscc, month) DO UPDATE SET output_fen = excluded.output_fen, status = 'pending', "
        "upload_id = excluded.upload_id, updated_at = excluded.updated_at, reject_reason = NULL "
        "WHERE output.status <> 'verified'",
        p);
    if (!r) return r.status();
    return Status::ok();
}

}  // namespace

Result<UploadResult> DataService::upload(const Principal& who, const RequestContext& ctx, TableKind kind,
                                         const std::string& filename, std::string_view body) {
    if (!who.can(perm::kUploadWrite)) return Status::forbidden({"无上传权限", "not allowed to upload"});
    if (kind == TableKind::kDesignations && !who.can(perm::kDesignationUpload))
        return Status::forbidden({"认定名单由自治区工业和信息化厅上传", "designations are uploaded by the province"});
    UploadJob j{.kind = kind, .filename = filename, .body = body, .scope = who.scope()};
    j.who = &who;
    j.ctx = &ctx;
    TempDir tmp;
    if (auto s = stage_file(j, tmp); !s) return s;
    {
        auto lease = db_.acquire();
        if (!lease) return lease.status();
        if (auto s = parse(j, **lease); !s) return s;
    }
    j.t = clock_.now();
    collect_rows(j);
    // A file of a header and nothing else would be accepted as "0 rows": refuse it, naming the file.
    if (j.rows.empty() && j.defects_total == 0)
        j.add(1, "", filename, "文件“" + filename + "”只有表头，没有数据行，未导入任何内容",
              "the file \"" + filename + "\" has a header but no data rows; nothing was imported");

    UploadResult result;
    result.rows = j.rows.size();
    const std::string sha = sha256_hex(body);
    if (j.defects_total == 0) {
        Status st = db::in_transaction(db_, [&](db::Connection& w) -> Status {
            const db::Value up[] = {std::string(table_stem(kind)),
                                    filename.substr(0, 200),
                                    who.user_id,
                                    j.scope.kind == Scope::Kind::kCity ? db::Value(j.scope.value) : db::null(),
                                    sha,
                                    std::int64_t(j.rows.size()),
                                    j.t};
            auto id = w.query(
                "INSERT INTO uploads (kind, filename, user_id, city, sha256, rows_accepted, status, created_at) "
                "VALUES ($1, $2, $3, $4, $5, $6, 'accepted', $7) RETURNING id",
                up);
            if (!id) return id.status();
            j.upload_id = id->rows.at(0).i64(0);
            if (auto s = keep_upload_file(w, body, sha, j.t); !s) return s;
            Status written = kind == TableKind::kEnterprises    ? write_enterprises(j, w)
                             : kind == TableKind::kDesignations ? write_designations(j, w)
                                                                : write_output(j, w);
            if (!written) return written;
            // Output uploads write pending months only; master data and designations are read by runs.
            if (auto s = bump_data_version(w, kind != TableKind::kOutput); !s) return s;
            return append_audit(w, who, ctx,
                                {"upload." + std::string(table_stem(kind)), "upload", std::to_string(j.upload_id), "",
                                 "{\"file\":" + json_quote(filename) + ",\"rows\":" + std::to_string(j.rows.size()) +
                                     ",\"sha256\":\"" + sha + "\"}"});
        });
        // A DataError without a defect is the database refusing (constraint, rolled back): a failure.
        if (!st && (st.code() != StatusCode::kDataError || j.defects_total == 0)) return st;
        result.upload_id = j.upload_id;
    }
    if (j.defects_total > 0)
        return record_rejected(who, ctx, j.kind, j.filename, j.body, j.scope, j.t, std::move(j.defects),
                               j.defects_total);
    result.accepted = true;
    db::analyze_after_bulk_load(db_, table_stem(kind));
    return result;
}

Result<UploadResult> DataService::record_rejected(const Principal& who, const RequestContext& ctx, TableKind kind,
                                                  const std::string& filename, std::string_view body,
                                                  const Scope& scope, std::int64_t t, std::vector<Defect> defects,
                                                  std::size_t defects_total) {
    UploadResult result;
    std::stable_sort(defects.begin(), defects.end(), [](const Defect& a, const Defect& b) { return a.line < b.line; });
    // Record the refused upload and its report; nothing else was written.
    const std::string sha = sha256_hex(body);
    Status rec = db::in_transaction(db_, [&](db::Connection& w) -> Status {
        const db::Value up[] = {std::string(table_stem(kind)),
                                filename.substr(0, 200),
                                who.user_id,
                                scope.kind == Scope::Kind::kCity ? db::Value(scope.value) : db::null(),
                                sha,
                                std::int64_t(defects_total),
                                defect_csv(defects),
                                t};
        auto id = w.query(
            "INSERT INTO uploads (kind, filename, user_id, city, sha256, rows_accepted, status, defects_total, "
            "defect_report, created_at) VALUES ($1, $2, $3, $4, $5, 0, 'rejected', $6, $7, $8) RETURNING id",
            up);
        if (!id) return id.status();
        result.upload_id = id->rows.at(0).i64(0);
        if (auto s = keep_upload_file(w, body, sha, t); !s) return s;
        return append_audit(
            w, who, ctx,
            {"upload." + std::string(table_stem(kind)), "upload", std::to_string(result.upload_id), "",
             "{\"file\":" + json_quote(filename) + ",\"defects\":" + std::to_string(defects_total) + "}", "rejected"});
    });
    if (!rec) return rec;
    result.accepted = false;
    result.rows = 0;
    result.defects_total = defects_total;
    constexpr std::size_t kDefectsShown = 200;
    if (defects.size() > kDefectsShown) defects.resize(kDefectsShown);
    result.defects = std::move(defects);
    return result;
}

Status bump_data_version(db::Connection& c, bool verified_state_changed) {
    auto r = c.exec(verified_state_changed
                        ? "UPDATE data_version SET version = version + 1, verified_version = verified_version + 1 "
                          "WHERE id = 1"
                        : "UPDATE data_version SET version = version + 1 WHERE id = 1");
    return r ? Status::ok() : r.status();
}

Result<std::int64_t> verified_data_version(db::Connection& c) {
    auto r = c.query("SELECT verified_version FROM data_version WHERE id = 1");
    if (!r) return r.status();
    return r->empty() ? 0 : r->rows[0].i64(0);
}

Result<std::int64_t> data_version(db::Connection& c) {
    auto r = c.query("SELECT version FROM data_version WHERE id = 1");
    if (!r) return r.status();
    return r->empty() ? 0 : r->rows[0].i64(0);
}

db::ModuleSchema DataService::schema() {
    return {"enterprise_data",
            {{1, "a counter of changes to the verified data",
              "CREATE TABLE data_version (id INTEGER PRIMARY KEY, version BIGINT NOT NULL);\n"
              "INSERT INTO data_version (id, version) VALUES (1, 0)",
              "", ""},
             {2, "a counter of changes to what award runs read (verified output, master data)",
              "ALTER TABLE data_version ADD COLUMN verified_version BIGINT NOT NULL DEFAULT 0", "", ""},
             {3, "the files of uploads, content-addressed by SHA-256 (base64 text: both backends, any bytes)",
              "CREATE TABLE upload_files (sha256 TEXT PRIMARY KEY, size BIGINT NOT NULL, content_base64 TEXT NOT NULL, "
              "created_at BIGINT NOT NULL)",
              "", ""}}};
}

}  // namespace zx
