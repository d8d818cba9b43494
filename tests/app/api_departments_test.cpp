// The API suite (api_fixture.hpp), part 10: the one list of responsible departments (issue 8, item 14)
// that tasks are dispatched to and department accounts belong to, and the enterprise a task names.
#include <gtest/gtest.h>

#include "app/api_fixture.hpp"
#include "core/uscc.hpp"

namespace zx::api::apitest {
namespace {

// A USCC with a valid check character that no seeded enterprise has.
std::string unknown_task_uscc() {
    const std::string first17 = "91450100MA5QQQQQ2";
    return first17 + uscc_check_character(first17);
}

TEST_P(ApiTest, TasksAndDepartmentAccountsNameKnownDepartmentsAndEnterprises) {
    const std::string admin = tok("gxt_admin");
    Reply list = P().get("/api/departments", tok("hrss"));
    ASSERT_EQ(list.status, 200) << list.body;
    const auto deps = items(list);
    EXPECT_EQ(deps.size(), 25u) << list.body;
    std::set<std::string> names;
    for (const auto& d : deps) names.insert(S(d, "name"));
    for (const char* n : {"自治区工业和信息化厅", "自治区发展改革委", "自治区财政厅", "自治区人力资源社会保障厅",
                          "人民银行南宁中心支行", "广西电网公司", "中国信保广西分公司"})
        EXPECT_TRUE(names.count(n)) << n;
    EXPECT_EQ(P().get("/api/departments").status, 401);

    const std::int64_t tasks = P().count("SELECT COUNT(*) FROM tasks");
    auto create = [&](const std::string& uscc, const std::string& dept) {
        return P().post("/api/tasks", admin,
                        "{\"uscc\":" + quote(uscc) + ",\"department\":" + quote(dept) + ",\"title\":\"用工对接\"}");
    };
    const std::string own = own_uscc();
    EXPECT_EQ(create("NOTAUSCC", "自治区商务厅").status, 400);
    EXPECT_EQ(create(unknown_task_uscc(), "自治区商务厅").status, 400);
    EXPECT_EQ(create(own, "任意部门").status, 400);
    EXPECT_EQ(create(own, "").status, 400);
    EXPECT_EQ(P().count("SELECT COUNT(*) FROM tasks"), tasks);
    Reply by_code = create(own, "swt");
    ASSERT_EQ(by_code.status, 201) << by_code.body;
    EXPECT_EQ(P().one("SELECT department FROM tasks WHERE id = $1", {db::Value(I(obj(by_code), "id"))}),
              "自治区商务厅");
    EXPECT_EQ(create("", "自治区财政厅").status, 201);

    // A department account for a department that does not exist.
    const std::string sys = tok("sysadmin");
    auto user = [&](const std::string& name, const std::string& dept) {
        return P().post("/api/users", sys,
                        "{\"username\":" + quote(name) +
                            ",\"display_name\":\"经办人\",\"role\":\"dept_handler\",\"department\":" + quote(dept) +
                            ",\"password\":\"Dept-Pass-123\"}");
    };
    Reply bad = user("dept_nowhere", "自治区不存在厅");
    EXPECT_EQ(bad.status, 400) << bad.body;
    EXPECT_EQ(P().count("SELECT COUNT(*) FROM users WHERE username = 'dept_nowhere'"), 0);
    Reply good = user("dept_czt", "自治区财政厅");
    EXPECT_EQ(good.status, 201) << good.body;
}

TEST_P(ApiTest, TaskListFiltersRefuseUnknownValues) {
    const std::string admin = tok("gxt_admin");
    for (const auto& [target, param] : {std::pair<std::string, std::string>{"/api/tasks?status=closed", "status"},
                                        {"/api/tasks?department=" + enc("自治区不存在厅"), "department"}}) {
        Reply r = P().call("GET", target, admin, {}, "Accept-Language: en\r\n");
        EXPECT_EQ(r.status, 422) << target << ": " << r.body;
        EXPECT_EQ(error_message(r).rfind(param + ":", 0), 0u) << r.body;
    }
    Reply by_dept = P().get("/api/tasks?department=" + enc("自治区人力资源社会保障厅"), admin);
    ASSERT_EQ(by_dept.status, 200);
    EXPECT_FALSE(items(by_dept).empty());
    for (const auto& t : items(by_dept)) EXPECT_EQ(S(t, "department"), "自治区人力资源社会保障厅");
}

}  // namespace
}  // namespace zx::api::apitest
