// The PostgreSQL backend over libpq: text-format parameters and results, result columns typed by
// OID (int2/int4/int8 → integer, everything else text), COPY FROM STDIN for bulk inserts.
#include <libpq-fe.h>
#include <poll.h>

#include <array>
#include <cctype>
#include <charconv>
#include <string>
#include <unordered_map>

#include "platform/storage/db_internal.hpp"

namespace zx::db::internal {
namespace {

// From PostgreSQL's pg_type.dat; stable since forever.
constexpr Oid kInt8Oid = 20;
constexpr Oid kInt2Oid = 21;
constexpr Oid kInt4Oid = 23;

constexpr std::size_t kCopyChunk = 1 << 20;

struct ResultDeleter {
    void operator()(PGresult* r) const { PQclear(r); }
};
using PgResult = std::unique_ptr<PGresult, ResultDeleter>;

// libpq messages end in a newline and may span several lines; a Status message is one line.
std::string one_line(const char* text) {
    std::string out;
    bool space = false;
    for (const char* p = text ? text : ""; *p; ++p) {
        if (*p == '\n' || *p == '\r' || *p == '\t' || *p == ' ') {
            space = !out.empty();
            continue;
        }
        if (space) out.push_back(' ');
        space = false;
        out.push_back(*p);
    }
    return out;
}

StatusCode code_for_sqlstate(const char* state) {
    if (state == nullptr || std::string_view(state).size() < 2) return StatusCode::kIoError;  // client-side failure
    const std::string_view cls(state, 2);
    if (cls == "23") return StatusCode::kConstraintViolation;  // integrity constraint (unique, foreign key, check)
    if (cls == "22") return StatusCode::kDataError;            // data exception
    // connection, insufficient resources, operator intervention (shutdown), serialization/deadlock
    if (cls == "08" || cls == "53" || cls == "57" || cls == "40") return StatusCode::kIoError;
    return StatusCode::kInternal;  // syntax, unknown table or column: a bug in the SQL
}

// COPY text format: backslash, newline, carriage return and tab are escaped; NUL cannot be stored in
// PostgreSQL text at all, so it fails the row (returns false).
bool append_copy_text(std::string& out, std::string_view s) {
    std::size_t start = 0;
    for (std::size_t i = 0; i < s.size(); ++i) {
        const char* esc;
        switch (s[i]) {
            case '\\':
                esc = "\\\\";
                break;
            case '\n':
                esc = "\\n";
                break;
            case '\r':
                esc = "\\r";
                break;
            case '\t':
                esc = "\\t";
                break;
            case '\0':
                return false;
            default:
                continue;
        }
        out.append(s.data() + start, i - start);
        out.append(esc);
        start = i + 1;
    }
    out.append(s.data() + start, s.size() - start);
    return true;
}

class PgConnection final : public PooledConnection {
  public:
    explicit PgConnection(PGconn* conn) : conn_(conn) {}
    ~PgConnection() override { PQfinish(conn_); }
    PgConnection(const PgConnection&) = delete;
    PgConnection& operator=(const PgConnection&) = delete;

    static Result<std::unique_ptr<PgConnection>> open(const std::string& url, const std::string& label) {
        // Defaults first: settings in the URL override them (expand_dbname).
        const char* const keys[] = {"connect_timeout", "application_name", "dbname", nullptr};
        const char* const values[] = {"10", "zhenxing", url.c_str(), nullptr};
        PGconn* conn = PQconnectdbParams(keys, values, 1);
        const Text cannot{"无法连接到 " + label, "cannot connect to " + label};
        if (conn == nullptr) return Status::io_error(cannot, "out of memory");
        auto c = std::make_unique<PgConnection>(conn);
        if (PQstatus(conn) != CONNECTION_OK) return Status::io_error(cannot, one_line(PQerrorMessage(conn)));
        PQsetNoticeReceiver(conn, &PgConnection::on_notice, c.get());
        if (PQsetClientEncoding(conn, "UTF8") != 0) return Status::io_error(cannot, one_line(PQerrorMessage(conn)));
        return c;
    }

