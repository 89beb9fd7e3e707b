#include "engine/store/sqlite_source.h"

#include "engine/store/sqlite_journal_cursor.h"
#include "engine/store/sqlite_journal_reader.h"

#include <algorithm>
#include <limits>

namespace cd::store {

SqliteSource::SqliteSource(std::string path, SourceOptions options)
    : EntrySource(JournalFormat::Sqlite, std::move(path), std::move(options))
{ }

SqliteSource::~SqliteSource()
{
    m_cursor.reset(); // before the reader that owns its connection
}

std::unique_ptr<SqliteSource> SqliteSource::open(
    const std::string& path, const SourceOptions& options, std::string& error)
{
    std::unique_ptr<SqliteSource> source(new SqliteSource(path, options));
    source->m_reader = SqliteJournalReader::open(path, error, options.reader);
    if (!source->m_reader)
        return nullptr;
    std::optional<std::int64_t> first;
    std::optional<std::int64_t> last;
    if (!source->m_reader->sequenceBounds(first, last, error))
        return nullptr;
    source->m_first
        = std::max(first.value_or(0), options.fromSequence.value_or(std::numeric_limits<std::int64_t>::min()));
    source->m_last = std::min(last.value_or(0), options.toSequence.value_or(std::numeric_limits<std::int64_t>::max()));
    const ReadRange range { options.fromSequence, options.toSequence, options.tenantId };
    source->m_cursor = source->m_reader->scan(range, error);
    if (!source->m_cursor)
        return nullptr;
    return source;
}

SourceMeta SqliteSource::meta() const
{
    const JournalMeta& meta = m_reader->meta();
    SourceMeta out;
    out.journalId = meta.journalId;
    out.createdWallMs = meta.createdWallMs;
    out.createdMonoMs = meta.createdMonoMs;
    return out;
}

double SqliteSource::progress() const
{
    if (m_done || m_last <= m_first)
        return m_done ? 1.0 : 0.0;
    return std::clamp(double(m_current - m_first) / double(m_last - m_first), 0.0, 1.0);
}

EntrySource::Status SqliteSource::readNext(SourceItem& item)
{
    switch (m_cursor->next(item.entry, item.reason)) {
    case SqliteJournalCursor::Status::Entry:
        item.valid = true;
        break;
    case SqliteJournalCursor::Status::Invalid:
        item.valid = false;
        break;
    case SqliteJournalCursor::Status::End:
        m_done = true;
        return Status::End;
    case SqliteJournalCursor::Status::Failed:
        m_error = m_cursor->error();
        return Status::Failed;
    }
    m_current = m_cursor->sequence();
    item.place = m_current;
    item.raw.clear();
    item.rawIsUtf8 = true;
    if (!item.valid)
        fillRaw(item);
    return Status::Item;
}

void SqliteSource::fillRaw(SourceItem& item)
{
    item.raw = m_cursor->raw();
    item.rawIsUtf8 = m_cursor->rawIsUtf8();
}

} // namespace cd::store
