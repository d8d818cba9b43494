// DeskService: the scope of each role, what a report must hold, and the 三张清单 (the task list and
// the commissioners' enterprises; desk_service_fixture.hpp).
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <string>
#include <vector>

#include "app/desk_service_fixture.hpp"

namespace zx::desktest {
namespace {

// ---- scope ----

TEST_P(DeskServiceTest, EachRoleSeesItsOwnCases) {
    const std::int64_t labor1 = report(u_.ent1, new_case("labor", "南宁甲用工")).c.id;
    const std::int64_t energy1 = report(u_.ent1, new_case("energy", "南宁甲用电")).c.id;
    const std::int64_t labor2 = report(u_.ent2, new_case("labor", "柳州乙用工")).c.id;
    const std::int64_t land3 = report(u_.ent3, new_case("land", "南宁丙用地")).c.id;
    using V = std::vector<std::int64_t>;
    EXPECT_EQ(ids(list(u_.admin)), (V{labor1, energy1, labor2, land3}));
    EXPECT_EQ(ids(list(u_.hrss)), (V{labor1, labor2}));
    EXPECT_EQ(ids(list(u_.fgw)), (V{energy1}));
    EXPECT_EQ(ids(list(u_.grid)), (V{energy1})) << "co-handled";
    EXPECT_EQ(ids(list(u_.zrzyt)), (V{land3}));
    EXPECT_EQ(ids(list(u_.nanning)), (V{labor1, energy1, land3}));
    EXPECT_EQ(ids(list(u_.liuzhou)), (V{labor2}));
    EXPECT_EQ(ids(list(u_.ent1)), (V{labor1, energy1}));
    EXPECT_EQ(ids(list(u_.ent2)), (V{labor2}));
    EXPECT_EQ(ids(list(u_.tpy1)), (V{labor1, energy1})) << "the assigned enterprise's";
    EXPECT_TRUE(list(u_.tpy2).items.empty());
    EXPECT_EQ(list(u_.ent2).total, 1);

    for (const auto& [who, id] : std::vector<std::pair<Principal, std::int64_t>>{{u_.hrss, energy1},
                                                                                 {u_.grid, labor1},
                                                                                 {u_.zrzyt, labor1},
                                                                                 {u_.liuzhou, labor1},
                                                                                 {u_.nanning, labor2},
                                                                                 {u_.ent2, labor1},
                                                                                 {u_.ent1, land3},
                                                                                 {u_.tpy1, labor2},
                                                                                 {u_.tpy2, labor1}}) {
        auto d = desk_->get(who, id);
        EXPECT_FALSE(d) << who.username << " reads #" << id;
        if (!d) {
            EXPECT_EQ(d.status().code(), StatusCode::kNotFound) << who.username;
        }
    }
    EXPECT_TRUE(desk_->get(u_.grid, energy1));
    EXPECT_TRUE(desk_->get(u_.tpy1, labor1));
    // A filter never widens the scope.
    EXPECT_TRUE(list(u_.ent2, {.uscc = kE1}).items.empty());
    EXPECT_TRUE(list(u_.liuzhou, {.city = "南宁市"}).items.empty());
}

TEST_P(DeskServiceTest, ReportersReportOnlyForThemselvesOrTheirEnterprises) {
    auto own = desk_->report(u_.tpy1, kCtx, new_case("labor", "特派员代报", "normal", kE1), "tpy1-key-0001");
    ASSERT_TRUE(own) << own.status().message();
    EXPECT_EQ(own->detail.c.uscc, kE1);
    auto other = desk_->report(u_.tpy1, kCtx, new_case("labor", "特派员越权代报", "normal", kE2), "tpy1-key-0002");
    ASSERT_FALSE(other);
    EXPECT_EQ(other.status().code(), StatusCode::kForbidden);
    auto unassigned = desk_->report(u_.tpy2, kCtx, new_case("labor", "未分配企业", "normal", kE2), "tpy2-key-0001");
    ASSERT_FALSE(unassigned);
    EXPECT_EQ(unassigned.status().code(), StatusCode::kForbidden);
    auto foreign = desk_->report(u_.ent2, kCtx, new_case("labor", "替别人反映", "normal", kE1), "ent2-key-0001");
    ASSERT_FALSE(foreign);
    EXPECT_EQ(foreign.status().code(), StatusCode::kForbidden);
    auto implied = desk_->report(u_.ent2, kCtx, new_case("labor", "本企业问题"), "ent2-key-0002");
    ASSERT_TRUE(implied) << implied.status().message();
    EXPECT_EQ(implied->detail.c.uscc, kE2);
    auto desk_call = desk_->report(u_.admin, kCtx, new_case("labor", "热线来电", "normal", kE3), "admin-key-001");
    ASSERT_TRUE(desk_call) << desk_call.status().message();
    auto city = desk_->report(u_.nanning, kCtx, new_case("labor", "城市代报", "normal", kE1), "city-key-0001");
    ASSERT_FALSE(city);
    EXPECT_EQ(city.status().code(), StatusCode::kForbidden);
    EXPECT_EQ(cases_in_db(), 3);
}

TEST_P(DeskServiceTest, TheReportIsCheckedFieldByFieldAndItsAttachmentsByContent) {
    const std::string pdf = "%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n";
    NewCase n = new_case("labor", "带附件的问题");
    n.attachments.push_back({"情况说明.pdf", pdf});
    auto ok = desk_->report(u_.ent1, kCtx, n, "attach-key-01");
    ASSERT_TRUE(ok) << ok.status().message();
    ASSERT_EQ(ok->detail.attachments.size(), 1u);
    const DeskAttachment a = ok->detail.attachments[0];
    EXPECT_EQ(a.content_type, "application/pdf");
    EXPECT_EQ(a.size, static_cast<std::int64_t>(pdf.size()));
    auto bytes = desk_->attachment(u_.hrss, ok->detail.c.id, a.sha256);
    ASSERT_TRUE(bytes) << bytes.status().message();
    EXPECT_EQ(bytes->second, pdf);
    EXPECT_EQ(desk_->attachment(u_.ent2, ok->detail.c.id, a.sha256).status().code(), StatusCode::kNotFound);
    EXPECT_EQ(desk_->attachment(u_.hrss, ok->detail.c.id, std::string(64, '0')).status().code(), StatusCode::kNotFound);

    NewCase html = new_case("labor", "伪装的附件");
    html.attachments.push_back({"说明.pdf", "<html><script>alert(1)</script></html>"});
    auto refused = desk_->report(u_.ent1, kCtx, html, "attach-key-02");
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.status().code(), StatusCode::kDataError);
    EXPECT_NE(refused.status().message().find("说明.pdf"), std::string::npos) << refused.status().message();
    NewCase six = new_case("labor", "六个附件");
    for (int i = 0; i < 6; ++i) six.attachments.push_back({"f" + std::to_string(i) + ".pdf", pdf});
    EXPECT_EQ(desk_->report(u_.ent1, kCtx, six, "attach-key-03").status().code(), StatusCode::kInvalidArgument);
    NewCase big = new_case("labor", "超大附件");
    big.attachments.push_back({"big.pdf", pdf + std::string((10u << 20) - pdf.size() + 1, ' ')});
    EXPECT_EQ(desk_->report(u_.ent1, kCtx, big, "attach-key-04").status().code(), StatusCode::kDataError);

