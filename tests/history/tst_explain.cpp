#include "engine/history/entry_fetcher.h"
#include "engine/history/explain.h"
#include "engine/history/history.h"
#include "engine/platform/codec.h"
#include "journal_gen.h"

#include <QTemporaryDir>
#include <QTest>

using namespace cd::history;
using namespace cd::history::test;
using cd::platform::TenantStatus;
using Seqs = std::vector<std::int64_t>;

namespace {
std::unique_ptr<History> historyOf(const JournalGen& gen)
{
    auto history = std::make_unique<History>();
    if (!history->append(gen.entries).ok())
        QTest::qFail("append failed", __FILE__, __LINE__);
    return history;
}

// Three failed payments after a successful one, then the suspension.
JournalGen suspendedJournal()
{
    JournalGen gen;
    gen.created("t-1").created("t-2"); // 0, 1
    gen.cycle("t-2", "c-0").paid("t-2", "c-0"); // 2, 3
    gen.cycle("t-2", "c-1").failed("t-2", "c-1"); // 4, 5
    gen.cycle("t-2", "c-2").failed("t-2", "c-2", 9900, "insufficient_funds"); // 6, 7
    gen.failed("t-1", "c-9"); // 8: another tenant's failure
    gen.cycle("t-2", "c-3").failed("t-2", "c-3").suspended("t-2"); // 9, 10, 11
    return gen;
}
} // namespace

class TestExplain : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void suspendedAfterFailedPayments();
    void activeSinceCreation();
    void reactivated();
    void failuresBeforeAReactivationStillCount();
    void limitsAfterTheLatestReset();
    void pointInThePast();
    void unknownTenant();
    void truncatedHistory();
    void jsonWithEntriesFromTheJournalFile();
};

void TestExplain::suspendedAfterFailedPayments()
{
    const JournalGen gen = suspendedJournal();
    const auto history = historyOf(gen);
    const Explanation e = explain(*history, "t-2");
    QCOMPARE(e.at, std::optional<std::int64_t>(11));
    QCOMPARE(e.status, std::optional<TenantStatus>(TenantStatus::Suspended));
    QCOMPARE(e.because, (Seqs { 5, 7, 10, 11 }));
    QCOMPARE(e.summary,
        std::string("t-2 is suspended since sequence 11 (reason: Payment failures) after 3 failed payments (c-1, c-2, "
                    "c-3) since its last successful payment."));
    // A second suspension changes nothing: the first one still explains it.
    JournalGen again = suspendedJournal();
    again.suspended("t-2", "Fraud");
    const auto twice = historyOf(again);
    QCOMPARE(explain(*twice, "t-2").because, (Seqs { 5, 7, 10, 11 }));
}

void TestExplain::activeSinceCreation()
{
    const JournalGen gen = suspendedJournal();
    const auto history = historyOf(gen);
    const Explanation e = explain(*history, "t-1");
    QCOMPARE(e.status, std::optional<TenantStatus>(TenantStatus::Active));
    QCOMPARE(e.because, (Seqs { 0 }));
    QCOMPARE(e.summary,
        std::string("t-1 is active since its creation at sequence 0. It has 1 failed payment (c-9) since it was "
                    "created."));
}

void TestExplain::reactivated()
{
    JournalGen gen = suspendedJournal();
    gen.reactivated("t-2").reactivated("t-2"); // 12, 13 (the second changes nothing)
    const auto history = historyOf(gen);
    const Explanation e = explain(*history, "t-2");
    QCOMPARE(e.status, std::optional<TenantStatus>(TenantStatus::Active));
    QCOMPARE(e.because, (Seqs { 12 }));
    QVERIFY(e.summary.starts_with("t-2 is active since its reactivation at sequence 12."));
}

void TestExplain::failuresBeforeAReactivationStillCount()
{
    JournalGen gen;
    gen.created("t-1").paid("t-1", "c-0").failed("t-1", "c-1").suspended("t-1", "manual"); // 0..3
    gen.reactivated("t-1").failed("t-1", "c-2").suspended("t-1"); // 4..6
    const auto history = historyOf(gen);
    const Explanation e = explain(*history, "t-1");
    QCOMPARE(e.because, (Seqs { 2, 5, 6 }));
    QVERIFY(e.summary.starts_with("t-1 is suspended since sequence 6 (reason: Payment failures) after 2 failed "
                                  "payments (c-1, c-2) since its last successful payment."));
    // A suspension with no failure behind it.
    JournalGen manual;
    manual.created("t-1").suspended("t-1", "Terms of service");
    QCOMPARE(explain(*historyOf(manual), "t-1").summary,
        std::string("t-1 is suspended since sequence 1 (reason: Terms of service)."));
}

