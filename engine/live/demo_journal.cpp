#include "engine/live/demo_journal.h"

#include "engine/live/platform_core.h"

#include "engine/store/atomic_file.h"
#include "engine/store/sqlite_db.h"
#include "engine/store/sqlite_journal_reader.h"
#include "engine/store/sqlite_stmt.h"

#include <sqlite3.h>

#include <charconv>
#include <unordered_set>

namespace cd::live {

namespace {

constexpr std::uint64_t IdSeedFactor = 0xD1B54A32D192ED03ULL;
constexpr std::uint64_t Golden = 0x9E3779B97F4A7C15ULL;
constexpr std::uint64_t Mix1 = 0xBF58476D1CE4E5B9ULL;
constexpr std::uint64_t Mix2 = 0x94D049BB133111EBULL;

// Inverse of x ^= x >> shift: y ^ y>>shift ^ y>>2shift ^ ...
std::uint64_t unXorShift(std::uint64_t y, int shift)
{
    std::uint64_t x = y;
    for (int s = shift; s < 64; s += shift)
        x ^= y >> s;
    return x;
}

// The inverse of an odd number modulo 2^64 (Newton: each step doubles the bits).
constexpr std::uint64_t inverseOf(std::uint64_t odd)
{
    std::uint64_t inv = odd;
    for (int i = 0; i < 6; ++i)
        inv *= 2 - odd * inv;
    return inv;
}

std::string notDemo(const std::string& path)
{
    return path + ": not a journal written by the Chronodesk demo; it is opened read-only";
}

} // namespace

std::string demoEntryId(std::uint64_t idSeed, std::uint64_t counter)
{
    std::uint64_t s = idSeed * IdSeedFactor + counter;
    std::uint64_t z = splitMix64(s);
    // Written by hand: snprintf's format parsing cost more than the id's use.
    constexpr char Digits[] = "0123456789abcdef";
    std::string id(18, '0');
    id[0] = 'e';
    id[1] = '-';
    for (std::size_t i = 17; i >= 2; --i, z >>= 4)
        id[i] = Digits[z & 0xF];
    return id;
}

std::optional<std::uint64_t> demoEntryCounter(std::uint64_t idSeed, std::string_view id)
{
    if (id.size() != 18 || id.substr(0, 2) != "e-")
        return std::nullopt;
    std::uint64_t z = 0;
    const char* begin = id.data() + 2;
    const auto [end, ec] = std::from_chars(begin, id.data() + id.size(), z, 16);
    if (ec != std::errc() || end != id.data() + id.size())
        return std::nullopt;
    z = unXorShift(z, 31);
    z = unXorShift(z * inverseOf(Mix2), 27);
    z = unXorShift(z * inverseOf(Mix1), 30);
    return z - Golden - idSeed * IdSeedFactor;
}

bool markDemoJournal(const std::string& path, std::uint64_t idSeed, std::string& error)
{
    store::SqliteDb db;
    std::string reason;
    const std::string sql = "CREATE TABLE " + std::string(DemoMarkTable)
        + " (key TEXT PRIMARY KEY, value TEXT NOT NULL); INSERT INTO " + std::string(DemoMarkTable)
        + " VALUES ('writer', '" + std::string(DemoWriterName) + "'), ('id_seed', '" + std::to_string(idSeed) + "');";
    if (!db.open(path, SQLITE_OPEN_READWRITE, reason) || !db.exec("PRAGMA busy_timeout=5000", reason)
        || !db.exec(sql.c_str(), reason)) {
        error = path + ": cannot mark the journal as the demo's: " + reason;
        return false;
    }
    return true;
}

bool readDemoJournalEnd(const std::string& path, DemoJournalEnd& out, std::string& error)
{
    if (!store::pathExists(path)) {
        error = path + ": no such journal";
        return false;
    }
    auto reader = store::SqliteJournalReader::open(path, error);
    if (!reader)
        return false;
    sqlite3* db = reader->handle();
    std::string reason;
    store::SqliteStmt mark;
    const std::string markSql = "SELECT key, value FROM " + std::string(DemoMarkTable);
    if (!mark.prepare(db, markSql, reason)) {
        error = notDemo(path); // no mark table
        return false;
    }
    bool writer = false;
    bool seeded = false;
    while (mark.step() == SQLITE_ROW) {
        const std::string_view key = mark.columnText(0);
        const std::string_view value = mark.columnText(1);
        if (key == "writer" && value == DemoWriterName)
            writer = true;
        else if (key == "id_seed")
            seeded = std::from_chars(value.data(), value.data() + value.size(), out.idSeed).ec == std::errc();
    }
    if (!writer || !seeded) {
        error = notDemo(path);
        return false;
    }

    ResumePoint& p = out.point;
    p.journalId = reader->meta().journalId;
    p.lastWallMs = reader->meta().createdWallMs;
    p.lastMonoMs = reader->meta().createdMonoMs.value_or(0);
    store::SqliteStmt last;
    store::SqliteStmt count;
    store::SqliteStmt created;
    if (!last.prepare(db, "SELECT sequence, id, wall_ms, mono_ms FROM events ORDER BY sequence DESC LIMIT 1", reason)
        || !count.prepare(db, "SELECT count(*) FROM events", reason)
        || !created.prepare(db,
            "SELECT tenant_id FROM events WHERE type = 'tenant.created' AND tenant_id IS NOT NULL ORDER BY sequence",
            reason)) {
        error = path + ": cannot read the journal's end: " + reason;
        return false;
    }
    if (last.step() == SQLITE_ROW) {
        p.lastSequence = last.columnInt64(0);
        out.lastId = std::string(last.columnText(1));
        p.lastWallMs = last.columnInt64(2);
        p.lastMonoMs = last.columnInt64(3);
    }
    if (count.step() == SQLITE_ROW)
        p.entries = count.columnInt64(0);
    std::unordered_set<std::string> seen;
    while (created.step() == SQLITE_ROW) {
        std::string id(created.columnText(0));
        if (seen.insert(id).second)
            out.tenantIds.push_back(std::move(id));
    }
    p.tenants = static_cast<std::int64_t>(out.tenantIds.size());
    return true;
}

} // namespace cd::live
