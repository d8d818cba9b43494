// The API suite (api_fixture.hpp), part 9: the money-safe award workflow (issue 8): stale and
// superseded runs cannot be paid, runs over unverified months say so and need a confirmation, 公示
// can be withdrawn and objected to, the run's history, the ledger across runs, paged comparison,
// the trace of an enterprise outside every group, the notice's date, the demo enterprise's awards.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "app/api_fixture.hpp"
#include "platform/formats/xlsx_reader.hpp"

namespace zx::api::apitest {
namespace {

TEST_P(ApiTest, AStaleOrSupersededRunCannotBeDisbursedAndIsRecomputed) {
    const std::string admin = tok("gxt_admin");
    const std::int64_t a = create_run(0);
    ASSERT_GT(a, 0);
    advance(a, "approved");
    // A city revises a verified month of an enterprise with an award in A.
    const std::string uscc = P().one(
        "SELECT r.uscc FROM run_rows r JOIN output o ON o.uscc = r.uscc AND o.status = 'verified' WHERE r.run_id = $1 "
        "AND r.city = $2 AND r.eligible = 1 ORDER BY r.uscc LIMIT 1",
        {db::Value(a), T(kNanning)});
    ASSERT_FALSE(uscc.empty());
    const std::string month = P().one(
        "SELECT month FROM output WHERE uscc = $1 AND status = 'verified' AND month >= '2023-01' ORDER BY month "
        "LIMIT 1",
        {T(uscc)});
    Reply rev = P().post("/api/output/revise", tok("nanning"),
                         "{\"uscc\":" + quote(uscc) + ",\"month\":" + quote(month) +
                             ",\"output_yuan\":\"1.00\",\"reason\":\"统计口径更正\"}");
    ASSERT_EQ(rev.status, 200) << rev.body;
    // The business auditor and the city read the revision; another city does not.
    Reply hist = P().get("/api/output/revisions?uscc=" + uscc, tok("auditor"));
    ASSERT_EQ(hist.status, 200) << hist.body;
    ASSERT_EQ(items(hist).size(), 1u) << hist.body;
    EXPECT_EQ(S(items(hist)[0], "month"), month);
    EXPECT_EQ(S(items(hist)[0], "after_yuan"), "1.00");
    EXPECT_EQ(S(items(hist)[0], "reason"), "统计口径更正");
    EXPECT_EQ(items(P().get("/api/output/revisions", tok("nanning"))).size(), 1u);
    EXPECT_TRUE(items(P().get("/api/output/revisions", tok("liuzhou"))).empty());
    EXPECT_EQ(P().get("/api/output/revisions", tok("enterprise")).status, 403);
    // B from the revised data, disbursed; then A may not be paid: it would undo the revision.
    const std::int64_t b = create_run(0);
    ASSERT_GT(b, a);
    Reply ga = P().get(run_path(a), admin);
    EXPECT_TRUE(B(obj(ga), "stale")) << ga.body;
    EXPECT_EQ(I(obj(ga), "current_run"), b) << ga.body;
    advance(b, "disbursed");
    ASSERT_EQ(transition("gxt_admin", a, "publicized").status, 200);
    const std::int64_t ledger_before = P().count("SELECT COUNT(*) FROM ledger");
    Reply refused = transition("gxt_admin", a, "disbursed");
    EXPECT_EQ(refused.status, 409) << refused.body;
    EXPECT_TRUE(contains(refused.body, "#" + std::to_string(b)))
        << "names the run that superseded it: " << refused.body;
    EXPECT_EQ(P().count("SELECT COUNT(*) FROM ledger"), ledger_before) << "nothing was paid";
    EXPECT_EQ(P().one("SELECT status FROM runs WHERE id = $1", {db::Value(a)}), "publicized");

    // Recompute: a new run from the current data with A's settings; paying it changes nothing more.
    Reply re = P().post(run_path(a, "/recompute"), admin, R"({"confirm_pending":true})");
    ASSERT_EQ(re.status, 201) << re.body;
    const std::int64_t c = I(obj(re), "id");
    EXPECT_EQ(I(obj(P().get(run_path(c), admin)), "recomputes"), a);
    EXPECT_FALSE(B(obj(P().get(run_path(c), admin)), "stale"));
    advance(c, "disbursed");
    EXPECT_EQ(P().count("SELECT COUNT(*) FROM ledger WHERE run_id = $1", {db::Value(c)}), 0)
        << "same data as B: nothing to pay or claw back";
    // The events say what happened, in order, with who.
    Reply ev = P().get(run_path(a, "/events"), admin);
    ASSERT_EQ(ev.status, 200) << ev.body;
    std::vector<std::string> kinds;
    for (const auto& e : items(ev)) kinds.push_back(S(e, "kind") + ":" + S(e, "to_status"));
    const std::vector<std::string> want = {"transition:reviewed", "transition:approved", "transition:publicized",
                                           "recomputed:publicized"};
    EXPECT_EQ(kinds, want) << ev.body;
    EXPECT_EQ(S(items(ev).at(0), "user"), "自治区工信厅 复核人");
}

TEST_P(ApiTest, ARunOverUnverifiedMonthsSaysSoAndNeedsAConfirmation) {
    const std::string admin = tok("gxt_admin");
    const std::int64_t pending =
        P().count("SELECT COUNT(*) FROM output WHERE status <> 'verified' AND month >= '2022-01'");
    ASSERT_GT(pending, 0) << "the demo leaves months to verify";
    Reply refused = P().post("/api/runs", admin, R"({"policy":"guangxi-2023","notice_days":0})");
    ASSERT_EQ(refused.status, 409) << refused.body;
    const json::object details = obj(refused).at("error").as_object().at("details").as_object();
    EXPECT_EQ(S(details, "reason"), "unverified_data");
    EXPECT_GT(I(details, "pending_months"), 0);
    EXPECT_GT(I(details, "pending_enterprises"), 0);
    Reply ok = P().post("/api/runs", admin, R"({"policy":"guangxi-2023","notice_days":0,"confirm_pending":true})");
    ASSERT_EQ(ok.status, 201) << ok.body;
    EXPECT_EQ(I(obj(ok), "pending_months"), I(details, "pending_months"));
    EXPECT_EQ(I(obj(ok), "pending_enterprises"), I(details, "pending_enterprises"));
    // The 公示 list's header says it, and gives the time as officials write it.
    Reply x = P().get(run_path(I(obj(ok), "id"), "/export.xlsx"), admin);
    ASSERT_EQ(x.status, 200);
    const auto file = std::filesystem::temp_directory_path() / ("zx-wf-" + unique_suffix() + ".xlsx");
    std::ofstream(file, std::ios::binary) << x.body;
    auto sheet = read_xlsx_first_sheet(file);
    std::filesystem::remove(file);
    ASSERT_TRUE(sheet) << sheet.status().message();
    std::string head;
    for (std::size_t r = 0; r < 3 && r < sheet->rows.size(); ++r)
        for (const auto& cell : sheet->rows[r]) head += cell.text + "|";
    EXPECT_TRUE(contains(head, std::to_string(I(details, "pending_months")) + "个月产值未核定")) << head;
    EXPECT_TRUE(contains(head, "生成时间：20") && contains(head, "年") && contains(head, "日 ")) << head;
    EXPECT_FALSE(contains(head, "生成时间：17")) << "no epoch seconds: " << head;
}

TEST_P(ApiTest, PublicNoticeCanBeWithdrawnAndObjectedTo) {
    const std::string admin = tok("gxt_admin"), ent = tok("enterprise");
    const std::string own = own_uscc();
    // The demo's publicized run awards the enterprise account (item 19).
    const std::int64_t shown = P().count("SELECT MIN(id) FROM runs WHERE status = 'publicized'");
    ASSERT_GT(shown, 0);
    Reply rows = P().get(run_path(shown, "/rows?eligible=true"), ent);
    ASSERT_EQ(rows.status, 200) << rows.body;
    ASSERT_GT(I(obj(rows), "total"), 0) << "the demo enterprise qualifies";

    // Objections: on its own rows, with a reason, during 公示; another's rows are not its to object to.
    EXPECT_EQ(P().post(run_path(shown, "/objections"), ent, R"({"text":"  　 "})").status, 400);
    EXPECT_EQ(P().post(run_path(shown, "/objections"), ent, R"({"clause":"9","text":"金额有误请复核"})").status, 400);
    EXPECT_EQ(P().post(run_path(shown, "/objections"), admin, R"({"text":"金额有误请复核"})").status, 403);
    Reply filed = P().post(run_path(shown, "/objections"), ent, R"({"text":"二月产值漏报，请复核"})");
    ASSERT_EQ(filed.status, 201) << filed.body;
    const std::int64_t o1 = I(obj(filed), "id");
    EXPECT_EQ(S(obj(filed), "status"), "open");
    EXPECT_EQ(P().post(run_path(shown, "/objections"), ent, R"({"text":"二月产值漏报，请复核"})").status, 409)
        << "one open objection per row";
    // A city sees its enterprises' objections; another city none.
    EXPECT_EQ(items(P().get(run_path(shown, "/objections"), tok("nanning"))).size(), 1u);
    EXPECT_TRUE(items(P().get(run_path(shown, "/objections"), tok("liuzhou"))).empty());

    // Open objections hold disbursal back (notice days aside: a run with 0 days shows it).
    const std::int64_t quick = create_run(0);
    advance(quick, "publicized");
    Reply f2 = P().post(run_path(quick, "/objections"), ent, R"({"text":"与上一批次不一致"})");
    ASSERT_EQ(f2.status, 409) << "a 0-day notice has already ended: " << f2.body;

    // Rejected, with a reason the enterprise reads.
    EXPECT_EQ(P().post(run_path(shown, "/objections/" + std::to_string(o1) + "/decision"), tok("nanning"),
                       R"({"decision":"rejected","reason":"经核实数据无误"})")
                  .status,
              403);
    EXPECT_EQ(P().post(run_path(shown, "/objections/" + std::to_string(o1) + "/decision"), admin,
                       R"({"decision":"rejected","reason":"无"})")
                  .status,
              400);
    Reply dec = P().post(run_path(shown, "/objections/" + std::to_string(o1) + "/decision"), admin,
                         R"({"decision":"rejected","reason":"经核实二月数据已按时报送"})");
    ASSERT_EQ(dec.status, 200) << dec.body;
    auto mine = items(P().get(run_path(shown, "/objections"), ent));
    ASSERT_EQ(mine.size(), 1u);
    EXPECT_EQ(S(mine[0], "status"), "rejected");
    EXPECT_EQ(S(mine[0], "decision_reason"), "经核实二月数据已按时报送");

    // Upheld: the run is withdrawn (to be recomputed), and the events show it.
    Reply f3 = P().post(run_path(shown, "/objections"), ent, R"({"text":"三月产值应为修订后数值"})");
    ASSERT_EQ(f3.status, 201) << f3.body;
    Reply up = P().post(run_path(shown, "/objections/" + std::to_string(I(obj(f3), "id")) + "/decision"), admin,
                        R"({"decision":"upheld","reason":"数据有误，更正后重新计算"})");
    ASSERT_EQ(up.status, 200) << up.body;
    EXPECT_EQ(P().one("SELECT status FROM runs WHERE id = $1", {db::Value(shown)}), "withdrawn");
    Reply ev = P().get(run_path(shown, "/events"), admin);
    EXPECT_TRUE(contains(ev.body, "objection.upheld") && contains(ev.body, "objection.rejected")) << ev.body;

    // Withdrawing a publicized run needs a reason (blanks are none).
    const std::int64_t w = create_run(0);
    advance(w, "publicized");
    EXPECT_EQ(P().post(run_path(w, "/transition"), admin, R"({"to":"withdrawn","note":" 　 "})").status, 400);
    Reply wd = P().post(run_path(w, "/transition"), admin, R"({"to":"withdrawn","note":"预算调整，撤回重算"})");
    ASSERT_EQ(wd.status, 200) << wd.body;
    EXPECT_EQ(S(obj(wd), "status"), "withdrawn");
}

TEST_P(ApiTest, LedgerAcrossRunsCompareInPagesAndTheTraceOfAnEnterpriseOutside) {
    const std::string admin = tok("gxt_admin");
    const std::int64_t a = create_run(0);
    advance(a, "disbursed");
    Reply all = P().get("/api/ledger?page_size=5", admin);
    ASSERT_EQ(all.status, 200) << all.body;
    EXPECT_EQ(I(obj(all), "total"), P().count("SELECT COUNT(*) FROM ledger"));
    EXPECT_EQ(items(all).size(), 5u);
    Reply nn = P().get("/api/ledger?page_size=500&city=" + enc(kNanning), tok("nanning"));
    ASSERT_EQ(nn.status, 200);
    for (const auto& e : items(nn)) EXPECT_EQ(S(e, "city"), kNanning);
    EXPECT_EQ(I(obj(P().get("/api/ledger", tok("liuzhou"))), "total"),
              P().count("SELECT COUNT(*) FROM ledger l JOIN enterprises e ON e.uscc = l.uscc WHERE e.city = $1",
                        {T(kLiuzhou)}))
        << "a city reads its own enterprises' entries";
    EXPECT_EQ(P().get("/api/ledger?city=" + enc("南宁"), admin).status, 422);
    EXPECT_EQ(P().get("/api/ledger?kind=gift", admin).status, 400);
    Reply by_run = P().get(run_path(a, "/ledger?page_size=1"), admin);
    ASSERT_EQ(by_run.status, 200);
    EXPECT_EQ(I(obj(by_run), "total"), P().count("SELECT COUNT(*) FROM ledger WHERE run_id = $1", {db::Value(a)}));
    Reply csv = P().get("/api/ledger/export.csv?run_id=" + std::to_string(a), admin);
    ASSERT_EQ(csv.status, 200);
    EXPECT_EQ(std::count(csv.body.begin(), csv.body.end(), '\n'), 1 + I(obj(by_run), "total"));
    Reply xlsx = P().get("/api/ledger/export.xlsx", tok("auditor"));
    ASSERT_EQ(xlsx.status, 200);
    EXPECT_EQ(xlsx.body.rfind("PK", 0), 0u);
    EXPECT_TRUE(contains(xlsx.header("content-disposition"), "%E5%A5%96%E5%8A%B1%E5%8F%B0%E8%B4%A6"))
        << "named 奖励台账: " << xlsx.header("content-disposition");

    // Unknown filter values are refused, naming the parameter (issue 8.13).
    EXPECT_EQ(P().get(run_path(a, "/rows?clause=99"), admin).status, 422);
    EXPECT_EQ(P().get(run_path(a, "/rows?city=" + enc("南宁")), admin).status, 422);
    EXPECT_EQ(P().get(run_path(a, "/rows?clause=2"), admin).status, 200);

    // Compare in pages with totals: A against a run with a budget (every amount scaled).
    Reply rb = P().post("/api/runs", admin,
                        R"({"policy":"guangxi-2023","notice_days":0,"confirm_pending":true,"budget_yuan":1000000})");
    ASSERT_EQ(rb.status, 201);
    const std::int64_t b = I(obj(rb), "id");
    Reply cmp = P().get(run_path(a, "/compare/" + std::to_string(b) + "?page_size=10"), admin);
    ASSERT_EQ(cmp.status, 200) << cmp.body;
    const json::object co = obj(cmp);
    EXPECT_GT(I(co, "total"), 10);
    EXPECT_EQ(items(cmp).size(), 10u);
    std::int64_t after = 0, changed = 0;
    for (const auto& t : A(co, "by_city")) {
        after += I(t.as_object(), "after_yuan");
        changed += I(t.as_object(), "changed_rows");
    }
    EXPECT_EQ(after, 1000000);
    EXPECT_EQ(changed, I(co, "total"));
    Reply page2 = P().get(run_path(a, "/compare/" + std::to_string(b) + "?page_size=10&page=2"), admin);
    EXPECT_NE(S(items(page2).at(0), "uscc") + S(items(page2).at(0), "period"),
              S(items(cmp).at(0), "uscc") + S(items(cmp).at(0), "period"));

    // An enterprise outside every target group: the full trace, not a 404.
    const std::string outside = P().one(
        "SELECT uscc FROM enterprises WHERE city = $1 AND uscc NOT IN (SELECT uscc FROM run_rows WHERE run_id = $2) "
        "ORDER BY uscc LIMIT 1",
        {T(kNanning), db::Value(a)});
    ASSERT_FALSE(outside.empty());
    Reply ex = P().get(run_path(a, "/explain/" + outside), tok("nanning"));
    ASSERT_EQ(ex.status, 200) << ex.body;
    EXPECT_FALSE(B(obj(ex), "in_run"));
    EXPECT_TRUE(contains(S(obj(ex), "trace"), outside)) << ex.body;
    EXPECT_EQ(P().get(run_path(a, "/explain/" + outside), tok("liuzhou")).status, 404);
}

}  // namespace
}  // namespace zx::api::apitest
