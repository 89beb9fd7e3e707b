#include "models/tenant_detail_billing_model.h"
#include "models/tenant_detail_sessions_model.h"
#include "models/tenant_detail_usage_model.h"
#include "models/tenant_detail_users_model.h"

#include "tests/models/panels_a_fixture.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

using namespace cd::models;
using cd::models::test::dumpRows;
using cd::models::test::OpenedDocument;
using cd::models::test::strings;

namespace {

// The four detail models on one document, each watched by a tester.
struct Detail {
    explicit Detail(JournalDocument* document)
        : users(document)
        , sessions(document)
        , usage(document)
        , billing(document)
    {
        for (QAbstractItemModel* model :
            { static_cast<QAbstractItemModel*>(&users), static_cast<QAbstractItemModel*>(&sessions),
                static_cast<QAbstractItemModel*>(&usage), static_cast<QAbstractItemModel*>(&billing) })
            testers.push_back(std::make_unique<QAbstractItemModelTester>(
                model, QAbstractItemModelTester::FailureReportingMode::QtTest));
    }
    TenantDetailUsersModel users;
    TenantDetailSessionsModel sessions;
    TenantDetailUsageModel usage;
    TenantDetailBillingModel billing;
    std::vector<std::unique_ptr<QAbstractItemModelTester>> testers;
};

} // namespace

class TestTenantDetailModel : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void atCursor_data();
    void atCursor();
    void stepsMergeRows();
    void nothingSelected();
};

void TestTenantDetailModel::atCursor_data()
{
    QTest::addColumn<QString>("tenant");
    QTest::addColumn<qint64>("cursor");
    QTest::addColumn<QStringList>("users");
    QTest::addColumn<QStringList>("sessions");
    QTest::addColumn<QStringList>("usage");
    QTest::addColumn<QStringList>("billing");

    QTest::newRow("t-1 at end")
        << QStringLiteral("t-1") << qint64(19)
        << strings({ "u-1 | alice@example.com | admin | active", "u-2 | bob@example.com | user | invited" })
        << strings({ "s-1 | u-1 | 2025-11-24 16:00:13.000" })
        << strings({ "users | 2 | 25 | 8%", "api_calls | 20000 | 10000 | 200%", "storage_mb | 0.25 | 1000 | 0%" })
        << strings({ "Plan | pro", "Status | active", "Current cycle | c-4",
               "Last payment (UTC) | 2025-11-24 16:00:15.000", "Failed payments | 0" });
    QTest::newRow("t-1 early")
        << QStringLiteral("t-1") << qint64(5)
        << strings({ "u-1 | alice@example.com | admin | active", "u-2 | bob@example.com | user | invited" })
        << QStringList()
        << strings({ "users | 2 | 25 | 8%", "api_calls | 150 | 10000 | 2%", "storage_mb | 0 | 1000 | 0%" })
        << strings({ "Plan | pro", "Status | active", "Current cycle | none", "Last payment (UTC) | never",
               "Failed payments | 0" });
    QTest::newRow("t-2 suspended") << QStringLiteral("t-2") << qint64(12) << QStringList() << QStringList()
                                   << strings({ "users | 0 | 5 | 0%", "api_calls | 0 | 1000 | 0%",
                                          "storage_mb | 0 | 100 | 0%" })
                                   << strings({ "Plan | starter", "Status | suspended", "Current cycle | none",
                                          "Last payment (UTC) | never", "Failed payments | 3" });
    QTest::newRow("t-2 before creation") << QStringLiteral("t-2") << qint64(3) << QStringList() << QStringList()
                                         << QStringList() << QStringList();
}

