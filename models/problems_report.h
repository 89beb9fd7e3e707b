#pragma once

#include "engine/history/verify_report.h"

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace cd::models {

// verify's findings arranged for the Problems table: the report plus the
// row orders of its three filters. Built on a worker; immutable afterwards.
struct ProblemsReport {
    // A row: the index into report.errors, or into report.warnings with WarningBit set.
    static constexpr std::uint32_t WarningBit = 0x8000'0000u;

    history::VerifyReport report;
    std::vector<std::uint32_t> all; // errors and warnings by sequence (errors first at one sequence)
    std::vector<std::uint32_t> errors;
    std::vector<std::uint32_t> warnings;
    bool ok = false; // false: the file could not be read to its end (error says why), or cancelled
    std::string error;

    const history::VerifyIssue& issue(std::uint32_t row) const
    {
        return row & WarningBit ? report.warnings[row & ~WarningBit] : report.errors[row];
    }
};

// Runs verify over the journal at path (any format, read-only), polling
// cancel; progress as in history::BuildOptions. Steps aside while the
// cursor moves (interaction::yieldTurn between batches).
std::shared_ptr<const ProblemsReport> verifyProblems(const std::string& path,
    std::shared_ptr<const std::atomic<bool>> cancel, std::function<void(double, std::int64_t)> progress);

// Arranges a report's rows (exposed for tests).
std::shared_ptr<ProblemsReport> arrangeProblems(history::VerifyReport report);

} // namespace cd::models
