#include "modules/service_desk/desk_files.hpp"

#include "modules/service_desk/kpi_settings.hpp"
#include "platform/formats/toml_rules.hpp"

#include <algorithm>

#include "core/department.hpp"
#include "core/region.hpp"

namespace zx {
namespace {

namespace fs = std::filesystem;
using toml_rules::file_error;
using toml_rules::only_keys;
using toml_rules::parse;
using toml_rules::read_bool;
using toml_rules::read_int;
using toml_rules::read_string;
using toml_rules::read_strings;
using toml_rules::tables;

constexpr std::string_view kClockEffects[] = {"", "pause", "resume", "respond", "resolve", "reopen"};

Result<desk::Workflow> load_workflow(const fs::path& file) {
    auto root = parse(file);
    if (!root) return root.status();
    if (auto s = only_keys(file, *root, "", {"version", "states", "action"}); !s) return s;
    desk::Workflow w;
    if (auto s = read_string(file, *root, "", "version", w.version); !s) return s;
    if (auto s = read_strings(file, *root, "", "states", w.states); !s) return s;
    auto actions = tables(file, *root, "action");
    if (!actions) return actions.status();
    const auto known_state = [&w](const std::string& st) {
        return std::find(w.states.begin(), w.states.end(), st) != w.states.end();
    };
    for (std::size_t i = 0; i < actions->size(); ++i) {
        const toml::table& t = *(*actions)[i];
        const std::string path = "action[" + std::to_string(i + 1) + "].";
        if (auto s = only_keys(file, t, path,
                               {"name", "label", "label_en", "from", "to", "by", "reason", "department", "rating",
                                "days", "target", "within_response", "requires_pending_extension", "clock"});
            !s)
            return s;
        desk::ActionRule a;
        std::vector<std::string> by;
        for (Status s :
             {read_string(file, t, path, "name", a.name), read_string(file, t, path, "label", a.label),
              read_string(file, t, path, "label_en", a.label_en), read_strings(file, t, path, "from", a.from),
              read_string(file, t, path, "to", a.to, false), read_strings(file, t, path, "by", by),
              read_bool(file, t, path, "reason", a.needs_reason),
              read_bool(file, t, path, "department", a.needs_department),
              read_bool(file, t, path, "rating", a.needs_rating), read_bool(file, t, path, "days", a.needs_days),
              read_bool(file, t, path, "target", a.needs_target),
              read_bool(file, t, path, "within_response", a.within_response),
              read_bool(file, t, path, "requires_pending_extension", a.requires_pending_extension),
              read_string(file, t, path, "clock", a.clock, false)})
            if (!s) return s;
        if (w.find(a.name)) return file_error(file, &t, path + "name", {"动作重名：" + a.name, "duplicate " + a.name});
        for (const std::string& st : a.from)
            if (!known_state(st))
                return file_error(file, &t, path + "from", {"未知状态：" + st, "unknown state " + st});
        if (!a.to.empty() && !known_state(a.to))
            return file_error(file, &t, path + "to", {"未知状态：" + a.to, "unknown state " + a.to});
        for (const std::string& p : by) {
            auto party = desk::parse_party(p);
            if (!party)
                return file_error(file, &t, path + "by",
                                  {"未知办理方“" + p + "”（desk、city、lead、reporter、commissioner、system）",
                                   "unknown party \"" + p + "\" (desk, city, lead, reporter, commissioner, system)"});
            a.by.push_back(*party);
        }
        if (std::find(std::begin(kClockEffects), std::end(kClockEffects), a.clock) == std::end(kClockEffects))
            return file_error(file, &t, path + "clock",
                              {"应为 pause、resume、respond、resolve 或 reopen",
                               "expected pause, resume, respond, resolve or reopen"});
        w.actions.push_back(std::move(a));
    }
    for (std::string_view required : {"dispatch", "accept"})
        if (!w.find(required))
            return file_error(
                file, nullptr, "action",
                {"缺少动作 " + std::string(required), "the action " + std::string(required) + " is required"});
    return w;
}

Status read_limit(const fs::path& file, const toml::table& t, const std::string& path, desk::SlaLimit& l) {
    for (Status s : {read_int(file, t, path, "response_hours", l.response_hours, 1, 720),
                     read_int(file, t, path, "resolution_days", l.resolution_days, 1, 250),
                     read_int(file, t, path, "max_extension_days", l.max_extension_days, 1, 250)})
        if (!s) return s;
    if (l.max_extension_days < l.resolution_days)
        return file_error(file, &t, path + "max_extension_days",
                          {"不得小于 resolution_days", "must not be below resolution_days"});
    return Status::ok();
}

Result<desk::SlaPolicy> load_sla(const fs::path& file, const desk::Routing& routing) {
    auto root = parse(file);
    if (!root) return root.status();
    if (auto s = only_keys(file, *root, "", {"version", "warn_percent", "escalate_to", "default", "limit"}); !s)
        return s;
    desk::SlaPolicy p;
    if (auto s = read_string(file, *root, "", "version", p.version); !s) return s;
    if (auto s = read_int(file, *root, "", "warn_percent", p.warn_percent, 1, 99); !s) return s;
    if (auto s = read_strings(file, *root, "", "escalate_to", p.escalate_to); !s) return s;
    for (const std::string& e : p.escalate_to)
        if (e != "desk" && e != "city")
            return file_error(file, nullptr, "escalate_to", {"应为 desk 或 city", "expected desk or city"});
    const toml::table* d = (*root)["default"].as_table();
    if (!d) return file_error(file, nullptr, "default", {"缺少 [default.normal] 与 [default.urgent]", "missing"});
    if (auto s = only_keys(file, *d, "default.", {"normal", "urgent"}); !s) return s;
    for (auto [key, target] : {std::pair{"normal", &p.normal}, std::pair{"urgent", &p.urgent}}) {
        const toml::table* t = (*d)[key].as_table();
        const std::string path = std::string("default.") + key + ".";
        if (!t) return file_error(file, d, path, {"缺少", "missing"});
        if (auto s = only_keys(file, *t, path, {"response_hours", "resolution_days", "max_extension_days"}); !s)
            return s;
        if (auto s = read_limit(file, *t, path, *target); !s) return s;
    }
    auto limits = tables(file, *root, "limit");
    if (!limits) return limits.status();
    for (std::size_t i = 0; i < limits->size(); ++i) {
        const toml::table& t = *(*limits)[i];
        const std::string path = "limit[" + std::to_string(i + 1) + "].";
        if (auto s = only_keys(file, t, path,
                               {"category", "urgency", "response_hours", "resolution_days", "max_extension_days"});
            !s)
            return s;
        desk::SlaPolicy::Override o;
        if (auto s = read_string(file, t, path, "category", o.category); !s) return s;
        if (auto s = read_string(file, t, path, "urgency", o.urgency); !s) return s;
        if (!routing.category(o.category))
            return file_error(file, &t, path + "category",
                              {"未知类别：" + o.category, "unknown category " + o.category});
        if (o.urgency != "normal" && o.urgency != "urgent")
            return file_error(file, &t, path + "urgency", {"应为 normal 或 urgent", "expected normal or urgent"});
        o.limit = o.urgency == "urgent" ? p.urgent : p.normal;
        if (auto s = read_limit(file, t, path, o.limit); !s) return s;
        p.overrides.push_back(std::move(o));
    }
    return p;
}

Result<desk::Routing> load_routing(const fs::path& file) {
    auto root = parse(file);
    if (!root) return root.status();
    if (auto s = only_keys(file, *root, "", {"version", "category", "rule"}); !s) return s;
    desk::Routing r;
    if (auto s = read_string(file, *root, "", "version", r.version); !s) return s;
    auto cats = tables(file, *root, "category");
    if (!cats) return cats.status();
    for (std::size_t i = 0; i < cats->size(); ++i) {
        const toml::table& t = *(*cats)[i];
        const std::string path = "category[" + std::to_string(i + 1) + "].";
        if (auto s = only_keys(file, t, path, {"code", "name"}); !s) return s;
        desk::Category c;
        if (auto s = read_string(file, t, path, "code", c.code); !s) return s;
        if (auto s = read_string(file, t, path, "name", c.name); !s) return s;
        if (r.category(c.code)) return file_error(file, &t, path + "code", {"类别重复", "duplicate category"});
        r.categories.push_back(std::move(c));
    }
    if (r.categories.empty()) return file_error(file, nullptr, "category", {"至少一个类别", "at least one category"});
    auto rules = tables(file, *root, "rule");
    if (!rules) return rules.status();
    const auto departments = responsible_departments();
    for (std::size_t i = 0; i < rules->size(); ++i) {
        const toml::table& t = *(*rules)[i];
        const std::string path = "rule[" + std::to_string(i + 1) + "].";
        if (auto s = only_keys(file, t, path, {"category", "cities", "lead", "co"}); !s) return s;
        desk::RoutingRule rule;
        for (Status s :
             {read_string(file, t, path, "category", rule.category),
              read_strings(file, t, path, "cities", rule.cities, false), read_string(file, t, path, "lead", rule.lead),
              read_strings(file, t, path, "co", rule.co, false)})
            if (!s) return s;
        if (!r.category(rule.category))
            return file_error(file, &t, path + "category",
                              {"未知类别：" + rule.category, "unknown category " + rule.category});
        for (const std::string& c : rule.cities)
            if (!find_city(c))
                return file_error(file, &t, path + "cities",
                                  {"不是14个设区市之一：" + c, "not one of the 14 cities: " + c});
        for (const std::string* d : [&] {
                 std::vector<const std::string*> all{&rule.lead};
                 for (const std::string& c : rule.co) all.push_back(&c);
                 return all;
             }()) {
            const Department* dep = departments->find(*d);
            if (!dep)
                return file_error(file, &t, path + (d == &rule.lead ? "lead" : "co"),
                                  {"不在责任单位名单（policies/departments.toml）中：" + *d,
                                   "not a department of policies/departments.toml: " + *d});
        }
        r.rules.push_back(std::move(rule));
    }
    for (const desk::Category& c : r.categories) {
        const bool catch_all = std::any_of(r.rules.begin(), r.rules.end(), [&](const desk::RoutingRule& x) {
            return x.category == c.code && x.cities.empty();
        });
        if (!catch_all)
            return file_error(file, nullptr, "rule",
                              {"类别 " + c.code + " 缺少适用于所有设区市的规则",
                               "category " + c.code + " needs a rule without cities (for every city)"});
    }
    return r;
}

}  // namespace

Result<desk::DeskRules> load_desk_rules(const fs::path& dir) {
    desk::DeskRules rules;
    auto routing = load_routing(dir / "routing.toml");
    if (!routing) return routing.status();
    rules.routing = std::move(routing).value();
    auto workflow = load_workflow(dir / "workflow.toml");
    if (!workflow) return workflow.status();
    rules.workflow = std::move(workflow).value();
    auto sla = load_sla(dir / "sla.toml", rules.routing);
    if (!sla) return sla.status();
    rules.sla = std::move(sla).value();
    auto kpi = service_desk::load_kpi_settings(dir / "kpi.toml");
    if (!kpi) return kpi.status();
    rules.kpi = std::move(kpi).value();
    {
        const fs::path file = dir / "webhooks.toml";
        auto root = parse(file);
        if (!root) return root.status();
        if (auto s =
                only_keys(file, *root, "",
                          {"version", "first_delay_seconds", "max_delay_seconds", "max_attempts", "timeout_seconds"});
            !s)
            return s;
        std::string version;
        int first = 30, max = 3600;
        for (Status s : {read_string(file, *root, "", "version", version),
                         read_int(file, *root, "", "first_delay_seconds", first, 1, 86400),
                         read_int(file, *root, "", "max_delay_seconds", max, 1, 7 * 86400),
                         read_int(file, *root, "", "max_attempts", rules.webhook.max_attempts, 1, 100),
                         read_int(file, *root, "", "timeout_seconds", rules.webhook_timeout_seconds, 1, 60)})
            if (!s) return s;
        rules.webhook.first_delay_seconds = first;
        rules.webhook.max_delay_seconds = max;
        if (auto s = service_desk::validate(rules.webhook); !s)
            return file_error(file, nullptr, "max_delay_seconds", s.text());
    }
    return rules;
}

}  // namespace zx
