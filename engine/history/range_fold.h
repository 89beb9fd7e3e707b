#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

namespace cd::platform {
class PlatformState;
}

namespace cd::history {

class EntryIndex;

// Folds index positions [begin, end) into state with THE fold
// (platform::apply), giving exactly the state of a fold in sequence order.
//
// A long range is folded tenant by tenant: the fold never lets one tenant's
// event touch another, so each tenant's events in order give the same
// tenant, while its state stays in cache and is cloned once. Tenants created
// in the range are folded in the order of their creation, so even the
// state's creation order matches the sequential fold.
//
// logLengths, when given, are the tenant logs' lengths at begin (a
// snapshot's): each tenant's first entry is then known without a search.
void foldIndexRange(const EntryIndex& index, platform::PlatformState& state, std::size_t begin, std::size_t end,
    std::span<const std::uint32_t> logLengths = {});

} // namespace cd::history