    Dialect dialect() const override { return Dialect::kPostgres; }

    Result<std::int64_t> exec(std::string_view sql, std::span<const Value> params) override {
        auto r = run(sql, params);
        if (!r) return r.status();
        const std::string_view tuples = PQcmdTuples(r->get());
        std::int64_t n = 0;
        std::from_chars(tuples.data(), tuples.data() + tuples.size(), n);
        return n;
    }

    Result<Rows> query(std::string_view sql, std::span<const Value> params) override {
        auto r = run(sql, params);
        if (!r) return r.status();
        const PGresult* res = r->get();
        const int ncol = PQnfields(res);
        const int nrow = PQntuples(res);
        Rows out;
        out.columns.reserve(static_cast<std::size_t>(ncol));
        std::vector<bool> integer(static_cast<std::size_t>(ncol));
        for (int c = 0; c < ncol; ++c) {
            out.columns.emplace_back(PQfname(res, c));
            const Oid t = PQftype(res, c);
            integer[static_cast<std::size_t>(c)] = t == kInt8Oid || t == kInt4Oid || t == kInt2Oid;
        }
        out.rows.reserve(static_cast<std::size_t>(nrow));
        for (int i = 0; i < nrow; ++i) {
            std::vector<Value> values;
            values.reserve(static_cast<std::size_t>(ncol));
            for (int c = 0; c < ncol; ++c) {
                if (PQgetisnull(res, i, c)) {
                    values.emplace_back(nullptr);
                    continue;
                }
                const char* text = PQgetvalue(res, i, c);
                const auto len = static_cast<std::size_t>(PQgetlength(res, i, c));
                std::int64_t n = 0;
                if (integer[static_cast<std::size_t>(c)] && std::from_chars(text, text + len, n).ec == std::errc()) {
                    values.emplace_back(n);
                } else {
                    values.emplace_back(std::string(text, len));
                }
            }
            out.rows.emplace_back(std::move(values));
        }
        return out;
    }

    Status exec_script(std::string_view sql) override {
        if (sql.find('\0') != std::string_view::npos)
            return Status::invalid({"SQL脚本含NUL字符", "SQL script contains a NUL byte"});
        const std::string owned(sql);
        PgResult res(PQexec(conn_, owned.c_str()));
        return check(res, sql);
    }

