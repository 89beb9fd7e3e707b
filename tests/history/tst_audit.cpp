#include "engine/history/audit.h"
#include "engine/history/entry_fetcher.h"
#include "engine/history/history.h"
#include "engine/platform/codec.h"
#include "journal_gen.h"

#include <QTemporaryDir>
#include <QTest>

using namespace cd::history;
using namespace cd::history::test;
using cd::platform::EventType;

Q_DECLARE_METATYPE(std::vector<EventType>)

namespace {
JournalGen auditJournal()
{
    JournalGen gen(10);
    gen.created("t-1").created("t-2").invited("t-1", "u-1").invited("t-2", "u-9"); // 10..13
    gen.used("t-1", "u-1", "api_calls", 3).failed("t-1", "c-1").used("t-2", "u-9", "api_calls", 4); // 14..16
    gen.seq(20).suspended("t-1").used("t-1", "u-1", "storage_mb", 0.5).reactivated("t-1"); // 20..22
    return gen;
}

std::string expectedLines(const JournalGen& gen, const std::vector<std::int64_t>& sequences)
{
    std::string out;
    for (std::int64_t s : sequences)
        for (const auto& e : gen.entries)
            if (e.sequence == s)
                out += cd::platform::encodeEntry(e) + "\n";
    return out;
}
} // namespace

class TestAudit : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void filters_data();
    void filters();
    void readsBackFromEveryFormat();
    void changedJournalIsAnError();
};

void TestAudit::filters_data()
{
    QTest::addColumn<QString>("tenant");
    QTest::addColumn<std::optional<std::int64_t>>("from");
    QTest::addColumn<std::optional<std::int64_t>>("to");
    QTest::addColumn<std::vector<EventType>>("types");
    QTest::addColumn<std::vector<std::int64_t>>("expected");
    using S = std::vector<std::int64_t>;
    const std::optional<std::int64_t> none;
    QTest::newRow("all of t-1") << "t-1" << none << none << std::vector<EventType> {}
                                << S { 10, 12, 14, 15, 20, 21, 22 };
    QTest::newRow("all of t-2") << "t-2" << none << none << std::vector<EventType> {} << S { 11, 13, 16 };
    QTest::newRow("from") << "t-1" << std::optional<std::int64_t>(15) << none << std::vector<EventType> {}
                          << S { 15, 20, 21, 22 };
    QTest::newRow("to, in a gap") << "t-1" << none << std::optional<std::int64_t>(18) << std::vector<EventType> {}
                                  << S { 10, 12, 14, 15 };
    QTest::newRow("from and to") << "t-1" << std::optional<std::int64_t>(12) << std::optional<std::int64_t>(20)
                                 << std::vector<EventType> {} << S { 12, 14, 15, 20 };
    QTest::newRow("one type") << "t-1" << none << none << std::vector<EventType> { EventType::FeatureUsed }
                              << S { 14, 21 };
    QTest::newRow("two types and a range")
        << "t-1" << std::optional<std::int64_t>(15) << none
        << std::vector<EventType> { EventType::TenantSuspended, EventType::TenantReactivated } << S { 20, 22 };
    QTest::newRow("empty range") << "t-1" << std::optional<std::int64_t>(16) << std::optional<std::int64_t>(19)
                                 << std::vector<EventType> {} << S {};
    QTest::newRow("unknown tenant") << "t-404" << none << none << std::vector<EventType> {} << S {};
}

void TestAudit::filters()
{
    QFETCH(QString, tenant);
    QFETCH(std::optional<std::int64_t>, from);
    QFETCH(std::optional<std::int64_t>, to);
    QFETCH(std::vector<EventType>, types);
    QFETCH(std::vector<std::int64_t>, expected);
    const JournalGen gen = auditJournal();
    History history;
    QVERIFY(history.append(gen.entries).ok());
    const AuditQuery query { tenant.toStdString(), from, to, types };
    QCOMPARE(auditSequences(history, query), expected);
    MemoryEntryFetcher fetcher(gen.entries);
    std::string out;
    std::string error;
    QVERIFY(writeAudit(
        history, fetcher, query, [&out](std::string_view line) { out += line; }, error));
    QCOMPARE(out, expectedLines(gen, expected));
}

void TestAudit::readsBackFromEveryFormat()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    JournalGen gen;
    gen.entries = randomJournal(48'000, 10, 99); // more than one read-back chunk per tenant
    // Unknown data fields are kept byte for byte.
    gen.seq(gen.lastSequence() + 1)
        .add(R"({"type":"tenant.created","tenantId":"t-x","plan":"pro","ownerId":"o","note":{"a":[1,2.50]}})");
    History history;
    QVERIFY(history.append(gen.entries).ok());
    for (const std::string& path :
        { writeNdjson(dir, "j.ndjson", gen.entries), writeSqlite(dir, "j.sqlite", gen.entries) }) {
        SourceEntryFetcher fetcher(path);
        for (const char* tenant : { "t-0", "t-3", "t-x" }) {
            const AuditQuery query { tenant, std::nullopt, std::nullopt, {} };
            std::string out;
            std::string error;
            QVERIFY2(writeAudit(
                         history, fetcher, query, [&out](std::string_view line) { out += line; }, error),
                error.c_str());
            QCOMPARE(out, expectedLines(gen, auditSequences(history, query)));
        }
    }
    QVERIFY(auditSequences(history, { "t-0", std::nullopt, std::nullopt, {} }).size() > 4096);
}

void TestAudit::changedJournalIsAnError()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const JournalGen gen = auditJournal();
    History history;
    QVERIFY(history.append(gen.entries).ok());
    std::vector<cd::platform::Entry> shorter(gen.entries.begin(), gen.entries.end() - 2);
    const std::string path = writeNdjson(dir, "changed.ndjson", shorter);
    SourceEntryFetcher fetcher(path);
    std::string error;
    QVERIFY(!writeAudit(
        history, fetcher, { "t-1", std::nullopt, std::nullopt, {} }, [](std::string_view) {}, error));
    QVERIFY2(error.find("changed.ndjson") != std::string::npos, error.c_str());
}

QTEST_GUILESS_MAIN(TestAudit)
#include "tst_audit.moc"
