// bench_journal: the journal and time-travel figures of issue 3 in one run.
//   bench_journal [--entries 1000000,10000000] [--tenants 10000] [--seed 42] [--dir DIR] [--keep 1]
//                 [--import 0]
// For each size: generates a seeded NDJSON journal shaped like the platform's
// (tenants with users, then mostly usage and sessions, billing cycles with
// declines and suspensions, a few user and plan changes), then measures in
// child processes of its own, so each peak RSS covers one size's work only:
//   import  - chronodesk's import (NDJSON -> format-1 SQLite, validated) against
//             a plain prepared-statement insert of the same rows, already parsed,
//             into the same schema with the importer's bulk pragmas
//             (journal_mode=MEMORY, synchronous=OFF, cache_size=-65536) and
//             transaction size (50,000 rows);
//   history - index and snapshot build from the SQLite journal, full replay of
//             the index with the fold (one core), state at 100 random
//             sequences against replaying from zero (the index's packed
//             events; and the journal itself, i.e. the build), diff of two
//             distant points, peak RSS.
// Prints one JSON object. DIR (default: a new temporary directory) loses
// the generated files at the end; with --keep 1 the journals stay in
// DIR (NDJSON and imported SQLite) and a later run with the same DIR reuses
// them (same seed and tenants); --import 0 leaves out the import figures.

#include "engine/history/diff.h"
#include "engine/history/history.h"
#include "engine/platform/entry.h"
#include "engine/store/entry_source.h"
#include "engine/store/importer.h"

#include <sqlite3.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

