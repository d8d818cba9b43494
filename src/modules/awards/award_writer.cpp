#include "modules/awards/award_writer.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <fstream>
#include <numeric>

#include "core/clock.hpp"
#include "core/json_text.hpp"
#include "core/money.hpp"
#include "core/parallel.hpp"
#include "core/utf8.hpp"
#include "modules/awards/rules/explain.hpp"
#include "platform/formats/text_output.hpp"

namespace zx {
AwardTable build_award_table(const Policy& policy, const Dataset& data, const Evaluation& ev, int threads) {
    AwardTable t;
    t.policy_id = policy.id;
    t.policy_title = policy.title;
    t.document = policy.document;
    t.generated_at = local_iso_time(unix_now());
    t.budget_yuan = ev.budget_yuan;
    t.budget_scaled = ev.budget_scaled;
    t.total_yuan = ev.total_yuan;
    // Order by USCC (rows come in enterprise order, which is file order).
    std::vector<std::uint32_t> order(ev.rows.size());
    std::iota(order.begin(), order.end(), 0u);
    std::stable_sort(order.begin(), order.end(), [&](std::uint32_t a, std::uint32_t b) {
        const AwardRow& ra = ev.rows[a];
        const AwardRow& rb = ev.rows[b];
        if (ra.ent != rb.ent) return data.uscc(ra.ent) < data.uscc(rb.ent);
        return false;  // same enterprise: keep clause, period order
    });
    std::vector<std::string> labels;
    for (const auto& c : policy.clauses) labels.push_back(clause_label(c));
    t.lines.resize(order.size());
    constexpr int kMaxThreads = 16;
    constexpr std::size_t kMinRowsPerThread = 10000;
    const int n = order.size() < kMinRowsPerThread ? 1 : worker_count(threads, kMaxThreads);
    parallel_for(order.size(), n, [&](std::size_t, std::size_t from, std::size_t to) {
        for (std::size_t i = from; i < to; ++i) {
            const AwardRow& r = ev.rows[order[i]];
            const Clause& c = policy.clauses[r.clause];
            AwardLine& l = t.lines[i];
            l.uscc = data.uscc(r.ent);
            l.name = data.name(r.ent);
            l.city = kCities[data.city(r.ent)];
            l.clause_id = c.id;
            l.clause_label = labels[r.clause];
            l.period = format_month_range(c.periods[r.period]);
            l.eligible = r.eligible();
            l.amount_yuan = r.amount_yuan;
            l.computed_yuan = r.computed_yuan;
            l.capped_yuan = r.capped_yuan;
            l.reason = reason_zh(policy, data, r);
        }
    });
    return t;
}

Status write_awards_csv(const std::filesystem::path& path, const AwardTable& table, bool excel_bom) {
    std::string out;
    out.reserve(table.lines.size() * 260 + 256);
    if (excel_bom) out += "\xEF\xBB\xBF";
    out += "uscc,clause,period,eligible,amount_yuan,reason,name,city,clause_title,computed_yuan,capped_yuan\n";
    for (const AwardLine& l : table.lines) {
        out += l.uscc;
        out.push_back(',');
        append_csv_field(out, l.clause_id);
        out.push_back(',');
        out += l.period;
        out += l.eligible ? ",true," : ",false,";
        out += std::to_string(l.amount_yuan);
        out.push_back(',');
        append_csv_field(out, l.reason);
        out.push_back(',');
        append_csv_field(out, l.name);
        out.push_back(',');
        out += l.city;
        out.push_back(',');
        append_csv_field(out, l.clause_label);
        out.push_back(',');
        out += std::to_string(l.computed_yuan);
        out.push_back(',');
        out += std::to_string(l.capped_yuan);
        out.push_back('\n');
    }
    return write_file_atomic(path, out);
}

namespace {

void tally_json(std::string& o, const Tally& t) {
    o += "{\"rows\":" + std::to_string(t.rows) + ",\"eligible_rows\":" + std::to_string(t.eligible_rows) +
         ",\"beneficiaries\":" + std::to_string(t.beneficiaries) + ",\"total_yuan\":" + std::to_string(t.total_yuan) +
         "}";
}

}  // namespace

std::string summary_json(const Policy& policy, const RunSummary& s) {
    std::string o = "{\"policy\":";
    append_json_string(o, policy.id);
    o += ",\"all\":";
    tally_json(o, s.all);
    o += ",\"total_before_budget_yuan\":" + std::to_string(s.total_capped_yuan);
    o += ",\"budget_yuan\":" + (s.budget_yuan ? std::to_string(*s.budget_yuan) : std::string("null"));
    o += std::string(",\"budget_scaled\":") + (s.budget_scaled ? "true" : "false");
    o += ",\"by_clause\":[";
    for (std::size_t i = 0; i < s.by_clause.size(); ++i) {
        if (i) o += ",";
        o += "{\"clause\":";
        append_json_string(o, policy.clauses[i].id);
        o += ",\"title\":";
        append_json_string(o, clause_label(policy.clauses[i]));
        o += ",\"tally\":";
        tally_json(o, s.by_clause[i]);
        o += "}";
    }
    o += "],\"by_city\":[";
    for (std::size_t i = 0; i < s.by_city.size(); ++i) {
        if (i) o += ",";
        o += "{\"city\":";
        append_json_string(o, kCities[i]);
        o += ",\"tally\":";
        tally_json(o, s.by_city[i]);
        o += "}";
    }
    o += "],\"by_outcome\":{";
    for (int i = 0; i < kOutcomeCount; ++i) {
        if (i) o += ",";
        append_json_string(o, outcome_code(static_cast<Outcome>(i)));
        o += ":" + std::to_string(s.by_outcome[static_cast<std::size_t>(i)]);
    }
    o += "}}";
    return o;
}

Status write_awards_json(const std::filesystem::path& path, const AwardTable& table, const RunSummary& summary,
                         const Policy& policy) {
    std::string o;
    o.reserve(table.lines.size() * 400 + 4096);
    o += "{\"policy\":{\"id\":";
    append_json_string(o, table.policy_id);
    o += ",\"title\":";
    append_json_string(o, table.policy_title);
    o += ",\"document\":";
    append_json_string(o, table.document);
    o += ",\"version\":";
    append_json_string(o, policy.version);
    o += "},\"generated_at\":";
    append_json_string(o, table.generated_at);
    o += ",\"summary\":" + summary_json(policy, summary);
    o += ",\"rows\":[";
    bool first = true;
    for (const AwardLine& l : table.lines) {
        o += first ? "\n" : ",\n";
        first = false;
        o += "{\"uscc\":\"" + l.uscc + "\",\"clause\":";
        append_json_string(o, l.clause_id);
        o += ",\"period\":\"" + l.period + "\",\"eligible\":" + (l.eligible ? "true" : "false") +
             ",\"amount_yuan\":" + std::to_string(l.amount_yuan) +
             ",\"computed_yuan\":" + std::to_string(l.computed_yuan) +
             ",\"capped_yuan\":" + std::to_string(l.capped_yuan) + ",\"name\":";
        append_json_string(o, l.name);
        o += ",\"city\":";
        append_json_string(o, l.city);
        o += ",\"reason\":";
        append_json_string(o, l.reason);
        o += "}";
    }
    o += "\n]}\n";
    return write_file_atomic(path, o);
}

std::string summary_text(const Policy& policy, const RunSummary& s) {
    std::string o;
    auto row = [&](const std::string& label, const Tally& t) {
        char buf[256];
        std::snprintf(buf, sizeof buf, " %9zu %9zu %11zu %20s\n", t.rows, t.eligible_rows, t.beneficiaries,
                      format_int_grouped(t.total_yuan).c_str());
        o += "  " + pad_display(label, 44) + buf;
    };
    o += "汇总 / summary: " + policy.title + " (" + policy.id + ")\n";
    o += "  " + pad_display("条款 clause", 44) + "      rows  eligible enterprises        amount (yuan)\n";
    for (std::size_t i = 0; i < s.by_clause.size(); ++i) row(clause_label(policy.clauses[i]), s.by_clause[i]);
    row("合计 total", s.all);
    o += "  按市 by city:\n";
    for (std::size_t i = 0; i < s.by_city.size(); ++i)
        if (s.by_city[i].rows) row(std::string(kCities[i]), s.by_city[i]);
    if (s.budget_yuan) {
        o += "  预算 budget: " + format_int_grouped(*s.budget_yuan) +
             " 元; 核减前 before scaling: " + format_int_grouped(s.total_capped_yuan) + " 元; " +
             (s.budget_scaled ? "已按比例核减 scaled to the budget" : "未超预算 within budget") + "; 使用率 use " +
             (*s.budget_yuan > 0 ? format_growth_percent(s.all.total_yuan + *s.budget_yuan, *s.budget_yuan)
                                 : std::string("—")) +
             "\n";
    }
    return o;
}

}  // namespace zx
