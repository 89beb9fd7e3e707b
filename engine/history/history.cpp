#include "engine/history/history.h"

#include "engine/history/range_fold.h"

#include "engine/platform/codec.h"
#include "engine/platform/fold.h"
#include "engine/platform/string_pool.h"
#include "engine/store/entry_source.h"

#include <algorithm>
#include <array>

namespace cd::history {

using platform::Event;
using platform::PlatformState;

namespace {
// Items read per write-lock section: large enough to amortise the lock,
// small enough that readers and cancellation wait little.
constexpr std::size_t BatchSize = 512;
// Strings an entry may intern at most (tenant, user, email, session, cycle,
// feature, reason, plan...): a batch's growth of the string table.
constexpr std::size_t MaxStringsPerEntry = 8;
} // namespace

History::History(HistoryOptions options)
    : m_options(options)
    , m_pool(std::make_unique<platform::StringPool>())
    , m_codec(std::make_unique<platform::EntryCodec>())
    , m_snapshots(options.snapshots)
{ }

History::~History() = default;

void History::reject(BuildResult& result, InvalidEntry invalid)
{
    ++result.invalidCount;
    if (result.invalid.size() < BuildResult::MaxReported)
        result.invalid.push_back(std::move(invalid));
}

void History::add(std::int64_t sequence, std::int64_t wallMs, const Event& event)
{
    m_index.add(sequence, wallMs, event);
    m_size.store(m_index.size(), std::memory_order_release);
    if (!m_statesPending) { // else restoreStates folds it with the rest
        platform::apply(m_latest, event, wallMs);
        m_snapshots.afterFold(m_index.size(), m_latest, m_index);
    }
    m_lastSequence = sequence;
}

bool History::consume(store::SourceItem& item, const store::EntrySource* source, BuildResult& result)
{
    auto describe = [&item, source]() {
        return source ? source->describe(item) : "entries[" + std::to_string(item.place) + "]: " + item.reason;
    };
    if (item.valid && m_lastSequence && item.entry.sequence <= *m_lastSequence) {
        item.valid = false;
        item.reason = "sequence " + std::to_string(item.entry.sequence) + " is not larger than the previous entry's ("
            + std::to_string(*m_lastSequence) + ")";
    }
    Event event;
    if (item.valid && !m_codec->decodeData(item.entry.data, item.reason, &event, m_pool.get()))
        item.valid = false;
    if (!item.valid) {
        reject(result, InvalidEntry { item.place, item.reason, describe() });
        return false;
    }
    add(item.entry.sequence, item.entry.wallMs, event);
    ++result.entries;
    return true;
}

BuildResult History::build(store::EntrySource& source, const BuildOptions& options)
{
    BuildResult result;
    std::vector<store::SourceItem> batch(BatchSize);
    m_snapshots.setDeferThinning(true); // planned between batches, below
    double lastFraction = -1;
    std::int64_t lastEntries = 0;
    auto report = [&options, &source, &result, &lastFraction, &lastEntries](bool force) {
        if (!options.progress)
            return;
        const double fraction = source.progress();
        if (force || fraction - lastFraction >= 0.001 || result.entries - lastEntries >= 65536) {
            options.progress(fraction, result.entries);
            lastFraction = fraction;
            lastEntries = result.entries;
        }
    };
    for (;;) {
        if (options.cancel && options.cancel->load(std::memory_order_relaxed)) {
            result.status = BuildResult::Status::Cancelled;
            break;
        }
        // Parse outside the lock; decode and fold (which intern) inside it.
        std::size_t n = 0;
        store::EntrySource::Status status = store::EntrySource::Status::Item;
        while (n < batch.size() && (status = source.next(batch[n])) == store::EntrySource::Status::Item)
            ++n;
        bool stopped = false;
        // What is costly but changes nothing readers see happens outside the
        // write lock: a bigger string table built ahead, the snapshots' new
        // costs when the budget thins them, freeing the dropped ones (inside
        // it, they held the lock up to 0.3 s at 10M entries).
        auto growth = m_pool->prepareGrowth(n * MaxStringsPerEntry);
        std::vector<SnapshotStore::Snapshot> dropped; // freed once the lock is released
        {
            std::unique_lock lock(m_mutex);
            m_pool->adopt(growth);
            for (std::size_t i = 0; i < n && !stopped; ++i)
                stopped = !consume(batch[i], &source, result) && options.stopAtFirstInvalid;
        }
        if (m_snapshots.thinningDue()) {
            auto thinning = m_snapshots.planThinning();
            std::unique_lock lock(m_mutex);
            m_snapshots.applyThinning(std::move(thinning));
            dropped = m_snapshots.takeDropped();
        }
        if (stopped) {
            result.status = BuildResult::Status::Stopped;
            break;
        }
        if (status == store::EntrySource::Status::Failed) {
            result.status = BuildResult::Status::Failed;
            result.error = source.error();
            break;
        }
        if (status == store::EntrySource::Status::End)
            break;
        report(false);
    }
    std::vector<SnapshotStore::Snapshot> dropped; // freed once the lock is released
    {
        std::unique_lock lock(m_mutex);
        m_index.shrink();
        m_snapshots.setDeferThinning(false);
        m_snapshots.applyThinning(m_snapshots.planThinning());
        dropped = m_snapshots.takeDropped();
    }
    report(true);
    return result;
}

BuildResult History::append(std::span<const platform::Entry> entries)
{
    BuildResult result;
    std::vector<SnapshotStore::Snapshot> dropped; // freed after the lock (declared before it)
    std::unique_lock lock(m_mutex);
    store::SourceItem item;
    for (std::size_t i = 0; i < entries.size(); ++i) {
        item.valid = true;
        item.entry = entries[i];
        item.place = std::int64_t(i);
        item.reason.clear();
        consume(item, nullptr, result);
    }
    dropped = m_snapshots.takeDropped();
    return result;
}

bool History::adopt(History& other)
{
    if (&other == this)
        return false;
    std::scoped_lock lock(m_mutex, other.m_mutex);
    if (!m_index.empty() || m_pool->size() != 0)
        return false;
    // The codec goes along with the pool: what it interned lives there.
    std::swap(m_pool, other.m_pool);
    std::swap(m_codec, other.m_codec);
    std::swap(m_index, other.m_index);
    std::swap(m_snapshots, other.m_snapshots);
    std::swap(m_latest, other.m_latest);
    std::swap(m_lastSequence, other.m_lastSequence);
    std::swap(m_statesPending, other.m_statesPending);
    m_size.store(m_index.size(), std::memory_order_release);
    other.reset(); // what it got back was empty; a fresh pool all the same
    return true;
}

bool History::acceptLoadedIndex(const std::vector<std::size_t>& snapshotAt, std::size_t stringCount)
{
    const std::size_t n = m_index.size();
    if (!m_index.consistent(stringCount))
        return false;
    std::size_t previous = 0;
    for (std::size_t at : snapshotAt) {
        if (at <= previous || at > n)
            return false;
        previous = at;
    }
    m_lastSequence = n > 0 ? std::optional(m_index.sequence(n - 1)) : std::nullopt;
    m_statesPending = n > 0;
    m_size.store(n, std::memory_order_release);
    return true;
}

bool History::statesPending() const
{
    std::shared_lock lock(m_mutex);
    return m_statesPending;
}

bool History::restoreStates(
    const std::vector<std::size_t>& snapshotAt, std::size_t interval, const RestoreOptions& options)
{
    SnapshotStore snapshots(m_options.snapshots);
    PlatformState latest;
    std::size_t done = 0;
    auto cancelled = [&options] { return options.cancel && options.cancel->load(std::memory_order_relaxed); };
    // From snapshot point to snapshot point, tenant by tenant (the events
    // are stored that way; position by position would miss the cache).
    auto foldTo = [&](std::size_t at, bool restored) {
        foldIndexRange(m_index, latest, done, at);
        done = at;
        if (restored)
            snapshots.restoreAt(done, interval, latest, m_index);
        else
            snapshots.afterFold(done, latest, m_index);
    };
    // Up to the next snapshot due (new snapshots where the spacing says).
    auto foldToNextDue
        = [&](std::size_t end) { foldTo(std::min(end, std::max(done + 1, snapshots.nextDue())), false); };
    std::size_t total = 0;
    {
        std::shared_lock lock(m_mutex);
        if (!m_statesPending)
            return true;
        total = m_index.size();
        for (std::size_t at : snapshotAt) {
            if (cancelled())
                return false;
            foldTo(at, true);
            if (options.progress)
                options.progress(done, total);
        }
        while (done < total) {
            if (cancelled())
                return false;
            foldToNextDue(total);
            if (options.progress)
                options.progress(done, total);
        }
    }
    std::unique_lock lock(m_mutex);
    // Entries appended meanwhile were only indexed: fold them too.
    while (done < m_index.size())
        foldToNextDue(m_index.size());
    m_snapshots = std::move(snapshots);
    m_latest = std::move(latest);
    m_statesPending = false;
    return true;
}

void History::reset()
{
    m_pool = std::make_unique<platform::StringPool>();
    m_index.clear();
    m_size.store(0, std::memory_order_release);
    m_snapshots.clear();
    m_latest = PlatformState();
    m_lastSequence.reset();
    m_statesPending = false;
}

std::size_t History::size() const
{
    return m_size.load(std::memory_order_acquire);
}

std::size_t History::snapshotInterval() const
{
    std::shared_lock lock(m_mutex);
    return m_snapshots.interval();
}

std::size_t History::snapshotCount() const
{
    std::shared_lock lock(m_mutex);
    return m_snapshots.count();
}

std::vector<std::size_t> History::snapshotPositions() const
{
    std::shared_lock lock(m_mutex);
    std::vector<std::size_t> out;
    for (const auto& s : m_snapshots.snapshots())
        out.push_back(s.entryCount);
    return out;
}

std::size_t History::snapshotMemory() const
{
    std::shared_lock lock(m_mutex);
    return m_snapshots.memoryEstimate();
}

std::size_t History::memoryUsage() const
{
    std::shared_lock lock(m_mutex);
    return m_index.memoryUsage() + m_pool->memoryUsage() + m_snapshots.memoryEstimate()
        + SnapshotStore::stateBytes(m_latest);
}

// --- View -------------------------------------------------------------------

History::View::View(const History& history)
    : m_history(&history)
    , m_lock(history.m_mutex)
{ }

platform::Str History::View::find(std::string_view text) const
{
    return m_history->m_pool->find(text);
}

void History::View::foldRange(
    PlatformState& state, std::size_t begin, std::size_t end, std::span<const std::uint32_t> logLengths) const
{
    foldIndexRange(m_history->m_index, state, begin, end, logLengths);
}

StatePoint History::View::stateAtCount(std::size_t count, const StatePoint* from) const
{
    const EntryIndex& index = m_history->m_index;
    count = std::min(count, index.size());
    StatePoint point;
    point.entryCount = count;
    if (count > 0) {
        point.sequence = index.sequence(count - 1);
        point.wallMs = index.wallMs(count - 1);
    }
    if (count == index.size() && !m_history->m_statesPending) {
        point.state = m_history->m_latest;
        return point;
    }
    const SnapshotStore::Snapshot* snapshot = m_history->m_snapshots.nearest(count);
    if (from && from->entryCount <= count && from->entryCount >= (snapshot ? snapshot->entryCount : 0)) {
        point.state = from->state;
        foldRange(point.state, from->entryCount, count);
        return point;
    }
    if (snapshot)
        point.state = snapshot->state.unpack();
    foldRange(point.state, snapshot ? snapshot->entryCount : 0, count,
        snapshot ? std::span(snapshot->logLengths) : std::span<const std::uint32_t>());
    return point;
}

StatePoint History::View::stateAt(std::int64_t sequence) const
{
    const auto position = m_history->m_index.positionAtOrBefore(sequence);
    return stateAtCount(position ? *position + 1 : 0);
}

StatePoint History::View::stateAtTime(std::int64_t wallMs) const
{
    const EntryIndex& index = m_history->m_index;
    // Everything before the prefix is at or before wallMs; after it only
    // late entries (wall time below an earlier entry's) can still qualify.
    const std::size_t prefix = index.prefixUpToTime(wallMs);
    StatePoint point = stateAtCount(prefix);
    const auto& late = index.lateEntries();
    auto it = std::lower_bound(
        late.begin(), late.end(), prefix, [](const EntryIndex::LateEntry& e, std::size_t p) { return e.position < p; });
    for (; it != late.end(); ++it) {
        if (it->wallMs > wallMs)
            continue;
        platform::apply(point.state, index.event(it->position), it->wallMs);
        point.sequence = index.sequence(it->position);
        point.wallMs = it->wallMs;
    }
    return point;
}

StatePoint History::View::latest() const
{
    return stateAtCount(m_history->m_index.size());
}

} // namespace cd::history
