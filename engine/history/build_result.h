#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace cd::history {

// An entry the history left out: it fails validation, or its sequence is not
// larger than the previous entry's.
struct InvalidEntry {
    std::int64_t place = 0; // line (NDJSON), index (Phyxius), sequence (SQLite), or index in an append batch
    std::string reason; // without file or place
    std::string message; // "FILE:LINE: reason", "FILE: entries[I]: reason", "FILE: sequence N: reason"
};

struct BuildOptions {
    // Called from the building thread, throttled (every 0.1% of the input or
    // 64k entries, and once at the end): fraction of the input read (0..1)
    // and valid entries indexed so far. Must not call back into the History.
    std::function<void(double fraction, std::int64_t entries)> progress;
    // Polled between batches of entries; when set, the build stops.
    const std::atomic<bool>* cancel = nullptr;
    // Called from the building thread between small batches (PauseEvery
    // entries); may block, so that a long analysis nobody waits on steps
    // aside while the user works (see models/interaction_gate.h). Only
    // verifyJournal calls it.
    std::function<void()> pause;
    static constexpr std::int64_t PauseEvery = 4096;
    // Stop at the first invalid entry (reading commands fail on it anyway).
    bool stopAtFirstInvalid = false;
};

struct BuildResult {
    enum class Status {
        Complete, // the whole input was read
        Cancelled, // BuildOptions::cancel was set; the history holds the entries read so far
        Stopped, // stopAtFirstInvalid: stopped at an invalid entry
        Failed // the input could not be read further (error)
    };
    Status status = Status::Complete;
    std::string error; // Failed: one line naming the file
    std::int64_t entries = 0; // valid entries indexed by this call
    std::int64_t invalidCount = 0; // entries left out
    std::vector<InvalidEntry> invalid; // the first MaxReported of them

    static constexpr std::size_t MaxReported = 100;

    // Complete with no invalid entry: what reading commands require.
    bool ok() const { return status == Status::Complete && invalidCount == 0; }
    // The one-line reason a reading command prints when !ok(): the source's
    // error, the first invalid entry's message, or "cancelled".
    std::string problem() const;
};

} // namespace cd::history
