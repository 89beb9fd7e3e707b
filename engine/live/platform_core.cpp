#include "engine/live/platform_core.h"

#include "engine/live/billing_service.h"
#include "engine/live/platform_manager.h"
#include "engine/live/session_manager.h"

#include "engine/platform/codec.h"
#include "engine/platform/fold.h"
#include "engine/platform/payment_gateway.h"
#include "engine/store/sqlite_journal_cursor.h"
#include "engine/store/sqlite_journal_reader.h"
#include "engine/store/sqlite_journal_writer.h"

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
    m_store = std::make_shared<SqliteJournalStore>(*m_clock, std::move(writer));

    rt::JournalOptions<std::string> jo;
    // The first call names the journal, the others the entries: "e-" and 16
    // hex digits of splitmix64 over (seed, counter), a bijection, so unique.
    jo.idGenerator = [this] {
        if (m_idCounter++ == 0)
            return m_journalId;
        std::uint64_t s = m_options.seed * 0xD1B54A32D192ED03ULL + m_idCounter;
        return "e-" + hex16(splitMix64(s));
    };
    jo.maxEntries = std::max<std::size_t>(1, m_options.memoryTailEntries);
    jo.overflow = rt::JournalOverflow::DropOldest;
    jo.store = m_store;
    jo.emit = [](const rt::ObsEvent&) {}; // journal:append per entry is too chatty for the ops view
    m_journal = std::make_unique<rt::Journal<std::string>>(*m_clock, std::move(jo));

    store::ReaderOptions ro;
    ro.immutableWhenPossible = false; // the writer is live beside us
    m_reader = store::SqliteJournalReader::open(m_options.journalPath, error, ro);
    if (!m_reader)
        return false;

    rt::ProcessSystemOptions po;
    po.seed = m_options.seed;
    m_system = std::make_unique<rt::ProcessSystem>(*m_executor, *m_clock, std::move(po));
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
