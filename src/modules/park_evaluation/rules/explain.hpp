// What a county tool cannot say: why an enterprise got its grade (line by line, with the figures),
// the smallest change of one figure that lifts it to the next grade given everyone else's figures
// (the inverse answer), which grades would flip if one figure moved by 1% (data tolerance), and
// the consequences of a run of grades across years.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "modules/park_evaluation/rules/evaluate.hpp"

namespace zx::parks {

struct Line {
    std::string zh, en;
};

// The value of indicator k for an entity in display units (nullopt: denominator 0 or missing).
std::optional<Frac> display_value(const Scheme& scheme, std::size_t k, const Entity& e);
// The benchmark of indicator k in display units.
Frac display_benchmark(const Scheme& scheme, std::size_t k, const Frac& base);
// A figure of column c in its unit, money in 万元: "1,820.00万元", "100.00亩".
Line format_figure(const Scheme& scheme, std::size_t c, std::int64_t v);

// One line per indicator, then the total, the rank and the grade rule.
std::vector<Line> explain(const Scheme& scheme, const Evaluation& ev, std::size_t row);
std::vector<Line> explain_park(const Scheme& scheme, const Evaluation& ev, std::size_t park_row);

struct InverseAnswer {
    std::string column;                    // the figure moved
    int direction = 1;                     // +1 raise, -1 lower
    std::optional<std::int64_t> from, to;  // base units; absent when unreachable by this figure alone
    std::string target_grade;
    Line text;
};
// For a rated enterprise below the top grade: per lever of the scheme, the smallest change.
std::vector<InverseAnswer> inverse(const Scheme& scheme, const Evaluation& ev, std::size_t row);

struct Flip {
    std::size_t row = 0;  // index into ev.rows
    std::string column;
    int direction = 1;  // the figure +1% or -1%
    std::string grade_before, grade_after;
};
// The rated enterprises whose own grade changes when one of their figures moves by 1% (benchmarks
// and everyone's totals follow; the mean score for a missing figure is held).
std::vector<Flip> sensitivity(const Scheme& scheme, const Evaluation& ev);

// Grades of one enterprise across years, the latest last, and the consequences they carry now.
struct HistoryEntry {
    int year = 0;
    std::string grade;  // "" when not evaluated that year
    std::optional<std::int64_t> total;
};
struct ConsequenceHit {
    const Consequence* consequence = nullptr;
    int years = 0;  // consecutive years with the grade, ending in the latest
};
std::vector<ConsequenceHit> consequences_of(const Scheme& scheme, const std::vector<HistoryEntry>& history);

}  // namespace zx::parks
