#pragma once

#include "engine/history/build_result.h"
#include "engine/history/entry_index.h"
#include "engine/history/snapshot_store.h"
#include "engine/platform/entry.h"
#include "engine/platform/platform_state.h"

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <shared_mutex>
#include <span>
#include <string_view>
#include <vector>

namespace cd::platform {
class EntryCodec;
class StringPool;
} // namespace cd::platform

namespace cd::store {
class EntrySource;
struct SourceItem;
} // namespace cd::store

namespace cd::history {

struct HistoryOptions {
    SnapshotStore::Options snapshots;
};

// History::restoreStates: progress(done, total) is called now and then;
// cancel is polled between snapshots.
struct RestoreOptions {
    std::function<void(std::size_t done, std::size_t total)> progress;
    const std::atomic<bool>* cancel = nullptr;
};

// The state at a point of the journal, with the last entry folded into it.
struct StatePoint {
    platform::PlatformState state;
    std::optional<std::int64_t> sequence; // last sequence folded; nullopt before the first entry
    std::optional<std::int64_t> wallMs; // its wall time
    std::size_t entryCount = 0; // index positions [0, entryCount) are covered
};

// Time travel over one journal: an EntryIndex of its valid entries, whole-
// platform snapshots every K entries (SnapshotStore) and the latest state,
// all folded with THE fold (platform::apply). A state at a point is the
// nearest snapshot at or before it plus at most K folds of packed events.
//
// Threads: build() and append() take the write lock per batch; every
// query holds the read lock for its duration (View), so queries may run on
// several threads while another thread appends (follow mode). Strs in
// results stay valid for the History's lifetime; pool().view() is safe on
// any thread.
class History {
public:
    explicit History(HistoryOptions options = {});
    ~History();
    History(const History&) = delete;
    History& operator=(const History&) = delete;

    // Reads every entry of source (open it with checkOrder = false: the
    // history checks the order itself and reports such entries as invalid,
    // so verify can run on the same kind of source). Valid entries are
    // indexed and folded; invalid ones are left out and reported. Appends to
    // what the history already holds (a fresh History for a fresh journal).
    BuildResult build(store::EntrySource& source, const BuildOptions& options = {});

    // Extends the history with entries written since (follow mode). Entries
    // that are invalid or out of order are left out and reported, with their
    // index in entries as place.
    BuildResult append(std::span<const platform::Entry> entries);

    // Moves other's whole contents (index, strings, snapshots, latest state)
    // into this history, which must be empty, leaving other empty. Only
    // pointers and vectors change hands, so the write lock is held for
    // microseconds: a caller can fill a private History slowly (IndexCache
    // load) and publish it here without blocking this history's readers.
    // False (nothing moved) when this history is not empty or is other.
    bool adopt(History& other);

    // An index loaded without its states (IndexCache::loadIndex) answers
    // index queries at once; its states (the latest, the snapshots) come
    // with restoreStates. Until then a state is folded from the start.
    bool statesPending() const;
    // Folds the latest state and the snapshots of such an index under the
    // read lock (readers of the index go on meanwhile) and installs them
    // under the write lock. snapshotAt: where the saved history had its
    // snapshots (ascending), interval their spacing. False when cancelled
    // (the states still pending); true when nothing is pending.
    bool restoreStates(
        const std::vector<std::size_t>& snapshotAt, std::size_t interval, const RestoreOptions& options = {});

    // Read access held for the duration of a multi-step query.
    class View {
    public:
        const EntryIndex& index() const { return m_history->m_index; }
        const platform::StringPool& pool() const { return *m_history->m_pool; }
        // The Str of an interned text, or the null Str (never interns).
        platform::Str find(std::string_view text) const;

        // State after the first count index entries (count clamped to size()).
        // from, when given, is an earlier answer of stateAtCount of this
        // history: folded on from it when that is nearer than a snapshot
        // (stepping the cursor forward folds the steps, not a snapshot's gap).
        StatePoint stateAtCount(std::size_t count, const StatePoint* from = nullptr) const;
        // The fold of every entry whose sequence is <= sequence.
        StatePoint stateAt(std::int64_t sequence) const;
        // The fold of every entry whose wall time is <= wallMs, in sequence order.
        StatePoint stateAtTime(std::int64_t wallMs) const;
        StatePoint latest() const;
        std::size_t snapshotInterval() const { return m_history->m_snapshots.interval(); }
        // Folds index positions [begin, end) into state (entries in order).
        void foldRange(platform::PlatformState& state, std::size_t begin, std::size_t end,
            std::span<const std::uint32_t> logLengths = {}) const;

    private:
        friend class History;
        View(const History& history);
        const History* m_history;
        std::shared_lock<std::shared_mutex> m_lock;
    };
    View view() const { return View(*this); }

    StatePoint stateAt(std::int64_t sequence) const { return view().stateAt(sequence); }
    StatePoint stateAtTime(std::int64_t wallMs) const { return view().stateAtTime(wallMs); }
    StatePoint latest() const { return view().latest(); }
    // Entries indexed, as the writer last published them: takes no lock (a
    // View taken after it holds at least as many).
    std::size_t size() const;

    const platform::StringPool& pool() const { return *m_pool; }
    const HistoryOptions& options() const { return m_options; }
    // Snapshot interval and estimated bytes (for reports and tests).
    std::size_t snapshotInterval() const;
    std::size_t snapshotCount() const;
    // The entry counts the snapshots hold, ascending.
    std::vector<std::size_t> snapshotPositions() const;
    std::size_t snapshotMemory() const;
    // Bytes held by the index, the string pool and the snapshots (estimate).
    std::size_t memoryUsage() const;

private:
    // Validates, decodes and adds one item; false when it was left out.
    bool consume(store::SourceItem& item, const store::EntrySource* source, BuildResult& result);
    void add(std::int64_t sequence, std::int64_t wallMs, const platform::Event& event);
    static void reject(BuildResult& result, InvalidEntry invalid);
    // For IndexCache, under the write lock: checks a loaded index (and the
    // snapshot points saved with it) and marks its states pending; false
    // when it does not hold together.
    // stringCount: how many strings the pool will hold (it may still be
    // filling on another thread).
    bool acceptLoadedIndex(const std::vector<std::size_t>& snapshotAt, std::size_t stringCount);
    // Back to empty (a fresh string pool too).
    void reset();

    HistoryOptions m_options;
    std::unique_ptr<platform::StringPool> m_pool;
    std::unique_ptr<platform::EntryCodec> m_codec;
    EntryIndex m_index;
    SnapshotStore m_snapshots;
    platform::PlatformState m_latest;
    std::optional<std::int64_t> m_lastSequence; // of the last entry accepted
    bool m_statesPending = false; // m_latest and m_snapshots not folded yet
    mutable std::shared_mutex m_mutex;
    // m_index.size() as published under the write lock, for size() without
    // the lock: the GUI asks it for every paint, and waited for each batch
    // an indexing writer held the lock for.
    std::atomic<std::size_t> m_size { 0 };

    friend class IndexCache;
};

} // namespace cd::history
