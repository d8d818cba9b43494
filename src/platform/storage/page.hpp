// One page of a list query and the total count of rows matching it.
#pragma once

#include <cstdint>

#include "core/page.hpp"
#include "platform/storage/db.hpp"

namespace zx {

struct Page {
    std::int64_t total = 0;
    db::Rows rows;
};

}  // namespace zx
