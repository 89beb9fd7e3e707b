#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace cd::history {

// One finding of verify (cli.md "Verify JSON").
struct VerifyIssue {
    std::optional<std::int64_t> sequence; // null when an invalid entry has no readable sequence
    std::string code; // "sequence-not-increasing", "unknown-tenant", ...
    std::string message;
};

struct VerifyReport {
    std::int64_t entries = 0; // every entry read, invalid ones included
    std::optional<std::int64_t> firstSequence; // of the first entry the fold used
    std::optional<std::int64_t> lastSequence; // of the last one
    std::vector<VerifyIssue> errors; // the journal breaks the format (in journal order)
    std::vector<VerifyIssue> warnings; // it breaks a platform rule (in journal order)
};

// {"entries","firstSequence","lastSequence","errors":[...],"warnings":[...]}
std::string verifyJson(const VerifyReport& report);

} // namespace cd::history
