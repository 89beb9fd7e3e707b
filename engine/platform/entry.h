#pragma once

#include <cstdint>
#include <string>

namespace cd::platform {

// One journal entry as it travels between files and stores: the envelope and
// the event object as compact JSON text ("type" included, unknown fields kept
// byte for byte, whitespace removed).
struct Entry {
    std::string id;
    std::int64_t sequence = 0;
    std::int64_t wallMs = 0;
    std::int64_t monoMs = 0;
    std::string data;
};

} // namespace cd::platform
