#include "models/tenant_list_model.h"

#include "tests/history/journal_gen.h"
#include "tests/models/panels_a_fixture.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QSortFilterProxyModel>
#include <QTest>

using cd::models::TenantListModel;
using cd::models::test::dumpColumn;
using cd::models::test::dumpRows;
using cd::models::test::OpenedDocument;
using cd::models::test::strings;

class TestTenantListModel : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void atCursor_data();
    void atCursor();
    void stepsMergeInsteadOfReset();
    void onlyChangedTenantsAreNotified();
    void manyChangedRunsAreOneSpan();
    void filterAndSort();
    void usageRoles();
};

void TestTenantListModel::atCursor_data()
{
    QTest::addColumn<qint64>("cursor");
    QTest::addColumn<QStringList>("rows");
    QTest::newRow("first entry") << qint64(0)
                                 << strings({ "t-1 | active | pro | 0 / 25 | 0 / 10000 | 0 / 1000 | 0 | 0" });
    QTest::newRow("two tenants") << qint64(5)
                                 << strings({ "t-1 | active | pro | 2 / 25 | 150 / 10000 | 0 / 1000 | 0 | 0",
                                        "t-2 | active | starter | 0 / 5 | 0 / 1000 | 0 / 100 | 0 | 0" });
    QTest::newRow("suspension") << qint64(12)
                                << strings({ "t-1 | active | pro | 2 / 25 | 150 / 10000 | 0 / 1000 | 0 | 0",
                                       "t-2 | suspended | starter | 0 / 5 | 0 / 1000 | 0 / 100 | 3 | 0" });
    QTest::newRow("end") << qint64(19)
                         << strings({ "t-1 | active | pro | 2 / 25 | 20000 / 10000 | 0.25 / 1000 | 0 | 1",
                                "t-2 | suspended | starter | 0 / 5 | 0 / 1000 | 0 / 100 | 3 | 0" });
}

void TestTenantListModel::atCursor()
{
    QFETCH(qint64, cursor);
    QFETCH(QStringList, rows);
    OpenedDocument opened;
    TenantListModel model(&opened.document);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QVERIFY(opened.open(QFINDTESTDATA("data/sample.ndjson")));
    opened.document.setCursor(cursor);
    QCOMPARE(dumpRows(model), rows);
    // The same state through the Phyxius export.
    OpenedDocument phyxius;
    TenantListModel other(&phyxius.document);
    QVERIFY(phyxius.open(QFINDTESTDATA("data/sample.phyxius.json")));
    phyxius.document.setCursor(cursor);
    QCOMPARE(dumpRows(other), rows);
}

void TestTenantListModel::stepsMergeInsteadOfReset()
{
    OpenedDocument opened;
    TenantListModel model(&opened.document);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QVERIFY(opened.open(QFINDTESTDATA("data/sample.ndjson")));
    opened.document.setCursor(3);
    QCOMPARE(model.rowCount(), 1);

    QSignalSpy reset(&model, &TenantListModel::modelReset);
    QSignalSpy inserted(&model, &TenantListModel::rowsInserted);
    QSignalSpy removed(&model, &TenantListModel::rowsRemoved);
    opened.document.setCursor(4); // t-2 created
    QCOMPARE(inserted.size(), 1);
    QCOMPARE(inserted.at(0).at(1).toInt(), 1);
    QCOMPARE(inserted.at(0).at(2).toInt(), 1);
    QCOMPARE(model.tenantIdAt(1), QStringLiteral("t-2"));
    opened.document.setCursor(3); // and gone again
    QCOMPARE(removed.size(), 1);
    QCOMPARE(model.rowCount(), 1);
    // Every step forward and back, with no reset.
    for (qint64 s = 0; s <= 19; ++s)
        opened.document.setCursor(s);
    for (qint64 s = 19; s >= 0; --s)
        opened.document.setCursor(s);
    QCOMPARE(reset.size(), 0);
    QCOMPARE(dumpColumn(model, TenantListModel::TenantColumn), strings({ "t-1" }));
}

