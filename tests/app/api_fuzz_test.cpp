// The API suite (api_fixture.hpp), part 8: robustness against fuzzed request bodies.
#include <gtest/gtest.h>

#include "app/api_fixture.hpp"

namespace zx::api::apitest {
namespace {

// ---- 8. Robustness: fuzzed bodies ----

std::string deep(const std::string& open, const std::string& inner, const std::string& close, int n) {
    std::string s;
    for (int i = 0; i < n; ++i) s += open;
    s += inner;
    for (int i = 0; i < n; ++i) s += close;
    return s;
}

// Whole bodies that are not (or not quite) the JSON object an endpoint wants.
std::vector<std::string> malformed_bodies() {
    std::vector<std::string> v = {
        "",
        " ",
        "{",
        "}",
        "{\"",
        "{\"a\":",
        "{\"a\":1,",
        "[",
        "[1,2",
        "nul",
        "tru",
        "null",
        "true",
        "0",
        "-1",
        "1e999",
        "\"s\"",
        "[]",
        "{}",
        "[{}]",
        "{\"a\":1}{\"b\":2}",
        "{} trailing",
        "\xEF\xBB\xBF{}",
        "{\"a\":\"\xff\xfe\"}",
        "{\"a\":1,\"a\":2}",
        "{'a':1}",
        "{\"a\":NaN}",
        "{\"a\":Infinity}",
        "/* c */ {}",
        std::string("{\0}", 3),
        "{\"a\":\"\\u0000\"}",
        "{\"a\":\"\\ud800\"}",
        "\x80\x81\x82",
        "{\"a\":01}",
        "{\"a\":1.}",
        "{\"a\":-}",
    };
    v.push_back(deep("[", "", "]", 1000));
    v.push_back(deep("{\"a\":", "1", "}", 1000));
    v.push_back(deep("[", "{}", "]", 100000));
    v.push_back("{\"a\":" + deep("[", "", "]", 1000) + "}");
    v.push_back(std::string(900000, ' ') + "{}");
    v.push_back("{\"a\":\"" + std::string(900000, 'a') + "\"}");
    v.push_back(std::string(1100000, 'x'));  // beyond the 1 MiB body limit: 413
    return v;
}

// Values for one field: wrong types, edge numbers, hostile strings, deep nesting.
std::vector<std::string> field_values() {
    return {"null",
            "true",
            "false",
            "0",
            "-1",
            "1.5",
            "-0",
            "1e400",
            "1e-400",
            "18446744073709551615",
            "18446744073709551616",
            "-9223372036854775808",
            "-9223372036854775809",
            "4294967296",
            "\"\"",
            "\"7\"",
            "\"x\"",
            "\"' OR 1=1 --\"",
            "\"%\"",
            "\"中文é\"",
            "\"../../etc/passwd\"",
            "[]",
            "{}",
            "[\"2023-01\",1,null]",
            "[[]]",
            "\"" + std::string(200000, 'a') + "\"",
            deep("[", "", "]", 1000),
            "{\"$ne\":1}"};
}

TEST_P(ApiTest, FuzzedJsonBodiesNeverCause5xx) {
    const std::string admin = tok("gxt_admin");
    const std::string nn = tok("nanning");
    const std::string sys = tok("sysadmin");
    const std::string sec = tok("secadmin");
    const std::string own = own_uscc();
    const auto [vu, vm] = city_month(kNanning, "pending");
    const auto [ru, rm] = city_month(kNanning, "verified");
    const std::string liuzhou = "/api/users/" + P().one("SELECT id FROM users WHERE username = 'liuzhou'");
    const std::string contact = "/api/enterprises/" + own + "/contact";
    ASSERT_EQ(P().call("PATCH", contact, nn, R"({"phone":"13800138000"})").status, 200);
    struct Target {
        std::string method, path, token, base;
        bool extra_field;  // also add an unknown field with each value (only where that costs no password hashing)
    };
    const std::string run = std::to_string(P().demo_run());
    const std::vector<Target> targets = {
        {"POST", "/api/auth/login", "",
         R"({"username":"fuzz_nobody","password":"Wrong-Pass-1","bearer":true,"captcha_id":"c","captcha_answer":"1234"})",
         false},
        {"POST", "/api/auth/login", "", R"({"username":"fuzz_nobody","password_sm2":"04abcdef","bearer":true})", false},
        {"POST", "/api/auth/password", admin, R"({"old_password":"Wrong-Pass-1","new_password":"Fuzz-Pass-12"})",
         false},
        {"POST", "/api/users", sys,
         R"({"username":"fuzz_user","role":"city_official","city":"南宁市","password":"Fuzz-Pass-12"})", false},
        {"POST", liuzhou + "/unlock", sec, "{}", true},
        {"POST", liuzhou + "/disable", sys, R"({"disabled":false})", true},
        {"POST", liuzhou + "/reset-password", sys, R"({"password":"Reset-Pass-123"})", false},
        {"PUT", "/api/security/settings", sec,
         R"({"password_min_length":8,"single_session":false,"password_hash":"argon2id"})", false},
        {"PUT", contact, nn,
         "{\"contact_name\":\"张三\",\"phone\":\"13800138000\",\"id_number\":\"" + id_number("45010219800101123") +
             "\",\"bank_account\":\"6222020200112233445\"}",
         true},
        {"POST", contact + "/reveal", nn, R"({"field":"phone"})", true},
        {"POST", "/api/output/verify", admin,
         "{\"uscc\":" + quote(vu) + ",\"months\":[" + quote(vm) + "],\"action\":\"verify\"}", false},
        {"POST", "/api/output/verify", nn,
         "{\"uscc\":" + quote(vu) + ",\"months\":[" + quote(vm) + "],\"action\":\"reject\",\"reason\":\"r\"}", true},
        {"POST", "/api/output/revise", admin,
         "{\"uscc\":" + quote(ru) + ",\"month\":" + quote(rm) + ",\"output_yuan\":\"1.00\",\"reason\":\"fuzzing\"}",
         false},
        {"POST", "/api/output/revise", nn,
         "{\"uscc\":" + quote(ru) + ",\"month\":" + quote(rm) + ",\"output_yuan\":\"1.00\",\"reason\":\"fuzzing\"}",
         true},
        {"POST", "/api/tasks", admin,
         "{\"uscc\":" + quote(own) + ",\"department\":\"自治区商务厅\",\"title\":\"t\",\"detail\":\"x\"}", true},
        {"POST", "/api/tasks/1/status", admin, R"({"status":"in_progress"})", true},
        {"POST", "/api/runs", admin,
         R"({"policy":"guangxi-2023","notice_days":0,"budget_yuan":1000000,"confirm_pending":true})", false},
        {"POST", "/api/runs/" + run + "/transition", admin, R"({"to":"withdrawn","note":"fuzz"})", true},
        {"POST", "/api/auth/logout", admin, "{}", false},  // last: it ends the session
    };
    // Ciphertexts that are not what SM2 decryption expects.
    const std::vector<std::string> sm2_values = {"\"\"",
                                                 "\"0\"",
                                                 "\"zz\"",
                                                 "\"04\"",
                                                 "\"" + std::string(130, '0') + "\"",
                                                 "\"04" + std::string(300, 'f') + "\"",
                                                 "\"30\"",
                                                 "\"3081\"",
                                                 "\"" + std::string(100001, 'a') + "\"",
                                                 "\"" + std::string(97 * 2, '1') + "\""};
    int requests = 0;
    std::string failures;
    auto probe = [&](const Target& t, const std::string& body) {
        Reply r = P().call(t.method, t.path, t.token, body);
        ++requests;
        if (r.status == 0 || r.status >= 500)
            failures += t.method + " " + t.path + " body=" + body.substr(0, 80) + (body.size() > 80 ? "…" : "") +
                        " → " + std::to_string(r.status) + " " + r.body.substr(0, 120) + "\n";
        else if (r.status >= 400 && r.status != 413 && r.status != 429) {
            EXPECT_FALSE(error_code(r).empty()) << t.path << " " << body.substr(0, 80) << ": " << r.body.substr(0, 200);
        }
    };
    const std::string slot = "\"@@FUZZ@@\"";
    for (const Target& t : targets) {
        for (const std::string& b : malformed_bodies()) probe(t, b);
        json::object base = try_parse(t.base)->as_object();
        std::vector<std::string> fields;
        for (const auto& kv : base) fields.emplace_back(kv.key());
        if (t.extra_field) fields.push_back("zz_unknown");
        for (const std::string& f : fields) {
            json::object missing = base;
            missing.erase(f);
            probe(t, json::serialize(missing));
            json::object slotted = base;
            slotted[f] = "@@FUZZ@@";
            const std::string templ = json::serialize(slotted);
            std::vector<std::string> values = field_values();
            if (f == "password_sm2") values.insert(values.end(), sm2_values.begin(), sm2_values.end());
            for (const std::string& v : values) {
                std::string body = templ;
                body.replace(body.find(slot), slot.size(), v);
                probe(t, body);
            }
        }
    }
    // Uploads: bytes that are not a table.
    const std::vector<std::pair<std::string, std::string>> files = {
        {"output.csv", ""},
        {"output.csv", "uscc,month,output_yuan\n"},
        {"output.csv", "uscc,month,output_yuan\n\"unterminated,2023-01,1\n"},
        {"output.csv", std::string("uscc,month,output_yuan\n\0\0\0,2023-01,1\n", 32)},
        {"output.csv", "\xff\xfe\x00u\x00s\x00c\x00c"},
        {"output.csv",
         "uscc,month,output_yuan\n" + own + ",2023-13,1\n" + own + ",0000-00,-1\n" + own + ",2023-01,1e9\n"},
        {"output.csv", "uscc,month,output_yuan\n" + own + ",2023-01,99999999999999999999999\n"},
        {"output.csv", "a" + std::string(100000, ',') + "\n"},
        {"output.csv", std::string(200000, '\n')},
        {"output.xlsx", "PK\x03\x04 truncated zip"},
        {"output.xlsx", "not a zip at all"},
        {"enterprises.csv", "uscc,name,city,industry,scale_since\n" + own + ",\"x\"\"y\",不存在市,99999,2023-99\n"},
        {"enterprises.xlsx", std::string("PK\x05\x06", 4) + std::string(18, '\0')},
        {"designations.csv", "uscc,designation,valid_from,valid_to\n" + own + ",no_such,2023-02-30,2022-01-01\n"},
        {"output.exe", "MZ"},
    };
    for (const auto& [name, bytes] : files) {
        const std::string kind = name.substr(0, name.find('.'));
        Reply r = P().call("POST", "/api/uploads/" + kind + "?filename=" + enc(name), admin, bytes,
                           "Content-Type: text/csv\r\n");
        ++requests;
        if (r.status == 0 || r.status >= 500)
            failures += "upload " + name + " → " + std::to_string(r.status) + " " + r.body.substr(0, 120) + "\n";
    }
    EXPECT_TRUE(failures.empty()) << "5xx or no answer:\n" << failures;
    EXPECT_GT(requests, 2000);
    if (std::getenv("ZX_API_TEST_VERBOSE")) std::cout << requests << " fuzzed requests\n";
    Reply health = P().get("/healthz");
    EXPECT_EQ(health.status, 200);
    EXPECT_EQ(P().get("/api/cities").status, 200);
    EXPECT_EQ(P().get("/api/auth/me", nn).status, 200);
    EXPECT_EQ(P().get("/api/auth/me", admin).status, 401);  // the logout target ran last
}

}  // namespace
}  // namespace zx::api::apitest
