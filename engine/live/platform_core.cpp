#include "engine/live/platform_core.h"

#include "engine/live/billing_service.h"
#include "engine/live/demo_journal.h"
#include "engine/live/platform_manager.h"
#include "engine/live/session_manager.h"

#include "engine/platform/codec.h"
#include "engine/platform/fold.h"
#include "engine/platform/payment_gateway.h"
#include "engine/store/sqlite_journal_cursor.h"
#include "engine/store/sqlite_journal_reader.h"
#include "engine/store/sqlite_journal_writer.h"

#include <algorithm>
#include <cstdio>
#include <stdexcept>
#include <utility>

namespace cd::live {

namespace {

std::string hex16(std::uint64_t value)
{
    char buf[17];
    std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(value));
    return std::string(buf, 16);
}

constexpr std::string_view TenantProcessPrefix = "tenant:";

} // namespace

std::uint64_t splitMix64(std::uint64_t& state)
{
    std::uint64_t z = (state += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

double unitFrom(std::uint64_t bits)
{
    return static_cast<double>(bits >> 11) * 0x1.0p-53;
}

PlatformCore::PlatformCore(rt::Executor& executor, rt::Clock& clock, PlatformOptions options,
    std::shared_ptr<platform::PaymentGateway> gateway)
    : m_executor(&executor)
    , m_clock(&clock)
    , m_options(std::move(options))
    , m_gateway(std::move(gateway))
    , m_crashState(m_options.seed ^ 0xC2A5'1EED'0000'0001ULL)
{
    std::uint64_t s = m_options.seed;
    m_journalId = m_options.journalId.empty() ? "live-" + hex16(splitMix64(s)) : m_options.journalId;
}

PlatformCore::~PlatformCore()
{
    // Processes first (they point at this core), then the journal.
    m_system.reset();
    m_reader.reset();
    m_journal.reset();
    if (m_store) {
        std::string ignored;
        m_store->close(ignored);
    }
}

bool PlatformCore::start(std::string& error)
{
    if (!m_gateway) {
        error = "no payment gateway";
        return false;
    }
    store::WriterOptions wo;
    wo.meta.journalId = m_journalId;
    wo.meta.createdWallMs = m_clock->now().wallMs;
    wo.meta.createdMonoMs = m_clock->now().monoMs;
    wo.mode = store::WriterOptions::Mode::Live;
    wo.sync = m_options.syncFull ? store::WriterOptions::Sync::Full : store::WriterOptions::Sync::Normal;
    auto writer = store::SqliteJournalWriter::create(m_options.journalPath, wo, error);
    if (!writer)
        return false;
    m_idSeed = m_options.seed;
    if (!markDemoJournal(m_options.journalPath, m_idSeed, error))
        return false;
    m_store = std::make_shared<SqliteJournalStore>(*m_clock, std::move(writer));
    return startRuntime(0, error) && spawnProcesses();
}

bool PlatformCore::resume(std::string& error)
{
    if (!m_gateway) {
        error = "no payment gateway";
        return false;
    }
    const std::string& path = m_options.journalPath;
    DemoJournalEnd end;
    if (!readDemoJournalEnd(path, end, error))
        return false;
    const rt::Instant now = m_clock->now();
    if (now.wallMs < end.point.lastWallMs) {
        error = path + ": the clock (wall " + std::to_string(now.wallMs) + ") is earlier than the journal's end (wall "
            + std::to_string(end.point.lastWallMs) + "); start the clock at or after it";
        return false;
    }
    if (end.point.lastSequence >= 0) {
        // Continue the counter of the last id, so that no id repeats.
        const auto counter = demoEntryCounter(end.idSeed, end.lastId);
        // Counters run with the sequences (entries start at counter 2); a
        // batch refused by the store may have used a few more.
        const auto lowest = static_cast<std::uint64_t>(end.point.lastSequence) + 2;
        if (!counter || *counter < lowest || *counter - lowest > (std::uint64_t { 1 } << 32)) {
            error = path + ": entry " + std::to_string(end.point.lastSequence) + " (id " + end.lastId
                + ") was not made by the demo's id generator; its ids cannot be continued";
            return false;
        }
        m_idCounter = *counter;
    }
    m_idSeed = end.idSeed;
    m_resumedFrom = end.point;
    m_journalId = end.point.journalId;
    m_options.journalId = m_journalId;

    store::WriterOptions wo;
    wo.mode = store::WriterOptions::Mode::Live;
    wo.sync = m_options.syncFull ? store::WriterOptions::Sync::Full : store::WriterOptions::Sync::Normal;
    auto writer = store::SqliteJournalWriter::openExisting(path, wo, error);
    if (!writer)
        return false;
    if (writer->lastSequence().value_or(-1) != end.point.lastSequence) {
        error = path + ": the journal changed while it was being opened";
        return false;
    }
    m_store = std::make_shared<SqliteJournalStore>(*m_clock, std::move(writer));
    return startRuntime(end.point.lastSequence + 1, error) && registerExisting(end.tenantIds, error)
        && spawnProcesses();
}

bool PlatformCore::startRuntime(std::int64_t nextSequence, std::string& error)
{
    rt::JournalOptions<std::string> jo;
    // The first call names the journal, the others the entries.
    jo.idGenerator = [this] {
        if (!m_journalNamed) {
            m_journalNamed = true;
            return m_journalId;
        }
        return demoEntryId(m_idSeed, ++m_idCounter);
    };
    jo.maxEntries = std::max<std::size_t>(1, m_options.memoryTailEntries);
    jo.overflow = rt::JournalOverflow::DropOldest;
    jo.store = m_store;
    jo.emit = [](const rt::ObsEvent&) {}; // journal:append per entry is too chatty for the ops view
    jo.entryEvents = false; // nor built: ~2% of the demo's CPU
    m_journal = std::make_unique<rt::Journal<std::string>>(*m_clock, std::move(jo));
    if (nextSequence > 0)
        m_journal->restore({}, nextSequence);

    store::ReaderOptions ro;
    ro.immutableWhenPossible = false; // the writer is live beside us
    m_reader = store::SqliteJournalReader::open(m_options.journalPath, error, ro);
    if (!m_reader)
        return false;
    return true;
}

bool PlatformCore::registerExisting(const std::vector<std::string>& tenantIds, std::string& error)
{
    const rt::Instant now = m_clock->now();
    for (const auto& tenantId : tenantIds) {
        platform::TenantState state;
        std::int64_t last = -1;
        if (!replayTenant(tenantId, state, last, error))
            return false;
        TenantRecord& record = addTenant(tenantId, state.plan);
        record.status = state.status;
        // Connected and never ended in the journal: tracked again as if seen
        // now, so the sweep expires them sessionTimeoutMs later unless they
        // send heartbeats.
        SessionList live;
        for (const auto& s : state.sessions) {
            live.push_back(LiveSession { std::string(m_pool.view(s.sessionId)), std::string(m_pool.view(s.userId)),
                now.monoMs, s.connectedAt, now.wallMs });
        }
        std::sort(live.begin(), live.end(), [](const LiveSession& a, const LiveSession& b) {
            return a.connectedAtWallMs != b.connectedAtWallMs ? a.connectedAtWallMs < b.connectedAtWallMs
                                                              : a.sessionId < b.sessionId;
        });
        record.sessions->reset(std::move(live));
        record.openedState = std::move(state);
        record.openedLastSequence = last;
    }
    return true;
}

bool PlatformCore::spawnProcesses()
{
    rt::ProcessSystemOptions po;
    po.seed = m_options.seed;
    m_system = std::make_unique<rt::ProcessSystem>(*m_executor, *m_clock, std::move(po));
    // The manager's init starts a process for every registered tenant.
    m_manager = m_system->spawn(makeManagerSpec(*this));
    m_billing = m_system->spawn(makeBillingSpec(*this));
    m_sessions = m_system->spawn(makeSessionSpec(*this));
    return true;
}

PlatformCore::AppendAck PlatformCore::append(
    const std::vector<platform::Event>& events, std::int64_t& first, std::int64_t& last)
{
    std::vector<std::string> data;
    data.reserve(events.size());
    for (const auto& e : events)
        data.push_back(platform::encodeEvent(e, m_pool));
    first = m_journal->nextSequence();
    auto ack = m_journal->appendBatch(std::move(data));
    last = first + static_cast<std::int64_t>(events.size()) - 1;
    counters.entriesAppended += events.size();
    return ack;
}

bool PlatformCore::replayTenant(
    const std::string& tenantId, platform::TenantState& out, std::int64_t& lastSequence, std::string& error)
{
    if (TenantRecord* record = find(tenantId); record && record->openedState) {
        out = std::move(*record->openedState);
        lastSequence = record->openedLastSequence;
        record->openedState.reset();
        return true;
    }
    store::ReadRange range;
    range.tenantId = tenantId;
    auto cursor = m_reader->scan(range, error, true);
    if (!cursor)
        return false;
    bool created = false;
    platform::Entry entry;
    platform::Event event;
    std::string reason;
    for (;;) {
        const auto status = cursor->next(entry, reason, &event, &m_pool);
        if (status == store::SqliteJournalCursor::Status::End)
            break;
        if (status == store::SqliteJournalCursor::Status::Failed) {
            error = cursor->error();
            return false;
        }
        if (status == store::SqliteJournalCursor::Status::Invalid) {
            error = m_options.journalPath + ": sequence " + std::to_string(cursor->sequence()) + ": " + reason;
            return false;
        }
        if (!created) {
            if (event.type != platform::EventType::TenantCreated)
                continue; // the fold ignores events of a tenant not created yet
            out = platform::makeTenant(event);
            created = true;
        } else {
            platform::applyToTenant(out, event, entry.wallMs);
        }
        lastSequence = entry.sequence;
    }
    if (!created) {
        error = "tenant " + tenantId + " has no tenant.created in the journal";
        return false;
    }
    return true;
}

bool PlatformCore::closeJournal(std::string& error)
{
    m_reader.reset();
    return !m_store || m_store->close(error);
}

TenantRecord* PlatformCore::find(const std::string& tenantId)
{
    auto it = m_byId.find(tenantId);
    return it == m_byId.end() ? nullptr : it->second;
}

TenantRecord& PlatformCore::addTenant(const std::string& tenantId, platform::Plan plan)
{
    auto record = std::make_unique<TenantRecord>();
    record->tenantId = tenantId;
    record->id = m_pool.intern(tenantId);
    record->index = m_tenants.size();
    record->plan = plan;
    record->sessions = std::make_unique<SessionTable>(SessionList {}, *m_clock);
    TenantRecord& ref = *record;
    m_byId.emplace(tenantId, record.get());
    m_tenants.push_back(std::move(record));
    return ref;
}

TenantRecord* PlatformCore::findByProcessName(const std::string& name)
{
    if (name.compare(0, TenantProcessPrefix.size(), TenantProcessPrefix) != 0)
        return nullptr;
    return find(name.substr(TenantProcessPrefix.size()));
}

std::string PlatformCore::nextTenantId()
{
    for (;;) {
        std::string id = "t-" + std::to_string(++m_autoTenant);
        if (!find(id))
            return id;
    }
}

int PlatformCore::drawCrash()
{
    if (m_options.crashRate <= 0)
        return 0;
    if (unitFrom(splitMix64(m_crashState)) >= m_options.crashRate)
        return 0;
    ++counters.crashesInjected;
    return (splitMix64(m_crashState) & 1) != 0 ? 2 : 1;
}

PlatformCounters PlatformCore::snapshotCounters() const
{
    PlatformCounters c = counters;
    if (m_store) {
        const auto& s = m_store->stats();
        c.entriesCommitted = s.entriesCommitted;
        c.commits = s.commits;
        c.lastCommitEntries = s.lastCommitEntries;
        c.lastCommitLatencyUs = s.lastCommitLatencyUs;
        c.maxCommitLatencyUs = s.maxCommitLatencyUs;
        c.lastSequence = s.lastSequence;
        c.lastWallMs = s.lastWallMs;
    }
    c.tenants = m_tenants.size();
    c.tenantsFailed = 0;
    c.restarts = 0;
    c.liveSessions = 0;
    for (const auto& t : m_tenants) {
        if (t->gaveUp)
            ++c.tenantsFailed;
        if (t->ref.valid())
            c.restarts += static_cast<std::uint64_t>(t->ref.info().restarts);
        c.restarts += static_cast<std::uint64_t>(t->earlierRestarts);
        c.liveSessions += t->sessions->deref().size();
    }
    return c;
}

} // namespace cd::live