void TestTenantListModel::onlyChangedTenantsAreNotified()
{
    // Many tenants: one step notifies the tenant it changed and no other.
    QTemporaryDir dir;
    cd::history::test::JournalGen gen;
    for (int t = 0; t < 2000; ++t)
        gen.created("t-" + std::to_string(t), "starter");
    gen.used("t-1500", "u-1", "api_calls", 10).failed("t-3", "c-1", 2900).cycle("t-4", "c-2", 2900);
    const std::string path = cd::history::test::writeNdjson(dir, "many.ndjson", gen.entries);

    OpenedDocument opened;
    TenantListModel model(&opened.document);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QVERIFY(opened.open(QString::fromStdString(path)));
    opened.document.setCursor(1999);
    QCOMPARE(model.rowCount(), 2000);

    QSignalSpy changed(&model, &TenantListModel::dataChanged);
    opened.document.setCursor(2000);
    QCOMPARE(changed.size(), 1);
    QCOMPARE(changed.at(0).at(0).toModelIndex().row(), 1500);
    QCOMPARE(changed.at(0).at(1).toModelIndex().row(), 1500);
    QCOMPARE(model.index(1500, TenantListModel::ApiCallsColumn).data().toString(), QStringLiteral("10 / 1000"));

    changed.clear();
    opened.document.setCursor(2002); // a failure for t-3, then a cycle start that changes nothing
    QCOMPARE(changed.size(), 1);
    QCOMPARE(changed.at(0).at(0).toModelIndex().row(), 3);
    QCOMPARE(model.index(3, TenantListModel::FailedPaymentsColumn).data().toString(), QStringLiteral("1"));

    changed.clear();
    opened.document.setCursor(1999); // both back
    QCOMPARE(changed.size(), 2);
    QCOMPARE(model.index(1500, TenantListModel::ApiCallsColumn).data().toString(), QStringLiteral("0 / 1000"));
}

