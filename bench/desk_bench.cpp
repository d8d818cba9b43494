// The service desk's lists on a large database (the issue: 1,000,000 cases, list and filter p95 under
// 200 ms on SQLite and PostgreSQL). Measurements, not tests: nothing here asserts a time.
//
// Once per process it opens the database, brings it to the platform's schema (api::migrate_all, the
// same steps the server runs) and, unless it already holds exactly N bench cases, bulk-inserts them
// (Connection::bulk_insert, as the demo seed does) and runs ANALYZE. The data: a few thousand
// enterprises over the 14 cities (南宁 and 柳州 heavier), cases over the last two years with the
// categories, urgencies, lead and co-handling departments of policies/service_desk/routing.toml,
// statuses and SLA states by age (old cases mostly closed, recent ones open), a sub-task per
// co-handling department, and the report/dispatch events of every tenth case. Seeding is never timed.
//
// Each benchmark is one DeskService call (list, or tasks) with Iterations(1) and many repetitions, so
// the p50/p95/max aggregates are percentiles of single calls (wall clock; the first call of each is
// made once untimed as a warm-up). The total, count and the items returned are checked to be what the
// filter asks for, so a fast wrong answer does not pass for a result.
//
// Environment:
//   ZX_DESK_BENCH_CASES [1000000]        ZX_DESK_BENCH_ENTERPRISES [5000]
//   ZX_BENCH_PG_URL                      PostgreSQL URL (postgresql://...); else SQLite
//   ZX_DESK_BENCH_DIR [/tmp/zx-desk-bench]  where the SQLite file lives (kept between runs: re-seeded
//                                        only when its case count differs; delete it to start over)
//   ZX_DESK_BENCH_REPS [30]              repetitions per benchmark
//   ZX_DESK_BENCH_ANALYZE [1]            ANALYZE after the seed (PostgreSQL: VACUUM ANALYZE; SQLite too,
//                                        though the server never runs ANALYZE there: 0 measures SQLite's
//                                        planner without statistics)
#include <benchmark/benchmark.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <functional>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "app/app.hpp"
#include "app/schema.hpp"
#include "core/principal.hpp"
#include "core/region.hpp"
#include "modules/service_desk/calendar_files.hpp"
#include "modules/service_desk/desk_files.hpp"
#include "modules/service_desk/desk_service.hpp"
#include "platform/storage/db.hpp"

