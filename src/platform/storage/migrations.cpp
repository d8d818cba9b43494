#include "platform/storage/migrations.hpp"

#include "platform/storage/module_migrations.hpp"

#include <ctime>

#include <string>
#include <vector>
#include "core/clock.hpp"

namespace zx::db {
namespace {

struct Migration {
    int version;
    const char* description;
    const char* sql;  // {ID} → the dialect's auto-increment primary key
    const char* sqlite_only = "";
    const char* postgres_only = "";
};

// Amounts are integer fen (output) or whole yuan (awards); times are Unix seconds; months "YYYY-MM".
const std::vector<Migration>& migrations() {
    static const std::vector<Migration> kAll = {
        {1, "users, sessions, enterprises, designations, output, uploads, runs, ledger, audit, tasks",
         R"SQL(
CREATE TABLE users (
  id {ID},
  username TEXT NOT NULL UNIQUE,
  display_name TEXT NOT NULL,
  role TEXT NOT NULL,
  city TEXT,
  department TEXT,
  uscc TEXT,
  password_hash TEXT NOT NULL,
  disabled INTEGER NOT NULL DEFAULT 0,
  failed_logins INTEGER NOT NULL DEFAULT 0,
  locked_until BIGINT NOT NULL DEFAULT 0,
  must_change_password INTEGER NOT NULL DEFAULT 1,
  password_changed_at BIGINT NOT NULL DEFAULT 0,
  created_at BIGINT NOT NULL
);
CREATE TABLE sessions (
  token_hash TEXT PRIMARY KEY,
  user_id BIGINT NOT NULL REFERENCES users(id),
  csrf_token TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  last_seen BIGINT NOT NULL,
  expires_at BIGINT NOT NULL,
  ip TEXT NOT NULL DEFAULT '',
  user_agent TEXT NOT NULL DEFAULT ''
);
CREATE INDEX sessions_user ON sessions(user_id);
CREATE TABLE login_failures (
  id {ID},
  key TEXT NOT NULL,
  at BIGINT NOT NULL
);
CREATE INDEX login_failures_key ON login_failures(key, at);
CREATE TABLE enterprises (
  uscc TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  city TEXT NOT NULL,
  industry TEXT NOT NULL,
  scale_since TEXT,
  updated_at BIGINT NOT NULL
);
CREATE INDEX enterprises_city ON enterprises(city, uscc);
CREATE TABLE designations (
  id {ID},
  uscc TEXT NOT NULL REFERENCES enterprises(uscc),
  designation TEXT NOT NULL,
  valid_from TEXT NOT NULL,
  valid_to TEXT
);
CREATE INDEX designations_uscc ON designations(uscc);
CREATE TABLE output (
  uscc TEXT NOT NULL REFERENCES enterprises(uscc),
  month TEXT NOT NULL,
  output_fen BIGINT NOT NULL,
  status TEXT NOT NULL DEFAULT 'pending',
  revision INTEGER NOT NULL DEFAULT 1,
  verified_by BIGINT,
  verified_at BIGINT,
  reject_reason TEXT,
  upload_id BIGINT,
  updated_at BIGINT NOT NULL,
  PRIMARY KEY (uscc, month)
);
CREATE INDEX output_status ON output(status, month);
CREATE TABLE uploads (
  id {ID},
  kind TEXT NOT NULL,
  filename TEXT NOT NULL,
  user_id BIGINT NOT NULL,
  city TEXT,
  sha256 TEXT NOT NULL,
  rows_accepted INTEGER NOT NULL DEFAULT 0,
  status TEXT NOT NULL,
  defects_total INTEGER NOT NULL DEFAULT 0,
  defect_report TEXT NOT NULL DEFAULT '',
  created_at BIGINT NOT NULL
);
CREATE TABLE runs (
  id {ID},
  policy_id TEXT NOT NULL,
  policy_version TEXT NOT NULL,
  policy_hash TEXT NOT NULL,
  data_hash TEXT NOT NULL,
  result_hash TEXT NOT NULL,
  budget_yuan BIGINT,
  status TEXT NOT NULL,
  total_yuan BIGINT NOT NULL,
  row_count INTEGER NOT NULL,
  summary_json TEXT NOT NULL,
  notice_days INTEGER NOT NULL DEFAULT 7,
  notice_from BIGINT,
  notice_until BIGINT,
  created_by BIGINT NOT NULL,
  created_at BIGINT NOT NULL
);
CREATE TABLE run_rows (
  run_id BIGINT NOT NULL REFERENCES runs(id),
  uscc TEXT NOT NULL,
  clause TEXT NOT NULL,
  period TEXT NOT NULL,
  city TEXT NOT NULL,
  name TEXT NOT NULL,
  eligible INTEGER NOT NULL,
  amount_yuan BIGINT NOT NULL,
  computed_yuan BIGINT NOT NULL,
  capped_yuan BIGINT NOT NULL,
  reason TEXT NOT NULL,
  PRIMARY KEY (run_id, uscc, clause, period)
);
CREATE INDEX run_rows_city ON run_rows(run_id, city, uscc);
CREATE TABLE run_events (
  id {ID},
  run_id BIGINT NOT NULL REFERENCES runs(id),
  from_status TEXT NOT NULL,
  to_status TEXT NOT NULL,
  user_id BIGINT NOT NULL,
  at BIGINT NOT NULL,
  note TEXT NOT NULL DEFAULT ''
);
CREATE TABLE ledger (
  id {ID},
  uscc TEXT NOT NULL,
  run_id BIGINT NOT NULL REFERENCES runs(id),
  clause TEXT NOT NULL,
  period TEXT NOT NULL,
  kind TEXT NOT NULL,
  amount_yuan BIGINT NOT NULL,
  at BIGINT NOT NULL,
  note TEXT NOT NULL DEFAULT ''
);
CREATE INDEX ledger_uscc ON ledger(uscc, id);
CREATE TABLE tasks (
  id {ID},
  uscc TEXT NOT NULL,
  department TEXT NOT NULL,
  title TEXT NOT NULL,
  detail TEXT NOT NULL DEFAULT '',
  status TEXT NOT NULL DEFAULT 'open',
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX tasks_department ON tasks(department, id);
CREATE TABLE audit_log (
  id {ID},
  at BIGINT NOT NULL,
  user_id BIGINT,
  username TEXT NOT NULL,
  role TEXT NOT NULL,
  scope TEXT NOT NULL,
  action TEXT NOT NULL,
  object_type TEXT NOT NULL,
  object_id TEXT NOT NULL,
  before_json TEXT NOT NULL DEFAULT '',
  after_json TEXT NOT NULL DEFAULT '',
  ip TEXT NOT NULL DEFAULT '',
  request_id TEXT NOT NULL DEFAULT '',
  result TEXT NOT NULL DEFAULT 'ok',
  prev_hash TEXT NOT NULL,
  hash TEXT NOT NULL
)
)SQL",
         // The audit log is append-only for everyone, the application included.
         R"SQL(
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END
)SQL",
         R"SQL(
CREATE FUNCTION zx_audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN RAISE EXCEPTION 'audit_log is append-only'; END $$;
CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE ON audit_log FOR EACH ROW EXECUTE FUNCTION zx_audit_append_only();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log FOR EACH STATEMENT EXECUTE FUNCTION zx_audit_append_only()
)SQL"},
        {2, "award results, run events and the ledger are immutable; runs change only their status", "",
         R"SQL(
CREATE TRIGGER run_rows_no_update BEFORE UPDATE ON run_rows BEGIN SELECT RAISE(ABORT, 'run results are immutable'); END;
CREATE TRIGGER run_rows_no_delete BEFORE DELETE ON run_rows BEGIN SELECT RAISE(ABORT, 'run results are immutable'); END;
CREATE TRIGGER ledger_no_update BEFORE UPDATE ON ledger BEGIN SELECT RAISE(ABORT, 'the ledger is append-only'); END;
CREATE TRIGGER ledger_no_delete BEFORE DELETE ON ledger BEGIN SELECT RAISE(ABORT, 'the ledger is append-only'); END;
CREATE TRIGGER run_events_no_change BEFORE UPDATE ON run_events BEGIN SELECT RAISE(ABORT, 'run events are append-only'); END;
CREATE TRIGGER runs_results_fixed BEFORE UPDATE OF policy_id, policy_version, policy_hash, data_hash, result_hash,
  budget_yuan, total_yuan, row_count, summary_json, created_by, created_at ON runs
  BEGIN SELECT RAISE(ABORT, 'a run''s inputs and results are immutable'); END;
CREATE TRIGGER runs_no_delete BEFORE DELETE ON runs BEGIN SELECT RAISE(ABORT, 'runs are kept'); END
)SQL",
         R"SQL(
CREATE FUNCTION zx_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN RAISE EXCEPTION '% is immutable', TG_TABLE_NAME; END $$;
CREATE TRIGGER run_rows_immutable BEFORE UPDATE OR DELETE ON run_rows FOR EACH ROW EXECUTE FUNCTION zx_immutable();
CREATE TRIGGER ledger_immutable BEFORE UPDATE OR DELETE ON ledger FOR EACH ROW EXECUTE FUNCTION zx_immutable();
CREATE TRIGGER run_events_immutable BEFORE UPDATE OR DELETE ON run_events FOR EACH ROW EXECUTE FUNCTION zx_immutable();
CREATE TRIGGER runs_results_fixed BEFORE UPDATE OF policy_id, policy_version, policy_hash, data_hash, result_hash,
  budget_yuan, total_yuan, row_count, summary_json, created_by, created_at ON runs FOR EACH ROW EXECUTE FUNCTION zx_immutable();
CREATE TRIGGER runs_no_delete BEFORE DELETE ON runs FOR EACH ROW EXECUTE FUNCTION zx_immutable()
)SQL"},
        {3, "security: settings, password history, captchas, encrypted enterprise contacts",
         R"SQL(
CREATE TABLE settings (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL,
  updated_by BIGINT,
  updated_at BIGINT NOT NULL
);
CREATE TABLE password_history (
  id {ID},
  user_id BIGINT NOT NULL REFERENCES users(id),
  password_hash TEXT NOT NULL,
  at BIGINT NOT NULL
);
CREATE INDEX password_history_user ON password_history(user_id, id);
CREATE TABLE captchas (
  id TEXT PRIMARY KEY,
  answer_hash TEXT NOT NULL,
  expires_at BIGINT NOT NULL,
  used INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE enterprise_contacts (
  uscc TEXT PRIMARY KEY REFERENCES enterprises(uscc),
  contact_name TEXT NOT NULL DEFAULT '',
  phone_enc TEXT NOT NULL DEFAULT '',
  id_number_enc TEXT NOT NULL DEFAULT '',
  bank_account_enc TEXT NOT NULL DEFAULT '',
  updated_by BIGINT,
  updated_at BIGINT NOT NULL
)
)SQL"},
    };
    return kAll;
}

}  // namespace

