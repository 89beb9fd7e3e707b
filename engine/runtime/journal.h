#pragma once

#include "engine/runtime/clock.h"
#include "engine/runtime/future.h"
#include "engine/runtime/journal_entry.h"
#include "engine/runtime/journal_errors.h"
#include "engine/runtime/journal_json.h"
#include "engine/runtime/journal_store.h"
#include "engine/runtime/observe.h"
#include "engine/runtime/subscriber_list.h"

#include <algorithm>
#include <cstdint>
#include <deque>
#include <exception>
#include <functional>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace cd::rt {

enum class JournalOverflow {
    None, // "none": maxEntries is ignored (as in the library)
    DropOldest, // "bounded:drop_oldest"
    Error, // "bounded:error"
};

inline const char* journalOverflowName(JournalOverflow policy)
{
    switch (policy) {
    case JournalOverflow::DropOldest:
        return "bounded:drop_oldest";
    case JournalOverflow::Error:
        return "bounded:error";
    case JournalOverflow::None:
        break;
    }
    return "none";
}

// T <-> JSON text, used by toJSON / fromJSON only.
template <typename T>
struct JournalSerializer {
    std::function<std::string(const T&)> toJson;
    std::function<T(std::string_view json)> fromJson;
};

template <typename T>
struct JournalOptions {
    // Called once for the journal id at construction, then once per entry.
    // Default: "j-1", "j-2", ... per journal.
    std::function<std::string()> idGenerator;
    EmitFn emit; // empty = the clock's emitter
    std::optional<std::size_t> maxEntries;
    JournalOverflow overflow = JournalOverflow::None;
    JournalSerializer<T> serializer;
    std::shared_ptr<JournalStore<T>> store;
    // false: no journal:append and no drop_oldest journal:overflow per entry
    // (a high-rate journal whose sink only wants the batch events).
    bool entryEvents = true;
};

// An append-only, in-memory journal (the library's Journal) with an optional
// durable store underneath. Sequences are 0-based, gapless and never reused
// (clear() keeps nextSequence); timestamps come from the clock; subscribers
// are called synchronously, in order, and may not append.
//
// Events: journal:create {journalId, at}, journal:append {id, seq, size, at},
// journal:overflow {policy, maxEntries, [droppedCount], at}, journal:clear
// {previousSize, at}, journal:subscriber:error {seq, id, error, at}, and with
// a store journal:commit {firstSeq, count, at} / journal:store:error
// {firstSeq, count, error, at} when a batch becomes durable or fails.
//
// Subscribers see entries when they are added in memory, which with a store
// is before they are durable; the acknowledgement is the Future returned by
// appendBatch / appendDurable. clear() and drop_oldest only trim the
// in-memory window: they never reach the store.
template <typename T>
class Journal {
public:
    using Entry = JournalEntry<T>;
    using Subscriber = std::function<void(const Entry&)>;

    explicit Journal(const Clock& clock, JournalOptions<T> options = {})
        : m_clock(&clock)
        , m_options(std::move(options))
        , m_emit(m_options.emit ? m_options.emit : clock.emitter())
    {
        if (!m_options.idGenerator) {
            m_options.idGenerator
                = [counter = std::make_shared<std::int64_t>(0)] { return "j-" + std::to_string(++*counter); };
        }
        m_journalId = m_options.idGenerator();
        m_createdAt = clock.now();
        emit(ObsEvent("journal:create", { { "journalId", m_journalId }, { "at", m_createdAt } }));
    }
    Journal(const Journal&) = delete;
    Journal& operator=(const Journal&) = delete;

    // Builds a journal from a Phyxius export: a new journal (create event, one
    // id consumed, new createdAt), then its entries restored as they were.
    // An empty export keeps its nextSequence (the library loses it).
    static std::unique_ptr<Journal> fromJSON(std::string_view json, const Clock& clock, JournalOptions<T> options)
    {
        JournalExport doc = parseJournalExport(json);
        auto journal = std::make_unique<Journal>(clock, std::move(options));
        const auto& fromJson = journal->m_options.serializer.fromJson;
        if (!fromJson && !doc.entries.empty())
            throw std::logic_error("Journal::fromJSON needs serializer.fromJson");
        std::vector<Entry> entries;
        entries.reserve(doc.entries.size());
        for (auto& e : doc.entries)
            entries.push_back({ std::move(e.id), e.sequence, e.timestamp, fromJson(e.dataJson) });
        const std::int64_t next = doc.nextSequence.value_or(entries.empty() ? 0 : entries.back().sequence + 1);
        journal->restore(std::move(entries), next);
        return journal;
    }

    // {"entries":[...], "nextSequence":N, "createdAt":{...}}; data through
    // serializer.toJson.
    std::string toJSON() const
    {
        const auto& toJson = m_options.serializer.toJson;
        if (!toJson && !m_entries.empty())
            throw std::logic_error("Journal::toJSON needs serializer.toJson");
        JournalExport doc;
        doc.entries.reserve(m_entries.size());
        for (const auto& e : m_entries)
            doc.entries.push_back({ e.id, e.sequence, e.timestamp, toJson(e.data) });
        doc.nextSequence = m_nextSequence;
        doc.createdAt = m_createdAt;
        return writeJournalExport(doc);
    }

