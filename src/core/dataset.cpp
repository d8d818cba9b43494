#include "core/dataset.hpp"

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
    present_.assign(cells, 0);
}

void Dataset::sort_designations() {
    std::stable_sort(designations_.begin(), designations_.end(),
                     [](const DesignationRecord& a, const DesignationRecord& b) { return a.ent < b.ent; });
    des_off_.assign(city_.size() + 1, 0);
    for (const auto& r : designations_) ++des_off_[r.ent + 1];
    for (std::size_t i = 1; i < des_off_.size(); ++i) des_off_[i] += des_off_[i - 1];
}

std::vector<std::pair<EntId, EntId>> Dataset::build_index() {
    std::vector<std::pair<EntId, EntId>> duplicates;
    std::size_t cap = 16;
    while (cap < size() * 2) cap <<= 1;
    slots_.assign(cap, 0);
    mask_ = cap - 1;
    for (EntId e = 0; e < size(); ++e) {
        const char* code = uscc_.data() + static_cast<std::size_t>(e) * kUsccLength;
        for (std::size_t i = hash_uscc(code) & mask_;; i = (i + 1) & mask_) {
            const std::uint32_t v = slots_[i];
            if (v == 0) {
                slots_[i] = e + 1;
                break;
            }
            if (std::memcmp(uscc_.data() + static_cast<std::size_t>(v - 1) * kUsccLength, code, kUsccLength) == 0) {
                duplicates.emplace_back(e, v - 1);
                break;
            }
        }
    }
    return duplicates;
}

std::size_t Dataset::output_cells_present() const {
    std::size_t n = 0;
    for (auto b : present_) n += b;
    return n;
}

std::size_t Dataset::memory_bytes() const {
    return uscc_.capacity() + names_.capacity() + name_off_.capacity() * 4 + city_.capacity() +
           industry_.capacity() * 2 + scale_since_.capacity() * 4 +
           designations_.capacity() * sizeof(DesignationRecord) + des_off_.capacity() * 4 + output_.capacity() * 8 +
           present_.capacity() + slots_.capacity() * 4;
}

}  // namespace zx
