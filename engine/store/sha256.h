#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace cd::store {

// SHA-256 (FIPS 180-4), incremental. Used for content-derived journal ids
// (re-importing the same bytes gives the same id) and for the keyed
// pseudonyms of redaction, where a non-cryptographic hash could be inverted.
class Sha256 {
public:
    Sha256();
    void update(std::string_view bytes);
    std::array<std::uint8_t, 32> finish();
    // Lower-case hex of finish().
    std::string finishHex();

    static std::string hex(std::string_view bytes);

private:
    void compress(const std::uint8_t* block);

    std::array<std::uint32_t, 8> m_state;
    std::array<std::uint8_t, 64> m_block {};
    std::size_t m_blockLen = 0;
    std::uint64_t m_totalBytes = 0;
};

} // namespace cd::store
