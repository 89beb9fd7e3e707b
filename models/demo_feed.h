#pragma once

#include "engine/platform/entry.h"

#include <QObject>
#include <QPointer>

#include <vector>

namespace cd::models {

class EngineHost;
class JournalDocument;

// Connects a running demo to the document that shows it: opens the demo
// journal once the platform created it, then appends the committed batches.
// Batches that arrive while the document is still indexing are kept and
// appended once it is ready, minus the entries the index already read from
// the file (sequence at or below its last one), so none is doubled or lost.
class DemoFeed : public QObject {
    Q_OBJECT
public:
    DemoFeed(EngineHost* host, JournalDocument* document, QObject* parent = nullptr);

    // Entries appended to the document so far.
    qint64 appended() const { return m_appended; }

private:
    void onStarted(const QString& path);
    void onEntries(const std::vector<platform::Entry>& entries);
    void flush();

    QPointer<JournalDocument> m_document;
    std::vector<platform::Entry> m_waiting; // while the document indexes
    bool m_following = false; // the demo journal is (being) opened
    qint64 m_appended = 0;
};

} // namespace cd::models