void TestTenantDetailModel::atCursor()
{
    QFETCH(QString, tenant);
    QFETCH(qint64, cursor);
    QFETCH(QStringList, users);
    QFETCH(QStringList, sessions);
    QFETCH(QStringList, usage);
    QFETCH(QStringList, billing);

    OpenedDocument opened;
    Detail detail(&opened.document);
    QVERIFY(opened.open(QFINDTESTDATA("data/sample.ndjson")));
    opened.document.setSelectedTenant(tenant);
    opened.document.setCursor(cursor);
    QCOMPARE(dumpRows(detail.users), users);
    QCOMPARE(dumpRows(detail.sessions), sessions);
    QCOMPARE(dumpRows(detail.usage), usage);
    QCOMPARE(dumpRows(detail.billing), billing);
}

void TestTenantDetailModel::stepsMergeRows()
{
    OpenedDocument opened;
    Detail detail(&opened.document);
    QVERIFY(opened.open(QFINDTESTDATA("data/sample.ndjson")));
    opened.document.setCursor(1);
    opened.document.setSelectedTenant(QStringLiteral("t-1"));
    QCOMPARE(detail.users.rowCount(), 1);

    QSignalSpy reset(&detail.users, &QAbstractItemModel::modelReset);
    QSignalSpy inserted(&detail.users, &QAbstractItemModel::rowsInserted);
    QSignalSpy changed(&detail.users, &QAbstractItemModel::dataChanged);
    opened.document.setCursor(2); // u-1 activated: same row, new status
    QCOMPARE(inserted.size(), 0);
    QCOMPARE(changed.size(), 1);
    QCOMPARE(detail.users.index(0, TenantDetailUsersModel::StatusColumn).data().toString(), QStringLiteral("active"));
    opened.document.setCursor(3); // u-2 invited: one row inserted after u-1
    QCOMPARE(inserted.size(), 1);
    QCOMPARE(inserted.at(0).at(1).toInt(), 1);

    // Steps that do not touch t-1 leave its models alone.
    changed.clear();
    opened.document.setCursor(4); // t-2 created
    QCOMPARE(changed.size(), 0);

    QSignalSpy sessionsRemoved(&detail.sessions, &QAbstractItemModel::rowsRemoved);
    opened.document.setCursor(13);
    QCOMPARE(detail.sessions.rowCount(), 1);
    QCOMPARE(detail.sessions.index(0, 0).data(TenantDetailSessionsModel::ConnectedAtRole).toLongLong(), 1764000013000);
    opened.document.setCursor(12);
    QCOMPARE(sessionsRemoved.size(), 1);
    QCOMPARE(reset.size(), 0);

    // The usage bars' numbers.
    opened.document.setCursor(19);
    const QModelIndex api = detail.usage.index(1, TenantDetailUsageModel::BarColumn);
    QCOMPARE(api.data(TenantDetailUsageModel::FractionRole).toDouble(), 2.0);
    QCOMPARE(api.data(TenantDetailUsageModel::LimitRole).toLongLong(), 10000);
    QVERIFY(!detail.billing.index(TenantDetailBillingModel::FailedPaymentsField, 1)
                 .data(TenantDetailBillingModel::AlertRole)
                 .toBool());
    opened.document.setSelectedTenant(QStringLiteral("t-2"));
    QVERIFY(detail.billing.index(TenantDetailBillingModel::StatusField, 1)
                .data(TenantDetailBillingModel::AlertRole)
                .toBool());
    QCOMPARE(detail.users.tenantId(), QStringLiteral("t-2"));
}

void TestTenantDetailModel::nothingSelected()
{
    OpenedDocument opened;
    Detail detail(&opened.document);
    QVERIFY(opened.open(QFINDTESTDATA("data/sample.ndjson")));
    QCOMPARE(
        detail.users.rowCount() + detail.sessions.rowCount() + detail.usage.rowCount() + detail.billing.rowCount(), 0);
    QVERIFY(!detail.usage.tenant());
    opened.document.setSelectedTenant(QStringLiteral("t-1"));
    QCOMPARE(detail.billing.rowCount(), int(TenantDetailBillingModel::FieldCount));
    opened.document.close();
    QCOMPARE(detail.billing.rowCount(), 0);
}

QTEST_GUILESS_MAIN(TestTenantDetailModel)
#include "tst_tenant_detail_model.moc"
