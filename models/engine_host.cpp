#include "models/engine_host.h"

#include "engine/live/demo_scenario.h"
#include "engine/live/platform_api.h"
#include "engine/platform/simulated_gateway.h"
#include "engine/runtime/event_loop.h"
#include "engine/runtime/executor.h"
#include "engine/runtime/scaled_clock.h"
#include "engine/runtime/task.h"

#include <QElapsedTimer>
#include <QMetaObject>

#include <chrono>
#include <exception>
#include <future>
#include <iterator>
#include <mutex>
#include <thread>

namespace cd::models {

namespace {

std::string text(const QString& s)
{
    return s.toStdString();
}

live::CommandResult refused(std::string why)
{
    live::CommandResult r;
    r.refusal = std::move(why);
    return r;
}

} // namespace

// Everything the engine thread owns. Shared with the thread so a stop() that
// timed out can let the thread finish on its own.
struct EngineHost::Engine {
    rt::Executor executor;
    std::unique_ptr<rt::ScaledClock> clock;
    std::unique_ptr<rt::EventLoop> loop;
    // Engine thread only.
    std::unique_ptr<live::PlatformApi> api;
    std::unique_ptr<live::DemoScenario> scenario;
    bool shuttingDown = false;

    std::thread thread;
    std::future<void> finished;

    std::mutex mutex; // guards pending and host
    std::vector<platform::Entry> pending;
    EngineHost* host = nullptr; // cleared when the host goes away

    // Runs fn on the host's (GUI) thread, unless the host is gone.
    void notify(std::function<void(EngineHost&)> fn)
    {
        std::lock_guard lock(mutex);
        if (!host)
            return;
        EngineHost* target = host;
        QMetaObject::invokeMethod(
            target, [target, fn = std::move(fn)]() { fn(*target); }, Qt::QueuedConnection);
    }