    Status bulk_insert(std::string_view table, std::span<const std::string> columns,
                       const std::vector<std::vector<Value>>& rows) override {
        if (Status v = validate_bulk_insert(table, columns, rows); !v) return v;
        if (rows.empty()) return Status::ok();
        std::string sql = "COPY ";
        sql.append(table).append(" (");
        for (std::size_t c = 0; c < columns.size(); ++c) sql.append(c ? ", " : "").append(columns[c]);
        sql += ") FROM STDIN";
        const std::string t(table);
        const Text where{"批量写入 " + t + "：", "bulk_insert into " + t + ": "};

        PgResult start(PQexec(conn_, sql.c_str()));
        if (PQresultStatus(start.get()) != PGRES_COPY_IN) {
            Status s = check(start, sql);
            if (s) return Status::internal(where + Text{"服务器未进入COPY模式", "server did not enter COPY mode"});
            return s.with_context(where);
        }
        std::string buf;
        buf.reserve(kCopyChunk + 4096);
        std::array<char, 24> num{};
        std::string abort_reason;  // for the log (PostgreSQL's too)
        Text abort_text;
        for (std::size_t r = 0; r < rows.size() && abort_reason.empty(); ++r) {
            const std::vector<Value>& row = rows[r];
            for (std::size_t c = 0; c < row.size(); ++c) {
                if (c) buf.push_back('\t');
                const Value& v = row[c];
                if (const auto* n = std::get_if<std::int64_t>(&v)) {
                    const auto end = std::to_chars(num.data(), num.data() + num.size(), *n).ptr;
                    buf.append(num.data(), end);
                } else if (const auto* t = std::get_if<std::string>(&v)) {
                    if (!append_copy_text(buf, *t)) {
                        const std::string row = std::to_string(r);
                        abort_reason = "row " + row + ", column " + columns[c] +
                                       ": text contains a NUL byte, which PostgreSQL cannot store";
                        abort_text = {"第 " + row + " 行 " + columns[c] + " 列：文本含NUL字符，PostgreSQL无法存储",
                                      abort_reason};
                        break;
                    }
                } else {
                    buf.append("\\N");
                }
            }
            buf.push_back('\n');
            if (buf.size() >= kCopyChunk && abort_reason.empty()) {
                if (PQputCopyData(conn_, buf.data(), static_cast<int>(buf.size())) != 1) {
                    abort_reason = one_line(PQerrorMessage(conn_));
                }
                buf.clear();
            }
        }
        if (abort_reason.empty() && !buf.empty() &&
            PQputCopyData(conn_, buf.data(), static_cast<int>(buf.size())) != 1) {
            abort_reason = one_line(PQerrorMessage(conn_));
        }
        PQputCopyEnd(conn_, abort_reason.empty() ? nullptr : abort_reason.c_str());
        Status result;
        while (PGresult* raw = PQgetResult(conn_)) {
            PgResult res(raw);
            if (result) result = check(res, sql);
        }
        if (!abort_reason.empty()) {
            const StatusCode code =
                PQstatus(conn_) == CONNECTION_OK ? StatusCode::kInvalidArgument : StatusCode::kIoError;
            if (abort_text.empty()) return driver_failure(code, abort_reason).with_context(where);
            return Status(code, where + abort_text, abort_reason);
        }
        return result ? result : result.with_context(where);
    }

    Status begin() override { return exec_script("BEGIN"); }

    Status commit() override {
        // COMMIT of a transaction that already failed "succeeds" with the tag ROLLBACK.
        if (PQtransactionStatus(conn_) == PQTRANS_INERROR) {
            rollback();
            return Status::data_error(
                {"事务已回滚：其中先前的语句执行失败", "transaction rolled back: an earlier statement in it failed"});
        }
        PgResult res(PQexec(conn_, "COMMIT"));
        if (Status s = check(res, "COMMIT"); !s) return s;
        if (std::string_view(PQcmdStatus(res.get())) == "ROLLBACK") {
            return Status::data_error({"提交时事务被服务器回滚", "transaction rolled back by the server at COMMIT"});
        }
        return Status::ok();
    }

    Status rollback() override {
        if (PQtransactionStatus(conn_) == PQTRANS_IDLE) return Status::ok();
        return exec_script("ROLLBACK");
    }

    bool in_open_transaction() const override { return PQtransactionStatus(conn_) != PQTRANS_IDLE; }

    bool healthy() override {
        if (fatal_ || PQstatus(conn_) != CONNECTION_OK) return false;
        // Reads, without blocking, whatever the server sent while we were idle. After a server restart or
        // pg_terminate_backend that is a FATAL message and then EOF; one PQconsumeInput returns after the
        // message, so keep reading while the socket is readable until EOF turns the status BAD.
        for (int i = 0; i < 8; ++i) {
            pollfd p{PQsocket(conn_), POLLIN, 0};
            if (p.fd < 0) return false;
            if (::poll(&p, 1, 0) <= 0) break;
            if (PQconsumeInput(conn_) == 0) return false;
        }
        while (PGnotify* n = PQnotifies(conn_)) PQfreemem(n);
        return !fatal_ && PQstatus(conn_) == CONNECTION_OK && PQtransactionStatus(conn_) == PQTRANS_IDLE;
    }

