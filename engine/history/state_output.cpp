#include "engine/history/state_output.h"

#include "engine/history/history.h"
#include "engine/platform/json_writer.h"
#include "engine/platform/state_json.h"
#include "engine/platform/string_pool.h"

namespace cd::history {

const platform::TenantState* findTenant(
    const platform::PlatformState& state, const platform::StringPool& pool, std::string_view tenantId)
{
    for (std::size_t i = 0; i < state.size(); ++i) {
        if (pool.view(state.at(i).tenantId) == tenantId)
            return &state.at(i);
    }
    return nullptr;
}

std::string stateJson(
    const StatePoint& point, const platform::StringPool& pool, std::optional<std::string_view> tenantId)
{
    std::string out;
    platform::JsonWriter writer(out);
    if (tenantId)
        platform::writeSingleTenantStateJson(
            writer, findTenant(point.state, pool, *tenantId), pool, point.sequence, point.wallMs);
    else
        platform::writePlatformStateJson(writer, point.state, pool, point.sequence, point.wallMs);
    return out;
}

} // namespace cd::history
