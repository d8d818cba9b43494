// 128-bit intermediate for exact money × ratio products (fen × budget can exceed 2^63).
#pragma once

namespace zx {
__extension__ using i128 = __int128;
__extension__ using u128 = unsigned __int128;
}  // namespace zx