  private:
    // NOTICEs and WARNINGs are dropped (not errors; keeps stderr clean). A FATAL arriving while idle
    // ("terminating connection due to administrator command") reaches libpq as a notice, possibly
    // before the socket's EOF does: it marks the connection as dying so the pool replaces it.
    static void on_notice(void* self, const PGresult* notice) {
        const char* severity = PQresultErrorField(notice, PG_DIAG_SEVERITY_NONLOCALIZED);
        if (severity != nullptr && (std::string_view(severity) == "FATAL" || std::string_view(severity) == "PANIC")) {
            static_cast<PgConnection*>(self)->fatal_ = true;
        }
    }

    Result<PgResult> run(std::string_view sql, std::span<const Value> params) {
        if (sql.find('\0') != std::string_view::npos)
            return Status::invalid({"SQL语句含NUL字符", "SQL contains a NUL byte"});
        const std::string owned(sql);
        std::vector<std::array<char, 24>> numbers(params.size());
        std::vector<const char*> values(params.size());
        for (std::size_t i = 0; i < params.size(); ++i) {
            const Value& v = params[i];
            if (const auto* n = std::get_if<std::int64_t>(&v)) {
                *std::to_chars(numbers[i].data(), numbers[i].data() + numbers[i].size() - 1, *n).ptr = '\0';
                values[i] = numbers[i].data();
            } else if (const auto* t = std::get_if<std::string>(&v)) {
                if (t->find('\0') != std::string::npos) {
                    const std::string n = std::to_string(i + 1);
                    return Status::invalid(
                        {"参数 $" + n + " 含NUL字符，PostgreSQL文本无法存储",
                         "parameter $" + n + " contains a NUL byte, which PostgreSQL text cannot store"},
                        "[SQL: " + sql_excerpt(sql) + "]");
                }
                values[i] = t->c_str();
            } else {
                values[i] = nullptr;
            }
        }
        // Repeated statements are prepared once per connection: planning is a large share of the time
        // of the small queries an API request makes.
        const std::string* name = prepared_name(owned, static_cast<int>(params.size()));
        PgResult res(name != nullptr ? PQexecPrepared(conn_, name->c_str(), static_cast<int>(params.size()),
                                                      values.data(), nullptr, nullptr, 0)
                                     : PQexecParams(conn_, owned.c_str(), static_cast<int>(params.size()), nullptr,
                                                    values.data(), nullptr, nullptr, 0));
        if (Status s = check(res, sql); !s) {
            if (name == nullptr) return s;
            // A prepared plan whose result type changed under it (ALTER, DROP and CREATE) fails with
            // 0A000: forget it and, outside a transaction, run the statement afresh.
            const char* state = res ? PQresultErrorField(res.get(), PG_DIAG_SQLSTATE) : nullptr;
            const std::string stale = *name;
            prepared_.erase(owned);
            if (state == nullptr || std::string_view(state) != "0A000" || PQtransactionStatus(conn_) != PQTRANS_IDLE)
                return s;
            PQclear(PQexec(conn_, ("DEALLOCATE " + stale).c_str()));  // its result is not needed
            res = PgResult(PQexecParams(conn_, owned.c_str(), static_cast<int>(params.size()), nullptr, values.data(),
                                        nullptr, nullptr, 0));
            if (Status again = check(res, sql); !again) return again;
        }
        if (PQresultStatus(res.get()) == PGRES_EMPTY_QUERY)
            return Status::invalid({"SQL语句为空", "empty SQL statement"});
        return res;
    }

    // The name of a prepared statement for `sql`, preparing it on first use; nullptr to run it unprepared
    // (statements that change the schema or the session, a full cache, or a failed prepare).
    const std::string* prepared_name(const std::string& sql, int nparams) {
        auto it = prepared_.find(sql);
        if (it != prepared_.end()) return &it->second;
        std::size_t i = sql.find_first_not_of(" \t\r\n(");
        if (i == std::string::npos) return nullptr;
        std::string verb;
        for (; i < sql.size() && std::isalpha(static_cast<unsigned char>(sql[i])); ++i)
            verb.push_back(static_cast<char>(std::toupper(static_cast<unsigned char>(sql[i]))));
        if (verb != "SELECT" && verb != "INSERT" && verb != "UPDATE" && verb != "DELETE" && verb != "WITH")
            return nullptr;
        if (prepared_.size() >= 512) return nullptr;
        std::string name = "zx" + std::to_string(++prepared_counter_);
        PgResult res(PQprepare(conn_, name.c_str(), sql.c_str(), nparams, nullptr));
        if (!res || PQresultStatus(res.get()) != PGRES_COMMAND_OK) return nullptr;  // the unprepared run reports it
        return &prepared_.emplace(sql, std::move(name)).first->second;
    }

