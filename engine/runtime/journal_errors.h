#pragma once

#include <cstddef>
#include <stdexcept>
#include <string>

namespace cd::rt {

// Thrown by an append made while the journal's subscribers are being notified.
class JournalReentrancyError : public std::logic_error {
public:
    JournalReentrancyError()
        : std::logic_error("Cannot append to journal while processing subscribers")
    { }
};

// Thrown by an append that would exceed maxEntries under bounded:error.
class JournalOverflowError : public std::runtime_error {
public:
    explicit JournalOverflowError(std::size_t maxEntries)
        : std::runtime_error("Journal overflow: maximum entries (" + std::to_string(maxEntries) + ") reached")
    { }
};

} // namespace cd::rt
