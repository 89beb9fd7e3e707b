#include "models/audit_model.h"
#include "models/entry_text_cache.h"

#include "tests/history/journal_gen.h"
#include "tests/models/panels_a_fixture.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

using cd::models::AuditModel;
using cd::models::EntryTextCache;
using cd::models::test::dumpColumn;
using cd::models::test::dumpRows;
using cd::models::test::OpenedDocument;
using cd::models::test::strings;

namespace {

// Asks for the stored data of every row and waits until the file was read.
QStringList storedData(AuditModel& model)
{
    QSignalSpy fetched(model.entryTextCache(), &EntryTextCache::fetched);
    dumpColumn(model, AuditModel::DataColumn); // the asking
    for (int i = 0; i < 200 && model.entryTextCache()->isBusy(); ++i)
        fetched.wait(50);
    return dumpColumn(model, AuditModel::DataColumn);
}

} // namespace

class TestAuditModel : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void selectedTenant_data();
    void selectedTenant();
    void futureEntriesAtCursor();
    void storedDataIsReadLazily_data();
    void storedDataIsReadLazily();
    void unknownTenantAndGrowth();
};

void TestAuditModel::selectedTenant_data()
{
    QTest::addColumn<QString>("tenant");
    QTest::addColumn<QStringList>("rows");
    QTest::newRow("t-2")
        << QStringLiteral("t-2")
        << strings({ "4 | 2025-11-24 16:00:04.000 | tenant.created | created on starter, owner owner-2 | \u2026",
               "6 | 2025-11-24 16:00:06.000 | billing.cycle.started | cycle c-1 started, amount 2900 | \u2026",
               "7 | 2025-11-24 16:00:07.000 | billing.payment.failed | cycle c-1 payment failed: Card declined (amount "
               "2900) | \u2026",
               "8 | 2025-11-24 16:00:08.000 | billing.cycle.started | cycle c-2 started, amount 2900 | \u2026",
               "9 | 2025-11-24 16:00:09.000 | billing.payment.failed | cycle c-2 payment failed: Card declined (amount "
               "2900) | \u2026",
               "10 | 2025-11-24 16:00:10.000 | billing.cycle.started | cycle c-3 started, amount 2900 | \u2026",
               "11 | 2025-11-24 16:00:11.000 | billing.payment.failed | cycle c-3 payment failed: Card declined "
               "(amount 2900) | \u2026",
               "12 | 2025-11-24 16:00:12.000 | tenant.suspended | suspended: Payment failures | \u2026" });
    QTest::newRow("t-1 head")
        << QStringLiteral("t-1")
        << strings({ "0 | 2025-11-24 16:00:00.000 | tenant.created | created on pro, owner owner-1 | \u2026",
               "1 | 2025-11-24 16:00:01.000 | user.invited | invited u-1 <alice@example.com> as admin | \u2026",
               "2 | 2025-11-24 16:00:02.000 | user.activated | activated u-1 | \u2026" });
}

void TestAuditModel::selectedTenant()
{
    QFETCH(QString, tenant);
    QFETCH(QStringList, rows);
    OpenedDocument opened;
    AuditModel model(&opened.document);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QVERIFY(opened.open(QFINDTESTDATA("data/sample.ndjson")));
    QCOMPARE(model.rowCount(), 0); // nothing selected
    opened.document.setSelectedTenant(tenant);
    QCOMPARE(model.tenant(), tenant);
    QCOMPARE(dumpRows(model, Qt::DisplayRole, 0, int(rows.size()) - 1), rows);
}

