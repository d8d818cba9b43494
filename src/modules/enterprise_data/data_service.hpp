// The data workflow: uploads of the three tables (validated as in the CLI, all-or-nothing, with a
// downloadable defect report), enterprise and output queries within the caller's scope, 核定
// (verification) by the city, progress per city, and revisions of verified data with a reason.
#pragma once

#include "core/clock.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/principal.hpp"
#include "modules/audit/audit.hpp"
#include "modules/enterprise_data/data_loader.hpp"
#include "platform/storage/db.hpp"
#include "platform/storage/module_migrations.hpp"
#include "platform/storage/page.hpp"

namespace zx {

struct UploadResult {
    std::int64_t upload_id = 0;
    bool accepted = false;
    std::size_t rows = 0;
    std::size_t defects_total = 0;
    std::vector<Defect> defects;  // the first ones
};

// An enterprise as its list and detail show it.
struct EnterpriseRecord {
    std::string uscc, name, city, industry;
    std::optional<std::string> scale_since;  // YYYY-MM it entered the statistics (规上), if it has
    std::int64_t updated_at = 0;             // detail only
};

struct DesignationPeriod {
    std::string designation;
    std::string valid_from;
    std::optional<std::string> valid_to;  // open-ended when absent
};

// One enterprise-month of output and its 核定 state.
struct OutputRecord {
    std::string uscc, name, city, month;
    std::int64_t output_fen = 0;
    std::string status;  // pending | verified | rejected
    std::int64_t revision = 0;
    std::optional<std::int64_t> verified_at;
    std::optional<std::string> reject_reason;
};

// Which pending months a bulk 核定 takes: those matching a filter, or an explicit list.
struct BulkVerifyRequest {
    bool by_filter = false;
    // The filter (by_filter): a city (within the caller's scope), a month range, USCCs; each optional.
    std::string city, month_from, month_to;
    std::vector<std::string> usccs;
    // The explicit list (!by_filter): (uscc, month) pairs, each of which must be pending.
    std::vector<std::pair<std::string, std::string>> items;
    bool approve = true;
    std::string reason;                          // required (not blank) for a rejection
    std::optional<std::int64_t> expected_count;  // absent: a dry run that only counts
};

struct BulkVerifyResult {
    std::int64_t count = 0;    // pending months the request takes
    std::int64_t changed = 0;  // months changed (0 in a dry run)
    bool dry_run = false;
};

// 核定 progress of one city: its enterprises and their output months by state.
struct CityProgress {
    std::string city;
    std::int64_t enterprises = 0, pending = 0, verified = 0, rejected = 0;
};

// An upload as its history lists it. Its file is kept by its SHA-256 (upload_file()), its defect
// report with the record (defect_report()).
struct UploadRecord {
    std::int64_t id = 0;
    std::string kind, filename, username;
    std::optional<std::string> city;  // the uploader's city (none for the province)
    std::int64_t created_at = 0;
    bool accepted = false;
    std::int64_t rows = 0, defects_total = 0;
    std::string sha256;  // of the file's bytes
};

// A revision of a verified month (修订), as the audit trail recorded it: who, when, from what to
// what, and why. Readable by the business side and the auditor, not only by the audit administrator.
struct RevisionRecord {
    std::int64_t audit_id = 0, at = 0;
    std::string username, uscc, name, city, month, before_yuan, after_yuan, reason;
    std::int64_t revision = 0;  // the revision number the month had before
};

// The file of an upload as it arrived.
struct UploadFile {
    std::string filename, sha256, bytes;
};

struct EnterpriseFilter {
    std::string city;           // exact, optional (narrows the scope, never widens it)
    std::string q;              // substring of name or USCC prefix
    std::string industry;       // GB/T 4754 code prefix ("34", "3412"), optional
    std::string designation;    // a designation code active today, optional (see kDesignationCodes)
    std::string sort = "uscc";  // "uscc" | "name" | "city" (whitelisted)
};

struct UploadFilter {
    std::string kind;    // enterprises | designations | output, optional
    std::string status;  // accepted | rejected, optional
};

struct OutputFilter {
    std::string uscc;                  // optional
    std::string status;                // pending | verified | rejected, optional
    std::string month_from, month_to;  // optional YYYY-MM
    std::string city;                  // optional
};

// Every value of `f` known (a status, a month, a city, a USCC), or a DataError naming the parameter
// and what it accepts: an unknown value is an error, not an empty list.
Status check_output_filter(const OutputFilter& f);

// A counter bumped in the same transaction as every change to the verified data (uploads, 核定,
// revisions): readers that cache what they derive from the data (the simulation's snapshot) compare
// it instead of scanning the tables. Several instances sharing PostgreSQL see one counter.
// A second counter, the verified version, moves only when what an award run reads changes
// (verified output, enterprise master data, designations): a run records it, and a run whose
// recorded version is no longer current is stale (it cannot be disbursed).
Status bump_data_version(db::Connection& c, bool verified_state_changed = true);
Result<std::int64_t> data_version(db::Connection& c);
Result<std::int64_t> verified_data_version(db::Connection& c);

class DataService {
  public:
    explicit DataService(db::Database& db, const Clock& clock = system_clock()) : db_(db), clock_(clock) {}

