#include "core/department.hpp"

#include <gtest/gtest.h>

namespace zx {
namespace {

TEST(DepartmentList, ParsesBlocksAndFindsByNameOrCode) {
    auto list = DepartmentList::parse(
        "# a \"quoted\" comment\nversion = \"2023.1\"\n\n[[department]]\ncode = \"gxt\"\nname = "
        "\"自治区工业和信息化厅\"  # 工信厅\n"
        "[[department]]\ncode = \"czt\"\nname = \"自治区财政厅\"\n",
        "departments.toml");
    ASSERT_TRUE(list) << list.status().message();
    EXPECT_EQ(list->version(), "2023.1");
    ASSERT_EQ(list->all().size(), 2u);
    ASSERT_NE(list->find("czt"), nullptr);
    EXPECT_EQ(list->find("czt")->name, "自治区财政厅");
    EXPECT_EQ(list->find("自治区工业和信息化厅")->code, "gxt");
    EXPECT_EQ(list->find("财政厅"), nullptr);
}

TEST(DepartmentList, ErrorsNameTheFileAndLine) {
    auto unknown = DepartmentList::parse("[[department]]\ncode = \"a\"\nname = \"甲\"\ncity = \"南宁市\"\n", "d.toml");
    ASSERT_FALSE(unknown);
    EXPECT_NE(unknown.status().message(Lang::kEn).find("d.toml:4"), std::string::npos);
    EXPECT_NE(unknown.status().message(Lang::kEn).find("unknown key city"), std::string::npos);
    EXPECT_FALSE(DepartmentList::parse("[[department]]\ncode = \"a\"\n", "d.toml"));
    EXPECT_FALSE(DepartmentList::parse(
        "[[department]]\ncode = \"a\"\nname = \"甲\"\n[[department]]\ncode = \"a\"\nname = \"乙\"\n", "d.toml"));
    EXPECT_FALSE(DepartmentList::parse("version = \"1\"\n", "d.toml"));
    EXPECT_FALSE(DepartmentList::parse("[[department]]\ncode = a\n", "d.toml"));
}

TEST(DepartmentList, InstalledListIsWhatTheChecksUse) {
    auto list = DepartmentList::parse("[[department]]\ncode = \"x\"\nname = \"测试厅\"\n", "t");
    ASSERT_TRUE(list);
    const auto before = responsible_departments();
    install_responsible_departments(std::move(list).value());
    EXPECT_TRUE(is_responsible_department("测试厅"));
    EXPECT_FALSE(is_responsible_department("x"));  // accounts and tasks keep the name
    install_responsible_departments(*before);
}

}  // namespace
}  // namespace zx
