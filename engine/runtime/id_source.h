#pragma once

#include <cstdint>

namespace cd::rt {

// Hands out ids (effect runs, tokens, scopes, fibers) in order, so ids are
// deterministic within one engine: no random UUIDs, no global counter.
class IdSource {
public:
    std::uint64_t next() { return m_next++; }

private:
    std::uint64_t m_next = 1;
};

} // namespace cd::rt