namespace {

using zx::db::Value;

[[noreturn]] void die(const std::string& what) {
    std::fprintf(stderr, "desk_bench: %s\n", what.c_str());
    std::exit(2);
}

std::int64_t env_int(const char* name, std::int64_t fallback) {
    const char* v = std::getenv(name);
    return v && *v ? std::strtoll(v, nullptr, 10) : fallback;
}

std::string env_str(const char* name, const std::string& fallback) {
    const char* v = std::getenv(name);
    return v && *v ? std::string(v) : fallback;
}

// The city official's city and the departments the benchmarks ask about.
const std::string kCity = "南宁市";
const std::string kLeadDept = "自治区人力资源社会保障厅";  // lead of labor (the most frequent category)
const std::string kScopeDept = "自治区工业和信息化厅";     // lead of approval and policy, co-handler of land
const std::string kQuery = "电力增容";                      // in about 1 title of 60

struct Fixture {
    std::unique_ptr<zx::db::Database> db;
    std::shared_ptr<const zx::desk::DeskRules> rules;
    std::unique_ptr<zx::DeskService> desk;
    std::int64_t cases = 0;
    std::string backend;
};

// Weighted pick: weights need not sum to anything.
template <typename Rng>
std::size_t pick(Rng& rng, const std::vector<double>& w) {
    std::discrete_distribution<std::size_t> d(w.begin(), w.end());
    return d(rng);
}

std::string json_array(const std::vector<std::string>& v) {
    std::string out = "[";
    for (std::size_t i = 0; i < v.size(); ++i) out += (i ? ",\"" : "\"") + v[i] + "\"";
    return out + "]";
}

void seed(Fixture& f, std::int64_t n, std::int64_t n_ent) {
    std::mt19937_64 rng(7);
    std::uniform_real_distribution<double> u01(0.0, 1.0);
    const std::int64_t now = std::time(nullptr);
    const std::int64_t span = 730 * 86400;  // two years of cases, evenly in id order

    // Enterprises: 南宁 and 柳州 heavier, as the real population is.
    std::vector<double> city_w = {18, 14, 9, 6, 6, 4, 7, 6, 8, 5, 4, 4, 4, 5};
    std::vector<std::string> ent_uscc(n_ent), ent_city(n_ent);
    std::vector<std::vector<Value>> ents;
    for (std::int64_t i = 0; i < n_ent; ++i) {
        char buf[32];
        std::snprintf(buf, sizeof buf, "9145%02d%012lld", static_cast<int>(i % 97), static_cast<long long>(i));
        ent_uscc[i] = buf;
        ent_city[i] = std::string(zx::kCities[pick(rng, city_w)]);
        ents.push_back({ent_uscc[i], "广西测试企业" + std::to_string(i) + "有限公司", ent_city[i],
                        std::string("C") + std::to_string(13 + i % 30), zx::db::null(), now});
    }
    // A few enterprises report most cases (Zipf-like), as in the demo.
    std::vector<double> ent_w(n_ent);
    for (std::int64_t i = 0; i < n_ent; ++i) ent_w[i] = 1.0 / std::sqrt(static_cast<double>(i % 997 + 1));

    const auto& cats = f.rules->routing.categories;
    std::vector<double> cat_w = {24, 10, 12, 16, 8, 14, 10, 6};
    cat_w.resize(cats.size(), 5);
    const std::vector<std::string> phrases = {
        "技术工人招聘困难，请求协调对接", "新建厂房用地指标未落实", "电力增容申请久拖未办", "流动资金贷款续贷受阻",
        "原材料运输车辆通行受限", "环评审批进度缓慢", "技改补贴资金尚未拨付", "节后返岗率不足，急需普工和焊工",
        "土地证办理遇到历史遗留问题", "用气价格上涨影响生产", "出口集装箱运力紧张", "项目备案手续反复退回",
        "研发费用加计扣除政策咨询", "园区道路与排水配套滞后", "高新技术企业认定材料咨询",
        "专项债券项目资金拨付滞后", "消防验收排期过长", "厂区专用变压器扩容", "稳岗返还未到账",
        "铁路专用线接入协调", "银行抽贷断贷", "规上工业企业奖励申报", "危废处置渠道不畅",
        "排污许可证延续办理", "设备融资租赁利率偏高", "跨省物流成本上涨", "工业用水指标不足",
        "人才公寓申请", "首台套保险补偿申报", "供电可靠性不足，频繁停电", "招工补贴申领流程咨询",
        "土地出让金分期缴纳", "施工许可与规划许可并联办理", "企业上市辅导政策咨询", "港口堆场费用偏高",
        "电价优惠政策兑现", "厂房租金补贴", "职业技能培训补贴", "外贸订单结汇问题", "其他事项咨询",
        "用电报装流程简化", "增值税留抵退税进度", "危险品运输许可办理", "供热管网接入", "征地拆迁补偿纠纷",
        "融资担保费率", "数字化改造补助申报", "建设用地规划条件调整", "安全生产许可延续", "招聘会场地协调",
        "企业技术中心认定", "供水压力不足", "物流园区仓储紧张", "网络专线带宽不足", "一般性问题咨询",
        "商标与专利质押融资", "节能审查意见办理", "天然气管道接入", "电力增容与线路改造同时申请", "其他"};
    const std::vector<std::string> states_old = {"closed", "replied", "in_progress", "waiting", "accepted",
                                                 "dispatched", "submitted"};
    const std::vector<double> w_old = {85, 5, 4, 2, 2, 1, 1};
    const std::vector<double> w_new = {8, 10, 30, 10, 20, 20, 2};

    const std::vector<std::string> case_cols = {
        "uscc",          "city",         "category",     "urgency",        "title",
        "description",   "status",       "lead_department", "co_departments", "reporter_id",
        "idempotency_key", "request_hash", "created_at",   "updated_at",     "response_due",
        "response_warn_at", "responded_at", "resolution_due", "resolution_warn_at", "resolved_at",
        "closed_at",     "rating",       "sla_state",    "duplicates",     "alerts"};
    const std::vector<std::string> sub_cols = {"case_id", "department", "status", "created_at", "due",
                                               "accepted_at", "done_at"};
    const std::vector<std::string> ev_cols = {"case_id", "at", "action", "from_status", "to_status", "department",
                                              "actor_name", "actor_role"};

    const auto t0 = std::chrono::steady_clock::now();
    zx::Status st = zx::db::in_transaction(*f.db, [&](zx::db::Connection& c) -> zx::Status {
        if (auto s = c.bulk_insert("enterprises",
                                   std::vector<std::string>{"uscc", "name", "city", "industry", "scale_since",
                                                            "updated_at"},
                                   ents);
            !s)
            return s;
        std::discrete_distribution<std::int64_t> ent_d(ent_w.begin(), ent_w.end());
        std::discrete_distribution<std::size_t> cat_d(cat_w.begin(), cat_w.end());
        std::discrete_distribution<std::size_t> old_d(w_old.begin(), w_old.end()), new_d(w_new.begin(), w_new.end());
        std::vector<std::vector<Value>> rows, subs, evs;
        const std::int64_t chunk = 20'000;
        for (std::int64_t id = 1; id <= n; ++id) {
            const std::int64_t e = ent_d(rng);
            const std::string& city = ent_city[e];
            const zx::desk::Category& cat = cats[cat_d(rng)];
            const zx::desk::RoutingRule* route = f.rules->routing.route(cat.code, city);
            const std::string lead = route ? route->lead : "";
            const std::vector<std::string> co = route ? route->co : std::vector<std::string>{};
            const bool urgent = u01(rng) < 0.15;
            const std::int64_t created = now - span + span * id / n - static_cast<std::int64_t>(u01(rng) * 600);
            const std::int64_t age = now - created;
            const std::string status = age > 30 * 86400 ? states_old[old_d(rng)] : states_old[new_d(rng)];
            const std::int64_t resp_limit = (urgent ? 4 : 24) * 3600;
            const std::int64_t resolution_limit = (urgent ? 5 : 10) * 86400;
            const bool responded = status != "submitted" && status != "dispatched";
            const bool resolved = status == "replied" || status == "closed";
            const bool closed = status == "closed";
            const std::int64_t responded_at = created + static_cast<std::int64_t>(u01(rng) * resp_limit * 1.2);
            const std::int64_t resolved_at = created + static_cast<std::int64_t>(u01(rng) * resolution_limit * 1.15);
            std::string sla;
            if (closed) {
                sla = (responded_at <= created + resp_limit && resolved_at <= created + resolution_limit) ? "met"
                                                                                                        : "missed";
            } else {
                const std::int64_t due = responded ? created + resolution_limit : created + resp_limit;
                const std::int64_t budget = responded ? resolution_limit : resp_limit;
                sla = now > due ? "breached" : (now > created + budget * 8 / 10 ? "warning" : "ok");
            }
            const std::string& phrase = phrases[rng() % phrases.size()];
            std::vector<Value> r = {
                ent_uscc[e],
                city,
                cat.code,
                std::string(urgent ? "urgent" : "normal"),
                cat.name + "：" + phrase,
                "企业反映：" + phrase + "。已影响正常生产经营，请相关部门尽快协调解决，联系人见企业档案。编号" +
                    std::to_string(id),
                status,
                lead,
                json_array(co),
                std::int64_t{1000 + e},
                "bench-" + std::to_string(id),
                std::string("0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"),
                created,
                closed ? created + resolution_limit : (resolved ? resolved_at : created + 3600),
                created + resp_limit,
                created + resp_limit * 8 / 10,
                responded ? Value{responded_at} : zx::db::null(),
                Value{created + resolution_limit},
                Value{created + resolution_limit * 8 / 10},
                resolved ? Value{resolved_at} : zx::db::null(),
                closed ? Value{resolved_at + 86400} : zx::db::null(),
                closed ? Value{std::int64_t{3 + static_cast<std::int64_t>(rng() % 3)}} : zx::db::null(),
                sla,
                std::string(id > 10 && id % 97 == 0 ? "[" + std::to_string(id - 7) + "]" : "[]"),
                std::int64_t{sla == "breached" ? 3 : 0}};
            rows.push_back(std::move(r));
            for (const std::string& d : co) {
                const char* ss = resolved ? "done" : (responded ? "accepted" : "open");
                subs.push_back({id, d, std::string(ss), created, created + resolution_limit,
                                responded ? Value{responded_at} : zx::db::null(),
                                resolved ? Value{resolved_at} : zx::db::null()});
            }
            if (id % 10 == 0) {
                evs.push_back({id, created, std::string("report"), std::string(""), std::string("submitted"),
                               std::string(""), std::string("企业用户"), std::string("enterprise")});
                evs.push_back({id, created, std::string("dispatch"), std::string("submitted"),
                               std::string("dispatched"), lead, std::string(""), std::string("")});
            }
            if (id % chunk == 0 || id == n) {
                if (auto s = c.bulk_insert("desk_cases", case_cols, rows); !s) return s;
                if (auto s = c.bulk_insert("desk_subtasks", sub_cols, subs); !s) return s;
                if (auto s = c.bulk_insert("desk_events", ev_cols, evs); !s) return s;
                rows.clear();
                subs.clear();
                evs.clear();
            }
        }
        return zx::Status::ok();
    });
    if (!st) die("seed: " + st.message());
    const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    std::fprintf(stderr, "desk_bench: seeded %lld cases, %lld enterprises in %.0f s\n", static_cast<long long>(n),
                 static_cast<long long>(n_ent), secs);
}

Fixture& fixture() {
    static Fixture f = [] {
        Fixture x;
        const std::int64_t n = env_int("ZX_DESK_BENCH_CASES", 1'000'000);
        const std::int64_t n_ent = env_int("ZX_DESK_BENCH_ENTERPRISES", 5000);
        const std::string pg = env_str("ZX_BENCH_PG_URL", "");
        std::string url;
        if (!pg.empty()) {
            url = pg;
            x.backend = "postgres";
        } else {
            const std::filesystem::path dir = env_str("ZX_DESK_BENCH_DIR", "/tmp/zx-desk-bench");
            std::filesystem::create_directories(dir);
            url = "sqlite:" + (dir / ("desk-" + std::to_string(n) + ".db")).string();
            x.backend = "sqlite";
        }
        auto db = zx::db::Database::open(url, 2);
        if (!db) die("open " + url + ": " + db.status().message());
        x.db = std::move(db).value();
        if (auto v = zx::api::migrate_all(*x.db); !v) die("migrate: " + v.status().message());
        const std::filesystem::path policies = ZX_SOURCE_DIR "/policies";
        if (auto s = zx::api::load_responsible_departments(policies); !s) die(s.message());
        auto rules = zx::load_desk_rules(policies / "service_desk");
        if (!rules) die("rules: " + rules.status().message());
        x.rules = std::make_shared<const zx::desk::DeskRules>(std::move(rules).value());
        auto cal = zx::load_working_calendar(ZX_SOURCE_DIR "/calendars", "guangxi");
        if (!cal) die("calendar: " + cal.status().message());
        x.desk = std::make_unique<zx::DeskService>(*x.db, x.rules,
                                                   std::make_shared<const zx::WorkingCalendar>(std::move(cal).value()));
        std::int64_t have = 0;
        {
            auto lease = x.db->acquire();
            if (!lease) die(lease.status().message());
            auto r = (*lease)->query("SELECT COUNT(*) FROM desk_cases");
            if (!r) die(r.status().message());
            have = r->rows.at(0).i64(0);
        }
        if (have != n) {
            if (have != 0) die("the database holds " + std::to_string(have) + " cases, not " + std::to_string(n) +
                               ": use an empty one (" + url + ")");
            seed(x, n, n_ent);
            if (env_int("ZX_DESK_BENCH_ANALYZE", 1) == 1) {
                auto lease = x.db->acquire();
                if (!lease) die(lease.status().message());
                const auto t0 = std::chrono::steady_clock::now();
                // PostgreSQL: VACUUM too, as autovacuum does within minutes of a bulk load (the visibility
                // map that index-only COUNTs need), as bench/load.sh does.
                const char* sql = x.backend == "postgres" ? "VACUUM ANALYZE" : "ANALYZE";
                if (auto s = (*lease)->exec_script(sql); !s) die(std::string(sql) + ": " + s.message());
                std::fprintf(stderr, "desk_bench: %s in %.0f s\n", sql,
                             std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
            }
        } else {
            std::fprintf(stderr, "desk_bench: reusing %lld cases in %s\n", static_cast<long long>(n),
                         x.db->describe().c_str());
        }
        x.cases = n;
        return x;
    }();
    return f;
}

zx::Principal province() {
    zx::Principal p;
    p.user_id = 1;
    p.username = "bench_admin";
    p.role = zx::Role::kProvinceAdmin;
    return p;
}
zx::Principal city_official() {
    zx::Principal p;
    p.user_id = 2;
    p.username = "bench_city";
    p.role = zx::Role::kCityOfficial;
    p.city = kCity;
    return p;
}
zx::Principal dept_handler() {
    zx::Principal p;
    p.user_id = 3;
    p.username = "bench_dept";
    p.role = zx::Role::kDeptHandler;
    p.department = kScopeDept;
    return p;
}

double percentile(std::vector<double> v, double q) {
    if (v.empty()) return 0;
    std::sort(v.begin(), v.end());
    const std::size_t i = static_cast<std::size_t>(std::ceil(q * static_cast<double>(v.size()))) - 1;
    return v[std::min(i, v.size() - 1)];
}
double p50(const std::vector<double>& v) { return percentile(v, 0.50); }
double p95(const std::vector<double>& v) { return percentile(v, 0.95); }
double vmax(const std::vector<double>& v) { return v.empty() ? 0 : *std::max_element(v.begin(), v.end()); }

// One DeskService::list call per iteration; checks the answer once (not timed).
void run_list(benchmark::State& state, const zx::Principal& who, const zx::CaseFilter& filter, int page,
              const std::function<bool(const zx::CaseRecord&)>& ok) {
    Fixture& f = fixture();
    const zx::PageRequest pr{page, 20};
    auto first = f.desk->list(who, filter, pr);  // warm-up, and the check
    if (!first) {
        state.SkipWithError(first.status().message().c_str());
        return;
    }
    for (const zx::CaseRecord& c : first->items)
        if (!ok(c)) {
            state.SkipWithError(("case " + std::to_string(c.id) + " does not match the filter").c_str());
            return;
        }
    if (first->items.empty() || first->total <= 0) {
        state.SkipWithError("no cases matched: the data does not exercise this filter");
        return;
    }
    for (auto _ : state) {
        auto r = f.desk->list(who, filter, pr);
        if (!r) {
            state.SkipWithError(r.status().message().c_str());
            break;
        }
        benchmark::DoNotOptimize(r->items.data());
    }
    state.counters["total"] = static_cast<double>(first->total);
    state.counters["items"] = static_cast<double>(first->items.size());
    state.SetLabel(f.backend + ", " + std::to_string(f.cases) + " cases");
}

void BM_ListAll(benchmark::State& s) {
    run_list(s, province(), {}, 1, [](const zx::CaseRecord&) { return true; });
}
void BM_ListStatus(benchmark::State& s) {
    zx::CaseFilter f;
    f.status = "in_progress";
    run_list(s, province(), f, 1, [](const zx::CaseRecord& c) { return c.status == "in_progress"; });
}
void BM_ListCityStatus(benchmark::State& s) {
    zx::CaseFilter f;
    f.city = kCity;
    f.status = "closed";
    run_list(s, province(), f, 1, [](const zx::CaseRecord& c) { return c.city == kCity && c.status == "closed"; });
}
void BM_ListDepartment(benchmark::State& s) {
    zx::CaseFilter f;
    f.department = kLeadDept;
    run_list(s, province(), f, 1, [](const zx::CaseRecord& c) { return c.lead_department == kLeadDept; });
}
void BM_ListSlaBreached(benchmark::State& s) {
    zx::CaseFilter f;
    f.sla = "breached";
    run_list(s, province(), f, 1, [](const zx::CaseRecord& c) { return c.sla_state == "breached"; });
}
void BM_ListTitleQuery(benchmark::State& s) {
    zx::CaseFilter f;
    f.q = kQuery;
    run_list(s, province(), f, 1,
             [](const zx::CaseRecord& c) { return c.title.find(kQuery) != std::string::npos; });
}
void BM_ListDeepPage(benchmark::State& s) {
    run_list(s, province(), {}, 2000, [](const zx::CaseRecord&) { return true; });
}
void BM_ListCityScope(benchmark::State& s) {
    run_list(s, city_official(), {}, 1, [](const zx::CaseRecord& c) { return c.city == kCity; });
}
void BM_ListDepartmentScope(benchmark::State& s) {
    // Its lead cases or those it co-handles (the EXISTS on desk_subtasks): co_departments names it then.
    run_list(s, dept_handler(), {}, 1, [](const zx::CaseRecord& c) {
        return c.lead_department == kScopeDept ||
               std::find(c.co_departments.begin(), c.co_departments.end(), kScopeDept) != c.co_departments.end();
    });
}
void BM_TasksDepartment(benchmark::State& s) {
    Fixture& f = fixture();
    const zx::Principal who = dept_handler();
    const zx::PageRequest pr{1, 20};
    auto first = f.desk->tasks(who, "", pr);
    if (!first) {
        s.SkipWithError(first.status().message().c_str());
        return;
    }
    for (const zx::DeskTask& t : first->items)
        if (t.department != kScopeDept) {
            s.SkipWithError("a task of another department");
            return;
        }
    if (first->items.empty()) {
        s.SkipWithError("no tasks: the data does not exercise the task list");
        return;
    }
    for (auto _ : s) {
        auto r = f.desk->tasks(who, "", pr);
        if (!r) {
            s.SkipWithError(r.status().message().c_str());
            break;
        }
        benchmark::DoNotOptimize(r->items.data());
    }
    s.counters["total"] = static_cast<double>(first->total);
    s.counters["items"] = static_cast<double>(first->items.size());
    s.SetLabel(f.backend + ", " + std::to_string(f.cases) + " cases");
}

void configure(benchmark::internal::Benchmark* b) {
    b->Iterations(1)
        ->Repetitions(static_cast<int>(env_int("ZX_DESK_BENCH_REPS", 30)))
        ->ComputeStatistics("p50", p50)
        ->ComputeStatistics("p95", p95)
        ->ComputeStatistics("max", vmax)
        ->ReportAggregatesOnly(true)
        ->UseRealTime()
        ->Unit(benchmark::kMillisecond);
}

BENCHMARK(BM_ListAll)->Apply(configure);
BENCHMARK(BM_ListStatus)->Apply(configure);
BENCHMARK(BM_ListCityStatus)->Apply(configure);
BENCHMARK(BM_ListDepartment)->Apply(configure);
BENCHMARK(BM_ListSlaBreached)->Apply(configure);
BENCHMARK(BM_ListTitleQuery)->Apply(configure);
BENCHMARK(BM_ListDeepPage)->Apply(configure);
BENCHMARK(BM_ListCityScope)->Apply(configure);
BENCHMARK(BM_ListDepartmentScope)->Apply(configure);
BENCHMARK(BM_TasksDepartment)->Apply(configure);

}  // namespace

BENCHMARK_MAIN();
