#pragma once

#include "engine/store/entry_source.h"

#include <memory>
#include <string>

namespace cd::store {

class SqliteJournalReader;
class SqliteJournalCursor;

// A format-1 SQLite journal as an entry source: the range and tenant filters
// go into the query (the tenant one uses events_by_tenant).
class SqliteSource : public EntrySource {
public:
    static std::unique_ptr<SqliteSource> open(
        const std::string& path, const SourceOptions& options, std::string& error);
    ~SqliteSource() override;

    SourceMeta meta() const override;
    double progress() const override;
    SqliteJournalReader& reader() { return *m_reader; }

protected:
    Status readNext(SourceItem& item) override;
    void fillRaw(SourceItem& item) override;
    bool filtersApplied() const override { return true; }

private:
    SqliteSource(std::string path, SourceOptions options);

    std::unique_ptr<SqliteJournalReader> m_reader;
    std::unique_ptr<SqliteJournalCursor> m_cursor;
    std::int64_t m_first = 0;
    std::int64_t m_last = 0;
    std::int64_t m_current = 0;
    bool m_done = false;
};

} // namespace cd::store
