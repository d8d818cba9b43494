// The three tables of the data contract held as columns: enterprises, designations and a dense
// enterprise × month matrix of output (fen) with a presence bit per cell. Built by the loader or the
// demo-data generator; read by the engine. Not thread-safe for writes; concurrent reads are fine.
#pragma once

#include <atomic>
#include <cstdint>
#include <cstring>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/calendar.hpp"
#include "core/designation.hpp"
#include "core/region.hpp"

namespace zx {

using EntId = std::uint32_t;

// One (enterprise, month) cell as a sortable 64-bit key: enterprise in the high half, the month's
// index in the low half (the loaders' duplicate and conflict detection sorts these).
inline std::uint64_t ent_month_key(EntId e, YearMonth m) {
    return static_cast<std::uint64_t>(e) << 32 | static_cast<std::uint32_t>(m.index);
}
inline EntId key_ent(std::uint64_t key) {
    return static_cast<EntId>(key >> 32);
}
inline YearMonth key_month(std::uint64_t key) {
    return YearMonth{static_cast<std::int32_t>(key & 0xffffffffu)};
}

struct DesignationRecord {
    EntId ent = 0;
    Designation kind = Designation::kTop500;
    Date valid_from;
    Date valid_to;  // Date{99991231} when open
    // true when the interval [valid_from, valid_to] overlaps the days of `months`.
    bool overlaps(MonthRange months) const {
        return valid_from <= Date::last_of(months.last) && valid_to >= Date::first_of(months.first);
    }
};
inline constexpr Date kOpenEnd{99991231};

class Dataset {
  public:
    static constexpr std::size_t kUsccLength = 18;

    // ---- building (loader, generator) ----
    // Appends an enterprise; returns its id. Does not check for duplicates (see find()).
    EntId add_enterprise(std::string_view uscc, std::string_view name, CityId city, int industry,
                         std::optional<YearMonth> scale_since);
    void add_designation(const DesignationRecord& r) { designations_.push_back(r); }
    // Fixes the months the output matrix holds and allocates it (all cells absent).
    void set_output_window(MonthRange window);
    // Sets a cell. Returns false when it was already present (a duplicate).
    bool set_output(EntId ent, YearMonth m, std::int64_t fen) {
        const std::size_t cell =
            static_cast<std::size_t>(ent) * n_months_ + static_cast<std::size_t>(m - window_.first);
        if (present_[cell]) return false;
        present_[cell] = 1;
        output_[cell] = fen;
        return true;
    }
    // Like set_output, callable from several threads at once without locked instructions. Two
    // threads setting the same cell at the same moment may both return true: callers count their
    // successes and compare with output_cells_present() to learn that a duplicate slipped through.
    bool set_output_concurrent(EntId ent, YearMonth m, std::int64_t fen) {
        const std::size_t cell =
            static_cast<std::size_t>(ent) * n_months_ + static_cast<std::size_t>(m - window_.first);
        std::atomic_ref<std::uint8_t> flag(present_[cell]);
        if (flag.load(std::memory_order_relaxed)) return false;
        flag.store(1, std::memory_order_relaxed);
        std::atomic_ref<std::int64_t>(output_[cell]).store(fen, std::memory_order_relaxed);
        return true;
    }
    // Builds the USCC lookup index (find()). Call after the last add_enterprise. Returns the pairs
    // (later, earlier) of enterprises that share a USCC; only the earlier one is indexed.
    std::vector<std::pair<EntId, EntId>> build_index();
    // Groups designations by enterprise (designations_of()). Call after the last add_designation.
    void sort_designations();
    // Both of the above.
    void finish() {
        build_index();
        sort_designations();
    }