void TestExplain::limitsAfterTheLatestReset()
{
    JournalGen gen;
    gen.created("t-1", "starter").exceeded("t-1", "api_calls", 1000, 1100); // 0, 1
    gen.reset("t-1", "api_calls", "c-1").exceeded("t-1", "api_calls", 1000, 1001); // 2, 3
    gen.exceeded("t-1", "users", 5, 6).exceeded("t-1", "api_calls", 1000, 1050.5); // 4, 5
    gen.exceeded("t-2", "users", 5, 6); // 6: unknown tenant, not t-1's
    const auto history = historyOf(gen);
    const Explanation e = explain(*history, "t-1");
    QCOMPARE(e.because, (Seqs { 0, 3, 4, 5 }));
    QCOMPARE(e.summary,
        std::string("t-1 is active since its creation at sequence 0. Its api_calls limit was exceeded 2 times since "
                    "its last reset (latest at sequence 5: 1050.5 over a limit of 1000). Its users limit was "
                    "exceeded 1 time (latest at sequence 4: 6 over a limit of 5)."));
    QCOMPARE(explain(*history, "t-1", 2).because, (Seqs { 0 })); // right after the reset
}

void TestExplain::pointInThePast()
{
    const JournalGen gen = suspendedJournal();
    const auto history = historyOf(gen);
    const Explanation e = explain(*history, "t-2", 10);
    QCOMPARE(e.at, std::optional<std::int64_t>(10));
    QCOMPARE(e.status, std::optional<TenantStatus>(TenantStatus::Active));
    QCOMPARE(e.because, (Seqs { 1 }));
    const Explanation before = explain(*history, "t-2", 0);
    QCOMPARE(before.status, std::nullopt);
    QVERIFY(before.because.empty());
    QCOMPARE(before.summary, std::string("t-2 does not exist at sequence 0: it is created later, at sequence 1."));
}

void TestExplain::unknownTenant()
{
    const auto history = historyOf(suspendedJournal());
    const Explanation e = explain(*history, "t-404");
    QCOMPARE(e.status, std::nullopt);
    QVERIFY(e.because.empty());
    QCOMPARE(e.summary, std::string("t-404 does not exist at sequence 11: no entry up to there names it."));
    QCOMPARE(explanationJson(e, {}),
        std::string(R"({"tenantId":"t-404","at":11,"status":null,"summary":"t-404 does not exist at sequence 11: no )"
                    R"(entry up to there names it.","because":[]})"));
    History empty;
    QCOMPARE(explain(empty, "t-1").at, std::nullopt);
}

void TestExplain::truncatedHistory()
{
    JournalGen gen(500);
    gen.invited("t-1", "u-1").failed("t-1", "c-1").suspended("t-1").created("t-2");
    const auto history = historyOf(gen);
    const Explanation e = explain(*history, "t-1");
    QCOMPARE(e.status, std::nullopt);
    QVERIFY(e.because.empty());
    QCOMPARE(e.summary,
        std::string("t-1 does not exist at sequence 503: the journal starts at sequence 500 (its history is "
                    "truncated), so its creation is missing and the fold ignores its 3 entries."));
    QCOMPARE(explain(*history, "t-2").because, (Seqs { 503 }));
}

void TestExplain::jsonWithEntriesFromTheJournalFile()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const JournalGen gen = suspendedJournal();
    const auto history = historyOf(gen);
    const Explanation e = explain(*history, "t-2");
    std::string expected
        = R"({"tenantId":"t-2","at":11,"status":"suspended","summary":)" + q(e.summary) + R"(,"because":[)";
    for (std::int64_t s : e.because)
        expected += cd::platform::encodeEntry(gen.entries[std::size_t(s)]) + (s == e.because.back() ? "" : ",");
    expected += "]}";
    for (const std::string& path :
        { writeNdjson(dir, "j.ndjson", gen.entries), writeSqlite(dir, "j.sqlite", gen.entries) }) {
        SourceEntryFetcher fetcher(path);
        std::string json;
        std::string error;
        QVERIFY2(explanationJson(e, fetcher, json, error), error.c_str());
        QCOMPARE(json, expected);
    }
    MemoryEntryFetcher memory(gen.entries);
    std::string json;
    std::string error;
    QVERIFY(explanationJson(e, memory, json, error));
    QCOMPARE(json, expected);
}

QTEST_GUILESS_MAIN(TestExplain)
#include "tst_explain.moc"