namespace {

double msSince(Clock::time_point start)
{
    return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

// CPU time of this thread: the machine is shared, and wall time there
// measures the neighbours as much as the work.
double cpuMs()
{
    timespec ts {};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return double(ts.tv_sec) * 1e3 + double(ts.tv_nsec) / 1e6;
}

double peakRssBytes()
{
    rusage usage {};
    getrusage(RUSAGE_SELF, &usage);
    return double(usage.ru_maxrss) * 1024.0;
}

// The peak RSS since the last resetPhasePeak() (VmHWM of /proc/self/status);
// the whole process's peak when the kernel does not allow the reset.
double phasePeakBytes()
{
    std::ifstream status("/proc/self/status");
    std::string line;
    while (std::getline(status, line)) {
        if (line.rfind("VmHWM:", 0) == 0)
            return std::stod(line.substr(6)) * 1024.0;
    }
    return peakRssBytes();
}

// Writing 5 to clear_refs resets VmHWM to the current RSS (Linux >= 4.0).
void resetPhasePeak()
{
    std::ofstream clear("/proc/self/clear_refs");
    clear << "5";
}

struct Percentiles {
    double median = 0;
    double p95 = 0;
    double max = 0;
};

Percentiles percentiles(std::vector<double> values)
{
    std::sort(values.begin(), values.end());
    if (values.empty())
        return {};
    return { values[values.size() / 2], values[std::min(values.size() - 1, values.size() * 95 / 100)], values.back() };
}

std::string fmt(const char* format, double value)
{
    char text[64];
    std::snprintf(text, sizeof text, format, value);
    return text;
}

std::string journalPath(const std::string& dir, std::size_t entries)
{
    return dir + "/journal-" + std::to_string(entries) + ".ndjson";
}

// --- the journal -----------------------------------------------------------

struct Row {
    cd::platform::Entry entry;
    std::string type;
    std::string tenant;
};

// A journal shaped like the running platform's: tenants created first with
// their users, then mostly usage and sessions, billing cycles with some
// declines (three in a row suspend), few user and plan changes. Wall time
// advances 0-400 ms an entry. The same seed gives the same rows.
class PlatformJournal {
public:
    PlatformJournal(int tenants, std::uint64_t seed)
        : m_rng(seed)
        , m_tenants(std::size_t(std::max(1, tenants)))
    { }

    // Appends the next count rows (the same stream however it is chunked).
    void next(std::size_t count, std::vector<Row>& rows)
    {
        for (std::size_t i = 0; i < count; ++i) {
            while (m_taken == m_pending.size()) {
                m_pending.clear();
                m_taken = 0;
                step();
            }
            rows.push_back(std::move(m_pending[m_taken++]));
        }
    }

private:
    struct Tenant {
        int plan = 0;
        int users = 0;
        int pendingUsers = 0;
        int failures = 0;
        bool suspended = false;
        std::vector<int> open;
    };

    // One thing happening on the platform: zero or more rows into m_pending.
    void step()
    {
        static const char* const Plans[] = { "starter", "pro", "enterprise" };
        static const int UserLimits[] = { 5, 25, 100 };
        std::vector<Row>& rows = m_pending;
        {
            if (m_created < m_tenants.size()) {
                const std::size_t i = m_created++;
                Tenant& t = m_tenants[i];
                t.plan = pick(3);
                t.pendingUsers = 1 + pick(std::min(UserLimits[t.plan], 12));
                add(rows, "tenant.created", i,
                    "\"plan\":\"" + std::string(Plans[t.plan]) + "\",\"ownerId\":\"owner-" + std::to_string(i) + "\"");
                return;
            }
            const std::size_t i = std::size_t(pick(int(m_tenants.size())));
            Tenant& t = m_tenants[i];
            if (t.pendingUsers > 0) { // the first users arrive early
                --t.pendingUsers;
                invite(rows, i);
                return;
            }
            const std::string u = "\"userId\":\"u-" + std::to_string(pick(t.users)) + "\"";
            const int r = pick(1000);
            if (r < 500) {
                add(rows, "feature.used", i,
                    u + ",\"feature\":\"" + (pick(5) == 0 ? "storage_mb" : "api_calls")
                        + "\",\"usage\":" + std::to_string(1 + pick(50)));
            } else if (r < 640) {
                t.open.push_back(++m_session);
                add(rows, "session.connected", i, u + ",\"sessionId\":\"s-" + std::to_string(m_session) + "\"");
            } else if (r < 780) {
                if (t.open.empty())
                    return;
                const std::size_t k = std::size_t(pick(int(t.open.size())));
                const std::string sid = "\"sessionId\":\"s-" + std::to_string(t.open[k]) + "\"";
                t.open[k] = t.open.back();
                t.open.pop_back();
                add(rows, pick(3) == 0 ? "session.expired" : "session.disconnected", i, sid);
            } else if (r < 820) {
                if (t.suspended)
                    return;
                const std::string c = "\"cycleId\":\"c-" + std::to_string(++m_cycle) + "\"";
                const std::string amount = t.plan == 0 ? "2900" : t.plan == 1 ? "9900" : "29900";
                add(rows, "billing.cycle.started", i, c + ",\"amount\":" + amount);
                if (pick(10) == 0) {
                    add(rows, "billing.payment.failed", i,
                        c + ",\"amount\":" + amount + ",\"reason\":\"card_declined\"");
                    if (++t.failures == 3) {
                        add(rows, "tenant.suspended", i, "\"reason\":\"payment_failures\"");
                        t.suspended = true;
                    }
                } else {
                    add(rows, "billing.payment.succeeded", i, c + ",\"amount\":" + amount);
                    add(rows, "usage.reset", i, "\"feature\":\"api_calls\"," + c);
                    t.failures = 0;
                }
            } else if (r < 840) {
                add(rows, "limits.exceeded", i,
                    "\"feature\":\"api_calls\",\"limit\":1000,\"usage\":" + std::to_string(1000 + pick(500)));
            } else if (r < 850) {
                invite(rows, i);
            } else if (r < 860) {
                add(rows, "user.activated", i, "\"userId\":\"u-" + std::to_string(t.users - 1) + "\"");
            } else if (r < 865) {
                add(rows, "user.removed", i, u);
            } else if (r < 868) {
                const int to = pick(3);
                add(rows, "plan.changed", i,
                    "\"from\":\"" + std::string(Plans[t.plan]) + "\",\"to\":\"" + Plans[to] + "\"");
                t.plan = to;
            } else if (r < 872 && t.suspended) {
                add(rows, "tenant.reactivated", i, "");
                t.suspended = false;
                t.failures = 0;
            }
        }
    }

    int pick(int n) { return int(m_rng() % std::uint64_t(std::max(1, n))); }
    void invite(std::vector<Row>& rows, std::size_t i)
    {
        Tenant& t = m_tenants[i];
        const std::string u = "u-" + std::to_string(t.users++);
        add(rows, "user.invited", i,
            "\"userId\":\"" + u + "\",\"email\":\"" + u + ".t-" + std::to_string(i) + "@example.com\",\"role\":\""
                + (t.users == 1 ? "admin" : "user") + "\"");
        add(rows, "user.activated", i, "\"userId\":\"" + u + "\"");
    }
    void add(std::vector<Row>& rows, const char* type, std::size_t tenant, const std::string& fields)
    {
        Row& row = rows.emplace_back();
        row.type = type;
        row.tenant = "t-" + std::to_string(tenant);
        row.entry.sequence = m_sequence++;
        row.entry.id = "e-" + std::to_string(row.entry.sequence);
        m_monoMs += pick(400);
        row.entry.monoMs = m_monoMs;
        row.entry.wallMs = 1'764'000'000'000 + m_monoMs;
        row.entry.data = "{\"type\":\"" + row.type + "\",\"tenantId\":\"" + row.tenant + "\""
            + (fields.empty() ? "" : ",") + fields + "}";
    }

    std::mt19937_64 m_rng;
    std::vector<Tenant> m_tenants;
    std::vector<Row> m_pending;
    std::size_t m_taken = 0;
    std::size_t m_created = 0;
    std::int64_t m_sequence = 0;
    std::int64_t m_monoMs = 0;
    int m_cycle = 0;
    int m_session = 0;
};

// Writes the first entries rows of journal as NDJSON.
bool writeNdjson(PlatformJournal& journal, const std::string& path, std::size_t entries)
{
    std::FILE* f = std::fopen(path.c_str(), "wb");
    if (!f)
        return false;
    std::vector<Row> rows;
    std::string text;
    for (std::size_t done = 0; done < entries;) {
        rows.clear();
        journal.next(std::min<std::size_t>(100'000, entries - done), rows);
        for (const Row& r : rows) {
            const auto& e = r.entry;
            text = "{\"id\":\"" + e.id + "\",\"sequence\":" + std::to_string(e.sequence) + ",\"timestamp\":{\"wallMs\":"
                + std::to_string(e.wallMs) + ",\"monoMs\":" + std::to_string(e.monoMs) + "},\"data\":" + e.data + "}\n";
            std::fwrite(text.data(), 1, text.size(), f);
        }
        done += rows.size();
    }
    return std::fclose(f) == 0;
}

// --- import ----------------------------------------------------------------

bool sqliteOk(int rc, sqlite3* db)
{
    if (rc == SQLITE_OK || rc == SQLITE_DONE)
        return true;
    std::fprintf(stderr, "sqlite: %s\n", sqlite3_errmsg(db));
    return false;
}

// The floor: the same rows, generated again (same seed) outside the timing,
// bound to one prepared INSERT. Returns thread CPU ms and wall ms of the
// SQLite work alone.
bool plainInsert(
    const std::string& path, std::size_t entries, int tenants, std::uint64_t seed, double& cpu, double& wall)
{
    sqlite3* db = nullptr;
    if (sqlite3_open(path.c_str(), &db) != SQLITE_OK)
        return false;
    bool ok = sqliteOk(sqlite3_exec(db,
                           "PRAGMA journal_mode=MEMORY; PRAGMA synchronous=OFF; PRAGMA cache_size=-65536;"
                           "CREATE TABLE journal_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);"
                           "CREATE TABLE events (sequence INTEGER PRIMARY KEY, id TEXT NOT NULL, wall_ms INTEGER NOT "
                           "NULL, mono_ms INTEGER NOT NULL, type TEXT NOT NULL, tenant_id TEXT, data TEXT NOT NULL);"
                           "CREATE INDEX events_by_tenant ON events (tenant_id, sequence);",
                           nullptr, nullptr, nullptr),
        db);
    sqlite3_stmt* insert = nullptr;
    ok = ok
        && sqliteOk(sqlite3_prepare_v2(db,
                        "INSERT INTO events (sequence, id, wall_ms, mono_ms, type, tenant_id, data) VALUES (?, ?, ?, "
                        "?, ?, ?, ?)",
                        -1, &insert, nullptr),
            db);
    PlatformJournal journal(tenants, seed);
    std::vector<Row> rows;
    constexpr std::size_t Chunk = 50000; // rows per transaction, as the importer
    cpu = wall = 0;
    for (std::size_t done = 0; ok && done < entries;) {
        rows.clear();
        journal.next(std::min(Chunk, entries - done), rows);
        const auto start = Clock::now();
        const double c0 = cpuMs();
        ok = sqliteOk(sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr), db);
        for (const Row& r : rows) {
            sqlite3_bind_int64(insert, 1, r.entry.sequence);
            sqlite3_bind_text(insert, 2, r.entry.id.data(), int(r.entry.id.size()), SQLITE_STATIC);
            sqlite3_bind_int64(insert, 3, r.entry.wallMs);
            sqlite3_bind_int64(insert, 4, r.entry.monoMs);
            sqlite3_bind_text(insert, 5, r.type.data(), int(r.type.size()), SQLITE_STATIC);
            sqlite3_bind_text(insert, 6, r.tenant.data(), int(r.tenant.size()), SQLITE_STATIC);
            sqlite3_bind_text(insert, 7, r.entry.data.data(), int(r.entry.data.size()), SQLITE_STATIC);
            if (!(ok = sqliteOk(sqlite3_step(insert), db)))
                break;
            sqlite3_reset(insert);
        }
        ok = ok && sqliteOk(sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr), db);
        cpu += cpuMs() - c0;
        wall += msSince(start);
        done += rows.size();
    }
    sqlite3_finalize(insert);
    sqlite3_close(db);
    return ok;
}

int runImport(const std::string& dir, std::size_t entries, int tenants, std::uint64_t seed)
{
    const std::string input = journalPath(dir, entries);
    const std::string output = dir + "/journal-" + std::to_string(entries) + ".sqlite";
    const std::string plain = dir + "/plain-" + std::to_string(entries) + ".sqlite";
    auto start = Clock::now();
    double c0 = cpuMs();
    const cd::store::ImportSummary summary = cd::store::importJournal(input, output);
    const double importWall = msSince(start);
    const double importCpu = cpuMs() - c0;
    if (!summary.ok() || summary.accepted != entries) {
        std::fprintf(stderr, "import failed: %s\n", summary.message.c_str());
        return 2;
    }
    double plainCpu = 0;
    double plainWall = 0;
    if (!plainInsert(plain, entries, tenants, seed, plainCpu, plainWall))
        return 2;
    fs::remove(plain);
    const double n = double(entries);
    std::printf("\"import\":{\"entriesPerCpuSecond\":%.0f,\"entriesPerSecond\":%.0f,\"cpuSeconds\":%.3f},"
                "\"plainInsert\":{\"entriesPerCpuSecond\":%.0f,\"entriesPerSecond\":%.0f,\"cpuSeconds\":%.3f},"
                "\"importVsPlainInsert\":%.3f",
        n / importCpu * 1e3, n / importWall * 1e3, importCpu / 1e3, n / plainCpu * 1e3, n / plainWall * 1e3,
        plainCpu / 1e3, plainCpu / importCpu);
    return 0;
}

// --- history ---------------------------------------------------------------

int runHistory(const std::string& dir, std::size_t entries)
{
    const std::string path = dir + "/journal-" + std::to_string(entries) + ".sqlite";
    cd::store::SourceOptions sourceOptions;
    sourceOptions.checkOrder = false;
    std::string error;
    auto source = cd::store::openEntrySource(path, sourceOptions, error);
    if (!source) {
        std::fprintf(stderr, "%s\n", error.c_str());
        return 2;
    }
    cd::history::History history;
    auto start = Clock::now();
    double c0 = cpuMs();
    const cd::history::BuildResult built = history.build(*source);
    const double buildWall = msSince(start);
    const double buildCpu = cpuMs() - c0;
    source.reset();
    const double buildPeak = phasePeakBytes();
    resetPhasePeak();
    if (!built.ok() || history.size() != entries) {
        std::fprintf(stderr, "build failed: %s\n", built.problem().c_str());
        return 2;
    }
    const double n = double(entries);

    // Full replay: every entry through the fold, from the index, one core.
    double replayCpu = 1e300;
    double replayWall = 0;
    for (int run = 0; run < 3; ++run) {
        const cd::history::History::View view = history.view();
        cd::platform::PlatformState state;
        start = Clock::now();
        c0 = cpuMs();
        view.foldRange(state, 0, view.index().size());
        const double cpu = cpuMs() - c0;
        if (cpu < replayCpu) {
            replayCpu = cpu;
            replayWall = msSince(start);
        }
    }

    // State at 100 random sequences (index built).
    const std::int64_t first = *history.view().stateAtCount(1).sequence;
    const std::int64_t last = *history.latest().sequence;
    std::mt19937_64 rng(7);
    std::vector<double> wall;
    std::vector<double> cpu;
    std::size_t tenantsSeen = 0;
    for (int i = 0; i < 100; ++i) {
        const std::int64_t at = first + std::int64_t(rng() % std::uint64_t(last - first + 1));
        start = Clock::now();
        c0 = cpuMs();
        const cd::history::StatePoint point = history.stateAt(at);
        cpu.push_back(cpuMs() - c0);
        wall.push_back(msSince(start));
        tenantsSeen = std::max(tenantsSeen, point.state.size());
    }
    const double queryPeak = phasePeakBytes();
    resetPhasePeak();
    const Percentiles stateCpu = percentiles(cpu);
    const Percentiles stateWall = percentiles(wall);

    // Diff of two distant points: a tenth and nine tenths of the way.
    wall.clear();
    cpu.clear();
    std::size_t changes = 0;
    for (int i = 0; i < 5; ++i) {
        start = Clock::now();
        c0 = cpuMs();
        const auto diff
            = cd::history::diffStates(history, first + (last - first) / 10, first + (last - first) * 9 / 10);
        cpu.push_back(cpuMs() - c0);
        wall.push_back(msSince(start));
        changes = diff.changes.size();
    }
    const Percentiles diffCpu = percentiles(cpu);
    const Percentiles diffWall = percentiles(wall);

    const double diffPeak = phasePeakBytes();
    // The memory figure is the opened journal's: index and snapshots
    // while they are built and queried. A diff's result grows with the number
    // of changes it reports, so its peak is reported beside it.
    const double peak = std::max(buildPeak, queryPeak);
    const double limit = 64.0 * n + 200.0 * 1024 * 1024;
    std::ostringstream out;
    out << "\"build\":{\"entriesPerCpuSecond\":" << fmt("%.0f", n / buildCpu * 1e3)
        << ",\"entriesPerSecond\":" << fmt("%.0f", n / buildWall * 1e3) << ",\"snapshots\":" << history.snapshotCount()
        << ",\"snapshotInterval\":" << history.snapshotInterval()
        << ",\"snapshotMB\":" << fmt("%.1f", double(history.snapshotMemory()) / 1e6) << "}"
        << ",\"replay\":{\"entriesPerCpuSecond\":" << fmt("%.0f", n / replayCpu * 1e3)
        << ",\"entriesPerSecond\":" << fmt("%.0f", n / replayWall * 1e3)
        << ",\"fromZeroCpuMs\":" << fmt("%.1f", replayCpu) << "}"
        << ",\"stateAtRandomSequence\":{\"runs\":100,\"tenants\":" << tenantsSeen
        << ",\"cpuMs\":{\"median\":" << fmt("%.2f", stateCpu.median) << ",\"p95\":" << fmt("%.2f", stateCpu.p95)
        << ",\"max\":" << fmt("%.2f", stateCpu.max) << "},\"wallMs\":{\"median\":" << fmt("%.2f", stateWall.median)
        << ",\"p95\":" << fmt("%.2f", stateWall.p95) << ",\"max\":" << fmt("%.2f", stateWall.max)
        << "},\"speedupOverReplayFromZero\":" << fmt("%.0f", replayCpu / stateCpu.median)
        << ",\"speedupOverReplayFromJournal\":" << fmt("%.0f", buildCpu / stateCpu.median) << "}"
        << ",\"diffDistantPoints\":{\"changes\":" << changes << ",\"cpuMsMedian\":" << fmt("%.1f", diffCpu.median)
        << ",\"wallMsMedian\":" << fmt("%.1f", diffWall.median) << "}"
        << ",\"peakRss\":{\"bytes\":" << fmt("%.0f", peak) << ",\"bytesPerEntry\":" << fmt("%.1f", peak / n)
        << ",\"limitBytes\":" << fmt("%.0f", limit) << ",\"withinLimit\":" << (peak <= limit ? "true" : "false")
        << ",\"buildBytes\":" << fmt("%.0f", buildPeak) << ",\"queriesBytes\":" << fmt("%.0f", queryPeak)
        << ",\"diffBytes\":" << fmt("%.0f", diffPeak) << "}";
    std::fputs(out.str().c_str(), stdout);
    return 0;
}

// --- driver ----------------------------------------------------------------

// Runs this program again with args and returns what it printed.
bool child(const std::string& args, std::string& output)
{
    const std::string self = fs::read_symlink("/proc/self/exe").string();
    std::FILE* pipe = popen(("'" + self + "' " + args).c_str(), "r");
    if (!pipe)
        return false;
    char buffer[4096];
    std::size_t n = 0;
    while ((n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0)
        output.append(buffer, n);
    return pclose(pipe) == 0;
}

std::vector<std::size_t> parseList(const std::string& text)
{
    std::vector<std::size_t> out;
    std::stringstream in(text);
    std::string item;
    while (std::getline(in, item, ','))
        if (!item.empty())
            out.push_back(std::stoull(item));
    return out;
}

} // namespace

int main(int argc, char** argv)
{
    std::vector<std::size_t> sizes { 1'000'000, 10'000'000 };
    int tenants = 10'000;
    std::uint64_t seed = 42;
    std::string dir;
    std::string mode;
    std::size_t childEntries = 0;
    bool keep = false; // keep the journals in DIR and reuse them on the next run
    bool measureImport = true;
    for (int i = 1; i < argc; ++i) {
        if (std::string(argv[i]) == "--help" || std::string(argv[i]) == "-h") {
            std::fputs("usage: bench_journal [--entries 1000000,10000000] [--tenants 10000] [--seed 42] [--dir DIR]\n"
                       "                     [--keep 1] [--import 0]\n",
                stdout);
            return 0;
        }
    }
    if (argc % 2 == 0) {
        std::fprintf(stderr, "bench_journal: option %s needs a value (try --help)\n", argv[argc - 1]);
        return 1;
    }
    for (int i = 1; i + 1 < argc; i += 2) {
        const std::string key = argv[i];
        const std::string value = argv[i + 1];
        if (key == "--entries")
            sizes = parseList(value);
        else if (key == "--tenants")
            tenants = std::stoi(value);
        else if (key == "--seed")
            seed = std::stoull(value);
        else if (key == "--dir")
            dir = value;
        else if (key == "--keep")
            keep = value == "1";
        else if (key == "--import")
            measureImport = value != "0";
        else if (key == "--child-import" || key == "--child-history")
            mode = key, childEntries = std::stoull(value);
        else {
            std::fprintf(stderr, "bench_journal: unknown option %s (try --help)\n", key.c_str());
            return 1;
        }
    }
    if (mode == "--child-import")
        return runImport(dir, childEntries, tenants, seed);
    if (mode == "--child-history")
        return runHistory(dir, childEntries);

    const bool ownDir = dir.empty();
    if (ownDir) {
        char pattern[] = "/tmp/bench_journal-XXXXXX";
        if (!mkdtemp(pattern))
            return 2;
        dir = pattern;
    }
    std::string json = "{\"tenants\":" + std::to_string(tenants) + ",\"seed\":" + std::to_string(seed)
        + ",\"cores\":" + std::to_string(sysconf(_SC_NPROCESSORS_ONLN)) + ",\"runs\":[";
    int status = 0;
    for (std::size_t s = 0; s < sizes.size() && status == 0; ++s) {
        const std::size_t entries = sizes[s];
        const auto start = Clock::now();
        PlatformJournal journal(tenants, seed);
        const bool reuse = keep && fs::exists(journalPath(dir, entries));
        if (!reuse && !writeNdjson(journal, journalPath(dir, entries), entries)) {
            status = 2;
            break;
        }
        const double generateMs = msSince(start);
        const std::string common
            = "--dir '" + dir + "' --tenants " + std::to_string(tenants) + " --seed " + std::to_string(seed) + " ";
        std::string import;
        std::string history;
        const std::string sqlite = dir + "/journal-" + std::to_string(entries) + ".sqlite";
        if (measureImport)
            fs::remove(sqlite);
        else if (fs::exists(sqlite) || cd::store::importJournal(journalPath(dir, entries), sqlite).ok())
            import = "\"import\":null"; // the history child still needs the SQLite journal
        if ((measureImport && !child(common + "--child-import " + std::to_string(entries), import)) || import.empty()
            || !child(common + "--child-history " + std::to_string(entries), history)) {
            status = 2;
        }
        json += std::string(s ? "," : "") + "{\"entries\":" + std::to_string(entries)
            + ",\"ndjsonBytes\":" + std::to_string(fs::file_size(journalPath(dir, entries))) + ",\"generateSeconds\":"
            + fmt("%.1f", generateMs / 1e3) + "," + import + (import.empty() ? "" : ",") + history + "}";
        if (!keep) {
            fs::remove(journalPath(dir, entries));
            fs::remove(sqlite);
        }
    }
    json += "]}\n";
    std::fputs(json.c_str(), stdout);
    if (ownDir)
        fs::remove_all(dir);
    return status;
}
