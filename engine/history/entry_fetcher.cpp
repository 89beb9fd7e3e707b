#include "engine/history/entry_fetcher.h"

#include "engine/store/entry_source.h"

#include <algorithm>

namespace cd::history {

EntryFetcher::~EntryFetcher() = default;

SourceEntryFetcher::SourceEntryFetcher(std::string path, store::ReaderOptions options)
    : m_path(std::move(path))
    , m_options(options)
{ }

bool SourceEntryFetcher::fetch(std::span<const std::int64_t> sequences, std::string_view tenantId,
    std::vector<platform::Entry>& out, std::string& error)
{
    if (sequences.empty())
        return true;
    store::SourceOptions options;
    options.fromSequence = sequences.front();
    options.toSequence = sequences.back();
    options.tenantId = std::string(tenantId);
    options.reader = m_options;
    auto source = store::openEntrySource(m_path, options, error);
    if (!source)
        return false;
    const std::size_t before = out.size();
    std::size_t next = 0;
    store::SourceItem item;
    while (next < sequences.size()) {
        const auto status = source->next(item);
        if (status == store::EntrySource::Status::Failed) {
            error = source->error();
            return false;
        }
        if (status == store::EntrySource::Status::End)
            break;
        if (!item.valid)
            continue; // left out of the history too (or not this tenant's): never wanted
        while (next < sequences.size() && sequences[next] < item.entry.sequence)
            ++next; // not in the file: reported below
        if (next < sequences.size() && sequences[next] == item.entry.sequence) {
            out.push_back(std::move(item.entry));
            ++next;
        }
    }
    // Every wanted sequence must have been found (the file may have changed).
    if (out.size() - before != sequences.size()) {
        error = m_path + ": the journal changed since it was indexed (an entry of tenant '" + std::string(tenantId)
            + "' is missing)";
        return false;
    }
    return true;
}

MemoryEntryFetcher::MemoryEntryFetcher(std::vector<platform::Entry> entries)
    : m_entries(std::move(entries))
{ }

bool MemoryEntryFetcher::fetch(
    std::span<const std::int64_t> sequences, std::string_view, std::vector<platform::Entry>& out, std::string& error)
{
    for (std::int64_t sequence : sequences) {
        auto it = std::lower_bound(m_entries.begin(), m_entries.end(), sequence,
            [](const platform::Entry& e, std::int64_t s) { return e.sequence < s; });
        if (it == m_entries.end() || it->sequence != sequence) {
            error = "sequence " + std::to_string(sequence) + ": no such entry";
            return false;
        }
        out.push_back(*it);
    }
    return true;
}

} // namespace cd::history