int latest_schema_version() {
    return migrations().back().version;
}

Result<int> migrate(Database& db) {
    auto lease = db.acquire();
    if (!lease) return lease.status();
    Connection& c = **lease;
    if (auto s = c.exec_script("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, "
                               "description TEXT NOT NULL, applied_at BIGINT NOT NULL)");
        !s)
        return s;
    auto cur = c.query("SELECT COALESCE(MAX(version), 0) FROM schema_version");
    if (!cur) return cur.status();
    int version = static_cast<int>(cur->rows.at(0).i64(0));
    for (const Migration& m : migrations()) {
        if (m.version <= version) continue;
        if (auto s = c.begin(); !s) return s;
        Status st = c.exec_script(render_ddl(m.sql, c.dialect()));
        const char* extra = c.dialect() == Dialect::kSqlite ? m.sqlite_only : m.postgres_only;
        if (st && extra && *extra) st = c.exec_script(extra);
        if (st) {
            const Value p[] = {std::int64_t{m.version}, std::string(m.description), unix_now()};
            auto r = c.exec("INSERT INTO schema_version (version, description, applied_at) VALUES ($1, $2, $3)", p);
            if (!r) st = r.status();
        }
        if (!st) {
            c.rollback();
            const std::string v = std::to_string(m.version);
            return st.with_context({"数据库迁移 " + v + " 失败：", "migration " + v + " failed: "});
        }
        if (auto s = c.commit(); !s) return s;
        version = m.version;
    }
    return version;
}

}  // namespace zx::db
