// Award rows ready for presentation: every figure already formatted, every reason already written.
// The CSV, JSON and XLSX writers all render this one structure.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace zx {

struct AwardLine {
    std::string uscc;
    std::string name;
    std::string city;          // "南宁市"
    std::string clause_id;     // "2"
    std::string clause_label;  // "（二）推动企业增产增效"
    std::string period;        // "2023-04/2023-06"
    bool eligible = false;
    std::int64_t amount_yuan = 0;    // final, after caps and budget
    std::int64_t computed_yuan = 0;  // formula result before caps
    std::int64_t capped_yuan = 0;    // after caps, before budget
    std::string reason;              // Chinese sentence with the figures
};

struct AwardTable {
    std::string policy_id;     // "guangxi-2023"
    std::string policy_title;  // 《关于巩固回升向好势头加力振作工业经济的政策措施》
    std::string document;      // 桂产业振兴指挥部〔2023〕2号
    std::string generated_at;  // when the run was computed: ISO 8601 (files), 2023年3月31日 09:00 (notices)
    std::string pending_note;  // months left out because they were not verified, when there were any
    std::optional<std::int64_t> budget_yuan;
    bool budget_scaled = false;
    std::int64_t total_yuan = 0;
    std::vector<AwardLine> lines;  // ordered by USCC, clause, period
};

}  // namespace zx