    // OK for a completed command or a result set. A COPY started through exec()/query() is abandoned so
    // the connection stays usable.
    Status check(const PgResult& res, std::string_view sql) {
        switch (res ? PQresultStatus(res.get()) : PGRES_FATAL_ERROR) {
            case PGRES_COMMAND_OK:
            case PGRES_TUPLES_OK:
            case PGRES_EMPTY_QUERY:
                return Status::ok();
            case PGRES_COPY_IN:
            case PGRES_COPY_OUT:
            case PGRES_COPY_BOTH:
                abandon_copy();
                return Status::invalid({"此处不支持 COPY ... STDIN/STDOUT，请用 bulk_insert",
                                        "COPY ... STDIN/STDOUT is not supported here; use bulk_insert"},
                                       "[SQL: " + sql_excerpt(sql) + "]");
            default:
                return error(res.get(), sql);
        }
    }

    void abandon_copy() {
        PQputCopyEnd(conn_, "not supported by zx::db");
        char* buf = nullptr;
        while (PQgetCopyData(conn_, &buf, 0) > 0) PQfreemem(buf);
        while (PGresult* r = PQgetResult(conn_)) PQclear(r);
    }

    std::unordered_map<std::string, std::string> prepared_;  // SQL → statement name
    std::uint64_t prepared_counter_ = 0;

    Status error(const PGresult* res, std::string_view sql) const {
        std::string msg = "PostgreSQL: ";
        const char* primary = res ? PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY) : nullptr;
        if (primary != nullptr) {
            msg += primary;
            if (const char* detail = PQresultErrorField(res, PG_DIAG_MESSAGE_DETAIL))
                msg += std::string(" (") + detail + ")";
            if (const char* context = PQresultErrorField(res, PG_DIAG_CONTEXT)) msg += " (" + one_line(context) + ")";
        } else {
            const std::string why = one_line(res ? PQresultErrorMessage(res) : PQerrorMessage(conn_));
            msg += why.empty() ? "the connection failed" : why;
        }
        msg += " [SQL: " + sql_excerpt(sql) + "]";
        const StatusCode code = PQstatus(conn_) != CONNECTION_OK
                                    ? StatusCode::kIoError
                                    : code_for_sqlstate(res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : nullptr);
        return driver_failure(code, std::move(msg));
    }

    PGconn* conn_;
    bool fatal_ = false;
};

class PostgresDatabase final : public ConnectionPool {
  public:
    PostgresDatabase(std::string url, std::string label, int pool_size)
        : ConnectionPool(pool_size), url_(std::move(url)), label_(std::move(label)) {}

    Dialect dialect() const override { return Dialect::kPostgres; }
    std::string describe() const override { return label_; }

  protected:
    Result<std::unique_ptr<PooledConnection>> connect() override {
        auto c = PgConnection::open(url_, label_);
        if (!c) return c.status();
        return std::unique_ptr<PooledConnection>(std::move(c.value()));
    }

  private:
    const std::string url_;
    const std::string label_;
};

}  // namespace

Result<std::unique_ptr<Database>> open_postgres(const std::string& url, int pool_size) {
    std::string label = redact_url(url);
    auto first = PgConnection::open(url, label);
    if (!first) return first.status();
    auto db = std::make_unique<PostgresDatabase>(url, std::move(label), pool_size);
    db->adopt(std::move(first.value()));
    return std::unique_ptr<Database>(std::move(db));
}

}  // namespace zx::db::internal
