// Import throughput: a generated NDJSON journal imported into a format-1
// SQLite journal (detection, streaming, strict validation, bulk insert),
// against the floor: a plain prepared-statement insert of the same rows,
// already parsed, with the same pragmas and transaction size. Also the
// validated read-back rate of the result. Prints one JSON object.
// Usage: bench_import [entries=1000000] [dir=/tmp]

#include "engine/platform/entry.h"
#include "engine/store/importer.h"
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

struct Row {
    cd::platform::Entry entry;
    std::string type;
    std::string tenant;
};

double secondsSince(std::chrono::steady_clock::time_point start)
{
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

// Process CPU seconds: on a shared, loaded machine wall time mostly measures
// the neighbours; CPU time is the cost of the work itself.
double cpuSince(std::clock_t start)
{
    return double(std::clock() - start) / CLOCKS_PER_SEC;
}

// A realistic mix of event types over 10000 tenants.
Row makeRow(std::int64_t i)
{
    Row r;
    const std::string n = std::to_string(i);
    r.tenant = "tenant-" + std::to_string(i % 10000);
    r.entry.id = "evt-" + n;
    r.entry.sequence = i;
    r.entry.wallMs = 1764000000000 + i * 37;
    r.entry.monoMs = i * 37;
    const std::string t = "\"tenantId\":\"" + r.tenant + "\"";
    switch (i % 6) {
    case 0:
        r.type = "feature.used";
        r.entry.data = "{\"type\":\"feature.used\"," + t + ",\"userId\":\"u-" + n + "\",\"feature\":\"api_calls\","
            + "\"usage\":" + std::to_string(i % 50) + "}";
        break;
    case 1:
        r.type = "user.invited";
        r.entry.data = "{\"type\":\"user.invited\"," + t + ",\"userId\":\"u-" + n + "\",\"email\":\"user" + n
            + "@example.com\",\"role\":\"user\"}";
        break;
    case 2:
        r.type = "session.connected";
        r.entry.data
            = "{\"type\":\"session.connected\"," + t + ",\"userId\":\"u-" + n + "\",\"sessionId\":\"s-" + n + "\"}";
        break;
    case 3:
        r.type = "billing.payment.succeeded";
        r.entry.data = "{\"type\":\"billing.payment.succeeded\"," + t + ",\"cycleId\":\"c-" + n + "\",\"amount\":9900}";
        break;
    case 4:
        r.type = "session.disconnected";
        r.entry.data = "{\"type\":\"session.disconnected\"," + t + ",\"sessionId\":\"s-" + n + "\"}";
        break;
    default:
        r.type = "user.activated";
        r.entry.data = "{\"type\":\"user.activated\"," + t + ",\"userId\":\"u-" + n + "\"}";
    }
    return r;
}

std::string line(const cd::platform::Entry& e)
{
    return "{\"id\":\"" + e.id + "\",\"sequence\":" + std::to_string(e.sequence) + ",\"timestamp\":{\"wallMs\":"
        + std::to_string(e.wallMs) + ",\"monoMs\":" + std::to_string(e.monoMs) + "},\"data\":" + e.data + "}\n";
}

bool check(int rc, sqlite3* db)
{
    if (rc == SQLITE_OK || rc == SQLITE_DONE)
        return true;
    std::fprintf(stderr, "sqlite: %s\n", sqlite3_errmsg(db));
    return false;
}

// The same schema and pragmas as the importer's bulk path, rows pre-parsed.
double plainInsert(const std::vector<Row>& rows, const std::string& path)
{
    sqlite3* db = nullptr;
    sqlite3_open(path.c_str(), &db);
    const auto start = std::chrono::steady_clock::now();
    check(sqlite3_exec(db,
              "PRAGMA journal_mode=MEMORY; PRAGMA synchronous=OFF; PRAGMA cache_size=-65536;"
              "CREATE TABLE journal_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);"
              "CREATE TABLE events (sequence INTEGER PRIMARY KEY, id TEXT NOT NULL, wall_ms INTEGER NOT NULL,"
              " mono_ms INTEGER NOT NULL, type TEXT NOT NULL, tenant_id TEXT, data TEXT NOT NULL);"
              "CREATE INDEX events_by_tenant ON events (tenant_id, sequence);",
              nullptr, nullptr, nullptr),
        db);
    sqlite3_stmt* insert = nullptr;
    sqlite3_prepare_v2(db,
        "INSERT INTO events (sequence, id, wall_ms, mono_ms, type, tenant_id, data) VALUES (?, ?, ?, ?, ?, ?, ?)", -1,
        &insert, nullptr);
    constexpr std::size_t Chunk = 50000;
    for (std::size_t i = 0; i < rows.size(); ++i) {
        if (i % Chunk == 0)
            sqlite3_exec(db, i == 0 ? "BEGIN" : "COMMIT; BEGIN", nullptr, nullptr, nullptr);
        const Row& r = rows[i];
        sqlite3_bind_int64(insert, 1, r.entry.sequence);
        sqlite3_bind_text(insert, 2, r.entry.id.data(), int(r.entry.id.size()), SQLITE_STATIC);
        sqlite3_bind_int64(insert, 3, r.entry.wallMs);
        sqlite3_bind_int64(insert, 4, r.entry.monoMs);
        sqlite3_bind_text(insert, 5, r.type.data(), int(r.type.size()), SQLITE_STATIC);
        sqlite3_bind_text(insert, 6, r.tenant.data(), int(r.tenant.size()), SQLITE_STATIC);
        sqlite3_bind_text(insert, 7, r.entry.data.data(), int(r.entry.data.size()), SQLITE_STATIC);
        if (!check(sqlite3_step(insert), db))
            break;
        sqlite3_reset(insert);
    }
    sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
    sqlite3_finalize(insert);
    sqlite3_close(db);
    return secondsSince(start);
}

} // namespace

