#include "core/text.hpp"

#include <gtest/gtest.h>

#include "core/status.hpp"

namespace zx {
namespace {

TEST(LangFromAcceptLanguage, ChineseByDefault) {
    EXPECT_EQ(lang_from_accept_language(""), Lang::kZh);
    EXPECT_EQ(lang_from_accept_language("*"), Lang::kZh);
    EXPECT_EQ(lang_from_accept_language("fr-FR, de;q=0.8"), Lang::kZh);
    EXPECT_EQ(lang_from_accept_language(";;,,  ,"), Lang::kZh);
    EXPECT_EQ(lang_from_accept_language("zh-CN"), Lang::kZh);
    EXPECT_EQ(lang_from_accept_language("zh-Hans-CN,zh;q=0.9,en;q=0.8"), Lang::kZh);
}

TEST(LangFromAcceptLanguage, English) {
    EXPECT_EQ(lang_from_accept_language("en"), Lang::kEn);
    EXPECT_EQ(lang_from_accept_language("EN"), Lang::kEn);
    EXPECT_EQ(lang_from_accept_language("en-US,en;q=0.9"), Lang::kEn);
    EXPECT_EQ(lang_from_accept_language("fr, en-GB;q=0.5"), Lang::kEn);  // the best language we have
    EXPECT_EQ(lang_from_accept_language(" en-gb ; q=1.0 "), Lang::kEn);
}

TEST(LangFromAcceptLanguage, HonoursQValues) {
    EXPECT_EQ(lang_from_accept_language("zh;q=0.5, en;q=0.8"), Lang::kEn);
    EXPECT_EQ(lang_from_accept_language("en;q=0.5, zh;q=0.8"), Lang::kZh);
    EXPECT_EQ(lang_from_accept_language("en;q=0.5, zh-TW;q=0.501"), Lang::kZh);
    EXPECT_EQ(lang_from_accept_language("zh;q=0.7, en;q=0.7"), Lang::kZh);  // a tie: the earlier one
    EXPECT_EQ(lang_from_accept_language("en;q=0.7, zh;q=0.7"), Lang::kEn);
    EXPECT_EQ(lang_from_accept_language("en;q=0"), Lang::kZh);  // q=0: not acceptable
    EXPECT_EQ(lang_from_accept_language("zh;q=0, en;q=0.1"), Lang::kEn);
    EXPECT_EQ(lang_from_accept_language("en;q=2"), Lang::kZh);  // malformed q: ignored
    EXPECT_EQ(lang_from_accept_language("en;q=abc, zh;q=0.1"), Lang::kZh);
}

TEST(LangFromAcceptLanguage, PrimaryTagMustMatchWhole) {
    EXPECT_EQ(lang_from_accept_language("eng"), Lang::kZh);
    EXPECT_EQ(lang_from_accept_language("zha, en;q=0.1"), Lang::kEn);
}

TEST(Text, JoinsLanguageByLanguage) {
    const Text t = Text{"文件 ", "file "} + "a.csv" + Text{" 缺失", " missing"};
    EXPECT_EQ(t.in(Lang::kZh), "文件 a.csv 缺失");
    EXPECT_EQ(t.in(Lang::kEn), "file a.csv missing");
    EXPECT_TRUE(Text().empty());
}

TEST(Status, KeepsCodeTextAndDetailApart) {
    const Status s = Status::constraint_violation({"与已有数据冲突", "conflicts with existing data"},
                                                  "SQLite: UNIQUE constraint failed [SQL: INSERT ...]");
    EXPECT_EQ(s.code(), StatusCode::kConstraintViolation);
    EXPECT_EQ(s.message(), "与已有数据冲突");
    EXPECT_EQ(s.message(Lang::kEn), "conflicts with existing data");
    EXPECT_EQ(s.detail(), "SQLite: UNIQUE constraint failed [SQL: INSERT ...]");
    const Status wrapped = s.with_context({"第 3 行：", "row 3: "});
    EXPECT_EQ(wrapped.code(), s.code());
    EXPECT_EQ(wrapped.message(Lang::kEn), "row 3: conflicts with existing data");
    EXPECT_EQ(wrapped.detail(), s.detail());
    // Without a text, the detail is all there is to show (a driver failure passed on as is).
    EXPECT_EQ(Status(StatusCode::kInternal, {}, "boom").message(), "boom");
}

}  // namespace
}  // namespace zx