void TestTenantListModel::manyChangedRunsAreOneSpan()
{
    // A far move changes thousands of tenants: more runs than
    // MaxSeparateRuns arrive as one dataChanged without the tenant column,
    // so a proxy sorted by id keeps its layout and one sorted by usage
    // re-sorts once.
    QTemporaryDir dir;
    cd::history::test::JournalGen gen;
    for (int t = 0; t < 2000; ++t)
        gen.created("t-" + std::to_string(t), "starter");
    const int runs = int(TenantListModel::MaxSeparateRuns) + 4;
    for (int i = 1; i <= runs; ++i) // every 100th tenant, more calls the later it is
        gen.used("t-" + std::to_string(i * 100), "u-1", "api_calls", 10 * i);
    const std::string path = cd::history::test::writeNdjson(dir, "runs.ndjson", gen.entries);

    OpenedDocument opened;
    TenantListModel model(&opened.document);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QSortFilterProxyModel byId;
    byId.setSourceModel(&model);
    byId.setSortRole(TenantListModel::SortRole);
    byId.sort(TenantListModel::TenantColumn);
    QSortFilterProxyModel byCalls;
    byCalls.setSourceModel(&model);
    byCalls.setSortRole(TenantListModel::SortRole);
    byCalls.sort(TenantListModel::ApiCallsColumn, Qt::DescendingOrder);
    QAbstractItemModelTester byCallsTester(&byCalls, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QVERIFY(opened.open(QString::fromStdString(path)));
    opened.document.setCursor(1999);
    QCOMPARE(model.rowCount(), 2000);

    QSignalSpy changed(&model, &TenantListModel::dataChanged);
    QSignalSpy reset(&model, &TenantListModel::modelReset);
    QSignalSpy idLayout(&byId, &QSortFilterProxyModel::layoutChanged);
    QSignalSpy callsLayout(&byCalls, &QSortFilterProxyModel::layoutChanged);
    opened.document.setCursor(1999 + runs);
    QCOMPARE(reset.size(), 0);
    QCOMPARE(changed.size(), 1);
    const QModelIndex topLeft = changed.at(0).at(0).toModelIndex();
    const QModelIndex bottomRight = changed.at(0).at(1).toModelIndex();
    QCOMPARE(topLeft.row(), 100);
    QCOMPARE(bottomRight.row(), runs * 100);
    QCOMPARE(topLeft.column(), int(TenantListModel::StatusColumn));
    QCOMPARE(bottomRight.column(), int(TenantListModel::ColumnCount) - 1);
    QCOMPARE(idLayout.size(), 0);
    QVERIFY(callsLayout.size() <= 1); // one re-sort at most, not one per run
    QCOMPARE(byCalls.index(0, TenantListModel::TenantColumn).data().toString(), QStringLiteral("t-%1").arg(runs * 100));
    QCOMPARE(byCalls.index(0, TenantListModel::ApiCallsColumn).data().toString(),
        QStringLiteral("%1 / 1000").arg(10 * runs));
    QCOMPARE(byCalls.index(runs - 1, TenantListModel::TenantColumn).data().toString(), QStringLiteral("t-100"));

    // A few runs stay separate: only the changed rows.
    changed.clear();
    opened.document.setCursor(1999 + runs - 3); // the last three tenants' calls undone
    QCOMPARE(changed.size(), 3);
    QCOMPARE(changed.at(0).at(0).toModelIndex().row(), (runs - 2) * 100);
    QCOMPARE(changed.at(0).at(1).toModelIndex().row(), (runs - 2) * 100);
}

void TestTenantListModel::filterAndSort()
{
    OpenedDocument opened;
    TenantListModel model(&opened.document);
    QSortFilterProxyModel proxy;
    proxy.setSourceModel(&model);
    proxy.setSortRole(TenantListModel::SortRole);
    proxy.setFilterRole(TenantListModel::FilterRole);
    proxy.setFilterCaseSensitivity(Qt::CaseInsensitive);
    QAbstractItemModelTester tester(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QVERIFY(opened.open(QFINDTESTDATA("data/sample.ndjson")));

    proxy.setFilterFixedString(QStringLiteral("SUSPENDED"));
    QCOMPARE(dumpColumn(proxy, TenantListModel::TenantColumn), strings({ "t-2" }));
    proxy.setFilterFixedString(QStringLiteral("pro"));
    QCOMPARE(dumpColumn(proxy, TenantListModel::TenantColumn), strings({ "t-1" }));
    proxy.setFilterFixedString({});

    proxy.sort(TenantListModel::FailedPaymentsColumn, Qt::DescendingOrder);
    QCOMPARE(dumpColumn(proxy, TenantListModel::TenantColumn), strings({ "t-2", "t-1" }));
    proxy.sort(TenantListModel::ApiCallsColumn, Qt::DescendingOrder);
    QCOMPARE(dumpColumn(proxy, TenantListModel::TenantColumn), strings({ "t-1", "t-2" }));
    // Numbers sort as numbers: 150 < 20000 although "150" > "20000" as text.
    opened.document.setCursor(5);
    proxy.sort(TenantListModel::UsersColumn, Qt::AscendingOrder);
    QCOMPARE(dumpColumn(proxy, TenantListModel::UsersColumn), strings({ "0 / 5", "2 / 25" }));
    QCOMPARE(model.rowOf(QStringLiteral("t-2")), 1);
    QCOMPARE(model.rowOf(QStringLiteral("t-9")), -1);
}

void TestTenantListModel::usageRoles()
{
    OpenedDocument opened;
    TenantListModel model(&opened.document);
    QVERIFY(opened.open(QFINDTESTDATA("data/sample.ndjson")));
    const QModelIndex api = model.index(0, TenantListModel::ApiCallsColumn);
    QCOMPARE(api.data(TenantListModel::ValueRole).toDouble(), 20000.0);
    QCOMPARE(api.data(TenantListModel::LimitRole).toLongLong(), 10000);
    QCOMPARE(api.data(TenantListModel::FractionRole).toDouble(), 2.0);
    QVERIFY(!model.index(0, TenantListModel::SessionsColumn).data(TenantListModel::FractionRole).isValid());
    QVERIFY(model.index(1, 0).data(TenantListModel::SuspendedRole).toBool());
    QCOMPARE(model.index(1, 0).data(TenantListModel::TenantIdRole).toString(), QStringLiteral("t-2"));
}

QTEST_GUILESS_MAIN(TestTenantListModel)
#include "tst_tenant_list_model.moc"
