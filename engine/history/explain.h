#pragma once

#include "engine/platform/entry.h"
#include "engine/platform/tenant_state.h"

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace cd::history {

class EntryFetcher;
class History;

// Why a tenant is in its status at a point (cli.md "Explain JSON").
struct Explanation {
    std::string tenantId;
    std::optional<std::int64_t> at; // as asked; the last sequence when not given (null: empty journal)
    std::optional<platform::TenantStatus> status; // nullopt: the tenant does not exist there
    std::string summary; // one human sentence (or a few)
    // Sequences of the entries that put the tenant in its status, ascending:
    // suspended: the suspension and every payment failure since the last
    // successful payment; active: its creation or latest reactivation; plus,
    // per feature, the limits.exceeded entries after its latest usage.reset.
    std::vector<std::int64_t> because;
};

Explanation explain(const History& history, std::string_view tenantId, std::optional<std::int64_t> at = std::nullopt);

// {"tenantId","at","status","summary","because":[<entry>, ...]} with the
// entries (those of explanation.because, in that order) as entry objects.
std::string explanationJson(const Explanation& explanation, std::span<const platform::Entry> entries);

// Fetches the because entries and writes the JSON; false with error when the
// journal cannot be read back.
bool explanationJson(const Explanation& explanation, EntryFetcher& fetcher, std::string& out, std::string& error);

} // namespace cd::history
