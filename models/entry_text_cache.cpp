#include "models/entry_text_cache.h"

#include "models/background.h"
#include "models/journal_document.h"

#include "engine/history/entry_fetcher.h"
#include "engine/history/history.h"
#include "engine/platform/string_pool.h"

#include <QThread>
#include <QTimer>

#include <algorithm>

namespace cd::models {

namespace {

struct FetchResult {
    std::vector<platform::Entry> entries;
    std::string error;
};

// Runs on a worker: one pass over the file per tenant.
FetchResult fetchAll(const std::string& path, const std::map<std::string, std::vector<std::int64_t>>& wanted)
{
    FetchResult result;
    history::SourceEntryFetcher fetcher(path);
    for (const auto& [tenant, sequences] : wanted) {
        std::string error;
        if (!fetcher.fetch(sequences, tenant, result.entries, error))
            result.error = std::move(error);
    }
    return result;
}

} // namespace

EntryTextCache::EntryTextCache(JournalDocument* document, QObject* parent)
    : QObject(parent)
    , m_document(document)
{
    connect(document, &JournalDocument::opened, this, &EntryTextCache::clear);
    connect(document, &JournalDocument::closed, this, &EntryTextCache::clear);
}

EntryTextCache::~EntryTextCache() = default;

void EntryTextCache::clear()
{
    ++m_generation;
    m_wanted.clear();
    m_entries.clear();
    m_order.clear();
    m_error.clear();
    m_running = false;
}

const platform::Entry* EntryTextCache::entryAt(std::size_t position)
{
    const auto history = m_document->history();
    if (!history)
        return nullptr;
    std::int64_t sequence = 0;
    std::string tenant;
    {
        const auto view = history->view();
        if (position >= view.index().size())
            return nullptr;
        sequence = view.index().sequence(position);
        tenant = std::string(view.pool().view(view.index().packed(position).tenantId()));
    }
    if (const auto it = m_entries.find(sequence); it != m_entries.end())
        return &it->second;
    if (!m_error.isEmpty())
        return nullptr; // the file no longer matches the index: asking again would fail again
    auto& sequences = m_wanted[tenant];
    const auto at = std::lower_bound(sequences.begin(), sequences.end(), sequence);
    if (at == sequences.end() || *at != sequence)
        sequences.insert(at, sequence);
    // Gather what the views ask for during this event-loop turn.
    if (!m_scheduled && !m_running) {
        m_scheduled = true;
        QTimer::singleShot(0, this, &EntryTextCache::startFetch);
    }
    return nullptr;
}

void EntryTextCache::startFetch()
{
    m_scheduled = false;
    if (m_running || m_wanted.empty())
        return;
    m_running = true;
    const quint64 generation = m_generation;
    const std::string path = m_document->path().toStdString();
    auto wanted = std::exchange(m_wanted, {});
    runInBackground(
        this, [path, wanted] { return fetchAll(path, wanted); },
        [this, generation](FetchResult result) {
            Q_ASSERT(QThread::currentThread() == thread());
            if (generation != m_generation)
                return;
            m_running = false;
            if (!result.error.empty()) {
                m_error = QString::fromStdString(result.error);
                Q_EMIT failed(m_error);
            }
            store(std::move(result.entries));
            if (!m_wanted.empty())
                startFetch();
        });
}

void EntryTextCache::store(std::vector<platform::Entry> entries)
{
    QList<qint64> sequences;
    sequences.reserve(qsizetype(entries.size()));
    for (auto& entry : entries) {
        const std::int64_t sequence = entry.sequence;
        if (m_entries.emplace(sequence, std::move(entry)).second) {
            m_order.push_back(sequence);
            sequences.push_back(sequence);
        }
    }
    while (m_order.size() > MaxEntries) {
        m_entries.erase(m_order.front());
        m_order.pop_front();
    }
    if (!sequences.isEmpty())
        Q_EMIT fetched(sequences);
}

} // namespace cd::models
