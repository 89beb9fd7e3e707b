#include "engine/history/index_cache.h"

#include "engine/history/cache_file_reader.h"
#include "engine/history/history.h"
#include "engine/platform/codec.h"
#include "engine/platform/string_pool.h"
#include "engine/store/atomic_file.h"
#include "engine/store/detect.h"
#include "engine/store/sqlite_journal_reader.h"

#include <cstdio>
#include <cstring>
#include <exception>
#include <filesystem>
#include <memory>
#include <thread>
#include <type_traits>

namespace cd::history {

namespace fs = std::filesystem;

namespace {
constexpr char Magic[8] = { 'C', 'D', 'H', 'I', 'D', 'X', '0', '1' };
constexpr char Trailer[8] = { 'C', 'D', 'H', 'I', 'E', 'N', 'D', '1' };
// 2: the strings' byte size before them (the loader interns them on a
// second thread while it reads the rest). 3: snapshots packed, so the
// saved spacing (of live-state snapshots, three times wider) is not reused.
constexpr std::uint32_t Version = 3;

// Buffered writes into an AtomicFile.
class Writer {
public:
    explicit Writer(store::AtomicFile& file)
        : m_file(file)
    { }
    template <typename T>
    void put(const T& value)
    {
        static_assert(std::is_trivially_copyable_v<T>);
        bytes(&value, sizeof value);
    }
    void string(std::string_view s)
    {
        put(std::uint32_t(s.size()));
        bytes(s.data(), s.size());
    }
    void bytes(const void* data, std::size_t n)
    {
        m_buffer.append(static_cast<const char*>(data), n);
        if (m_buffer.size() >= (1u << 20))
            flush();
    }
    bool flush()
    {
        m_ok = m_ok && m_file.write(m_buffer);
        m_buffer.clear();
        return m_ok;
    }

private:
    store::AtomicFile& m_file;
    std::string m_buffer;
    bool m_ok = true;
};

// Reads n values into a column, straight into its blocks.
template <typename T>
void readColumn(CacheReader& r, std::uint64_t n, ChunkedVector<T>& column)
{
    for (std::uint64_t done = 0; done < n && r.ok();) {
        const std::size_t chunk = std::size_t(std::min<std::uint64_t>(column.blockRoom(), n - done));
        r.bytes(column.appendUninitialized(chunk), chunk * sizeof(T));
        done += chunk;
    }
}

struct FileCloser {
    void operator()(std::FILE* f) const { std::fclose(f); }
};

void putIdentity(Writer& w, const IndexCache::Identity& id)
{
    w.string(id.path);
    w.string(id.journalId);
    w.put(id.size);
    w.put(id.mtimeNs);
    w.put(std::uint8_t(id.lastSequence ? 1 : 0));
    w.put(id.lastSequence.value_or(0));
}

IndexCache::Identity getIdentity(CacheReader& r)
{
    IndexCache::Identity id;
    id.path = std::string(r.string());
    id.journalId = std::string(r.string());
    id.size = r.get<std::uint64_t>();
    id.mtimeNs = r.get<std::int64_t>();
    const bool hasLast = r.get<std::uint8_t>() != 0;
    const auto last = r.get<std::int64_t>();
    if (hasLast)
        id.lastSequence = last;
    return id;
}

// The sequence on the last non-blank line of an NDJSON file, if it parses.
std::optional<std::int64_t> lastNdjsonSequence(const std::string& path, std::uint64_t size)
{
    std::unique_ptr<std::FILE, FileCloser> file(std::fopen(path.c_str(), "rb"));
    if (!file)
        return std::nullopt;
    const std::uint64_t tail = std::min<std::uint64_t>(size, 1u << 16);
    std::string text(tail, '\0');
    if (std::fseek(file.get(), long(size - tail), SEEK_SET) != 0
        || std::fread(text.data(), 1, text.size(), file.get()) != text.size())
        return std::nullopt;
    while (!text.empty() && (text.back() == '\n' || text.back() == '\r' || text.back() == ' '))
        text.pop_back();
    const std::size_t start = text.rfind('\n');
    const std::string_view line = std::string_view(text).substr(start == std::string::npos ? 0 : start + 1);
    platform::EntryCodec codec;
    platform::Entry entry;
    std::string error;
    if (!codec.decodeEntry(line, entry, error))
        return std::nullopt;
    return entry.sequence;
}

std::uint64_t fnv1a(std::string_view text, std::uint64_t h = 1469598103934665603ull)
{
    for (unsigned char c : text)
        h = (h ^ c) * 1099511628211ull;
    return h;
}
} // namespace

IndexCache::IndexCache(std::string directory)
    : m_directory(std::move(directory))
{ }

std::optional<IndexCache::Identity> IndexCache::identify(const std::string& journalPath, std::string& error)
{
    std::error_code ec;
    Identity id;
    id.path = fs::canonical(journalPath, ec).string();
    if (ec) {
        error = journalPath + ": cannot open: " + ec.message();
        return std::nullopt;
    }
    id.size = fs::file_size(id.path, ec);
    const auto mtime = fs::last_write_time(id.path, ec);
    if (ec) {
        error = journalPath + ": cannot open: " + ec.message();
        return std::nullopt;
    }
    id.mtimeNs = std::chrono::duration_cast<std::chrono::nanoseconds>(mtime.time_since_epoch()).count();
    const auto format = store::detectFormat(journalPath, error);
    if (!format)
        return std::nullopt;
    if (*format == store::JournalFormat::Sqlite) {
        auto reader = store::SqliteJournalReader::open(journalPath, error);
        // The last sequence from the index's end, not info()'s count(*),
        // which reads every row: seconds for 10M entries before an open
        // could even look at its cache.
        std::optional<std::int64_t> first;
        if (!reader || !reader->sequenceBounds(first, id.lastSequence, error))
            return std::nullopt;
        id.journalId = reader->meta().journalId;
    } else if (*format == store::JournalFormat::Ndjson) {
        id.lastSequence = lastNdjsonSequence(id.path, id.size);
    }
    return id;
}

std::string IndexCache::fileFor(const Identity& identity) const
{
    char name[32];
    std::snprintf(name, sizeof name, "%016llx.cdidx",
        static_cast<unsigned long long>(fnv1a(identity.journalId, fnv1a(identity.path))));
    return (fs::path(m_directory) / name).string();
}

bool IndexCache::save(const Identity& identity, const History& history, std::string& error) const
{
    std::error_code ec;
    fs::create_directories(m_directory, ec);
    if (ec) {
        error = m_directory + ": cannot create: " + ec.message();
        return false;
    }
    store::AtomicFile file;
    if (!file.begin(fileFor(identity), true, error))
        return false;
    Writer w(file);
    {
        const History::View view = history.view();
        const EntryIndex& index = view.index();
        const platform::StringPool& pool = view.pool();
        w.bytes(Magic, sizeof Magic);
        w.put(Version);
        w.put(std::uint32_t(sizeof(PackedEvent)));
        putIdentity(w, identity);
        w.put(std::uint64_t(pool.size()));
        std::uint64_t stringBytes = 0;
        for (std::uint32_t i = 1; i <= pool.size(); ++i)
            stringBytes += sizeof(std::uint32_t) + pool.view(platform::Str(i)).size();
        w.put(stringBytes);
        for (std::uint32_t i = 1; i <= pool.size(); ++i)
            w.string(pool.view(platform::Str(i)));
        const std::size_t n = index.size();
        w.put(std::uint64_t(n));
        for (std::size_t i = 0; i < n; ++i)
            w.put(index.m_wallMax[i]);
        for (std::size_t i = 0; i < n; ++i)
            w.put(index.m_slotOf[i]);
        w.put(std::uint64_t(index.m_runs.size()));
        for (const auto& run : index.m_runs)
            w.put(run);
        w.put(std::uint64_t(index.m_late.size()));
        for (const auto& late : index.m_late)
            w.put(late);
        w.put(std::uint64_t(index.m_extraNumbers.size()));
        for (double d : index.m_extraNumbers)
            w.put(d);
        w.put(index.m_typeCounts);
        // Where the snapshots were: loading takes them at the same points.
        const auto& snapshots = history.m_snapshots;
        w.put(std::uint64_t(snapshots.interval()));
        w.put(std::uint64_t(snapshots.count()));
        for (const auto& s : snapshots.snapshots())
            w.put(std::uint64_t(s.entryCount));
        w.put(std::uint64_t(index.m_logs.size()));
        for (const auto& log : index.m_logs) {
            w.put(log.tenant.id);
            w.put(std::uint64_t(log.positions.size()));
            w.bytes(log.positions.data(), log.positions.size() * sizeof(std::uint32_t));
            for (std::size_t i = 0; i < log.positions.size(); i += EntryIndex::BlockEvents) {
                const std::size_t run = std::min(EntryIndex::BlockEvents, log.positions.size() - i);
                w.bytes(&index.logEvent(log, i), run * sizeof(PackedEvent)); // a block is contiguous
            }
        }
    }
    w.bytes(Trailer, sizeof Trailer);
    w.flush();
    return file.commit(error); // reports a failed write too
}

bool IndexCache::load(const Identity& identity, History& history, std::string& error) const
{
    const auto states = loadIndex(identity, history, error);
    return states && history.restoreStates(states->snapshotAt, states->interval);
}

std::optional<IndexCache::SavedStates> IndexCache::loadIndex(
    const Identity& identity, History& history, std::string& error) const
{
    const std::string path = fileFor(identity);
    const MappedFile mapped(path);
    if (!mapped.isOpen()) {
        error = path + ": no cached index";
        return std::nullopt;
    }
    CacheReader r(mapped.bytes());
    char magic[sizeof Magic] {};
    r.bytes(magic, sizeof magic);
    if (!r.ok() || std::memcmp(magic, Magic, sizeof Magic) != 0 || r.get<std::uint32_t>() != Version
        || r.get<std::uint32_t>() != sizeof(PackedEvent) || !(getIdentity(r) == identity) || !r.ok()) {
        error = path + ": cached index is for another journal or version";
        return std::nullopt;
    }
    const std::uint64_t limit = identity.size + 1; // nothing in it can outnumber the journal's bytes
    std::unique_lock lock(history.m_mutex);
    EntryIndex& index = history.m_index;
    platform::StringPool& pool = *history.m_pool;
    bool ok = index.empty() && pool.size() == 0;
    const std::uint64_t strings = r.count(limit);
    const std::uint64_t stringBytes = r.count(mapped.bytes().size());
    const char* stringsAt = r.take(stringBytes);
    // The strings are interned on a second thread while this one reads the
    // rest and checks it (a 10M-entry index: half a second each).
    bool stringsOk = false;
    std::jthread interning;
    if (ok && stringsAt) {
        interning = std::jthread([&pool, &stringsOk, strings, stringsAt, stringBytes] {
            CacheReader s({ stringsAt, stringBytes });
            bool good = true;
            try {
                pool.reserve(std::size_t(std::min<std::uint64_t>(strings, 1u << 22))); // a damaged count: no huge table
                for (std::uint64_t i = 1; good && s.ok() && i <= strings; ++i)
                    good = pool.intern(s.string()).id == i;
            } catch (const std::exception&) { // too many or too long: damaged
                good = false;
            }
            stringsOk = good && s.ok() && s.atEnd();
        });
    }
    const std::uint64_t n = r.count(limit);
    readColumn(r, n, index.m_wallMax);
    readColumn(r, n, index.m_slotOf);
    index.m_runs.resize(r.count(limit));
    for (auto& run : index.m_runs)
        run = r.get<EntryIndex::Run>();
    index.m_late.resize(r.count(limit));
    for (auto& late : index.m_late)
        late = r.get<EntryIndex::LateEntry>();
    index.m_extraNumbers.resize(r.count(limit));
    for (double& d : index.m_extraNumbers)
        d = r.get<double>();
    index.m_typeCounts = r.get<decltype(index.m_typeCounts)>();
    SavedStates states;
    states.interval = r.get<std::uint64_t>();
    states.snapshotAt.resize(r.count(limit));
    for (auto& at : states.snapshotAt)
        at = r.get<std::uint64_t>();
    const std::uint64_t logs = r.count(limit);
    std::uint64_t entries = 0;
    for (std::uint64_t l = 0; ok && r.ok() && l < logs; ++l) {
        const platform::Str tenant(r.get<std::uint32_t>());
        const std::uint64_t count = r.count(n);
        ok = tenant.id >= 1 && tenant.id <= strings;
        EntryIndex::TenantLog log { tenant, std::vector<std::uint32_t>(ok ? count : 0), {} };
        r.bytes(log.positions.data(), log.positions.size() * sizeof(std::uint32_t));
        // Each block of the log's events is read straight into the arena.
        const std::size_t events = log.positions.size();
        for (std::size_t i = 0; ok && r.ok() && i < events; i += EntryIndex::BlockEvents) {
            const std::size_t run = std::min(EntryIndex::BlockEvents, events - i);
            log.blocks.push_back(std::uint32_t(index.m_arena.size() / EntryIndex::BlockEvents));
            PackedEvent* block = index.m_arena.appendUninitialized(EntryIndex::BlockEvents);
            r.bytes(block, run * sizeof(PackedEvent));
            std::fill(block + run, block + EntryIndex::BlockEvents, PackedEvent {});
        }
        if (ok) {
            if (tenant.id >= index.m_slotByStr.size())
                index.m_slotByStr.resize(tenant.id + 1, 0);
            index.m_slotByStr[tenant.id] = std::uint32_t(index.m_logs.size() + 1);
        }
        entries += count;
        index.m_logs.push_back(std::move(log));
    }
    char trailer[sizeof Trailer] {};
    r.bytes(trailer, sizeof trailer);
    ok = ok && r.ok() && entries == n && std::memcmp(trailer, Trailer, sizeof Trailer) == 0 && r.atEnd();
    if (ok)
        ok = history.acceptLoadedIndex(states.snapshotAt, strings);
    if (interning.joinable())
        interning.join();
    ok = ok && stringsOk && pool.size() == strings;
    if (!ok) {
        lock.unlock();
        history.reset();
        error = path + ": cached index is damaged";
        return std::nullopt;
    }
    return states;
}

} // namespace cd::history
