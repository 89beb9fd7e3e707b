#pragma once

#include <compare>
#include <cstdint>
#include <functional>

namespace cd::platform {

// An interned string: an id into a StringPool. 0 means null/absent; every
// interned string, the empty one included, gets a non-zero id. Two Strs of the
// same pool are equal exactly when their texts are equal. Ids are dense and
// assigned in interning order, so they do NOT sort like the texts: sort by
// StringPool::view() where byte order matters (output).
struct Str {
    std::uint32_t id = 0;

    constexpr Str() = default;
    constexpr explicit Str(std::uint32_t value)
        : id(value)
    { }
    constexpr bool isNull() const { return id == 0; }
    constexpr explicit operator bool() const { return id != 0; }
    friend constexpr bool operator==(Str a, Str b) = default;
    friend constexpr auto operator<=>(Str a, Str b) = default;
};

} // namespace cd::platform

template <>
struct std::hash<cd::platform::Str> {
    std::size_t operator()(cd::platform::Str s) const noexcept { return std::hash<std::uint32_t>()(s.id); }
};