int main(int argc, char** argv)
{
    const std::int64_t count = argc > 1 ? std::atoll(argv[1]) : 1000000;
    const std::filesystem::path dir = argc > 2 ? argv[2] : "/tmp";
    const std::string tag = std::to_string(count) + "-" + std::to_string(std::rand());
    const std::string input = (dir / ("bench_import-" + tag + ".ndjson")).string();
    const std::string output = (dir / ("bench_import-" + tag + ".sqlite")).string();
    const std::string plain = (dir / ("bench_import-" + tag + ".plain.sqlite")).string();

    std::vector<Row> rows;
    rows.reserve(std::size_t(count));
    {
        std::FILE* f = std::fopen(input.c_str(), "wb");
        if (!f) {
            std::fprintf(stderr, "cannot write %s\n", input.c_str());
            return 1;
        }
        for (std::int64_t i = 0; i < count; ++i) {
            rows.push_back(makeRow(i));
            const std::string text = line(rows.back().entry);
            std::fwrite(text.data(), 1, text.size(), f);
        }
        std::fclose(f);
    }
    const auto inputBytes = std::filesystem::file_size(input);

    auto start = std::chrono::steady_clock::now();
    std::clock_t cpu = std::clock();
    const cd::store::ImportSummary summary = cd::store::importJournal(input, output);
    const double importSeconds = secondsSince(start);
    const double importCpu = cpuSince(cpu);
    if (!summary.ok() || summary.accepted != std::uint64_t(count)) {
        std::fprintf(stderr, "import failed: %s\n", summary.message.c_str());
        return 1;
    }

    cpu = std::clock();
    const double plainSeconds = plainInsert(rows, plain);
    const double plainCpu = cpuSince(cpu);

    start = std::chrono::steady_clock::now();
    cpu = std::clock();
    std::string error;
    std::int64_t scanned = 0;
    {
        auto reader = cd::store::SqliteJournalReader::open(output, error);
        auto cursor = reader->scan({}, error);
        cd::platform::Entry entry;
        std::string reason;
        while (cursor->next(entry, reason) == cd::store::SqliteJournalCursor::Status::Entry)
            ++scanned;
    }
    const double scanSeconds = secondsSince(start);
    const double scanCpu = cpuSince(cpu);

    std::printf("{\"entries\":%lld,\"inputBytes\":%llu,"
                "\"importSeconds\":%.3f,\"importCpuSeconds\":%.3f,\"importEntriesPerSecond\":%.0f,"
                "\"importEntriesPerCpuSecond\":%.0f,"
                "\"plainInsertSeconds\":%.3f,\"plainInsertCpuSeconds\":%.3f,\"plainInsertEntriesPerSecond\":%.0f,"
                "\"plainInsertEntriesPerCpuSecond\":%.0f,\"importVsPlainInsertCpu\":%.2f,"
                "\"validatedScanEntriesPerSecond\":%.0f,\"validatedScanEntriesPerCpuSecond\":%.0f}\n",
        static_cast<long long>(count), static_cast<unsigned long long>(inputBytes), importSeconds, importCpu,
        double(count) / importSeconds, double(count) / importCpu, plainSeconds, plainCpu, double(count) / plainSeconds,
        double(count) / plainCpu, importCpu / plainCpu, double(scanned) / scanSeconds, double(scanned) / scanCpu);
    for (const auto& path : { input, output, plain })
        std::filesystem::remove(path);
    return scanned == count ? 0 : 1;
}
