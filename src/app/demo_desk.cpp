// The service desk's demonstration: eight weeks of cases replayed through the service (seed_desk_demo).
#include "app/demo_seed.hpp"

#include <map>
#include <random>

#include "core/clock.hpp"
#include "core/region.hpp"

namespace zx {
namespace {

struct Story {
    const char* category;
    const char* title;
    const char* description;
};

// What enterprises bring to the desk, by category (the matters measure (二十一) names).
constexpr Story kStories[] = {
    {"labor", "节后返岗率不足，急需普工约120人",
     "春节后返岗率约六成，两条产线开工不足，急需普工和焊工，请协助对接招聘会和职业院校。"},
    {"labor", "技术工人招聘难，请协助对接职业院校订单培养",
     "数控、焊接岗位长期缺员30人左右，希望与区内职业院校建立订单培养。"},
    {"land", "扩产项目用地指标未落实", "二期扩产项目已备案，拟用地约80亩，用地指标尚未落实，影响年内开工。"},
    {"land", "标准厂房租赁价格偏高，申请工业保障房", "企业年产值超1亿元，申请按“成本+微利”价受让工业保障房。"},
    {"energy", "新增生产线用电容量不足", "新增两条生产线需增容2000千伏安，申请加快报装和配套线路建设。"},
    {"energy", "迎峰度夏期间有序用电影响连续生产", "企业为连续生产流程，请求在有序用电方案中予以保障。"},
    {"finance", "流动资金贷款到期，申请无还本续贷", "一笔3000万元流动资金贷款下月到期，订单充足，申请无还本续贷。"},
    {"finance", "技改项目融资需求，申请对接“技改贷”", "技改项目总投资1.2亿元，资金缺口约5000万元，希望对接技改贷。"},
    {"logistics", "原料运输受阻，请求协调铁路运力", "进口原料到港后铁路运力紧张，请协调中欧班列及铁路货运计划。"},
    {"logistics", "高速公路通行费优惠未享受", "企业为工业龙头企业，原料和产品运输未享受差异化收费优惠。"},
    {"approval", "重大项目环评审批进度慢", "项目已提交环评报告两个月，请协调加快审批，列入绿色通道。"},
    {"approval", "技改项目节能审查办理", "技改项目能耗强度低于控制值，请确认是否免于制定能耗落实方案。"},
    {"policy", "一季度增产奖励何时兑现", "企业一季度产值增速超过12%，请问增产增效奖励的兑现时间和程序。"},
    {"policy", "专精特新奖励申报材料咨询", "企业为国家级专精特新“小巨人”，请问奖励申报需要哪些材料。"},
    {"other", "希望参加数字化转型专题活动", "企业计划建设数字化车间，希望参加特派员组织的数字化转型对接活动。"},
};

Result<Principal> principal_of(db::Database& db, const std::string& username) {
    auto lease = db.acquire();
    if (!lease) return lease.status();
    const db::Value p[] = {username};
    auto r = (*lease)->query(
        "SELECT id, display_name, role, COALESCE(city, ''), COALESCE(department, ''), COALESCE(uscc, '') FROM users "
        "WHERE username = $1",
        p);
    if (!r) return r.status();
    if (r->empty()) return Status::internal({"缺少演示账号 " + username, "a demo account is missing: " + username});
    Principal u;
    u.user_id = r->rows[0].i64(0);
    u.username = username;
    u.display_name = r->rows[0].str(1);
    u.role = parse_role(r->rows[0].str(2)).value_or(Role::kNone);
    u.city = r->rows[0].str(3);
    u.department = r->rows[0].str(4);
    u.uscc = r->rows[0].str(5);
    return u;
}

// A one-page PDF, as a reporter's attachment.
std::string demo_pdf() {
    return "%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n"
           "trailer<</Root 1 0 R>>\n%%EOF\n";
}

}  // namespace

Status seed_desk_demo(db::Database& db, DeskService& desk, DemoSeedResult& out) {
    const desk::DeskRules* rules = desk.rules();
    if (!rules) return Status::ok();
    RequestContext ctx{"127.0.0.1", "demo-seed"};
    auto admin = principal_of(db, "gxt_admin");
    if (!admin) return admin.status();
    // Commissioners serve their city's enterprises (the others stay uncovered: one click shows them).
    for (const char* city : {"南宁市", "柳州市", "桂林市"})
        if (auto n = desk.auto_assign(*admin, ctx, city); !n) return n.status();
    std::map<std::string, Principal> leads;  // a handler of each lead unit
    for (const char* u : {"hrss", "fgw", "zrzyt", "jrjgj", "jtyst", "gxt_desk"}) {
        auto p = principal_of(db, u);
        if (!p) return p.status();
        leads[p->department] = *p;
    }
    // Enterprises and who serves them: a commissioner reports and confirms for their own, the desk's
    // hotline takes the calls of the others.
    std::vector<std::pair<std::string, std::int64_t>> usccs;
    {
        auto lease = db.acquire();
        if (!lease) return lease.status();
        auto r = (*lease)->query(
            "SELECT e.uscc, COALESCE(a.commissioner_id, 0) FROM enterprises e LEFT JOIN desk_assignments a ON a.uscc = "
            "e.uscc ORDER BY e.uscc");
        if (!r) return r.status();
        for (const db::Row& row : r->rows) usccs.emplace_back(row.str(0), row.i64(1));
    }
    if (usccs.empty()) return Status::ok();
    std::map<std::int64_t, Principal> commissioners;
    for (const char* u : {"tpy_nanning", "tpy_liuzhou", "tpy_guilin"}) {
        auto p = principal_of(db, u);
        if (!p) return p.status();
        commissioners[p->user_id] = *p;
    }

    const std::int64_t now = unix_now();
    ManualClock clock(now - 56 * kSecondsPerDay);
    DeskService past = desk.with_clock(clock);
    std::mt19937_64 rng(20230421);
    const int cases = 48;
    for (int i = 0; i < cases; ++i) {
        const Story& story = kStories[static_cast<std::size_t>(i) % std::size(kStories)];
        clock.set(now - 56 * kSecondsPerDay + std::int64_t{i} * 26 * kSecondsPerHour +
                  static_cast<std::int64_t>(rng() % 20) * kSecondsPerHour);
        const auto& [uscc, commissioner_id] = usccs[rng() % usccs.size()];
        const auto served = commissioners.find(commissioner_id);
        const Principal& reporter = served == commissioners.end() ? *admin : served->second;
        NewCase n;
        n.uscc = uscc;
        n.category = story.category;
        n.urgency = i % 6 == 2 ? "urgent" : "normal";
        n.title = story.title;
        n.description = story.description;
        if (i % 9 == 0) n.attachments.push_back({"情况说明.pdf", demo_pdf()});
        auto reported = past.report(reporter, ctx, n, "demo-case-" + std::to_string(i));
        if (!reported) return reported.status();
        const std::int64_t id = reported->detail.c.id;
        auto lead_it = leads.find(reported->detail.c.lead_department);
        if (lead_it == leads.end()) continue;
        const Principal& lead = lead_it->second;
        // Each step happens some time after the one before; the recent cases stop where a live desk
        // would have them (not yet accepted, in progress, waiting for the enterprise).
        auto step = [&](std::int64_t after_seconds, const Principal& who, ActionRequest a) -> bool {
            if (clock.now() + after_seconds >= now) return false;
            clock.advance(after_seconds);
            return static_cast<bool>(past.act(who, ctx, id, a));
        };
        auto act = [](const char* name, std::string reason = {}) {
            ActionRequest a;
            a.action = name;
            a.reason = std::move(reason);
            return a;
        };
        const bool late = i % 7 == 3;
        if (!step(late ? 30 * kSecondsPerHour : static_cast<std::int64_t>(1 + rng() % 5) * kSecondsPerHour, lead,
                  act("accept")))
            continue;
        if (!step(2 * kSecondsPerHour, lead, act("start"))) continue;
        if (i % 8 == 5) {
            if (!step(kSecondsPerDay, lead, act("request_info", "请补充相关清单和佐证材料。"))) continue;
            if (!step(3 * kSecondsPerDay, reporter.role == Role::kCommissioner ? reporter : *admin,
                      act("provide_info", "已补充材料，见电话记录。")))
                continue;
        }
        if (i % 10 == 4) {
            ActionRequest ext = act("request_extension", "涉及跨部门协调，需延长办理时限。");
            ext.extension_days = 15;
            if (!step(kSecondsPerDay, lead, ext)) continue;
            if (!step(4 * kSecondsPerHour, *admin, act("approve_extension"))) continue;
        }
        if (!step(static_cast<std::int64_t>(2 + rng() % (late ? 12 : 6)) * kSecondsPerDay, lead,
                  act("reply", "已协调解决：" + std::string(story.title) + "。具体安排已告知企业。")))
            continue;
        if (reporter.role == Role::kCommissioner) {
            ActionRequest c = act(i % 11 == 6 ? "reopen" : "confirm", i % 11 == 6 ? "企业反映问题仍未解决。" : "");
            if (c.action == "confirm") c.rating = 3 + static_cast<int>(rng() % 3);
            (void)step(kSecondsPerDay, reporter, c);
        } else {
            (void)step(2 * kSecondsPerDay, *admin, act("close", "企业电话确认已解决。"));
        }
    }
    // The demo enterprise's own case, waiting for 人社厅 to accept, and a near-duplicate of it.
    auto ent = principal_of(db, "enterprise");
    if (!ent) return ent.status();
    clock.set(now - 3 * kSecondsPerHour);
    NewCase own{"",
                "labor",
                "normal",
                "春节后用工缺口约120人，请协调对接招聘",
                "节后返岗率不足，急需普工和焊工，请协助对接招聘会。",
                {{"岗位需求.pdf", demo_pdf()}}};
    if (auto r = past.report(*ent, ctx, own, "demo-own-case"); !r) return r.status();
    clock.set(now - kSecondsPerHour);
    own.title = "春节后用工缺口120人，请协调招聘对接";
    own.attachments.clear();
    if (auto r = past.report(*ent, ctx, own, "demo-own-case-again"); !r) return r.status();
    out.desk_cases = static_cast<std::size_t>(cases) + 2;
    // What the clocks say now, not at the last replayed step.
    if (auto n = desk.sweep(); !n) return n.status();
    return Status::ok();
}

}  // namespace zx
