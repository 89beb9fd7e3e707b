#pragma once

// Test journals for the history suites: entries written the way the platform
// journals them, built step by step or generated from a seeded PRNG.

#include "engine/platform/entry.h"
#include "engine/platform/json_writer.h"
#include "engine/store/sqlite_journal_writer.h"

#include <QTemporaryDir>
#include <QTest>

#include <cstdint>
#include <fstream>
#include <random>
#include <string>
#include <unordered_map>
#include <vector>

// Readable QCOMPARE failures for the std types the suites compare.
namespace QTest {
template <>
inline char* toString(const std::string& text)
{
    return qstrdup(text.c_str());
}
template <>
inline char* toString(const std::vector<std::string>& items)
{
    std::string out = "[";
    for (const auto& item : items)
        out += (out.size() > 1 ? ", \"" : "\"") + item + "\"";
    return qstrdup((out + "]").c_str());
}
template <>
inline char* toString(const std::vector<std::int64_t>& items)
{
    std::string out = "[";
    for (const auto& item : items)
        out += (out.size() > 1 ? ", " : "") + std::to_string(item);
    return qstrdup((out + "]").c_str());
}
} // namespace QTest

namespace cd::history::test {

inline std::string q(std::string_view text)
{
    std::string out;
    platform::appendJsonString(out, text);
    return out;
}

inline std::string num(double value)
{
    std::string out;
    platform::appendJsonNumber(out, value);
    return out;
}

// Builds a journal: each event gets the next sequence (from start, +1) and
// the next wall time (+step ms) unless seq()/wall() set them first.
class JournalGen {
public:
    explicit JournalGen(std::int64_t firstSequence = 0, std::int64_t firstWallMs = 1'764'000'000'000)
        : m_nextSequence(firstSequence)
        , m_nextWallMs(firstWallMs)
    { }

    // The next entry's sequence / wall time.
    JournalGen& seq(std::int64_t sequence)
    {
        m_nextSequence = sequence;
        return *this;
    }
    JournalGen& wall(std::int64_t wallMs)
    {
        m_nextWallMs = wallMs;
        return *this;
    }

    // Appends an entry with data (a JSON object, "type" first).
    JournalGen& add(std::string data)
    {
        platform::Entry e;
        e.id = "e-" + std::to_string(m_nextSequence);
        e.sequence = m_nextSequence++;
        e.wallMs = m_nextWallMs;
        e.monoMs = m_nextWallMs - 1'764'000'000'000;
        m_nextWallMs += 10;
        e.data = std::move(data);
        entries.push_back(std::move(e));
        return *this;
    }

    JournalGen& created(std::string_view t, std::string_view plan = "pro", std::string_view owner = "owner-1")
    {
        return add(R"({"type":"tenant.created","tenantId":)" + q(t) + R"(,"plan":)" + q(plan) + R"(,"ownerId":)"
            + q(owner) + "}");
    }
    JournalGen& invited(std::string_view t, std::string_view u, std::string_view email = "u@example.com",
        std::string_view role = "user")
    {
        return add(R"({"type":"user.invited","tenantId":)" + q(t) + R"(,"userId":)" + q(u) + R"(,"email":)" + q(email)
            + R"(,"role":)" + q(role) + "}");
    }
    JournalGen& activated(std::string_view t, std::string_view u) { return tenantUser("user.activated", t, u); }
    JournalGen& removed(std::string_view t, std::string_view u) { return tenantUser("user.removed", t, u); }
    JournalGen& cycle(std::string_view t, std::string_view c, double amount = 9900)
    {
        return billing("billing.cycle.started", t, c, amount);
    }
    JournalGen& paid(std::string_view t, std::string_view c, double amount = 9900)
    {
        return billing("billing.payment.succeeded", t, c, amount);
    }
    JournalGen& failed(
        std::string_view t, std::string_view c, double amount = 9900, std::string_view reason = "card_declined")
    {
        return add(R"({"type":"billing.payment.failed","tenantId":)" + q(t) + R"(,"cycleId":)" + q(c) + R"(,"amount":)"
            + num(amount) + R"(,"reason":)" + q(reason) + "}");
    }
    JournalGen& used(std::string_view t, std::string_view u, std::string_view feature, double usage)
    {
        return add(R"({"type":"feature.used","tenantId":)" + q(t) + R"(,"userId":)" + q(u) + R"(,"feature":)"
            + q(feature) + R"(,"usage":)" + num(usage) + "}");
    }
    JournalGen& exceeded(std::string_view t, std::string_view feature, double limit, double usage)
    {
        return add(R"({"type":"limits.exceeded","tenantId":)" + q(t) + R"(,"feature":)" + q(feature) + R"(,"limit":)"
            + num(limit) + R"(,"usage":)" + num(usage) + "}");
    }
    JournalGen& suspended(std::string_view t, std::string_view reason = "Payment failures")
    {
        return add(R"({"type":"tenant.suspended","tenantId":)" + q(t) + R"(,"reason":)" + q(reason) + "}");
    }
    JournalGen& reactivated(std::string_view t)
    {
        return add(R"({"type":"tenant.reactivated","tenantId":)" + q(t) + "}");
    }
    JournalGen& planChanged(std::string_view t, std::string_view from, std::string_view to)
    {
        return add(
            R"({"type":"plan.changed","tenantId":)" + q(t) + R"(,"from":)" + q(from) + R"(,"to":)" + q(to) + "}");
    }
    JournalGen& reset(std::string_view t, std::string_view feature, std::string_view c)
    {
        return add(R"({"type":"usage.reset","tenantId":)" + q(t) + R"(,"feature":)" + q(feature) + R"(,"cycleId":)"
            + q(c) + "}");
    }
    JournalGen& connected(std::string_view t, std::string_view u, std::string_view s)
    {
        return add(R"({"type":"session.connected","tenantId":)" + q(t) + R"(,"userId":)" + q(u) + R"(,"sessionId":)"
            + q(s) + "}");
    }
    JournalGen& disconnected(std::string_view t, std::string_view s) { return session("session.disconnected", t, s); }
    JournalGen& expired(std::string_view t, std::string_view s) { return session("session.expired", t, s); }

