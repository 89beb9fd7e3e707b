#pragma once

#include "engine/platform/platform_state.h"

#include <cstddef>
#include <cstdint>
#include <memory>

namespace cd::history {

// A whole-platform state packed into bytes, for the snapshots the history
// keeps: about 150 bytes per tenant where the live state takes 430 (a
// tenant block and three arrays, each with its allocation), so the same
// memory holds three times the snapshots and a state at any point is a
// third of the folds away.
//
// Per tenant, in creation order: ids (Str) and counts as LEB128 varints,
// signed integers zigzag-encoded, usage values as integers when they are
// whole and 8 raw bytes otherwise. unpack() gives a state equal to the one
// packed, every tenant its own (the fold then writes in place, no clone);
// the tenant index is shared with the packed state, not rebuilt.
class PackedState {
public:
    PackedState() = default;
    static PackedState pack(const platform::PlatformState& state);
    platform::PlatformState unpack() const;

    std::size_t tenantCount() const { return m_tenants; }
    // Bytes this keeps alive beyond the shared tenant index.
    std::size_t memoryBytes() const;
    // Whether two packed states share one tenant index.
    bool sharesIndexWith(const PackedState& other) const { return m_index.get() == other.m_index.get(); }
    // Bytes of the tenant index (shared by the snapshots between two
    // tenant creations).
    std::size_t indexBytes() const;

private:
    // Large buffers are mapped pages of their own, not malloc's: glibc
    // raises its mmap threshold to the size of each mapped block it frees,
    // and the snapshots the budget drops then left holes in the heap that
    // the index's growth could not reuse (peak RSS at 10M entries: 903 MB
    // against 779 MB with the threshold held).
    struct Release {
        std::size_t size;
        void operator()(std::uint8_t* bytes) const;
    };
    std::unique_ptr<std::uint8_t[], Release> m_bytes { nullptr, Release { 0 } };
    std::size_t m_size = 0;
    std::size_t m_tenants = 0;
    platform::CowBox<platform::IdIndex> m_index;
};

} // namespace cd::history
