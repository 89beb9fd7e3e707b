#include "engine/live/demo_runner.h"

#include "engine/live/platform_api.h"

#include "engine/platform/simulated_gateway.h"
#include "engine/runtime/controlled_clock.h"
#include "engine/runtime/executor.h"

#include <exception>
#include <optional>
#include <set>

namespace cd::live {

namespace {

// Steps the clock timer by timer until the future settles, and not one timer
// further (bounded, so a bug cannot hang).
template <typename T>
bool runUntilSettled(rt::ControlledClock& clock, const rt::Future<T>& future, std::int64_t limitMono)
{
    clock.flush();
    while (!future.settled()) {
        if (clock.now().monoMs >= limitMono || clock.pendingTimerCount() == 0)
            return false;
        clock.tick();
        clock.flush();
    }
    return true;
}

// Runs the scenario; resume: continue the demo journal at journalPath from
// where it ended (the clock starts at its last entry's times).
bool drive(const DemoOptions& options, const std::string& journalPath, const std::optional<ResumePoint>& resume,
    bool wantLiveState, DemoResult& out, std::string& error)
{
    rt::Executor executor;
    rt::ControlledClock clock(executor, resume ? resume->lastMonoMs : 0);
    clock.jumpWallTime(resume ? resume->lastWallMs : options.startWallMs);
    const std::int64_t startMono = clock.now().monoMs;

    std::set<std::string, std::less<>> alwaysDecline;
    for (std::int64_t i = 0; i < options.tenants; ++i) {
        if (demoAlwaysDeclines(options, i))
            alwaysDecline.insert(demoTenantId(i));
    }
    auto gateway = std::make_shared<platform::SimulatedGateway>(
        options.seed, options.declineRate, std::move(alwaysDecline), options.transientRate);

    PlatformOptions po;
    po.journalPath = journalPath;
    po.seed = options.seed;
    po.crashRate = options.crashRate;
    po.journalId = "demo-" + std::to_string(options.seed) + "-" + std::to_string(options.tenants) + "x"
        + std::to_string(options.days);
    // A gateway round trip takes a little simulated time.
    po.gatewayLatencyMs = [](std::string_view, int) { return std::int64_t { 250 }; };
    auto api = resume ? PlatformApi::open(executor, clock, po, gateway, error)
                      : PlatformApi::create(executor, clock, po, gateway, error);
    if (!api)
        return false;

    DemoScenario scenario(*api, clock, options);
    const std::int64_t end = startMono + options.days * MsPerDay;
    const std::int64_t limit = end + 7 * MsPerDay;
    auto driven = rt::start(executor, scenario.run());
    clock.runUntil(end);
    bool ok = runUntilSettled(clock, driven, limit);
    if (ok && driven.hasError()) {
        try {
            std::rethrow_exception(driven.error());
        } catch (const std::exception& e) {
            error = journalPath + ": demo failed: " + e.what();
        }
        return false;
    }
    // Let the work in flight at the end settle (the billing run due at the
    // last midnight waits for the gateway), short of the next sweep.
    if (ok)
        clock.runUntil(end + MsPerMinute);
    if (ok && wantLiveState) {
        auto live = rt::start(executor, scenario.collectLiveState());
        ok = runUntilSettled(clock, live, limit) && !live.hasError();
        if (ok)
            out.liveStateJson = live.value();
    }
    if (!ok) {
        error = journalPath + ": demo did not settle";
        return false;
    }
    const PlatformCounters counters = api->counters();
    auto stopped = api->shutdown();
    clock.flush();
    if (!stopped.settled() || stopped.hasError()) {
        error = journalPath + ": journal could not be closed";
        return false;
    }
    out.entries = static_cast<std::int64_t>(counters.entriesCommitted) + (resume ? resume->entries : 0);
    out.tenants = static_cast<std::int64_t>(counters.tenants);
    out.simulatedDays = options.days;
    out.restarts = static_cast<std::int64_t>(counters.restarts);
    out.commands = scenario.commandsIssued();
    out.commandsFailed = scenario.commandsFailed();
    out.commits = static_cast<std::int64_t>(counters.commits);
    return true;
}

} // namespace

bool runDemo(
    const DemoOptions& options, const std::string& journalPath, bool wantLiveState, DemoResult& out, std::string& error)
{
    return drive(options, journalPath, std::nullopt, wantLiveState, out, error);
}

bool continueDemo(
    const DemoOptions& options, const std::string& journalPath, bool wantLiveState, DemoResult& out, std::string& error)
{
    ResumePoint resume;
    if (!PlatformApi::resumePoint(journalPath, resume, error))
        return false;
    return drive(options, journalPath, resume, wantLiveState, out, error);
}

} // namespace cd::live
