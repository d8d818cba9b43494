// Each module owns the migrations of its tables: a module declares an ordered list of numbered
// steps, and migrate_modules() applies the ones a database has not seen, each in its own
// transaction, recording (module, version) in module_schema. A failed step rolls back alone and
// stops the start-up; the steps before it stay applied. The tables that existed before modules had
// migrations of their own are the platform's baseline (migrations.cpp), applied first.
#pragma once

#include <string>
#include <vector>

#include "core/status.hpp"
#include "platform/storage/db.hpp"

namespace zx::db {

struct ModuleMigration {
    int version;              // 1, 2, ... within the module, never reused
    std::string description;  // what the step does
    std::string sql;          // {ID} → the dialect's auto-increment primary key
    std::string sqlite_only;  // extra statements per dialect (triggers, functions)
    std::string postgres_only;
};

struct ModuleSchema {
    std::string module;  // "service_desk", ...
    std::vector<ModuleMigration> migrations;
};

// DDL for the connection's dialect: {ID} becomes its auto-increment primary key.
std::string render_ddl(std::string sql, Dialect d);

// Applies every module's unapplied steps, modules in the given order (dependencies first).
Status migrate_modules(Database& db, const std::vector<ModuleSchema>& modules);
// The version a module has reached in `db` (0: none).
Result<int> module_version(Database& db, const std::string& module);

}  // namespace zx::db
