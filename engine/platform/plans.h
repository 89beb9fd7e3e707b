#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace cd::platform {

enum class Plan : std::uint8_t { Starter, Pro, Enterprise };

// One row of the plan table (platform.md "Plans"). A tenant's limits are its
// plan's row; they are derived, never stored.
struct PlanInfo {
    Plan plan;
    std::string_view name;
    std::int64_t users;
    std::int64_t apiCalls;
    std::int64_t storageMb;
    std::int64_t priceCents;
};

inline constexpr PlanInfo PlanTable[] = {
    { Plan::Starter, "starter", 5, 1000, 100, 2900 },
    { Plan::Pro, "pro", 25, 10000, 1000, 9900 },
    { Plan::Enterprise, "enterprise", 100, 100000, 10000, 29900 },
};

constexpr const PlanInfo& planInfo(Plan plan)
{
    return PlanTable[static_cast<int>(plan)];
}
constexpr std::string_view planName(Plan plan)
{
    return planInfo(plan).name;
}
std::optional<Plan> planFromName(std::string_view name);

// Limit features as they appear in state JSON ("limits") and in usage.
inline constexpr std::string_view LimitUsers = "users";
inline constexpr std::string_view LimitApiCalls = "api_calls";
inline constexpr std::string_view LimitStorageMb = "storage_mb";

// The plan's limit for a usage feature name, if the plan limits it.
std::optional<std::int64_t> planLimit(Plan plan, std::string_view feature);

} // namespace cd::platform
