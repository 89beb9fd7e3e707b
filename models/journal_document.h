#pragma once

#include "engine/history/history.h"

#include <QObject>
#include <QString>

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>

namespace cd::models {

struct LoadOutcome;
class TimelineHistogram;

// How JournalDocument::open reads a journal.
struct JournalOpenOptions {
    // Whether another process is writing the journal right now (the live
    // demo's, which appends to the document as it commits): read without
    // SQLite's immutable=1 and never cached. Unset (a file the user opens):
    // guessed from a -wal, -shm or -journal file beside it (looksLive).
    std::optional<bool> live;
    // Tests: called on the worker once a cached index is read, before it is
    // published (LoadRequest::beforePublish).
    std::function<void()> beforePublish;
};

// One journal open in the debugger: the read-only file, its History (built on
// the thread pool, never modifying the file), the timeline cursor, the diff
// marks A and B and the selected tenant. Every panel's model follows a
// JournalDocument; the document holds no widget and no presentation.
//
// Threads: lives on the GUI thread. open() indexes on QThreadPool; while it
// runs, history() is already usable (queries take the History's read lock
// between batches) so the timeline can paint what is indexed so far.
// The state at the cursor is computed off the GUI thread when it would not
// fit a frame; stale results are dropped by a generation counter.
class JournalDocument : public QObject {
    Q_OBJECT
public:
    enum class Status {
        Empty, // nothing open
        Indexing, // open() running; history() grows
        Ready, // indexed; every query available
        Failed // not a usable journal; errorText() says why (file and place)
    };
    Q_ENUM(Status)

    explicit JournalDocument(QObject* parent = nullptr);
    ~JournalDocument() override;

    // Opens PATH (SQLite, NDJSON or Phyxius, detected from content) read-only
    // and indexes it, using the user cache directory's IndexCache when it
    // matches. Replaces what was open. Emits opened() then progress() until
    // ready() or failed().
    void open(const QString& path, const JournalOpenOptions& options = {});
    // Stops indexing; the document becomes Failed with "cancelled".
    void cancel();
    void close();

    // Where indexes of large journals are cached (default: the user cache
    // directory, shared with chronodesk-cli); empty turns the cache off.
    void setIndexCacheDirectory(const QString& directory);
    QString indexCacheDirectory() const;

    Status status() const;
    QString path() const;
    // Whether the open journal is read as live (see JournalOpenOptions).
    bool isLive() const;
    QString errorText() const;
    // Invalid entries the index left out (the Problems panel lists them too).
    const history::BuildResult& buildResult() const;

    // Null when nothing is open. Shared so background jobs can keep it alive.
    std::shared_ptr<const history::History> history() const;

    // The cursor: a sequence of the journal (nullopt before the first entry).
    std::optional<std::int64_t> cursor() const;
    // Moves the cursor to the entry at or before sequence (clamped to the
    // journal); emits cursorChanged and, once computed, stateChanged.
    void setCursor(std::int64_t sequence);
    // Index position of the cursor (entries folded = position + 1); -1 before the first entry.
    std::int64_t cursorPosition() const;
    void setCursorPosition(std::int64_t position);

    // The state after the cursor's entry (shared, immutable); null until computed.
    std::shared_ptr<const history::StatePoint> state() const;
    // Up to this many entries the state at the cursor is folded on the GUI
    // thread (well under a millisecond), after cursorChanged; above it a
    // worker folds it, started before cursorChanged is emitted so that it
    // runs while that signal's listeners do.
    static constexpr std::size_t SynchronousStateLimit = 100'000;
    bool foldsInBackground() const;
    // A worker is folding a state (the cursor's, or one before it).
    bool stateInFlight() const;
    // Milliseconds the last state a worker folded took there (reports), and
    // how many of them its thread ran on a core (the rest it waited for one).
    double lastStateMs() const;
    double lastStateCpuMs() const;

    std::optional<std::int64_t> markA() const;
    std::optional<std::int64_t> markB() const;
    void setMarkA(std::optional<std::int64_t> sequence);
    void setMarkB(std::optional<std::int64_t> sequence);

    // Tenant id text; empty for none.
    QString selectedTenant() const;
    void setSelectedTenant(const QString& tenantId);

    // While a cached index is read: the timeline's histogram of the whole
    // journal saved beside it (the first paint), else nullptr.
    std::shared_ptr<const TimelineHistogram> timelinePreview() const;

    // When true (the default while the cursor is at the last entry), the cursor
    // follows entries appended to the journal (live demo).
    bool followsEnd() const;

    // Live follow: adds entries appended to the journal since it was opened
    // (the demo's batches); moves the cursor along when it followsEnd().
    // Invalid or out-of-order entries are left out and reported.
    // A small batch (<= SynchronousAppendLimit entries, nothing queued) is
    // indexed at once and the result says what happened. A larger one (the
    // demo at full speed: its fold took up to 53 ms of the GUI thread) is
    // indexed by a worker, in order after what is queued; the result counts
    // the entries queued, and historyGrew, the cursor and appendIndexed
    // follow when the worker is done.
    static constexpr std::size_t SynchronousAppendLimit = 1024;
    history::BuildResult append(std::span<const platform::Entry> entries);
    // Whether appended entries are still waiting for the worker.
    bool appendPending() const;

Q_SIGNALS:
    void opened(const QString& path);
    // Coalesced: at most one report waits in the event queue (a GUI thread
    // that is busy gets the latest, never a backlog); fraction of the file
    // read (0..1) and valid entries indexed.
    void progress(double fraction, qint64 entries);
    void ready();
    void failed(const QString& reason);
    void closed();
    void cursorChanged(qint64 sequence);
    void stateChanged();
    void marksChanged();
    void selectedTenantChanged(const QString& tenantId);
    // Entries were added to the history (indexing batches, live appends).
    void historyGrew(qint64 entries);
    // An appended batch is in the history: entries indexed, invalid ones left out.
    void appendIndexed(qint64 entries, qint64 invalidCount);
    // timelinePreview() came or went.
    void timelinePreviewChanged();

private:
    void stopOpenJob();
    void onIndexProgress(quint64 generation);
    void finishOpen(LoadOutcome outcome);
    void moveCursor(std::int64_t position, bool force);
    void requestState();
    void startAppendJob();
    void finishAppend(quint64 generation, const history::BuildResult& result);
    void publishAppend(const history::BuildResult& result, bool follow);

    struct Private;
    std::unique_ptr<Private> d;
};

} // namespace cd::models