    // Loads entries (strictly increasing sequences; gaps allowed) into a
    // journal that never had an entry, e.g. when a store reopens a journal.
    // Emits nothing and does not reach the store. nextSequence is raised to
    // one past the last entry if needed.
    void restore(std::vector<Entry> entries, std::int64_t nextSequence)
    {
        if (m_nextSequence != 0 || !m_entries.empty())
            throw std::logic_error("Journal::restore needs a journal that never had an entry");
        for (std::size_t i = 1; i < entries.size(); ++i) {
            if (entries[i].sequence <= entries[i - 1].sequence)
                throw std::invalid_argument("Journal::restore: sequences must increase");
        }
        if (!entries.empty())
            nextSequence = std::max(nextSequence, entries.back().sequence + 1);
        m_nextSequence = std::max<std::int64_t>(0, nextSequence);
        m_firstSequence = entries.empty() ? m_nextSequence : entries.front().sequence;
        m_entries.assign(std::make_move_iterator(entries.begin()), std::make_move_iterator(entries.end()));
    }

    void setStore(std::shared_ptr<JournalStore<T>> store) { m_options.store = std::move(store); }
    const std::shared_ptr<JournalStore<T>>& store() const { return m_options.store; }

    // Appends one entry now and returns it. With a store, the entry is handed
    // to it too but its durability is not awaited (failures are only
    // emitted): use appendDurable / appendBatch to wait for it.
    Entry append(T data)
    {
        std::vector<T> one;
        one.push_back(std::move(data));
        auto added = appendEntries(std::move(one));
        watchCommit(std::move(added.committed), added.entries.front().sequence, 1, nullptr);
        return std::move(added.entries.front());
    }

    // Appends all of batch or nothing: overflow (bounded:error), reentrancy
    // and a store that refuses the batch throw synchronously and consume no
    // sequence. The future settles with the entries once the store has
    // committed them (already settled without a store). An empty batch
    // appends nothing.
    Future<std::vector<Entry>> appendBatch(std::vector<T> batch)
    {
        Executor& ex = m_clock->executor();
        if (batch.empty())
            return Future<std::vector<Entry>>::ready(ex, {});
        const auto count = static_cast<std::int64_t>(batch.size());
        auto added = appendEntries(std::move(batch));
        if (!added.committed)
            return Future<std::vector<Entry>>::ready(ex, std::move(added.entries));
        Promise<std::vector<Entry>> ack(ex);
        auto entries = std::make_shared<std::vector<Entry>>(std::move(added.entries));
        const std::int64_t firstSeq = entries->front().sequence;
        watchCommit(std::move(added.committed), firstSeq, count, [ack, entries](std::exception_ptr error) mutable {
            if (error)
                ack.reject(error);
            else
                ack.resolve(std::move(*entries));
        });
        return ack.future();
    }

    // append() acknowledged once durable: a batch of one.
    Future<Entry> appendDurable(T data)
    {
        Executor& ex = m_clock->executor();
        std::vector<T> one;
        one.push_back(std::move(data));
        auto batch = appendBatch(std::move(one));
        if (batch.settled())
            return Future<Entry>::ready(ex, batch.value().front());
        Promise<Entry> ack(ex);
        batch.then([ack, batch]() mutable {
            if (batch.hasError())
                ack.reject(batch.error());
            else
                ack.resolve(batch.value().front());
        });
        return ack.future();
    }

    // Null when seq is outside the live window (or a hole). Valid until the
    // next append or clear.
    const Entry* getEntry(std::int64_t seq) const
    {
        if (seq < m_firstSequence || seq >= m_nextSequence || m_entries.empty())
            return nullptr;
        // Dense fast path: index = seq - first live sequence.
        const auto offset = static_cast<std::size_t>(seq - m_entries.front().sequence);
        if (seq >= m_entries.front().sequence && offset < m_entries.size() && m_entries[offset].sequence == seq)
            return &m_entries[offset];
        // Restored journals may have holes: binary search.
        auto it = std::lower_bound(
            m_entries.begin(), m_entries.end(), seq, [](const Entry& e, std::int64_t s) { return e.sequence < s; });
        return it != m_entries.end() && it->sequence == seq ? &*it : nullptr;
    }
    const Entry* getFirst() const { return m_entries.empty() ? nullptr : &m_entries.front(); }
    const Entry* getLast() const { return m_entries.empty() ? nullptr : &m_entries.back(); }
    std::size_t size() const { return m_entries.size(); }
    bool isEmpty() const { return m_entries.empty(); }
    const std::deque<Entry>& entries() const { return m_entries; }

    const std::string& journalId() const { return m_journalId; }
    Instant createdAt() const { return m_createdAt; }
    std::int64_t firstSequence() const { return m_firstSequence; }
    std::int64_t nextSequence() const { return m_nextSequence; }

    // Drops every live entry; nextSequence is kept.
    void clear()
    {
        const auto previousSize = static_cast<std::int64_t>(m_entries.size());
        m_entries.clear();
        m_firstSequence = m_nextSequence;
        emit(ObsEvent("journal:clear", { { "previousSize", previousSize }, { "at", m_clock->now() } }));
    }

