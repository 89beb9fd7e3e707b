#include "models/event_log_filter.h"
#include "models/event_log_model.h"

#include "tests/history/journal_gen.h"
#include "tests/models/panels_a_fixture.h"

#include "engine/history/history.h"
#include "engine/platform/string_pool.h"
#include "engine/store/entry_source.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

using cd::models::EventLogFilter;
using cd::models::EventLogModel;
using cd::models::test::dumpColumn;
using cd::models::test::dumpRows;
using cd::models::test::OpenedDocument;
using cd::models::test::strings;
using cd::platform::EventType;

namespace {

std::uint32_t typeBit(EventType type)
{
    return 1u << std::uint32_t(type);
}

// Waits for the model's filter job (a worker) to land.
bool waitForFilter(EventLogModel& model)
{
    QSignalSpy done(&model, &EventLogModel::filterFinished);
    for (int i = 0; i < 200 && model.isFiltering(); ++i)
        done.wait(50);
    return !model.isFiltering();
}

} // namespace

class TestEventLogModel : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void rowsComeFromTheIndex();
    void followsTheCursor();
    void filters_data();
    void filters();
    void filteredCursorRow();
    void growsWithAppends();
    void rowsArriveInPasses();
    void filterMatchesBruteForce();
};

void TestEventLogModel::rowsComeFromTheIndex()
{
    OpenedDocument opened;
    EventLogModel model(&opened.document);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QVERIFY(opened.open(QFINDTESTDATA("data/sample.ndjson")));
    QCOMPARE(model.rowCount(), 20);
    QCOMPARE(dumpRows(model, Qt::DisplayRole, 0, 1),
        strings({ "0 | 2025-11-24 16:00:00.000 | t-1 | tenant.created | created on pro, owner owner-1",
            "1 | 2025-11-24 16:00:01.000 | t-1 | user.invited | invited u-1 <alice@example.com> as admin" }));
    QCOMPARE(dumpRows(model, Qt::DisplayRole, 7, 7),
        strings({ "7 | 2025-11-24 16:00:07.000 | t-2 | billing.payment.failed | cycle c-1 payment failed: Card "
                  "declined (amount 2900)" }));
    QCOMPARE(dumpRows(model, Qt::DisplayRole, 16, 19),
        strings({ "16 | 2025-11-24 16:00:16.000 | t-1 | usage.reset | api_calls reset (cycle c-4)",
            "17 | 2025-11-24 16:00:17.000 | t-1 | feature.used | storage_mb +0.25 by u-2",
            "18 | 2025-11-24 16:00:18.000 | t-1 | feature.used | api_calls +20000 by u-1",
            "19 | 2025-11-24 16:00:19.000 | t-1 | limits.exceeded | api_calls 20000 over limit 10000" }));
    QCOMPARE(model.index(12, 0).data(EventLogModel::TenantRole).toString(), QStringLiteral("t-2"));
    QCOMPARE(model.index(12, 0).data(EventLogModel::TypeRole).toInt(), int(EventType::TenantSuspended));
    QCOMPARE(model.index(12, 0).data(EventLogModel::WallMsRole).toLongLong(), 1764000012000);
}

void TestEventLogModel::followsTheCursor()
{
    OpenedDocument opened;
    EventLogModel model(&opened.document);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QVERIFY(opened.open(QFINDTESTDATA("data/sample.ndjson")));
    QCOMPARE(model.cursorRow(), 19); // opens at the end
    QVERIFY(model.index(19, 0).data(EventLogModel::IsCursorRole).toBool());

    QSignalSpy moved(&model, &EventLogModel::cursorRowChanged);
    QSignalSpy changed(&model, &EventLogModel::dataChanged);
    opened.document.setCursor(12);
    QCOMPARE(moved.size(), 1);
    QCOMPARE(moved.at(0).at(0).toInt(), 12);
    // One notification covering both cursors and the rows that changed sides.
    QCOMPARE(changed.size(), 1);
    QCOMPARE(changed.at(0).at(0).toModelIndex().row(), 12);
    QCOMPARE(changed.at(0).at(1).toModelIndex().row(), 19);
    QCOMPARE(dumpColumn(model, 0, EventLogModel::IsCursorRole).count(QStringLiteral("true")), 1);
    QVERIFY(model.index(12, 0).data(EventLogModel::IsCursorRole).toBool());
    QVERIFY(!model.index(12, 0).data(EventLogModel::FutureRole).toBool());
    QVERIFY(model.index(13, 0).data(EventLogModel::FutureRole).toBool());
    QVERIFY(!model.index(11, 0).data(EventLogModel::FutureRole).toBool());
}