    std::int64_t lastSequence() const { return entries.back().sequence; }

    std::vector<platform::Entry> entries;

private:
    JournalGen& tenantUser(std::string_view type, std::string_view t, std::string_view u)
    {
        return add(R"({"type":)" + q(type) + R"(,"tenantId":)" + q(t) + R"(,"userId":)" + q(u) + "}");
    }
    JournalGen& billing(std::string_view type, std::string_view t, std::string_view c, double amount)
    {
        return add(R"({"type":)" + q(type) + R"(,"tenantId":)" + q(t) + R"(,"cycleId":)" + q(c) + R"(,"amount":)"
            + num(amount) + "}");
    }
    JournalGen& session(std::string_view type, std::string_view t, std::string_view s)
    {
        return add(R"({"type":)" + q(type) + R"(,"tenantId":)" + q(t) + R"(,"sessionId":)" + q(s) + "}");
    }

    std::int64_t m_nextSequence;
    std::int64_t m_nextWallMs;
};

// One entry as an NDJSON line.
inline std::string ndjsonLine(const platform::Entry& e)
{
    return R"({"id":)" + q(e.id) + R"(,"sequence":)" + std::to_string(e.sequence) + R"(,"timestamp":{"wallMs":)"
        + std::to_string(e.wallMs) + R"(,"monoMs":)" + std::to_string(e.monoMs) + R"(},"data":)" + e.data + "}";
}

// Writes lines (one per element) to dir/name and returns the path.
inline std::string writeLines(const QTemporaryDir& dir, const std::string& name, const std::vector<std::string>& lines)
{
    const std::string path = dir.path().toStdString() + "/" + name;
    std::ofstream out(path, std::ios::binary);
    for (const auto& line : lines)
        out << line << '\n';
    return path;
}

inline std::string writeNdjson(
    const QTemporaryDir& dir, const std::string& name, const std::vector<platform::Entry>& entries)
{
    std::vector<std::string> lines;
    lines.reserve(entries.size());
    for (const auto& e : entries)
        lines.push_back(ndjsonLine(e));
    return writeLines(dir, name, lines);
}

// Writes a format-1 SQLite journal at dir/name and returns the path.
inline std::string writeSqlite(const QTemporaryDir& dir, const std::string& name,
    const std::vector<platform::Entry>& entries, const std::string& journalId = "journal-test")
{
    const std::string path = dir.path().toStdString() + "/" + name;
    store::WriterOptions options;
    options.meta.journalId = journalId;
    options.meta.createdWallMs = 1'764'000'000'000;
    options.mode = store::WriterOptions::Mode::Bulk;
    std::string error;
    auto writer = store::SqliteJournalWriter::create(path, options, error);
    if (!writer) {
        QTest::qFail(("cannot create test journal: " + error).c_str(), __FILE__, __LINE__);
        return path;
    }
    for (const auto& e : entries)
        if (!writer->appendBulk(e, error))
            QTest::qFail(("cannot write test entry: " + error).c_str(), __FILE__, __LINE__);
    if (!writer->flushBulk(error) || !writer->close(error))
        QTest::qFail(("cannot close test journal: " + error).c_str(), __FILE__, __LINE__);
    return path;
}

// A plausible platform history from a seeded PRNG: tenants created over
// time, users invited and activated, usage, billing with failures,
// suspensions and reactivations, plan changes, sessions. Some events break
// platform rules on purpose (unknown users, unmatched sessions), as
// production journals do; the fold must cope. Generates in pieces, so a
// benchmark can stream millions of entries to a file.
class RandomJournal {
public:
    RandomJournal(int tenants, std::uint64_t seed, std::int64_t firstSequence = 0)
        : gen(firstSequence)
        , m_tenants(tenants)
        , m_rng(seed)
    { }

