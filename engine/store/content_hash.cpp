#include "engine/store/content_hash.h"

#include <algorithm>
#include <cstring>

namespace cd::store {

namespace {

constexpr std::uint64_t P1 = 0x9E3779B185EBCA87ULL;
constexpr std::uint64_t P2 = 0xC2B2AE3D27D4EB4FULL;
constexpr std::uint64_t P3 = 0x165667B19E3779F9ULL;
constexpr std::uint64_t P4 = 0x85EBCA77C2B2AE63ULL;
constexpr std::uint64_t P5 = 0x27D4EB2F165667C5ULL;

constexpr std::uint64_t rotl(std::uint64_t x, unsigned r)
{
    return (x << r) | (x >> (64 - r));
}

std::uint64_t read64(const unsigned char* p)
{
    std::uint64_t v = 0;
    for (int i = 7; i >= 0; --i)
        v = (v << 8) | p[i]; // little-endian, whatever the host
    return v;
}

std::uint32_t read32(const unsigned char* p)
{
    return std::uint32_t(p[0]) | (std::uint32_t(p[1]) << 8) | (std::uint32_t(p[2]) << 16) | (std::uint32_t(p[3]) << 24);
}

std::uint64_t round(std::uint64_t acc, std::uint64_t input)
{
    acc += input * P2;
    return rotl(acc, 31) * P1;
}

std::uint64_t merge(std::uint64_t acc, std::uint64_t v)
{
    acc ^= round(0, v);
    return acc * P1 + P4;
}

} // namespace

ContentHash::ContentHash()
{
    const std::uint64_t seeds[2] = { 0, 0x243F6A8885A308D3ULL };
    for (std::size_t i = 0; i < m_lanes.size(); ++i) {
        const std::uint64_t s = seeds[i];
        m_lanes[i] = Lane { { s + P1 + P2, s + P2, s, s - P1 }, s };
    }
}

void ContentHash::stripe(const unsigned char* p)
{
    for (auto& lane : m_lanes) {
        for (std::size_t i = 0; i < 4; ++i)
            lane.v[i] = round(lane.v[i], read64(p + 8 * i));
    }
}

void ContentHash::update(std::string_view bytes)
{
    const auto* p = reinterpret_cast<const unsigned char*>(bytes.data());
    std::size_t left = bytes.size();
    m_total += left;
    if (m_buffered > 0) {
        const std::size_t take = std::min(left, m_buffer.size() - m_buffered);
        std::memcpy(m_buffer.data() + m_buffered, p, take);
        m_buffered += take;
        p += take;
        left -= take;
        if (m_buffered < m_buffer.size())
            return;
        stripe(m_buffer.data());
        m_buffered = 0;
    }
    for (; left >= 32; p += 32, left -= 32)
        stripe(p);
    std::memcpy(m_buffer.data(), p, left);
    m_buffered = left;
}

std::uint64_t ContentHash::finishLane(const Lane& lane) const
{
    std::uint64_t h;
    if (m_total >= 32) {
        h = rotl(lane.v[0], 1) + rotl(lane.v[1], 7) + rotl(lane.v[2], 12) + rotl(lane.v[3], 18);
        for (const std::uint64_t v : lane.v)
            h = merge(h, v);
    } else {
        h = lane.seed + P5;
    }
    h += m_total;
    const unsigned char* p = m_buffer.data();
    std::size_t left = m_buffered;
    for (; left >= 8; p += 8, left -= 8)
        h = rotl(h ^ round(0, read64(p)), 27) * P1 + P4;
    if (left >= 4) {
        h = rotl(h ^ (std::uint64_t(read32(p)) * P1), 23) * P2 + P3;
        p += 4;
        left -= 4;
    }
    for (; left > 0; ++p, --left)
        h = rotl(h ^ (*p * P5), 11) * P1;
    h ^= h >> 33;
    h *= P2;
    h ^= h >> 29;
    h *= P3;
    h ^= h >> 32;
    return h;
}

std::string ContentHash::finishHex()
{
    static constexpr char Digits[] = "0123456789abcdef";
    std::string out;
    for (const auto& lane : m_lanes) {
        const std::uint64_t h = finishLane(lane);
        for (int shift = 60; shift >= 0; shift -= 4)
            out.push_back(Digits[(h >> shift) & 0xf]);
    }
    return out;
}

} // namespace cd::store
