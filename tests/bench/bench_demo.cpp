// End-to-end durable rate of the live platform: `demo` with 1,000 tenants for
// 30 simulated days (processes, supervision, billing and session services,
// group-committed SQLite journal with synchronous=FULL), in journal entries
// per second of wall time and of process CPU time. Baselines from the same
// run on the same disk: a plain prepared insert of the demo's own rows in one
// transaction (the SQLite floor), and the cost of one fsync'ed commit.
// Prints one JSON object.
// Usage: bench_demo [tenants=1000] [days=30] [dir=/tmp] [seed=1]

#include "engine/live/demo_runner.h"
#include "engine/platform/entry.h"
#include "engine/store/sqlite_journal_cursor.h"
#include "engine/store/sqlite_journal_reader.h"

#include <sqlite3.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <string>
#include <vector>

namespace {

double secondsSince(std::chrono::steady_clock::time_point start)
{
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

// CPU time of the calling thread only: the engine's, without the journal's
// writer thread.
double threadCpuSeconds()
{
    timespec ts {};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return double(ts.tv_sec) + double(ts.tv_nsec) / 1e9;
}

double cpuSince(std::clock_t start)
{
    return double(std::clock() - start) / CLOCKS_PER_SEC;
}

struct Row {
    cd::platform::Entry entry;
    std::string type;
    std::string tenant;
};

std::vector<Row> readRows(const std::string& path)
{
    std::vector<Row> rows;
    std::string error;
    auto reader = cd::store::SqliteJournalReader::open(path, error);
    if (!reader)
        return rows;
    sqlite3_stmt* stmt = nullptr;
    sqlite3_prepare_v2(reader->handle(),
        "SELECT sequence, id, wall_ms, mono_ms, type, tenant_id, data FROM events ORDER BY sequence", -1, &stmt,
        nullptr);
    while (sqlite3_step(stmt) == SQLITE_ROW) {
        Row r;
        r.entry.sequence = sqlite3_column_int64(stmt, 0);
        r.entry.id = reinterpret_cast<const char*>(sqlite3_column_text(stmt, 1));
        r.entry.wallMs = sqlite3_column_int64(stmt, 2);
        r.entry.monoMs = sqlite3_column_int64(stmt, 3);
        r.type = reinterpret_cast<const char*>(sqlite3_column_text(stmt, 4));
        const unsigned char* tenant = sqlite3_column_text(stmt, 5);
        r.tenant = tenant ? reinterpret_cast<const char*>(tenant) : "";
        r.entry.data = reinterpret_cast<const char*>(sqlite3_column_text(stmt, 6));
        rows.push_back(std::move(r));
    }
    sqlite3_finalize(stmt);
    return rows;
}

sqlite3* openBaseline(const std::string& path)
{
    std::filesystem::remove(path);
    sqlite3* db = nullptr;
    sqlite3_open(path.c_str(), &db);
    sqlite3_exec(db,
        "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;"
        "CREATE TABLE events (sequence INTEGER PRIMARY KEY, id TEXT NOT NULL, wall_ms INTEGER NOT NULL,"
        " mono_ms INTEGER NOT NULL, type TEXT NOT NULL, tenant_id TEXT, data TEXT NOT NULL);"
        "CREATE INDEX events_by_tenant ON events (tenant_id, sequence);",
        nullptr, nullptr, nullptr);
    return db;
}

// The floor: the same rows, already made, one prepared insert each, in one
// transaction (a single fsync).
double plainInsert(const std::vector<Row>& rows, const std::string& path)
{
    sqlite3* db = openBaseline(path);
    sqlite3_stmt* stmt = nullptr;
    sqlite3_prepare_v2(db, "INSERT INTO events VALUES (?, ?, ?, ?, ?, ?, ?)", -1, &stmt, nullptr);
    const auto start = std::chrono::steady_clock::now();
    sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr);
    for (const auto& r : rows) {
        sqlite3_bind_int64(stmt, 1, r.entry.sequence);
        sqlite3_bind_text(stmt, 2, r.entry.id.data(), static_cast<int>(r.entry.id.size()), SQLITE_STATIC);
        sqlite3_bind_int64(stmt, 3, r.entry.wallMs);
        sqlite3_bind_int64(stmt, 4, r.entry.monoMs);
        sqlite3_bind_text(stmt, 5, r.type.data(), static_cast<int>(r.type.size()), SQLITE_STATIC);
        sqlite3_bind_text(stmt, 6, r.tenant.data(), static_cast<int>(r.tenant.size()), SQLITE_STATIC);
        sqlite3_bind_text(stmt, 7, r.entry.data.data(), static_cast<int>(r.entry.data.size()), SQLITE_STATIC);
        sqlite3_step(stmt);
        sqlite3_reset(stmt);
    }
    sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
    const double seconds = secondsSince(start);
    sqlite3_finalize(stmt);
    sqlite3_close(db);
    std::filesystem::remove(path);
    return seconds;
}

// What one durable commit of one small row costs on this disk.
double fsyncCommitMs(const std::string& path, int commits)
{
    sqlite3* db = openBaseline(path);
    const auto start = std::chrono::steady_clock::now();
    for (int i = 0; i < commits; ++i) {
        const std::string sql
            = "INSERT INTO events VALUES (" + std::to_string(i) + ", 'x', 0, 0, 'tenant.created', 't', '{}')";
        sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr);
    }
    const double seconds = secondsSince(start);
    sqlite3_close(db);
    std::filesystem::remove(path);
    return seconds * 1000.0 / commits;
}

} // namespace

