#pragma once

#include "engine/platform/entry.h"

#include <QObject>
#include <QPointer>

#include <memory>
#include <vector>

namespace cd::store {
class SqliteDb;
} // namespace cd::store

namespace cd::models {

class EngineHost;
class JournalDocument;

// Connects a running demo to the document that shows it: opens the demo
// journal once the platform created it, then appends the committed batches.
// Batches that arrive while the document is still indexing are kept and
// appended once it is ready, minus the entries the index already read from
// the file (sequence at or below its last one), so none is doubled or lost.
// When the document opens another file or closes, the feed stops (the
// platform keeps running; the window decides what to do with it).
//
// The demo journal is read while the platform writes it: loadJournal sees its
// WAL beside it and reads it as live (no immutable=1, no index cache).
//
// Its -wal and -shm go away only when the last connection to close is a
// read-write one: the platform's writer closes at stop() while the document
// still reads the file (read-only, it cannot checkpoint or delete them). So
// when a demo stops while the document shows its journal, the feed opens a
// read-write connection that outlives the document's reader and closes it
// on the event loop pass after the document lets go of the journal (close,
// another file, or the feed's end): that close checkpoints the WAL and
// removes both files.
class DemoFeed : public QObject {
    Q_OBJECT
public:
    DemoFeed(EngineHost* host, JournalDocument* document, QObject* parent = nullptr);
    ~DemoFeed() override;

    // Entries appended to the document so far.
    qint64 appended() const { return m_appended; }
    // Whether the document shows the demo journal and takes its batches.
    bool isFollowing() const { return m_following; }
    // Committed entries received but not yet in the document (it indexes).
    qsizetype waiting() const { return qsizetype(m_waiting.size()); }

Q_SIGNALS:
    // Entries were appended to the document (after it shows them).
    void appendedEntries(qint64 count);

private:
    void onStarted(const QString& path);
    void onEntries(const std::vector<platform::Entry>& entries);
    void flush();
    void onDocumentOpened(const QString& path);
    void onHostStopped();
    void releaseJournal(); // closes the read-write connection kept after a stop

    QPointer<JournalDocument> m_document;
    QString m_path; // the demo journal
    std::vector<platform::Entry> m_waiting; // while the document indexes
    bool m_following = false; // the demo journal is (being) opened
    bool m_opening = false; // inside our own open()
    qint64 m_appended = 0;
    std::unique_ptr<store::SqliteDb> m_lastWriter; // after stop, until the document lets go
};

} // namespace cd::models
