#include "models/problems_report.h"

#include "models/interaction_gate.h"

#include "engine/history/verifier.h"
#include "engine/store/entry_source.h"

#include <algorithm>

namespace cd::models {

namespace {

// Sort keys in journal order: an issue without a readable sequence (an
// unparsable entry) takes the last known sequence before it, so it stays
// where the file has it.
std::vector<std::int64_t> sortKeys(const std::vector<history::VerifyIssue>& issues)
{
    std::vector<std::int64_t> keys;
    keys.reserve(issues.size());
    std::int64_t last = -1;
    for (const auto& issue : issues) {
        if (issue.sequence)
            last = *issue.sequence;
        keys.push_back(last);
    }
    return keys;
}

} // namespace

std::shared_ptr<ProblemsReport> arrangeProblems(history::VerifyReport report)
{
    auto out = std::make_shared<ProblemsReport>();
    out->report = std::move(report);
    const auto& errors = out->report.errors;
    const auto& warnings = out->report.warnings;
    out->errors.reserve(errors.size());
    for (std::size_t i = 0; i < errors.size(); ++i)
        out->errors.push_back(std::uint32_t(i));
    out->warnings.reserve(warnings.size());
    for (std::size_t i = 0; i < warnings.size(); ++i)
        out->warnings.push_back(std::uint32_t(i) | ProblemsReport::WarningBit);
    // Both lists are in journal order: merge them by sequence, errors first.
    const auto errorKeys = sortKeys(errors);
    const auto warningKeys = sortKeys(warnings);
    out->all.reserve(errors.size() + warnings.size());
    std::size_t e = 0;
    std::size_t w = 0;
    while (e < errors.size() || w < warnings.size()) {
        if (w == warnings.size() || (e < errors.size() && errorKeys[e] <= warningKeys[w]))
            out->all.push_back(out->errors[e++]);
        else
            out->all.push_back(out->warnings[w++]);
    }
    out->ok = true;
    return out;
}

std::shared_ptr<const ProblemsReport> verifyProblems(const std::string& path,
    std::shared_ptr<const std::atomic<bool>> cancel, std::function<void(double, std::int64_t)> progress)
{
    std::string error;
    store::SourceOptions options;
    options.checkOrder = false; // verify reports the order itself
    auto source = store::openEntrySource(path, options, error);
    history::VerifyReport report;
    history::BuildOptions build;
    build.cancel = cancel.get();
    build.progress = std::move(progress);
    build.pause = [flag = cancel.get()] { interaction::yieldTurn(flag); };
    if (!source || !history::verifyJournal(*source, report, error, build)) {
        auto failed = std::make_shared<ProblemsReport>();
        failed->error = error;
        return failed;
    }
    return arrangeProblems(std::move(report));
}

} // namespace cd::models