void TestAuditModel::futureEntriesAtCursor()
{
    OpenedDocument opened;
    AuditModel model(&opened.document);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QVERIFY(opened.open(QFINDTESTDATA("data/sample.ndjson")));
    QSignalSpy selected(&model, &AuditModel::cursorRowChanged);
    opened.document.setSelectedTenant(QStringLiteral("t-2"));
    QCOMPARE(model.cursorRow(), 7); // cursor at 19, after every t-2 entry
    QCOMPARE(selected.size(), 1); // a view scrolls to it
    QCOMPARE(selected.at(0).at(0).toInt(), 7);
    QCOMPARE(dumpColumn(model, 0, AuditModel::FutureRole).count(QStringLiteral("true")), 0);

    QSignalSpy moved(&model, &AuditModel::cursorRowChanged);
    opened.document.setCursor(9);
    QCOMPARE(moved.size(), 1);
    QCOMPARE(model.cursorRow(), 4);
    QCOMPARE(dumpColumn(model, 0, AuditModel::FutureRole),
        strings({ "false", "false", "false", "false", "false", "true", "true", "true" }));
    QCOMPARE(dumpColumn(model, 0, AuditModel::IsCursorRole).indexOf(QStringLiteral("true")), 4);
    opened.document.setCursor(5); // a t-1 entry: t-2's last entry before it is row 0
    QCOMPARE(model.cursorRow(), 0);
    QCOMPARE(dumpColumn(model, 0, AuditModel::IsCursorRole).count(QStringLiteral("true")), 0);
    QCOMPARE(model.positionAt(0), 4);
}

void TestAuditModel::storedDataIsReadLazily_data()
{
    QTest::addColumn<QString>("file");
    QTest::newRow("ndjson") << QStringLiteral("data/sample.ndjson");
    QTest::newRow("phyxius") << QStringLiteral("data/sample.phyxius.json");
}

void TestAuditModel::storedDataIsReadLazily()
{
    QFETCH(QString, file);
    OpenedDocument opened;
    AuditModel model(&opened.document);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QVERIFY(opened.open(QFINDTESTDATA(file)));
    opened.document.setSelectedTenant(QStringLiteral("t-1"));
    QCOMPARE(model.index(0, AuditModel::DataColumn).data().toString(), QStringLiteral("\u2026"));
    QSignalSpy changed(&model, &AuditModel::dataChanged);
    const QStringList data = storedData(model);
    QVERIFY(!changed.isEmpty());
    QCOMPARE(data.size(), 12);
    QCOMPARE(
        data.at(0), QStringLiteral(R"({"type":"tenant.created","tenantId":"t-1","plan":"pro","ownerId":"owner-1"})"));
    QCOMPARE(data.at(11),
        QStringLiteral(
            R"({"type":"limits.exceeded","tenantId":"t-1","feature":"api_calls","limit":10000,"usage":20000})"));
    QVERIFY(model.entryTextCache()->errorText().isEmpty());
}

void TestAuditModel::unknownTenantAndGrowth()
{
    OpenedDocument opened;
    AuditModel model(&opened.document);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QVERIFY(opened.open(QFINDTESTDATA("data/sample.ndjson")));
    opened.document.setSelectedTenant(QStringLiteral("t-3"));
    QCOMPARE(model.rowCount(), 0);

    // t-3's first entries arrive (live follow): its rows appear.
    cd::history::test::JournalGen gen(20, 1764000020000);
    gen.created("t-3", "enterprise").invited("t-3", "u-9").used("t-1", "u-1", "api_calls", 1);
    opened.document.append(gen.entries);
    QCOMPARE(dumpColumn(model, AuditModel::SequenceColumn), strings({ "20", "21" }));
    cd::history::test::JournalGen more(23, 1764000030000);
    more.activated("t-3", "u-9");
    QSignalSpy inserted(&model, &AuditModel::rowsInserted);
    opened.document.append(more.entries);
    QCOMPARE(inserted.size(), 1);
    QCOMPARE(
        dumpColumn(model, AuditModel::TypeColumn), strings({ "tenant.created", "user.invited", "user.activated" }));
}

QTEST_GUILESS_MAIN(TestAuditModel)
#include "tst_audit_model.moc"