    EXPECT_EQ(desk_->report(u_.ent1, kCtx, new_case("labor", std::string(101 * 3, 'x').substr(0, 101)), "field-key-01")
                  .status()
                  .code(),
              StatusCode::kInvalidArgument)
        << "a title of 101 characters";
    EXPECT_TRUE(desk_->report(u_.ent1, kCtx, new_case("labor", std::string(100, 'x')), "field-key-02"));
    EXPECT_EQ(desk_->report(u_.ent1, kCtx, new_case("labor", "  "), "field-key-03").status().code(),
              StatusCode::kInvalidArgument);
    EXPECT_EQ(desk_->report(u_.ent1, kCtx, new_case("water", "未知类别"), "field-key-04").status().code(),
              StatusCode::kInvalidArgument);
    EXPECT_EQ(desk_->report(u_.ent1, kCtx, new_case("labor", "未知紧急程度", "asap"), "field-key-05").status().code(),
              StatusCode::kInvalidArgument);
    EXPECT_EQ(
        desk_->report(u_.admin, kCtx, new_case("labor", "不在名录", "normal", "91450100MA5KNOPE99"), "field-key-06")
            .status()
            .code(),
        StatusCode::kDataError);
    EXPECT_EQ(desk_->report(u_.admin, kCtx, new_case("labor", "没有企业"), "field-key-07").status().code(),
              StatusCode::kInvalidArgument);
    EXPECT_EQ(cases_in_db(), 2);
}

// ---- 三张清单 ----

TEST_P(DeskServiceTest, TheTaskListHoldsEachDepartmentsOpenWork) {
    const std::int64_t labor = report(u_.ent1, new_case("labor", "任务清单用工")).c.id;
    const CaseDetail energy = report(u_.ent2, new_case("energy", "任务清单用电"));
    auto hrss = desk_->tasks(u_.hrss, kFgw, PageRequest{});  // a department's own, whatever it asks
    ASSERT_TRUE(hrss) << hrss.status().message();
    ASSERT_EQ(hrss->total, 1);
    EXPECT_EQ(hrss->items[0].kind, "lead");
    EXPECT_EQ(hrss->items[0].case_id, labor);
    ASSERT_TRUE(hrss->items[0].due);
    EXPECT_EQ(*hrss->items[0].due, kStart + 24 * kHour) << "not yet accepted: the response is due";
    auto grid = desk_->tasks(u_.grid, "", PageRequest{});
    ASSERT_TRUE(grid);
    ASSERT_EQ(grid->total, 1);
    EXPECT_EQ(grid->items[0].kind, "subtask");
    EXPECT_EQ(grid->items[0].id, energy.subtasks.at(0).id);
    EXPECT_EQ(*grid->items[0].due, bj(2024, 3, 14));
    ASSERT_TRUE(step(u_.hrss, labor, act("accept")));
    hrss = desk_->tasks(u_.hrss, "", PageRequest{});
    EXPECT_EQ(*hrss->items.at(0).due, bj(2024, 3, 14)) << "accepted: the resolution is due";
    ASSERT_TRUE(step(u_.hrss, labor, act("reply", "已答复")));
    EXPECT_EQ(desk_->tasks(u_.hrss, "", PageRequest{})->total, 0) << "replied: off the list";
    auto all = desk_->tasks(u_.admin, "", PageRequest{});
    ASSERT_TRUE(all);
    EXPECT_EQ(all->total, 2) << "the energy case's lead task and the grid's sub-task";
    EXPECT_EQ(desk_->tasks(u_.admin, kGrid, PageRequest{})->total, 1);
    EXPECT_EQ(desk_->tasks(u_.ent1, "", PageRequest{}).status().code(), StatusCode::kForbidden);
    EXPECT_EQ(desk_->tasks(u_.admin, "不存在的单位", PageRequest{}).status().code(), StatusCode::kDataError);
}

TEST_P(DeskServiceTest, AutoAssignPrefersTheCityThenTheLeastLoaded) {
    // tpy1 (南宁市) serves kE1 already; kE3 (南宁市) and kE2 (柳州市) are uncovered.
    auto before = desk_->coverage(u_.admin, {.covered = "false"}, PageRequest{});
    ASSERT_TRUE(before);
    EXPECT_EQ(before->total, 2);
    EXPECT_EQ(desk_->auto_assign(u_.liuzhou, kCtx, "南宁市").status().code(), StatusCode::kForbidden);
    auto n = desk_->auto_assign(u_.nanning, kCtx, "");
    ASSERT_TRUE(n) << n.status().message();
    EXPECT_EQ(*n, 1) << "the city's own uncovered enterprise only";
    auto nanning = desk_->coverage(u_.nanning, {}, PageRequest{});
    ASSERT_TRUE(nanning);
    ASSERT_EQ(nanning->total, 2);
    for (const CoverageRow& r : nanning->items) {
        ASSERT_TRUE(r.commissioner_id) << r.uscc;
        EXPECT_EQ(*r.commissioner_id, u_.tpy1.user_id) << r.uscc << ": the same city's commissioner, loaded or not";
    }
    n = desk_->auto_assign(u_.admin, kCtx, "");
    ASSERT_TRUE(n);
    EXPECT_EQ(*n, 1);
    auto liuzhou = desk_->coverage(u_.liuzhou, {}, PageRequest{});
    ASSERT_TRUE(liuzhou);
    ASSERT_EQ(liuzhou->total, 1);
    EXPECT_EQ(*liuzhou->items.at(0).commissioner_id, u_.tpy2.user_id);
    EXPECT_EQ(desk_->coverage(u_.admin, {.covered = "false"}, PageRequest{})->total, 0);
    auto mine = desk_->coverage(u_.tpy1, {}, PageRequest{});
    ASSERT_TRUE(mine);
    EXPECT_EQ(mine->total, 2);
    auto loads = desk_->commissioners(u_.admin);
    ASSERT_TRUE(loads);
    std::map<std::int64_t, std::int64_t> load;
    for (const Commissioner& c : *loads) load[c.id] = c.assigned;
    EXPECT_EQ(load[u_.tpy1.user_id], 2);
    EXPECT_EQ(load[u_.tpy2.user_id], 1);
    EXPECT_EQ(desk_->assign(u_.nanning, kCtx, {kE2}, u_.tpy1.user_id).status().code(), StatusCode::kDataError)
        << "a city assigns only its own enterprises";
}

}  // namespace
}  // namespace zx::desktest