    // Appends count entries to gen.entries.
    void generate(std::size_t count)
    {
        static const char* const Plans[] = { "starter", "pro", "enterprise" };
        static const char* const Features[] = { "api_calls", "storage_mb", "exports" };
        const std::size_t target = gen.entries.size() + count;
        while (gen.entries.size() < target) {
            if (m_created == 0 || (m_created < m_tenants && pick(20) == 0)) {
                gen.created("t-" + std::to_string(m_created), Plans[pick(3)], "owner-" + std::to_string(m_created));
                ++m_created;
                continue;
            }
            const std::string t = "t-" + std::to_string(pick(m_created + 1)); // sometimes unknown
            const std::string u = "u-" + std::to_string(pick(12));
            switch (pick(16)) {
            case 0:
                gen.invited(t, u, u + "@example.com", pick(4) == 0 ? "admin" : "user");
                break;
            case 1:
                gen.activated(t, u);
                break;
            case 2:
                gen.removed(t, u);
                break;
            case 3:
                gen.cycle(t, "c-" + std::to_string(++m_cycle), 2900);
                break;
            case 4:
                gen.paid(t, "c-" + std::to_string(m_cycle), 2900);
                break;
            case 5:
                gen.failed(t, "c-" + std::to_string(m_cycle), 2900);
                break;
            case 6:
            case 7:
            case 8:
                gen.used(t, u, Features[pick(3)], pick(10) == 0 ? 0.25 : double(pick(500)));
                break;
            case 9:
                gen.exceeded(t, Features[pick(3)], 1000, 1000 + pick(100));
                break;
            case 10:
                gen.suspended(t);
                break;
            case 11:
                gen.reactivated(t);
                break;
            case 12:
                gen.planChanged(t, Plans[pick(3)], Plans[pick(3)]);
                break;
            case 13:
                gen.reset(t, Features[pick(3)], "c-" + std::to_string(m_cycle));
                break;
            case 14:
                gen.connected(t, u, "s-" + std::to_string(++m_session));
                m_open[t].push_back(m_session);
                break;
            default: {
                // Mostly one of the tenant's open sessions, now and then one that is not.
                auto& open = m_open[t];
                int session = m_session - pick(20);
                if (!open.empty() && pick(10) != 0) {
                    const std::size_t i = std::size_t(pick(int(open.size())));
                    session = open[i];
                    open[i] = open.back();
                    open.pop_back();
                }
                pick(2) == 0 ? gen.disconnected(t, "s-" + std::to_string(session))
                             : gen.expired(t, "s-" + std::to_string(session));
                break;
            }
            }
        }
    }

    JournalGen gen;

private:
    int pick(int n) { return int(m_rng() % std::uint64_t(n)); }

    int m_tenants;
    std::mt19937_64 m_rng;
    int m_created = 0;
    int m_cycle = 0;
    int m_session = 0;
    std::unordered_map<std::string, std::vector<int>> m_open; // tenant -> open session numbers
};

inline std::vector<platform::Entry> randomJournal(
    std::size_t count, int tenants, std::uint64_t seed, std::int64_t firstSequence = 0)
{
    RandomJournal journal(tenants, seed, firstSequence);
    journal.generate(count);
    return std::move(journal.gen.entries);
}

} // namespace cd::history::test
