#include "engine/history/explain.h"
#include "engine/history/history.h"
#include "engine/platform/string_pool.h"
#include "models/explain_model.h"
#include "models/journal_document.h"
#include "tests/history/journal_gen.h"
#include "tests/models/document_test_support.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using cd::models::ExplainModel;
using cd::models::JournalDocument;

using cd::models::test::dataFile;
using cd::models::test::dumpRows;
using cd::models::test::openAndWait;

namespace {

QString t(const char* s)
{
    return QString::fromUtf8(s);
}

} // namespace

class TestExplainModel : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QVERIFY(m_cache.isValid()); }

    void explainsTheSelectedTenantAtTheCursor_data()
    {
        QTest::addColumn<QString>("tenant");
        QTest::addColumn<qint64>("cursor");
        QTest::addColumn<QString>("status");
        QTest::addColumn<QString>("summary");
        QTest::addColumn<QStringList>("rows");
        QTest::newRow("t-2 suspended after three payment failures")
            << t("t-2") << qint64(19) << t("suspended")
            << t("t-2 is suspended since sequence 12 (reason: Payment failures) after 3 failed payments "
                 "(c-1, c-2, c-3) since it was created.")
            << QStringList {
                   t("7 | 2025-11-24 16:00:07 | billing.payment.failed | cycle c-1 · 2900 · Card declined"),
                   t("9 | 2025-11-24 16:00:09 | billing.payment.failed | cycle c-2 · 2900 · Card declined"),
                   t("11 | 2025-11-24 16:00:11 | billing.payment.failed | cycle c-3 · 2900 · Card declined"),
                   t("12 | 2025-11-24 16:00:12 | tenant.suspended | Payment failures"),
               };
        QTest::newRow("t-2 still active before the suspension")
            << t("t-2") << qint64(11) << t("active")
            << t("t-2 is active since its creation at sequence 4. It has 3 failed payments (c-1, c-2, c-3) "
                 "since it was created.")
            << QStringList { t("4 | 2025-11-24 16:00:04 | tenant.created | plan starter · owner owner-2") };
        QTest::newRow("t-1 over its api_calls limit")
            << t("t-1") << qint64(19) << t("active")
            << t("t-1 is active since its creation at sequence 0. Its api_calls limit was exceeded 1 time since "
                 "its last reset (latest at sequence 19: 20000 over a limit of 10000).")
            << QStringList {
                   t("0 | 2025-11-24 16:00:00 | tenant.created | plan pro · owner owner-1"),
                   t("19 | 2025-11-24 16:00:19 | limits.exceeded | api_calls 20000 over limit 10000"),
               };
        QTest::newRow("t-2 before its creation")
            << t("t-2") << qint64(2) << t("not created")
            << t("t-2 does not exist at sequence 2: it is created later, at sequence 4.") << QStringList {};
        QTest::newRow("a tenant no entry names")
            << t("t-7") << qint64(19) << t("not created")
            << t("t-7 does not exist at sequence 19: no entry up to there names it.") << QStringList {};
    }

    void explainsTheSelectedTenantAtTheCursor()
    {
        QFETCH(QString, tenant);
        QFETCH(qint64, cursor);
        QFETCH(QString, status);
        QFETCH(QString, summary);
        QFETCH(QStringList, rows);
        for (const std::size_t synchronousLimit : { std::size_t(20'000), std::size_t(0) }) {
            JournalDocument document;
            document.setIndexCacheDirectory(m_cache.path());
            ExplainModel model(&document);
            model.setSynchronousLimit(synchronousLimit);
            QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
            QCOMPARE(model.status(), ExplainModel::Status::NoJournal);
            QVERIFY(openAndWait(document, dataFile("sample.ndjson")));
            QCOMPARE(model.status(), ExplainModel::Status::NoTenant);
            QCOMPARE(model.rowCount(), 0);
            document.setCursor(cursor);
            document.setSelectedTenant(tenant);
            // The worker may already have answered (Qt runs a continuation at
            // once when its future is finished), so only Ready-or-Computing holds.
            if (synchronousLimit == 0 && tenant != t("t-7")) // t-7 has no entry: nothing to walk
                QVERIFY(
                    model.status() == ExplainModel::Status::Computing || model.status() == ExplainModel::Status::Ready);
            QVERIFY(QTest::qWaitFor([&] { return model.status() == ExplainModel::Status::Ready; }, 20000));
            QCOMPARE(model.tenant(), tenant);
            QCOMPARE(model.at(), std::optional<std::int64_t>(cursor));
            QCOMPARE(model.statusText(), status);
            QCOMPARE(model.summary(), summary);
            QCOMPARE(dumpRows(model), rows);
            for (int row = 0; row < rows.size(); ++row)
                QCOMPARE(
                    model.sequenceAt(row), std::optional<std::int64_t>(rows[row].section(u' ', 0, 0).toLongLong()));
        }
    }

    void followsTheCursorAndTheTenant()
    {
        JournalDocument document;
        document.setIndexCacheDirectory(m_cache.path());
        ExplainModel model(&document);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QVERIFY(openAndWait(document, dataFile("sample.ndjson")));
        document.setSelectedTenant(QStringLiteral("t-2"));
        QCOMPARE(model.statusText(), t("suspended"));
        QCOMPARE(model.rowCount(), 4);
        QCOMPARE(model.index(3, 0).data(ExplainModel::IsCursorRole).toBool(), false);
        document.setCursor(12); // the suspension itself
        QCOMPARE(model.at(), std::optional<std::int64_t>(12));
        QCOMPARE(model.index(3, 0).data(ExplainModel::IsCursorRole).toBool(), true);
        document.setCursor(8);
        QCOMPARE(model.statusText(), t("active"));
        QCOMPARE(model.summary(),
            t("t-2 is active since its creation at sequence 4. It has 1 failed payment (c-1) since it was created."));
        document.setSelectedTenant(QStringLiteral("t-1"));
        QCOMPARE(model.tenant(), t("t-1"));
        QCOMPARE(
            dumpRows(model), QStringList { t("0 | 2025-11-24 16:00:00 | tenant.created | plan pro · owner owner-1") });
        document.setCursorPosition(-1); // before the first entry
        QCOMPARE(model.at(), std::nullopt);
        QCOMPARE(model.statusText(), t("not created"));
        QCOMPARE(model.summary(), t("The cursor is before the first entry: nothing is folded yet."));
        document.setSelectedTenant({});
        QCOMPARE(model.status(), ExplainModel::Status::NoTenant);
        QCOMPARE(model.rowCount(), 0);
        document.close();
        QCOMPARE(model.status(), ExplainModel::Status::NoJournal);
    }

    // The cursor moves while a worker explains: only the latest point is shown,
    // and it equals the engine's answer there.
    void workerResultsFollowTheLatestCursor()
    {
        QTemporaryDir dir;
        const auto entries = cd::history::test::randomJournal(4000, 3, 11);
        const std::string path = cd::history::test::writeNdjson(dir, "random.ndjson", entries);
        JournalDocument document;
        document.setIndexCacheDirectory(m_cache.path());
        ExplainModel model(&document);
        model.setSynchronousLimit(0);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QVERIFY(openAndWait(document, QString::fromStdString(path)));
        const QString tenant = QString::fromStdString(std::string(
            document.history()->pool().view(document.history()->view().index().tenantLogs().front().tenant)));
        document.setSelectedTenant(tenant);
        QSignalSpy resets(&model, &QAbstractItemModel::modelReset);
        for (std::size_t i : { 500, 1500, 2500, 3500 })
            document.setCursor(entries[i].sequence);
        QVERIFY(QTest::qWaitFor([&] { return model.status() == ExplainModel::Status::Ready; }, 20000));
        const auto expected = cd::history::explain(*document.history(), tenant.toStdString(), entries[3500].sequence);
        QCOMPARE(model.at(), std::optional<std::int64_t>(entries[3500].sequence));
        QCOMPARE(model.summary(), QString::fromStdString(expected.summary));
        QCOMPARE(model.rowCount(), int(expected.because.size()));
        for (int row = 0; row < model.rowCount(); ++row)
            QCOMPARE(model.sequenceAt(row), std::optional<std::int64_t>(expected.because[std::size_t(row)]));
        // Only the latest answer was shown: the stale ones never reset the rows.
        QCOMPARE(resets.size(), 1);
    }

private:
    QTemporaryDir m_cache;
};

QTEST_GUILESS_MAIN(TestExplainModel)
#include "tst_explain_model.moc"
