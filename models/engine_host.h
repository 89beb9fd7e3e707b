#pragma once

#include "engine/live/platform_types.h"
#include "engine/platform/entry.h"
#include "engine/platform/event.h"
#include "engine/platform/plans.h"
#include "engine/runtime/process_types.h"

#include <QObject>
#include <QString>
#include <QTimer>

#include <cstdint>
#include <functional>
#include <memory>
#include <vector>

namespace cd::models {

// One poll of the running platform (engine thread), for the operations view.
struct EngineSnapshot {
    std::vector<rt::ProcessInfo> processes;
    std::vector<live::TenantListing> tenants;
    std::vector<live::SessionListing> sessions; // live sessions (listSessions)
    live::PlatformCounters counters;
    std::int64_t virtualWallMs = 0; // the platform clock's wall time
};

// The live demo platform inside the app: one worker thread running an
// rt::EventLoop over a ScaledClock with the PlatformApi (and optionally the
// seeded DemoScenario) created on that thread. Commands are posted to the
// engine thread and reply through commandFinished with the request id they
// returned. Committed journal batches are collected on the engine thread and
// handed to the GUI coalesced, at most every 16 ms and at most
// maxEntriesPerDelivery() at a time (entriesCommitted);
// snapshots of the process tree and counters every 250 ms (snapshot).
//
// Threads: lives on the GUI thread; nothing here blocks it except stop(),
// which waits at most stopTimeoutMs for the platform's shutdown.
class EngineHost : public QObject {
    Q_OBJECT
public:
    struct StartOptions {
        QString journalPath; // a new file (or, with continueJournal, an existing demo journal)
        // Continue the demo journal at journalPath (PlatformApi::open): the
        // clock starts where it ended; the scenario, if run, goes on from there.
        bool continueJournal = false;
        quint64 seed = 1;
        double speed = 3600.0; // ScaledClock factor; ScaledClock::kFastest for "max"
        bool runScenario = true;
        std::int64_t scenarioTenants = 20;
        std::int64_t scenarioDays = 30;
        // Wall time at the platform's mono 0 (the demo's 2026-01-01 by default).
        std::int64_t startWallMs = 1767225600000;
    };

    explicit EngineHost(QObject* parent = nullptr);
    ~EngineHost() override; // stop()

    // Starts the engine thread. False (and failed() later never) when one is
    // already running; a journal that cannot be created reports failed().
    bool start(const StartOptions& options);
    // Stops the scenario, shuts the platform down (journal committed), stops
    // the loop and joins the thread. Bounded: gives up waiting after
    // timeoutMs and reports false (the thread then finishes on its own).
    bool stop(int timeoutMs = 5000);
    bool isRunning() const;
    QString journalPath() const;

    void setSpeed(double speed); // 0 pauses
    double speed() const;

    // Commands: return a request id, answered once by commandFinished.
    quint64 createTenant(const QString& tenantId, platform::Plan plan, const QString& ownerId);
    quint64 inviteUser(const QString& tenantId, const QString& userId, const QString& email, platform::Role role);
    quint64 activateUser(const QString& tenantId, const QString& userId);
    quint64 removeUser(const QString& tenantId, const QString& userId);
    quint64 recordUsage(const QString& tenantId, const QString& userId, const QString& feature, double amount);
    quint64 changePlan(const QString& tenantId, platform::Plan plan);
    quint64 reactivateTenant(const QString& tenantId);
    quint64 runBillingNow(const QString& tenantId = {});
    quint64 connectSession(const QString& tenantId, const QString& sessionId, const QString& userId);
    quint64 disconnectSession(const QString& tenantId, const QString& sessionId);
    quint64 crashTenant(const QString& tenantId);

    // Asks for a snapshot now (it also comes every 250 ms while running).
    void requestSnapshot();

    // Longest time one of this object's GUI-thread slots took (ms), for reports.
    qint64 longestGuiSliceMs() const;
    quint64 batchesDelivered() const;

    // At most this many entries go out in one entriesCommitted (default
    // 4096), so one delivery's append stays bounded; the rest follows on the
    // next ticks. A backlog larger than 8 deliveries is drained in eighths so
    // following live never falls further behind (stop() delivers everything).
    void setMaxEntriesPerDelivery(std::size_t entries);
    std::size_t maxEntriesPerDelivery() const { return m_maxPerDelivery; }
    // Committed entries the GUI has not been handed yet.
    std::size_t backlog() const { return m_backlog.size() - m_backlogAt; }

Q_SIGNALS:
    // The platform is up and its journal exists at path.
    void started(const QString& path);
    void failed(const QString& reason);
    void stopped();
    void commandFinished(quint64 requestId, const cd::live::CommandResult& result);
    // Before commandFinished of an accepted createTenant: the id it got.
    void tenantCreated(quint64 requestId, const QString& tenantId);
    // Committed entries in sequence order, several engine batches coalesced.
    void entriesCommitted(const std::vector<cd::platform::Entry>& entries);
    void snapshot(const cd::models::EngineSnapshot& snapshot);
    void speedChanged(double speed);

private:
    struct Engine;
    quint64 post(std::function<void(Engine&, quint64)> command);
    void deliver(bool everything = false);
    void finishCommand(quint64 id, const live::CommandResult& result);

    std::shared_ptr<Engine> m_engine;
    QTimer m_deliverTimer;
    QTimer m_snapshotTimer;
    quint64 m_nextRequest = 1;
    double m_speed = 0.0;
    qint64 m_longestSliceMs = 0;
    quint64 m_batches = 0;
    QString m_path;
    std::size_t m_maxPerDelivery = 4096;
    std::vector<platform::Entry> m_backlog; // taken from the engine, not yet delivered from m_backlogAt on
    std::size_t m_backlogAt = 0;
};

} // namespace cd::models

Q_DECLARE_METATYPE(cd::live::CommandResult)
Q_DECLARE_METATYPE(cd::models::EngineSnapshot)
