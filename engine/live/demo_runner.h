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
// Continues the demo journal at journalPath (written by runDemo or the app's
// demo) for options.days more days: the clock starts at its last entry, the
// existing tenants go on and options.tenants new ones are created. out.entries
// counts the whole journal. Refused (error naming the file, file untouched)
// for a journal the demo did not write.
bool continueDemo(const DemoOptions& options, const std::string& journalPath, bool wantLiveState, DemoResult& out,
    std::string& error);

} // namespace cd::live
