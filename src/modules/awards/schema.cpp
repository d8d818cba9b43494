#include "modules/awards/schema.hpp"

namespace zx::awards {

db::ModuleSchema schema() {
    return {"awards",
            {{1, "saved simulation scenarios",
              "CREATE TABLE simulation_scenarios (\n"
              "  id {ID},\n"
              "  name TEXT NOT NULL,\n"
              "  policy_id TEXT NOT NULL,\n"
              "  settings_json TEXT NOT NULL,\n"
              "  budget_yuan BIGINT,\n"
              "  created_by BIGINT NOT NULL,\n"
              "  created_at BIGINT NOT NULL\n"
              ")",
              "", ""},
             {2, "a run's data currency, the pending months it left out, 公示 objections, ledger by run",
              // verified_version NULL: a run from before the check, which is treated as stale.
              "ALTER TABLE runs ADD COLUMN verified_version BIGINT;\n"
              "ALTER TABLE runs ADD COLUMN pending_enterprises INTEGER NOT NULL DEFAULT 0;\n"
              "ALTER TABLE runs ADD COLUMN pending_months INTEGER NOT NULL DEFAULT 0;\n"
              "ALTER TABLE runs ADD COLUMN recomputes BIGINT;\n"
              "ALTER TABLE run_events ADD COLUMN kind TEXT NOT NULL DEFAULT 'transition';\n"
              "CREATE TABLE run_objections (\n"
              "  id {ID},\n"
              "  run_id BIGINT NOT NULL REFERENCES runs(id),\n"
              "  uscc TEXT NOT NULL,\n"
              "  clause TEXT NOT NULL DEFAULT '',\n"
              "  text TEXT NOT NULL,\n"
              "  filed_by BIGINT NOT NULL,\n"
              "  filed_at BIGINT NOT NULL,\n"
              "  status TEXT NOT NULL,\n"
              "  decided_by BIGINT,\n"
              "  decided_at BIGINT,\n"
              "  decision_reason TEXT\n"
              ");\n"
              "CREATE INDEX run_objections_run ON run_objections(run_id, status);\n"
              "CREATE INDEX run_events_run ON run_events(run_id, id);\n"
              "CREATE INDEX ledger_run ON ledger(run_id, id)",
              // What a run was computed from is as fixed as its results.
              "CREATE TRIGGER runs_inputs_fixed BEFORE UPDATE OF verified_version, pending_enterprises, "
              "pending_months, recomputes ON runs BEGIN SELECT RAISE(ABORT, 'a run''s inputs are fixed'); END",
              "CREATE TRIGGER runs_inputs_fixed BEFORE UPDATE OF verified_version, pending_enterprises, "
              "pending_months, recomputes ON runs FOR EACH ROW EXECUTE FUNCTION zx_immutable()"}}};
}

}  // namespace zx::awards
