#pragma once

#include "engine/live/demo_scenario.h"

#include <cstdint>
#include <string>

namespace cd::live {

struct DemoResult {
    std::int64_t entries = 0;
    std::int64_t tenants = 0;
    std::int64_t simulatedDays = 0;
    std::int64_t restarts = 0;
    std::int64_t commands = 0;
    std::int64_t commandsFailed = 0; // outcome unknown (crashes)
    std::int64_t commits = 0;
    std::string liveStateJson; // when asked for
};

// Runs the whole demo headless: its own executor and a ControlledClock that
// jumps from timer to timer (runUntil), the platform with a SimulatedGateway
// seeded from options.seed, the scenario driver, then (when wanted) the live
// state of every tenant, and a clean shutdown that leaves a complete journal
// at journalPath (a new file). False with error naming the file on failure.
bool runDemo(const DemoOptions& options, const std::string& journalPath, bool wantLiveState, DemoResult& out,
    std::string& error);

} // namespace cd::live
