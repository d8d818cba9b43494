#include "domain/dataset.hpp"

#include <algorithm>
#include <atomic>
#include <bit>

namespace zx {

EntId Dataset::add_enterprise(std::string_view uscc, std::string_view name, CityId city, int industry,
                              std::optional<YearMonth> scale_since) {
  const EntId id = static_cast<EntId>(city_.size());
  std::string_view code = uscc.substr(0, kUsccLength);
  uscc_.insert(uscc_.end(), code.begin(), code.end());
  uscc_.resize(uscc_.size() + (kUsccLength - code.size()), ' ');
  names_.append(name);
  name_off_.push_back(static_cast<std::uint32_t>(names_.size()));
  city_.push_back(city);
  industry_.push_back(static_cast<std::int16_t>(industry));
  scale_since_.push_back(scale_since ? scale_since->index : -1);
  return id;
}

void Dataset::set_output_window(MonthRange window) {
  window_ = window;
  n_months_ = static_cast<std::size_t>(window.length());
  const std::size_t cells = n_months_ * city_.size();
  output_.assign(cells, 0);
  present_.assign((cells + 63) / 64, 0);
}

bool Dataset::set_output_concurrent(EntId ent, YearMonth m, std::int64_t fen) {
  const std::size_t cell = static_cast<std::size_t>(ent) * n_months_ + static_cast<std::size_t>(m - window_.first);
  const std::uint64_t b = 1ULL << (cell & 63);
  std::atomic_ref<std::uint64_t> w(present_[cell >> 6]);
  if (w.fetch_or(b, std::memory_order_relaxed) & b) return false;
  output_[cell] = fen;
  return true;
}

void Dataset::sort_designations() {
  std::stable_sort(designations_.begin(), designations_.end(),
                   [](const DesignationRecord& a, const DesignationRecord& b) { return a.ent < b.ent; });
  des_off_.assign(city_.size() + 1, 0);
  for (const auto& r : designations_) ++des_off_[r.ent + 1];
  for (std::size_t i = 1; i < des_off_.size(); ++i) des_off_[i] += des_off_[i - 1];
}

void Dataset::build_index() {
  index_.clear();
  index_.reserve(city_.size());
  for (EntId e = 0; e < city_.size(); ++e) index_.emplace(uscc(e), e);
}

std::optional<EntId> Dataset::find(std::string_view code) const {
  auto it = index_.find(code);
  if (it == index_.end()) return std::nullopt;
  return it->second;
}

std::size_t Dataset::output_cells_present() const {
  std::size_t n = 0;
  for (auto w : present_) n += static_cast<std::size_t>(std::popcount(w));
  return n;
}

std::size_t Dataset::memory_bytes() const {
  return uscc_.capacity() + names_.capacity() + name_off_.capacity() * 4 + city_.capacity() +
         industry_.capacity() * 2 + scale_since_.capacity() * 4 + designations_.capacity() * sizeof(DesignationRecord) +
         des_off_.capacity() * 4 + output_.capacity() * 8 + present_.capacity() * 8 + index_.size() * 48;
}

}  // namespace zx
