#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace cd::platform {
class PlatformState;
class StringPool;
struct TenantState;
} // namespace cd::platform

namespace cd::history {

struct StatePoint;

// The tenant whose id text is tenantId, or nullptr. Compares texts instead of
// interning (safe while another thread appends to the history).
const platform::TenantState* findTenant(
    const platform::PlatformState& state, const platform::StringPool& pool, std::string_view tenantId);

// cli.md "State JSON": {"sequence","wallMs","tenants"}; with tenantId the
// single-tenant form {"sequence","wallMs","tenant": <tenant or null>}.
std::string stateJson(
    const StatePoint& point, const platform::StringPool& pool, std::optional<std::string_view> tenantId = std::nullopt);

} // namespace cd::history
