#pragma once

#include "engine/runtime/task.h"

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

namespace cd::rt {
class Clock;
}

namespace cd::live {

class PlatformApi;

struct DemoOptions {
    std::uint64_t seed = 1;
    std::int64_t tenants = 50;
    std::int64_t days = 30;
    double declineRate = 0.05;
    double crashRate = 0.0;
    // Transient gateway errors (retried by the billing service).
    double transientRate = 0.02;
    // One tenant in alwaysDeclineEvery has a card that always declines (0: none).
    std::int64_t alwaysDeclineEvery = 40;
    // Wall time at mono 0: 2026-01-01T00:00:00Z, so runs are identical.
    std::int64_t startWallMs = 1767225600000;
    // Tenants are created over the first createSpreadDays days.
    std::int64_t createSpreadDays = 3;
};

// The tenant id of the index-th tenant of a demo ("t-0001", ...; zero-padded
// so that byte order is creation order).
std::string demoTenantId(std::int64_t index);
// Whether the demo gives that tenant a card that always declines.
bool demoAlwaysDeclines(const DemoOptions& options, std::int64_t index);

// The demo scenario driver (cli.md `demo`): drives a PlatformApi through
// options.days simulated days on its clock. Every 10 minutes it sends the
// heartbeats of the live sessions (and ends the sessions due to end); every
// hour it issues all tenants' activity of that hour at once (tenant creation
// over the first days, invitations up to and sometimes past the plan's user
// limit, activations, removals, API and storage usage through the working
// day, sessions connecting and some going stale, plan changes, operator
// reactivations of suspended tenants), then awaits the replies. Billing and
// session expiry are the platform's own services. Seeded: each tenant draws
// from its own stream, so a run is a function of the options.
//
// On a platform opened on an existing demo journal (PlatformApi::open) it
// continues: the tenants already there keep their names and their users
// (read from their processes when run() starts), and options.tenants new
// tenants are created under the first demo ids still free.
class DemoScenario {
public:
    DemoScenario(PlatformApi& api, rt::Clock& clock, DemoOptions options);
    ~DemoScenario();
    DemoScenario(const DemoScenario&) = delete;
    DemoScenario& operator=(const DemoScenario&) = delete;

    // Runs from the clock's current time to options.days days later.
    rt::Task<void> run();
    // Asks every tenant process for its live state, until a round sees no
    // entry appended meanwhile (restarting processes are waited for); the
    // state JSON of cli.md, "sequence"/"wallMs" those of the journal's end.
    rt::Task<std::string> collectLiveState();

    std::int64_t commandsIssued() const { return m_commands; }
    std::int64_t commandsFailed() const { return m_failed; }

private:
    struct Model;
    rt::Task<void> adopt();
    rt::Task<void> hour(std::int64_t hourOfDay);
    void heartbeats();

    PlatformApi& m_api;
    rt::Clock& m_clock;
    DemoOptions m_options;
    std::unique_ptr<Model> m_model;
    std::int64_t m_commands = 0;
    std::int64_t m_failed = 0;
};

} // namespace cd::live