    template <typename T, typename Convert>
    void reply(quint64 id, rt::Future<T> future, Convert convert)
    {
        future.then([this, id, future, convert]() {
            live::CommandResult result;
            try {
                result = convert(future.value());
            } catch (const std::exception& e) {
                result = refused(std::string("outcome unknown: ") + e.what());
            }
            notify([id, result](EngineHost& h) { h.finishCommand(id, result); });
        });
    }
};

EngineHost::EngineHost(QObject* parent)
    : QObject(parent)
{
    qRegisterMetaType<cd::live::CommandResult>();
    qRegisterMetaType<cd::models::EngineSnapshot>();
    // ~60 deliveries a second at most: one frame.
    m_deliverTimer.setInterval(16);
    // Named so GUI-thread profiles (bench_demo_gui) can tell the dispatches apart.
    m_deliverTimer.setObjectName(QStringLiteral("engineHostDeliverTimer"));
    m_snapshotTimer.setObjectName(QStringLiteral("engineHostSnapshotTimer"));
    connect(&m_deliverTimer, &QTimer::timeout, this, [this]() { deliver(); });
    m_snapshotTimer.setInterval(250);
    connect(&m_snapshotTimer, &QTimer::timeout, this, [this]() { requestSnapshot(); });
}

EngineHost::~EngineHost()
{
    stop();
}

bool EngineHost::start(const StartOptions& options)
{
    if (m_engine)
        return false;
    rt::Instant startAt { options.startWallMs, 0 };
    if (options.continueJournal) {
        // Where the journal ended (a quick read of its last entry): the clock
        // must not start before it.
        live::ResumePoint resume;
        std::string error;
        if (!live::PlatformApi::resumePoint(text(options.journalPath), resume, error)) {
            const QString reason = QString::fromStdString(error);
            QMetaObject::invokeMethod(
                this, [this, reason]() { Q_EMIT failed(reason); }, Qt::QueuedConnection);
            return true; // reported through failed(), like a journal that cannot be created
        }
        startAt = rt::Instant { resume.lastWallMs, resume.lastMonoMs };
    }
    auto engine = std::make_shared<Engine>();
    engine->host = this;
    engine->clock = std::make_unique<rt::ScaledClock>(engine->executor, options.speed, startAt);
    engine->loop = std::make_unique<rt::EventLoop>(engine->executor, *engine->clock);
    m_speed = options.speed;
    m_path = options.journalPath;

    Engine* e = engine.get();
    const std::int64_t startWallMs = startAt.wallMs;
    e->loop->postFromAnyThread([e, options, startWallMs]() {
        live::PlatformOptions po;
        po.journalPath = text(options.journalPath);
        po.seed = options.seed;
        po.gatewayLatencyMs = [](std::string_view, int) { return std::int64_t { 250 }; };
        auto gateway = std::make_shared<platform::SimulatedGateway>(options.seed, 0.05);
        std::string error;
        e->api = options.continueJournal
            ? live::PlatformApi::open(e->executor, *e->clock, std::move(po), gateway, error)
            : live::PlatformApi::create(e->executor, *e->clock, std::move(po), gateway, error);
        if (!e->api) {
            e->notify([error](EngineHost& h) { Q_EMIT h.failed(QString::fromStdString(error)); });
            e->loop->stop();
            return;
        }
        e->api->subscribeCommitted([e](std::span<const platform::Entry> entries) {
            std::lock_guard lock(e->mutex);
            e->pending.insert(e->pending.end(), entries.begin(), entries.end());
        });
        const QString path = options.journalPath;
        e->notify([path](EngineHost& h) { Q_EMIT h.started(path); });
        if (options.runScenario) {
            live::DemoOptions demo;
            demo.seed = options.seed;
            demo.tenants = options.scenarioTenants;
            demo.days = options.scenarioDays;
            demo.startWallMs = startWallMs;
            e->scenario = std::make_unique<live::DemoScenario>(*e->api, *e->clock, demo);
            rt::start(e->executor, e->scenario->run());
        }
    });

    std::promise<void> done;
    engine->finished = done.get_future();
    engine->thread = std::thread([engine, done = std::move(done)]() mutable {
        engine->loop->run();
        // Engine-thread objects die on the engine thread, scenario first.
        engine->scenario.reset();
        engine->api.reset();
        done.set_value();
    });
    m_engine = std::move(engine);
    m_deliverTimer.start();
    m_snapshotTimer.start();
    return true;
}

bool EngineHost::stop(int timeoutMs)
{
    if (!m_engine)
        return true;
    m_snapshotTimer.stop();
    Engine* e = m_engine.get();
    e->loop->postFromAnyThread([e]() {
        if (e->shuttingDown)
            return;
        e->shuttingDown = true;
        if (!e->api) {
            e->loop->stop();
            return;
        }
        auto down = e->api->shutdown();
        down.then([e]() { e->loop->stop(); });
    });
    const bool ok = e->finished.wait_for(std::chrono::milliseconds(timeoutMs)) == std::future_status::ready;
    {
        std::lock_guard lock(e->mutex);
        e->host = nullptr;
    }
    if (ok)
        e->thread.join();
    else
        e->thread.detach(); // it holds the Engine and ends by itself
    deliver(true); // the last committed entries
    m_deliverTimer.stop();
    m_engine.reset();
    Q_EMIT stopped();
    return ok;
}

bool EngineHost::isRunning() const
{
    return m_engine != nullptr;
}

QString EngineHost::journalPath() const
{
    return m_path;
}

void EngineHost::setSpeed(double speed)
{
    if (!m_engine || speed < 0)
        return;
    m_speed = speed;
    Engine* e = m_engine.get();
    e->loop->postFromAnyThread([e, speed]() { e->clock->setSpeed(speed); });
    Q_EMIT speedChanged(speed);
}

double EngineHost::speed() const
{
    return m_speed;
}

quint64 EngineHost::post(std::function<void(Engine&, quint64)> command)
{
    const quint64 id = m_nextRequest++;
    if (!m_engine) {
        // Answered asynchronously like every other request.
        QMetaObject::invokeMethod(
            this, [this, id]() { finishCommand(id, refused("the demo platform is not running")); },
            Qt::QueuedConnection);
        return id;
    }
    Engine* e = m_engine.get();
    e->loop->postFromAnyThread([e, id, command = std::move(command)]() {
        if (!e->api || e->shuttingDown) {
            e->notify([id](EngineHost& h) { h.finishCommand(id, refused("the demo platform is not running")); });
            return;
        }
        command(*e, id);
    });
    return id;
}

quint64 EngineHost::createTenant(const QString& tenantId, platform::Plan plan, const QString& ownerId)
{
    return post([t = text(tenantId), plan, o = text(ownerId)](Engine& e, quint64 id) {
        e.reply(id, e.api->createTenant(t, plan, o), [&e, id](const live::CreateTenantResult& r) {
            const QString created = QString::fromStdString(r.tenantId);
            if (r.result.accepted)
                e.notify([id, created](EngineHost& h) { Q_EMIT h.tenantCreated(id, created); });
            return r.result;
        });
    });
}

namespace {
const auto same = [](const live::CommandResult& r) { return r; };
} // namespace

quint64 EngineHost::inviteUser(
    const QString& tenantId, const QString& userId, const QString& email, platform::Role role)
{
    return post([t = text(tenantId), u = text(userId), m = text(email), role](
                    Engine& e, quint64 id) { e.reply(id, e.api->inviteUser(t, u, m, role), same); });
}

quint64 EngineHost::activateUser(const QString& tenantId, const QString& userId)
{
    return post([t = text(tenantId), u = text(userId)](
                    Engine& e, quint64 id) { e.reply(id, e.api->activateUser(t, u), same); });
}

quint64 EngineHost::removeUser(const QString& tenantId, const QString& userId)
{
    return post(
        [t = text(tenantId), u = text(userId)](Engine& e, quint64 id) { e.reply(id, e.api->removeUser(t, u), same); });
}

quint64 EngineHost::recordUsage(const QString& tenantId, const QString& userId, const QString& feature, double amount)
{
    return post([t = text(tenantId), u = text(userId), f = text(feature), amount](
                    Engine& e, quint64 id) { e.reply(id, e.api->recordUsage(t, u, f, amount), same); });
}

quint64 EngineHost::changePlan(const QString& tenantId, platform::Plan plan)
{
    return post([t = text(tenantId), plan](Engine& e, quint64 id) { e.reply(id, e.api->changePlan(t, plan), same); });
}

quint64 EngineHost::reactivateTenant(const QString& tenantId)
{
    return post([t = text(tenantId)](Engine& e, quint64 id) { e.reply(id, e.api->reactivateTenant(t), same); });
}

quint64 EngineHost::runBillingNow(const QString& tenantId)
{
    std::optional<std::string> one;
    if (!tenantId.isEmpty())
        one = text(tenantId);
    return post([one](Engine& e, quint64 id) {
        e.reply(id, e.api->runBillingNow(one), [](const live::BillingRunSummary& s) {
            live::CommandResult r;
            r.accepted = s.errors == 0;
            if (!r.accepted)
                r.refusal = std::to_string(s.errors) + " tenant process(es) failed during billing";
            r.appended = s.billed;
            return r;
        });
    });
}

quint64 EngineHost::connectSession(const QString& tenantId, const QString& sessionId, const QString& userId)
{
    return post([t = text(tenantId), s = text(sessionId), u = text(userId)](
                    Engine& e, quint64 id) { e.reply(id, e.api->connectSession(t, s, u), same); });
}

quint64 EngineHost::disconnectSession(const QString& tenantId, const QString& sessionId)
{
    return post([t = text(tenantId), s = text(sessionId)](
                    Engine& e, quint64 id) { e.reply(id, e.api->disconnectSession(t, s), same); });
}

quint64 EngineHost::crashTenant(const QString& tenantId)
{
    return post([t = text(tenantId)](Engine& e, quint64 id) {
        live::CommandResult r;
        r.accepted = e.api->crashTenant(t);
        if (!r.accepted)
            r.refusal = "no running process for tenant " + t;
        e.notify([id, r](EngineHost& h) { h.finishCommand(id, r); });
    });
}

void EngineHost::requestSnapshot()
{
    if (!m_engine)
        return;
    Engine* e = m_engine.get();
    e->loop->postFromAnyThread([e]() {
        if (!e->api || e->shuttingDown)
            return;
        EngineSnapshot s;
        s.processes = e->api->processTree();
        s.tenants = e->api->listTenants();
        s.sessions = e->api->listSessions();
        s.counters = e->api->counters();
        s.virtualWallMs = e->clock->now().wallMs;
        e->notify([s = std::move(s)](EngineHost& h) { Q_EMIT h.snapshot(s); });
    });
}

void EngineHost::deliver(bool everything)
{
    if (!m_engine)
        return;
    QElapsedTimer slice;
    slice.start();
    {
        std::lock_guard lock(m_engine->mutex);
        if (m_backlogAt == m_backlog.size()) {
            m_backlog.clear();
            m_backlogAt = 0;
            m_backlog.swap(m_engine->pending);
        } else {
            std::move(m_engine->pending.begin(), m_engine->pending.end(), std::back_inserter(m_backlog));
            m_engine->pending.clear();
        }
    }
    const std::size_t waiting = m_backlog.size() - m_backlogAt;
    if (waiting > 0) {
        // Bounded unless the backlog outgrows eight deliveries: then an eighth
        // of it, so the GUI catches up within eight ticks whatever the rate.
        const std::size_t take = everything ? waiting : std::min(waiting, std::max(m_maxPerDelivery, waiting / 8));
        std::vector<platform::Entry> batch;
        if (m_backlogAt == 0 && take == waiting) {
            batch.swap(m_backlog); // the usual case: everything, no copy
        } else {
            batch.reserve(take);
            for (std::size_t i = m_backlogAt; i < m_backlogAt + take; ++i)
                batch.push_back(std::move(m_backlog[i]));
        }
        m_backlogAt += take;
        if (m_backlogAt >= m_backlog.size()) {
            m_backlog.clear();
            m_backlogAt = 0;
        }
        ++m_batches;
        Q_EMIT entriesCommitted(batch);
    }
    m_longestSliceMs = std::max(m_longestSliceMs, slice.elapsed());
}

void EngineHost::setMaxEntriesPerDelivery(std::size_t entries)
{
    m_maxPerDelivery = std::max<std::size_t>(1, entries);
}

void EngineHost::finishCommand(quint64 id, const live::CommandResult& result)
{
    Q_EMIT commandFinished(id, result);
}

qint64 EngineHost::longestGuiSliceMs() const
{
    return m_longestSliceMs;
}

quint64 EngineHost::batchesDelivered() const
{
    return m_batches;
}

} // namespace cd::models
