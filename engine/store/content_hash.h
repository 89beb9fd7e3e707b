#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace cd::store {

// A fast 128-bit fingerprint of a byte stream (two XXH64 lanes with
// different seeds), for content-derived journal ids: it must be identical
// for identical bytes however they are chunked, and distinct files must not
// share it by accident. Not for secrets (redaction uses HMAC-SHA-256).
class ContentHash {
public:
    ContentHash();
    void update(std::string_view bytes);
    // 32 lower-case hex digits.
    std::string finishHex();

private:
    struct Lane {
        std::array<std::uint64_t, 4> v;
        std::uint64_t seed;
    };
    void stripe(const unsigned char* p);
    std::uint64_t finishLane(const Lane& lane) const;

    std::array<Lane, 2> m_lanes;
    std::array<unsigned char, 32> m_buffer {};
    std::size_t m_buffered = 0;
    std::uint64_t m_total = 0;
};

} // namespace cd::store