    // ---- reading ----
    std::size_t size() const { return city_.size(); }
    std::string_view uscc(EntId e) const { return {uscc_.data() + e * kUsccLength, kUsccLength}; }
    std::string_view name(EntId e) const { return {names_.data() + name_off_[e], name_off_[e + 1] - name_off_[e]}; }
    CityId city(EntId e) const { return city_[e]; }
    int industry(EntId e) const { return industry_[e]; }
    // Month the enterprise entered the above-scale statistics, if any.
    std::optional<YearMonth> scale_since(EntId e) const {
        return scale_since_[e] < 0 ? std::nullopt : std::optional<YearMonth>(YearMonth{scale_since_[e]});
    }
    std::optional<EntId> find(std::string_view uscc) const {
        if (uscc.size() != kUsccLength || slots_.empty()) return std::nullopt;
        for (std::size_t i = hash_uscc(uscc.data()) & mask_;; i = (i + 1) & mask_) {
            const std::uint32_t v = slots_[i];
            if (v == 0) return std::nullopt;
            if (std::memcmp(uscc_.data() + static_cast<std::size_t>(v - 1) * kUsccLength, uscc.data(), kUsccLength) ==
                0)
                return v - 1;
        }
    }

    const std::vector<DesignationRecord>& designations() const { return designations_; }
    std::span<const DesignationRecord> designations_of(EntId e) const {
        return {designations_.data() + des_off_[e], designations_.data() + des_off_[e + 1]};
    }

    MonthRange output_window() const { return window_; }
    bool in_window(YearMonth m) const { return n_months_ > 0 && m >= window_.first && m <= window_.last; }
    bool has_output(EntId e, YearMonth m) const {
        if (!in_window(m)) return false;
        return present_[static_cast<std::size_t>(e) * n_months_ + static_cast<std::size_t>(m - window_.first)] != 0;
    }
    // Output of a present cell in fen; 0 for an absent one (check has_output first).
    std::int64_t output_fen(EntId e, YearMonth m) const {
        return in_window(m)
                   ? output_[static_cast<std::size_t>(e) * n_months_ + static_cast<std::size_t>(m - window_.first)]
                   : 0;
    }
    // The enterprise's row of the output matrix: one cell per month of the window (fen, 0 when absent)
    // and its presence bytes. For column kernels (core/range_sums) that walk rows without bounds checks.
    const std::int64_t* output_row(EntId e) const { return output_.data() + static_cast<std::size_t>(e) * n_months_; }
    const std::uint8_t* present_row(EntId e) const { return present_.data() + static_cast<std::size_t>(e) * n_months_; }
    std::size_t output_cells_present() const;
    std::size_t memory_bytes() const;

  private:
    std::vector<char> uscc_;
    std::string names_;
    std::vector<std::uint32_t> name_off_{0};
    std::vector<CityId> city_;
    std::vector<std::int16_t> industry_;
    std::vector<std::int32_t> scale_since_;
    std::vector<DesignationRecord> designations_;
    std::vector<std::uint32_t> des_off_;
    MonthRange window_{};
    std::size_t n_months_ = 0;
    std::vector<std::int64_t> output_;
    std::vector<std::uint8_t> present_;  // a byte per cell: threads can set neighbours without locks
    // Open addressing over USCCs: slot holds EntId + 1, 0 = empty. Flat and half empty, so a lookup
    // is about one cache miss for the slot and one for the code (std::unordered_map chased three).
    static std::size_t hash_uscc(const char* p) {
        std::uint64_t a, b;
        std::uint16_t c;
        std::memcpy(&a, p, 8);
        std::memcpy(&b, p + 8, 8);
        std::memcpy(&c, p + 16, 2);
        std::uint64_t h =
            (a * 0x9E3779B97F4A7C15ULL) ^ (b + 0xC2B2AE3D27D4EB4FULL) ^ (static_cast<std::uint64_t>(c) << 29);
        h ^= h >> 31;
        h *= 0xBF58476D1CE4E5B9ULL;
        h ^= h >> 29;
        return static_cast<std::size_t>(h);
    }
    std::vector<std::uint32_t> slots_;
    std::size_t mask_ = 0;
};

}  // namespace zx
