#pragma once

#include "engine/platform/entry.h"

#include <QObject>
#include <QString>

#include <cstdint>
#include <list>
#include <map>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

namespace cd::models {

class JournalDocument;

// Whole entries (id, timestamps, data text as stored) read back from the
// journal file on demand: the index keeps only what the fold needs. Requests
// made while the event loop is busy are gathered and fetched in one pass per
// tenant (SourceEntryFetcher) off the GUI thread; the last MaxEntries stay.
class EntryTextCache : public QObject {
    Q_OBJECT
public:
    static constexpr std::size_t MaxEntries = 4096;

    explicit EntryTextCache(JournalDocument* document, QObject* parent = nullptr);
    ~EntryTextCache() override;

    // The entry at index position when already read; else asks for it
    // (fetched() follows) and returns nullptr.
    const platform::Entry* entryAt(std::size_t position);
    // The last read error (file changed, unreadable); empty when none.
    QString errorText() const { return m_error; }
    // True while a fetch runs or is queued.
    bool isBusy() const { return m_running || !m_wanted.empty(); }

Q_SIGNALS:
    // These sequences are now available.
    void fetched(const QList<qint64>& sequences);
    void failed(const QString& error);

private:
    void clear();
    void startFetch();
    void store(std::vector<platform::Entry> entries);

    JournalDocument* m_document;
    // tenant id -> sequences wanted (ascending, unique).
    std::map<std::string, std::vector<std::int64_t>> m_wanted;
    std::unordered_map<std::int64_t, platform::Entry> m_entries;
    std::list<std::int64_t> m_order; // oldest first, for eviction
    QString m_error;
    bool m_running = false;
    bool m_scheduled = false;
    quint64 m_generation = 0;
};

} // namespace cd::models
