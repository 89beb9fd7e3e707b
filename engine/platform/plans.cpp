#include "engine/platform/plans.h"

namespace cd::platform {

std::optional<Plan> planFromName(std::string_view name)
{
    for (const PlanInfo& row : PlanTable) {
        if (row.name == name)
            return row.plan;
    }
    return std::nullopt;
}

std::optional<std::int64_t> planLimit(Plan plan, std::string_view feature)
{
    const PlanInfo& row = planInfo(plan);
    if (feature == LimitUsers)
        return row.users;
    if (feature == LimitApiCalls)
        return row.apiCalls;
    if (feature == LimitStorageMb)
        return row.storageMb;
    return std::nullopt;
}

} // namespace cd::platform