    // `body` is the file's bytes; `filename` decides CSV or XLSX by its extension.
    Result<UploadResult> upload(const Principal& who, const RequestContext& ctx, TableKind kind,
                                const std::string& filename, std::string_view body);
    // The defect report of an upload as CSV (file,line,field,value,message_zh,message_en), empty of
    // rows for an accepted upload. Scope as list_uploads(); NotFound outside it.
    Result<std::string> defect_report(const Principal& who, std::int64_t upload_id);
    // The file of an upload (accepted or refused), as it arrived. Scope as list_uploads().
    Result<UploadFile> upload_file(const Principal& who, std::int64_t upload_id);
    // The history of uploads, newest first: the province's and auditors' all, a city's those of its city.
    Result<Page<UploadRecord>> list_uploads(const Principal& who, const UploadFilter& f, const PageRequest& p);

    Result<Page<EnterpriseRecord>> list_enterprises(const Principal& who, const EnterpriseFilter& f,
                                                    const PageRequest& p);
    // NotFound when outside the scope (no hint that it exists).
    Result<EnterpriseRecord> get_enterprise(const Principal& who, const std::string& uscc);
    Result<std::vector<DesignationPeriod>> designations_of(const Principal& who, const std::string& uscc);
    Result<Page<OutputRecord>> list_output(const Principal& who, const OutputFilter& f, const PageRequest& p);
    // Revisions within the caller's scope, newest first (`uscc` and `city` optional).
    Result<Page<RevisionRecord>> list_revisions(const Principal& who, const std::string& uscc, const std::string& city,
                                                const PageRequest& p);

    // 核定: verify or reject pending months of one enterprise of the official's city.
    Result<std::int64_t> verify(const Principal& who, const RequestContext& ctx, const std::string& uscc,
                                const std::vector<std::string>& months, bool approve, const std::string& reason);
    // Bulk 核定, all-or-nothing: without expected_count, counts the pending months the request takes and
    // changes nothing; with it, verifies or rejects exactly them, or, when the count differs (the data
    // moved since the caller counted), changes nothing and answers Conflict. Explicit items outside the
    // scope are NotFound; items that are not pending, Conflict. One audit entry lists every month.
    Result<BulkVerifyResult> verify_bulk(const Principal& who, const RequestContext& ctx, const BulkVerifyRequest& r);
    // Per city: enterprises, output months pending / verified / rejected.
    Result<std::vector<CityProgress>> progress(const Principal& who);
    // Revises one verified month with a reason (the old value stays in the audit log).
    Status revise(const Principal& who, const RequestContext& ctx, const std::string& uscc, const std::string& month,
                  std::int64_t new_fen, const std::string& reason);

    // The module's own tables (the data version counter).
    static db::ModuleSchema schema();

  private:
    // Records an upload refused for its defects, with its report; nothing else is written.
    Result<UploadResult> record_rejected(const Principal& who, const RequestContext& ctx, TableKind kind,
                                         const std::string& filename, std::string_view body, const Scope& scope,
                                         std::int64_t t, std::vector<Defect> defects, std::size_t defects_total);

    db::Database& db_;
    const Clock& clock_;
};

}  // namespace zx