    Unsubscribe subscribe(Subscriber fn) { return m_subscribers.add(std::move(fn)); }
    std::size_t subscriberCount() const { return m_subscribers.size(); }

    JournalSnapshot<T> getSnapshot() const
    {
        return { m_firstSequence, m_nextSequence - 1, static_cast<std::int64_t>(m_entries.size()), m_clock->now(),
            std::vector<Entry>(m_entries.begin(), m_entries.end()) };
    }

private:
    struct Added {
        std::vector<Entry> entries;
        std::optional<Future<void>> committed; // set when a store took them
    };

    void emit(ObsEvent event) const
    {
        if (m_emit)
            m_emit(event);
    }

    Added appendEntries(std::vector<T> batch)
    {
        if (m_notifying)
            throw JournalReentrancyError();
        const bool bounded = m_options.maxEntries.has_value() && m_options.overflow != JournalOverflow::None;
        const std::size_t max = m_options.maxEntries.value_or(0);
        if (bounded && m_options.overflow == JournalOverflow::Error && m_entries.size() + batch.size() > max) {
            emit(ObsEvent("journal:overflow",
                { { "policy", std::string(journalOverflowName(m_options.overflow)) },
                    { "maxEntries", static_cast<std::int64_t>(max) }, { "at", m_clock->now() } }));
            throw JournalOverflowError(max);
        }

        // Events are built only for a sink that takes them.
        const bool entryEvents = m_emit && m_options.entryEvents;
        // Sequences are tentative until the store accepted the batch.
        Added added;
        added.entries.reserve(batch.size());
        const Instant at = m_clock->now();
        std::int64_t seq = m_nextSequence;
        for (auto& data : batch)
            added.entries.push_back({ m_options.idGenerator(), seq++, at, std::move(data) });
        if (m_options.store)
            added.committed = m_options.store->commit(added.entries);
        m_nextSequence = seq;

        for (const auto& entry : added.entries) {
            if (bounded && m_options.overflow == JournalOverflow::DropOldest && m_entries.size() >= max
                && !m_entries.empty()) {
                m_firstSequence = m_entries.front().sequence + 1;
                m_entries.pop_front();
                if (entryEvents)
                    emit(ObsEvent("journal:overflow",
                        { { "policy", std::string(journalOverflowName(m_options.overflow)) },
                            { "maxEntries", static_cast<std::int64_t>(max) }, { "droppedCount", std::int64_t { 1 } },
                            { "at", m_clock->now() } }));
            }
            m_entries.push_back(entry);
            if (entryEvents)
                emit(ObsEvent("journal:append",
                    { { "id", entry.id }, { "seq", entry.sequence },
                        { "size", static_cast<std::int64_t>(m_entries.size()) }, { "at", entry.timestamp } }));
        }
        notify(added.entries);
        return added;
    }

    void notify(const std::vector<Entry>& entries)
    {
        struct Notifying {
            bool& flag;
            ~Notifying() { flag = false; }
        } guard { m_notifying };
        m_notifying = true;
        for (const auto& entry : entries) {
            m_subscribers.notify(entry, [this, &entry](std::exception_ptr error) {
                emit(ObsEvent("journal:subscriber:error",
                    { { "seq", entry.sequence }, { "id", entry.id }, { "error", describe(error) },
                        { "at", m_clock->now() } }));
            });
        }
    }

    // Reports the store's outcome for one batch, then calls done (if any).
    void watchCommit(std::optional<Future<void>> committed, std::int64_t firstSeq, std::int64_t count,
        std::function<void(std::exception_ptr)> done)
    {
        if (!committed)
            return;
        // The continuation may outlive the journal: it holds only the sink
        // and the clock (which outlives every pending continuation).
        committed->then(
            [future = *committed, emitFn = m_emit, clock = m_clock, firstSeq, count, done = std::move(done)] {
                const std::exception_ptr error = future.error();
                if (emitFn) {
                    if (error) {
                        emitFn(ObsEvent("journal:store:error",
                            { { "firstSeq", firstSeq }, { "count", count }, { "error", describe(error) },
                                { "at", clock->now() } }));
                    } else {
                        emitFn(ObsEvent("journal:commit",
                            { { "firstSeq", firstSeq }, { "count", count }, { "at", clock->now() } }));
                    }
                }
                if (done)
                    done(error);
            });
    }

    static std::string describe(std::exception_ptr error)
    {
        try {
            std::rethrow_exception(std::move(error));
        } catch (const std::exception& e) {
            return e.what();
        } catch (...) {
            return "unknown error";
        }
    }

    const Clock* m_clock;
    JournalOptions<T> m_options;
    EmitFn m_emit;
    std::string m_journalId;
    Instant m_createdAt;
    std::deque<Entry> m_entries;
    std::int64_t m_firstSequence = 0;
    std::int64_t m_nextSequence = 0;
    bool m_notifying = false;
    SubscriberList<Entry> m_subscribers;
};

} // namespace cd::rt
