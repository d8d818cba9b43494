// The three tables of the data contract held as columns: enterprises, designations and a dense
// enterprise × month matrix of output (fen) with a presence bit per cell. Built by the loader or the
// demo-data generator; read by the engine. Not thread-safe for writes; concurrent reads are fine.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "common/calendar.hpp"
#include "domain/designation.hpp"
#include "domain/region.hpp"

namespace zx {

using EntId = std::uint32_t;

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
    const std::size_t cell = static_cast<std::size_t>(ent) * n_months_ + static_cast<std::size_t>(m - window_.first);
    const std::uint64_t b = 1ULL << (cell & 63);
    std::uint64_t& w = present_[cell >> 6];
    if (w & b) return false;
    w |= b;
    output_[cell] = fen;
    return true;
  }
  // Same as set_output, safe to call from several threads at once (distinct or equal cells).
  bool set_output_concurrent(EntId ent, YearMonth m, std::int64_t fen);
  // Builds the USCC lookup index (find()). Call after the last add_enterprise.
  void build_index();
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
  std::optional<EntId> find(std::string_view uscc) const;

  const std::vector<DesignationRecord>& designations() const { return designations_; }
  std::span<const DesignationRecord> designations_of(EntId e) const {
    return {designations_.data() + des_off_[e], designations_.data() + des_off_[e + 1]};
  }

  MonthRange output_window() const { return window_; }
  bool in_window(YearMonth m) const { return n_months_ > 0 && m >= window_.first && m <= window_.last; }
  bool has_output(EntId e, YearMonth m) const {
    if (!in_window(m)) return false;
    const std::size_t cell = static_cast<std::size_t>(e) * n_months_ + static_cast<std::size_t>(m - window_.first);
    return (present_[cell >> 6] >> (cell & 63)) & 1;
  }
  // Output of a present cell in fen; 0 for an absent one (check has_output first).
  std::int64_t output_fen(EntId e, YearMonth m) const {
    return in_window(m) ? output_[static_cast<std::size_t>(e) * n_months_ + static_cast<std::size_t>(m - window_.first)]
                        : 0;
  }
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
  std::vector<std::uint64_t> present_;
  std::unordered_map<std::string_view, EntId> index_;
};

}  // namespace zx