void TestEventLogModel::filters_data()
{
    QTest::addColumn<quint32>("types");
    QTest::addColumn<QString>("tenant");
    QTest::addColumn<QString>("text");
    QTest::addColumn<QStringList>("sequences");

    QTest::newRow("one type") << quint32(typeBit(EventType::BillingPaymentFailed)) << QString() << QString()
                              << strings({ "7", "9", "11" });
    QTest::newRow("two types") << quint32(typeBit(EventType::TenantCreated) | typeBit(EventType::TenantSuspended))
                               << QString() << QString() << strings({ "0", "4", "12" });
    QTest::newRow("tenant") << quint32(0) << QStringLiteral("t-2") << QString()
                            << strings({ "4", "6", "7", "8", "9", "10", "11", "12" });
    QTest::newRow("tenant and type") << quint32(typeBit(EventType::FeatureUsed)) << QStringLiteral("t-1") << QString()
                                     << strings({ "5", "17", "18" });
    QTest::newRow("unknown tenant") << quint32(0) << QStringLiteral("t-9") << QString() << QStringList();
    QTest::newRow("email") << quint32(0) << QString() << QStringLiteral("ALICE") << strings({ "1" });
    QTest::newRow("reason") << quint32(0) << QString() << QStringLiteral("declined") << strings({ "7", "9", "11" });
    QTest::newRow("number") << quint32(0) << QString() << QStringLiteral("20000") << strings({ "18", "19" });
    QTest::newRow("type name") << quint32(0) << QString() << QStringLiteral("session.conn") << strings({ "13" });
    QTest::newRow("plan name") << quint32(0) << QString() << QStringLiteral("starter") << strings({ "4" });
    QTest::newRow("text and tenant") << quint32(0) << QStringLiteral("t-1") << QStringLiteral("c-4")
                                     << strings({ "14", "15", "16" });
    QTest::newRow("no match") << quint32(0) << QString() << QStringLiteral("zzz") << QStringList();
}

void TestEventLogModel::filters()
{
    QFETCH(quint32, types);
    QFETCH(QString, tenant);
    QFETCH(QString, text);
    QFETCH(QStringList, sequences);

    OpenedDocument opened;
    EventLogModel model(&opened.document);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QVERIFY(opened.open(QFINDTESTDATA("data/sample.ndjson")));
    model.setFilter(EventLogFilter { types, tenant, text });
    QVERIFY(waitForFilter(model));
    QCOMPARE(dumpColumn(model, EventLogModel::SequenceColumn), sequences);

    // Clearing the filter brings every row back at once.
    model.setFilter({});
    QVERIFY(!model.isFiltering());
    QCOMPARE(model.rowCount(), 20);
}

void TestEventLogModel::filteredCursorRow()
{
    OpenedDocument opened;
    EventLogModel model(&opened.document);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QVERIFY(opened.open(QFINDTESTDATA("data/sample.ndjson")));
    model.setFilter(EventLogFilter { 0, QStringLiteral("t-2"), {} });
    QVERIFY(waitForFilter(model));
    // The cursor at 19 (a t-1 entry): the nearest t-2 row before it.
    QCOMPARE(model.cursorRow(), 7);
    QVERIFY(!model.index(7, 0).data(EventLogModel::IsCursorRole).toBool());
    opened.document.setCursor(9);
    QCOMPARE(model.cursorRow(), 4);
    QVERIFY(model.index(4, 0).data(EventLogModel::IsCursorRole).toBool());
    QCOMPARE(model.positionAt(4), 9);
    QVERIFY(model.index(5, 0).data(EventLogModel::FutureRole).toBool());
    opened.document.setCursor(3);
    QCOMPARE(model.cursorRow(), -1); // before t-2's first entry
}

