#include "models/demo_feed.h"

#include "engine/store/sqlite_db.h"
#include "models/engine_host.h"
#include "models/journal_document.h"

#include <QCoreApplication>
#include <QTimer>

#include <sqlite3.h>

#include <optional>
#include <span>

namespace cd::models {

namespace {

// The last sequence the document's index holds; nullopt when empty.
std::optional<std::int64_t> lastIndexed(const JournalDocument& document)
{
    auto history = document.history();
    if (!history)
        return std::nullopt;
    auto view = history->view();
    const auto& index = view.index();
    if (index.size() == 0)
        return std::nullopt;
    return index.sequence(index.size() - 1);
}

} // namespace

DemoFeed::DemoFeed(EngineHost* host, JournalDocument* document, QObject* parent)
    : QObject(parent)
    , m_document(document)
{
    connect(host, &EngineHost::started, this, [this](const QString& path) { onStarted(path); });
    connect(host, &EngineHost::entriesCommitted, this,
        [this](const std::vector<platform::Entry>& entries) { onEntries(entries); });
    connect(document, &JournalDocument::ready, this, [this]() { flush(); });
    connect(document, &JournalDocument::opened, this, [this](const QString& path) { onDocumentOpened(path); });
    connect(host, &EngineHost::stopped, this, [this]() { onHostStopped(); });
    connect(document, &JournalDocument::closed, this, [this]() {
        releaseJournal(); // the document's reader is gone
        if (m_opening)
            return; // open() closes what was open before: the demo journal comes next
        m_following = false;
        m_waiting.clear();
    });
}

DemoFeed::~DemoFeed()
{
    releaseJournal();
}

void DemoFeed::onHostStopped()
{
    // The writer is closed; if the document still reads the journal, a
    // read-write connection must be the last one (see the class comment).
    if (!m_document || !m_following || m_document->path() != m_path || m_lastWriter)
        return;
    auto db = std::make_unique<store::SqliteDb>();
    std::string error;
    // The checkpoint makes the connection open the WAL (a connection that
    // never read would close without touching it) and moves the committed
    // pages into the file now; busy readers only make it partial.
    if (!db->open(m_path.toStdString(), SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, error)
        || !db->exec("PRAGMA wal_checkpoint(PASSIVE);", error))
        return; // best effort: the side files stay, the journal is intact either way
    m_lastWriter = std::move(db);
}

void DemoFeed::releaseJournal()
{
    if (!m_lastWriter || !QCoreApplication::instance()) {
        m_lastWriter.reset();
        return;
    }
    // Closed on the next event loop pass, not now: the document's panels let
    // go of its history (the reader) in their own closed() slots or when the
    // window's children are destroyed, after this; the read-write connection
    // must close after them to be the last.
    std::shared_ptr<store::SqliteDb> last(std::move(m_lastWriter));
    QTimer::singleShot(0, QCoreApplication::instance(), [last]() { last->close(); });
}

void DemoFeed::onDocumentOpened(const QString& path)
{
    if (path != m_path)
        releaseJournal(); // another file replaced the demo journal
    if (path == m_path)
        return;
    // Another journal replaced the demo's: its batches no longer belong here.
    m_following = false;
    m_waiting.clear();
}

void DemoFeed::onStarted(const QString& path)
{
    if (!m_document)
        return;
    m_waiting.clear();
    m_path = path;
    m_following = true;
    m_opening = true;
    m_document->open(path);
    m_opening = false;
}

void DemoFeed::onEntries(const std::vector<platform::Entry>& entries)
{
    if (!m_following || !m_document)
        return;
    m_waiting.insert(m_waiting.end(), entries.begin(), entries.end());
    if (m_document->status() == JournalDocument::Status::Ready)
        flush();
}

void DemoFeed::flush()
{
    if (!m_document || m_waiting.empty() || m_document->status() != JournalDocument::Status::Ready)
        return;
    const auto last = lastIndexed(*m_document);
    std::size_t first = 0;
    while (last && first < m_waiting.size() && m_waiting[first].sequence <= *last)
        ++first;
    std::span<const platform::Entry> fresh(m_waiting.data() + first, m_waiting.size() - first);
    const std::int64_t added = fresh.empty() ? 0 : m_document->append(fresh).entries;
    m_waiting.clear();
    if (added == 0)
        return;
    m_appended += added;
    Q_EMIT appendedEntries(added);
}

} // namespace cd::models
