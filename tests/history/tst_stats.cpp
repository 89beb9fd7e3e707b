#include "engine/history/history.h"
#include "engine/history/stats.h"
#include "journal_gen.h"

#include <QTest>

using namespace cd::history;
using namespace cd::history::test;

class TestStats : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void countsAndRanges();
    void emptyJournal();
    void wallTimesAreTheFirstAndLastEntries();
};

void TestStats::countsAndRanges()
{
    JournalGen gen(7);
    gen.wall(5000).created("t-1").created("t-2").created("t-1"); // duplicate creation counts once
    gen.invited("t-1", "u-1").invited("t-1", "u-2").used("t-3", "u", "api_calls", 1);
    gen.seq(40).suspended("t-2");
    History history;
    QVERIFY(history.append(gen.entries).ok());
    QCOMPARE(statsJson(computeStats(history)),
        std::string(R"({"entries":7,"firstSequence":7,"lastSequence":40,"firstWallMs":5000,"lastWallMs":5060,)"
                    R"("tenants":2,"byType":{"feature.used":1,"tenant.created":3,"tenant.suspended":1,)"
                    R"("user.invited":2}})"));
}

void TestStats::emptyJournal()
{
    History history;
    QCOMPARE(statsJson(computeStats(history)),
        std::string(R"({"entries":0,"firstSequence":null,"lastSequence":null,"firstWallMs":null,"lastWallMs":null,)"
                    R"("tenants":0,"byType":{}})"));
}

void TestStats::wallTimesAreTheFirstAndLastEntries()
{
    JournalGen gen;
    gen.wall(9000).created("t-1").wall(100).created("t-2").wall(8000).created("t-3").wall(50).created("t-4");
    History history;
    QVERIFY(history.append(gen.entries).ok());
    const Stats stats = computeStats(history);
    QCOMPARE(stats.firstWallMs, std::optional<std::int64_t>(9000));
    QCOMPARE(stats.lastWallMs, std::optional<std::int64_t>(50));
    QCOMPARE(stats.tenants, std::int64_t(4));
    QCOMPARE(stats.byType[std::size_t(cd::platform::EventType::TenantCreated)], std::int64_t(4));
}

QTEST_GUILESS_MAIN(TestStats)
#include "tst_stats.moc"