int main(int argc, char** argv)
{
    cd::live::DemoOptions options;
    options.tenants = argc > 1 ? std::atoll(argv[1]) : 1000;
    options.days = argc > 2 ? std::atoll(argv[2]) : 30;
    const std::string dir = argc > 3 ? argv[3] : "/tmp";
    options.seed = argc > 4 ? std::strtoull(argv[4], nullptr, 10) : 1;
    const std::string path = dir + "/bench_demo.sqlite";
    std::filesystem::remove(path);

    const auto start = std::chrono::steady_clock::now();
    const std::clock_t cpuStart = std::clock();
    const double engineCpuStart = threadCpuSeconds();
    cd::live::DemoResult result;
    std::string error;
    if (!cd::live::runDemo(options, path, false, result, error)) {
        std::fprintf(stderr, "demo failed: %s\n", error.c_str());
        return 1;
    }
    const double seconds = secondsSince(start);
    const double cpu = cpuSince(cpuStart);
    const double engineCpu = threadCpuSeconds() - engineCpuStart;

    const auto rows = readRows(path);
    const double plain = plainInsert(rows, dir + "/bench_demo_plain.sqlite");
    const double commitMs = fsyncCommitMs(dir + "/bench_demo_fsync.sqlite", 50);
    std::filesystem::remove(path);

    const double entries = static_cast<double>(result.entries);
    std::printf("{\"tenants\":%lld,\"days\":%lld,\"entries\":%lld,\"commands\":%lld,\"commits\":%lld,"
                "\"entriesPerCommit\":%.1f,\"seconds\":%.3f,\"cpuSeconds\":%.3f,"
                "\"durableEntriesPerSecond\":%.0f,\"entriesPerCpuSecond\":%.0f,"
                "\"engineThreadCpuSeconds\":%.3f,\"entriesPerEngineThreadCpuSecond\":%.0f,"
                "\"baseline\":{\"plainInsertOneTransactionPerSecond\":%.0f,\"fsyncCommitMs\":%.2f,"
                "\"fsyncTimeOfDemoCommitsSeconds\":%.3f}}\n",
        static_cast<long long>(options.tenants), static_cast<long long>(options.days),
        static_cast<long long>(result.entries), static_cast<long long>(result.commands),
        static_cast<long long>(result.commits),
        entries / static_cast<double>(std::max<std::int64_t>(1, result.commits)), seconds, cpu, entries / seconds,
        entries / cpu, engineCpu, entries / engineCpu, static_cast<double>(rows.size()) / plain, commitMs,
        commitMs * static_cast<double>(result.commits) / 1000.0);
    return 0;
}
