#pragma once

// Helpers shared by the store tests: files, valid entries, journal rows.

#include "engine/platform/entry.h"

#include <QByteArray>
#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QString>
#include <QStringList>

#include <sqlite3.h>

#include <string>
#include <vector>

namespace storetest {

inline QByteArray readBytes(const QString& path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return f.readAll();
}

inline bool writeBytes(const QString& path, const QByteArray& bytes)
{
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate))
        return false;
    return f.write(bytes) == bytes.size();
}

inline QByteArray sha(const QString& path)
{
    return QCryptographicHash::hash(readBytes(path), QCryptographicHash::Sha256).toHex();
}

inline std::string str(const QString& s)
{
    return s.toStdString();
}

// A valid event object for entry i (cycling through a few types), minified.
inline std::string dataFor(int i, const std::string& tenant)
{
    const std::string n = std::to_string(i);
    switch (i % 5) {
    case 0:
        return R"({"type":"tenant.created","tenantId":")" + tenant + R"(","plan":"pro","ownerId":"owner-)" + n + "\"}";
    case 1:
        return R"({"type":"user.invited","tenantId":")" + tenant + R"(","userId":"u-)" + n + R"(","email":"user)" + n
            + R"(@example.com","role":"admin"})";
    case 2:
        return R"({"type":"feature.used","tenantId":")" + tenant + R"(","userId":"u-)" + n
            + R"(","feature":"api_calls","usage":1.50})";
    case 3:
        return R"({"type":"billing.payment.failed","tenantId":")" + tenant + R"(","cycleId":"c-)" + n
            + R"(","amount":2900,"reason":"Card declined"})";
    default:
        return R"({"type":"session.connected","tenantId":")" + tenant + R"(","userId":"u-)" + n + R"(","sessionId":"s-)"
            + n + "\"}";
    }
}

inline cd::platform::Entry makeEntry(std::int64_t sequence, const std::string& tenant = "t-1")
{
    cd::platform::Entry e;
    e.id = "e-" + std::to_string(sequence);
    e.sequence = sequence;
    e.wallMs = 1764000000000 + sequence * 1000;
    e.monoMs = sequence * 1000;
    e.data = dataFor(int(sequence), tenant);
    return e;
}

// Entries first..first+count-1 spread over `tenants` tenants (t-0, t-1, ...).
inline std::vector<cd::platform::Entry> makeEntries(std::int64_t first, int count, int tenants = 3)
{
    std::vector<cd::platform::Entry> out;
    for (int i = 0; i < count; ++i) {
        const std::int64_t seq = first + i;
        out.push_back(makeEntry(seq, "t-" + std::to_string(seq % tenants)));
    }
    return out;
}

inline std::string ndjsonLine(const cd::platform::Entry& e)
{
    return R"({"id":")" + e.id + R"(","sequence":)" + std::to_string(e.sequence) + R"(,"timestamp":{"wallMs":)"
        + std::to_string(e.wallMs) + R"(,"monoMs":)" + std::to_string(e.monoMs) + R"(},"data":)" + e.data + "}";
}

inline QByteArray ndjson(const std::vector<cd::platform::Entry>& entries)
{
    std::string out;
    for (const auto& e : entries)
        out += ndjsonLine(e) + "\n";
    return QByteArray::fromStdString(out);
}

// A Phyxius export, pretty-printed over many lines like JSON.stringify(x, null, 2).
inline QByteArray phyxiusPretty(const std::vector<cd::platform::Entry>& entries, const std::string& tail = {})
{
    std::string out = "{\n  \"entries\": [\n";
    for (std::size_t i = 0; i < entries.size(); ++i) {
        const auto& e = entries[i];
        out += "    {\n      \"id\": \"" + e.id + "\",\n      \"sequence\": " + std::to_string(e.sequence)
            + ",\n      \"timestamp\": {\n        \"wallMs\": " + std::to_string(e.wallMs)
            + ",\n        \"monoMs\": " + std::to_string(e.monoMs) + "\n      },\n      \"data\": " + e.data + "\n    }"
            + (i + 1 < entries.size() ? ",\n" : "\n");
    }
    out += "  ]" + tail + "\n}\n";
    return QByteArray::fromStdString(out);
}

// Runs SQL on a journal with a plain read-write connection (to tamper with it).
inline bool execSql(const QString& path, const char* sql)
{
    sqlite3* db = nullptr;
    if (sqlite3_open(path.toUtf8().constData(), &db) != SQLITE_OK) {
        sqlite3_close(db);
        return false;
    }
    const bool ok = sqlite3_exec(db, sql, nullptr, nullptr, nullptr) == SQLITE_OK;
    sqlite3_close(db);
    return ok;
}

// The files in a directory (names only), sorted.
inline QStringList filesIn(const QString& dir)
{
    return QDir(dir).entryList(QDir::Files | QDir::Hidden, QDir::Name);
}

} // namespace storetest
