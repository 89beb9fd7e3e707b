#pragma once

#include "engine/history/verify_report.h"
#include "engine/platform/event.h"
#include "engine/platform/platform_state.h"

#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

namespace cd::platform {
class StringPool;
}

namespace cd::history {

// The platform-rule warnings of verify (cli.md): each event is judged by the
// state the fold had before it and has after it (THE fold, applied here), so
// verify never re-implements a fold rule. The only bookkeeping beyond the
// state is what the state does not keep: started cycles with their amounts
// and where each tenant was created.
class RuleChecker {
public:
    explicit RuleChecker(const platform::StringPool& pool);

    // Checks one event (in sequence order), folds it, appends warnings.
    void check(
        const platform::Event& event, std::int64_t sequence, std::int64_t wallMs, std::vector<VerifyIssue>& warnings);

    const platform::PlatformState& state() const { return m_state; }

private:
    std::string text(platform::Str s) const;
    void negativeAmounts(const platform::Event& e, std::int64_t sequence, std::vector<VerifyIssue>& out) const;
    // Rules that need the tenant before the event.
    void beforeFold(
        const platform::Event& e, const platform::TenantState& t, std::int64_t sequence, std::vector<VerifyIssue>& out);

    const platform::StringPool& m_pool;
    platform::PlatformState m_state;
    std::unordered_map<std::uint64_t, double> m_cycles; // (tenant << 32 | cycle) -> amount started with
    std::unordered_map<std::uint32_t, std::int64_t> m_created; // tenant -> creation sequence
};

} // namespace cd::history