void TestEventLogModel::growsWithAppends()
{
    OpenedDocument opened;
    EventLogModel all(&opened.document);
    EventLogModel filtered(&opened.document);
    QAbstractItemModelTester tester1(&all, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QAbstractItemModelTester tester2(&filtered, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QVERIFY(opened.open(QFINDTESTDATA("data/sample.ndjson")));
    filtered.setFilter(EventLogFilter { 0, QStringLiteral("t-2"), {} });
    QVERIFY(waitForFilter(filtered));
    QCOMPARE(filtered.rowCount(), 8);

    cd::history::test::JournalGen gen(20, 1764000020000);
    gen.reactivated("t-2").used("t-1", "u-1", "api_calls", 5).paid("t-2", "c-3", 2900);
    QSignalSpy inserted(&all, &EventLogModel::rowsInserted);
    const auto result = opened.document.append(gen.entries);
    QCOMPARE(result.entries, decltype(result.entries)(3));
    QCOMPARE(inserted.size(), 1);
    QCOMPARE(all.rowCount(), 23);
    QCOMPARE(all.index(22, EventLogModel::TypeColumn).data().toString(), QStringLiteral("billing.payment.succeeded"));
    QVERIFY(waitForFilter(filtered));
    QCOMPARE(dumpColumn(filtered, EventLogModel::SequenceColumn).mid(6), strings({ "11", "12", "20", "22" }));
    // Following the end: the cursor is on the last entry.
    QCOMPARE(all.cursorRow(), 22);
}

// A view's header takes every row it is told of at once: the model tells it
// rowsPerPass rows per event loop pass (10M rows would block a third of a
// second), whatever grows the rows (a reset, a filter, appends).
void TestEventLogModel::rowsArriveInPasses()
{
    OpenedDocument opened;
    EventLogModel model(&opened.document);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setRowsPerPass(6);
    QVERIFY(opened.open(QFINDTESTDATA("data/sample.ndjson")));
    QTRY_COMPARE(model.rowCount(), 20);
    QCOMPARE(model.cursorRow(), 19);

    model.setFilter(EventLogFilter { 0, QStringLiteral("t-1"), {} });
    QVERIFY(waitForFilter(model));
    QTRY_COMPARE(model.rowsPending(), std::size_t(0));
    QCOMPARE(model.rowCount(), 12);
    QCOMPARE(model.positionAt(11), 19);

    QSignalSpy inserted(&model, &EventLogModel::rowsInserted);
    QSignalSpy cursorRow(&model, &EventLogModel::cursorRowChanged);
    model.setFilter({}); // a reset, then the first pass's rows
    QCOMPARE(model.rowCount(), 6);
    QCOMPARE(model.rowsPending(), std::size_t(14));
    QCOMPARE(model.cursorRow(), 5); // the cursor's row is not shown yet: the last one shown
    QTRY_COMPARE(model.rowCount(), 20);
    QCOMPARE(inserted.size(), 4); // 6, 6, 6, 2
    QCOMPARE(model.cursorRow(), 19);
    QVERIFY(!cursorRow.isEmpty());
    QCOMPARE(cursorRow.last().at(0).toInt(), 19);
    QVERIFY(model.index(19, 0).data(EventLogModel::IsCursorRole).toBool());
}

void TestEventLogModel::filterMatchesBruteForce()
{
    // A generated journal: the worker's per-tenant cursors must give exactly
    // the positions a plain walk over every position keeps.
    QTemporaryDir dir;
    const auto entries = cd::history::test::randomJournal(30'000, 300, 77);
    const std::string path = cd::history::test::writeNdjson(dir, "random.ndjson", entries);
    cd::history::History history;
    std::string error;
    auto source = cd::store::openEntrySource(path, cd::store::SourceOptions {}, error);
    QVERIFY2(source, error.c_str());
    history.build(*source);
    QCOMPARE(history.size(), entries.size());

    const std::vector<EventLogFilter> filters {
        { typeBit(EventType::FeatureUsed) | typeBit(EventType::SessionExpired), {}, {} },
        { 0, QStringLiteral("t-17"), {} },
        { typeBit(EventType::UserInvited), QStringLiteral("t-3"), {} },
        { 0, {}, QStringLiteral("u-1") },
        { 0, {}, QStringLiteral("25") },
    };
    for (const auto& filter : filters) {
        std::vector<std::uint32_t> expected;
        {
            const auto view = history.view();
            const auto tenant = filter.tenant.toStdString();
            for (std::size_t p = 0; p < view.index().size(); ++p) {
                const auto event = view.index().event(p);
                if (filter.types && !(filter.types & typeBit(event.type)))
                    continue;
                if (!filter.tenant.isEmpty() && view.pool().view(event.tenantId) != tenant)
                    continue;
                if (!filter.text.isEmpty()) {
                    // The text filter, judged the slow way: every string of the event.
                    const std::string needle = filter.text.toStdString();
                    bool hit = std::string(cd::platform::eventTypeName(event.type)).find(needle) != std::string::npos;
                    for (auto s : { event.tenantId, event.userId, event.email, event.ownerId, event.cycleId,
                             event.reason, event.feature, event.sessionId })
                        hit = hit || std::string(view.pool().view(s)).find(needle) != std::string::npos;
                    for (double n : { event.amount, event.usage, event.limit }) {
                        const bool carried = (event.type == EventType::FeatureUsed && n == event.usage)
                            || (event.type == EventType::LimitsExceeded && (n == event.usage || n == event.limit))
                            || (n == event.amount
                                && (event.type == EventType::BillingCycleStarted
                                    || event.type == EventType::BillingPaymentSucceeded
                                    || event.type == EventType::BillingPaymentFailed));
                        hit = hit || (carried && cd::history::test::num(n).find(needle) != std::string::npos);
                    }
                    if (!hit)
                        continue;
                }
                expected.push_back(std::uint32_t(p));
            }
        }
        QVERIFY(!expected.empty());
        QCOMPARE(cd::models::filterPositions(history, filter, 0, history.size()), expected);
        // A range in the middle (the incremental path of appends).
        std::vector<std::uint32_t> middle;
        for (auto p : expected)
            if (p >= 10'000 && p < 20'000)
                middle.push_back(p);
        QCOMPARE(cd::models::filterPositions(history, filter, 10'000, 20'000), middle);
    }
}

QTEST_GUILESS_MAIN(TestEventLogModel)
#include "tst_event_log_model.moc"
