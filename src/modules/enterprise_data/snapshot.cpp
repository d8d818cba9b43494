#include "modules/enterprise_data/snapshot.hpp"

#include "core/industry.hpp"
#include "core/region.hpp"
#include "platform/crypto/crypto.hpp"

namespace zx {

Result<std::pair<Dataset, std::string>> verified_snapshot(db::Connection& c, MonthRange months,
                                                          const std::string& only_uscc) {
    Dataset ds;
    Sha256 hash;
    // With one enterprise, every query keeps to it ("$N = ''" is true for the whole population).
    const db::Value one[] = {only_uscc};
    auto ents = c.query(
        "SELECT uscc, name, city, industry, scale_since FROM enterprises WHERE ($1 = '' OR uscc = $1) ORDER BY uscc",
        one);
    if (!ents) return ents.status();
    for (const db::Row& r : ents->rows) {
        ds.add_enterprise(r.str(0), r.str(1), find_city(r.str(2)).value_or(0), parse_industry_class(r.str(3)),
                          parse_year_month(r.str(4)));
        hash.update("E|" + r.str(0) + "|" + r.str(1) + "|" + r.str(2) + "|" + r.str(3) + "|" + r.str(4) + "\n");
    }
    ds.build_index();
    auto des = c.query(
        "SELECT uscc, designation, valid_from, valid_to FROM designations WHERE ($1 = '' OR uscc = $1) "
        "ORDER BY uscc, designation, valid_from, valid_to",
        one);
    if (!des) return des.status();
    for (const db::Row& r : des->rows) {
        auto e = ds.find(r.str(0));
        auto kind = find_designation(r.str(1));
        auto from = parse_date(r.str(2));
        if (!e || !kind || !from) continue;
        ds.add_designation({*e, *kind, *from, r.is_null(3) ? kOpenEnd : parse_date(r.str(3)).value_or(kOpenEnd)});
        hash.update("D|" + r.str(0) + "|" + r.str(1) + "|" + r.str(2) + "|" + r.str(3) + "\n");
    }
    ds.sort_designations();
    ds.set_output_window(months);
    // Keyset pages keep memory flat however large the table is.
    std::string last_uscc, last_month;
    while (true) {
        const db::Value p[] = {format_year_month(months.first), format_year_month(months.last), last_uscc, last_month,
                               only_uscc};
        auto rows = c.query(only_uscc.empty()
                                ? "SELECT uscc, month, output_fen FROM output WHERE status = 'verified' AND month >= "
                                  "$1 AND month <= $2 AND (uscc > $3 OR (uscc = $3 AND month > $4)) AND $5 = '' "
                                  "ORDER BY uscc, month LIMIT 50000"
                                : "SELECT uscc, month, output_fen FROM output WHERE status = 'verified' AND month >= "
                                  "$1 AND month <= $2 AND (uscc > $3 OR (uscc = $3 AND month > $4)) AND uscc = $5 "
                                  "ORDER BY uscc, month LIMIT 50000",
                            p);
        if (!rows) return rows.status();
        if (rows->empty()) break;
        for (const db::Row& r : rows->rows) {
            auto e = ds.find(r.str(0));
            auto m = parse_year_month(r.str(1));
            if (e && m) ds.set_output(*e, *m, r.i64(2));
            hash.update("O|" + r.str(0) + "|" + r.str(1) + "|" + std::to_string(r.i64(2)) + "\n");
        }
        last_uscc = rows->rows.back().str(0);
        last_month = rows->rows.back().str(1);
    }
    return std::pair<Dataset, std::string>(std::move(ds), hash.hex());
}

}  // namespace zx
