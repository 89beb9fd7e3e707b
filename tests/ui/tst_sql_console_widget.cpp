// The SQL console widget, offscreen: which page it shows for each kind of
// journal, Ctrl+Enter and Run, results, errors, refusals, Cancel, and the
// journal's bytes afterwards.
#include "engine/store/importer.h"
#include "models/journal_document.h"
#include "models/sql_console_session.h"
#include "models/sql_result_model.h"
#include "tests/models/document_test_support.h"
#include "ui/sql_console.h"
#include "ui/sql_value_delegate.h"

#include <QApplication>
#include <QCryptographicHash>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScrollBar>
#include <QSignalSpy>
#include <QStackedWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

using cd::models::JournalDocument;
using cd::models::SqlConsoleSession;
using cd::ui::SqlConsole;

using cd::models::test::dataFile;
using cd::models::test::fileHash;

namespace {

constexpr int AsyncMs = 20'000;

void savePng(QWidget& widget, const QString& name)
{
    const QString dir = qEnvironmentVariable("CHRONODESK_SCREENSHOT_DIR", QDir::tempPath());
    widget.grab().save(dir + QLatin1Char('/') + name);
}

// The displayed text of every cell, rows joined by '|'.
QStringList shownRows(const QTableView& view)
{
    QStringList rows;
    const QAbstractItemModel* model = view.model();
    const auto* delegate = qobject_cast<const cd::ui::SqlValueDelegate*>(view.itemDelegate());
    for (int r = 0; r < model->rowCount(); ++r) {
        QStringList cells;
        for (int c = 0; c < model->columnCount(); ++c)
            cells.append(delegate->displayText(model->index(r, c).data(), QLocale()));
        rows.append(cells.join(QLatin1Char('|')));
    }
    return rows;
}

} // namespace

class TestSqlConsoleWidget : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void noJournal();
    void notSqlite_data();
    void notSqlite();
    void ctrlEnterRuns();
    void refusedWriteShowsWhy();
    void errorShowsMessage();
    void valuesAsShown();
    void cancelButton();
    void followsTheDocument();
    void hundredThousandRows();
    void longGroupByLeavesTheGuiFree();
    void cleanupTestCase();

private:
    void openDocument(JournalDocument& document, const QString& path);
    static void waitReady(SqlConsole& console);
    QTemporaryDir m_dir;
    QString m_journal;
    QByteArray m_hash;
};

void TestSqlConsoleWidget::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_journal = m_dir.filePath(QStringLiteral("sample.sqlite"));
    const auto summary
        = cd::store::importJournal(QFile::encodeName(dataFile(QStringLiteral("sample.ndjson"))).toStdString(),
            QFile::encodeName(m_journal).toStdString());
    QVERIFY2(summary.ok(), summary.message.c_str());
    m_hash = fileHash(m_journal);
}

void TestSqlConsoleWidget::openDocument(JournalDocument& document, const QString& path)
{
    document.setIndexCacheDirectory(QString());
    document.open(path);
    QTRY_COMPARE_WITH_TIMEOUT(document.status(), JournalDocument::Status::Ready, AsyncMs);
}

void TestSqlConsoleWidget::waitReady(SqlConsole& console)
{
    QTRY_COMPARE_WITH_TIMEOUT(console.session()->state(), SqlConsoleSession::State::Ready, AsyncMs);
}

void TestSqlConsoleWidget::noJournal()
{
    JournalDocument document;
    SqlConsole console(&document);
    console.resize(800, 500);
    console.show();
    QCOMPARE(console.objectName(), QStringLiteral("sqlConsole"));
    auto* pages = console.findChild<QStackedWidget*>(QStringLiteral("sqlPages"));
    auto* label = console.findChild<QLabel*>(QStringLiteral("sqlUnavailable"));
    QVERIFY(pages && label);
    QCOMPARE(pages->currentWidget(), label->parentWidget());
    QVERIFY(label->isVisible());
    QVERIFY2(label->text().contains(QStringLiteral("Open a SQLite journal")), qPrintable(label->text()));
    savePng(console, QStringLiteral("sqlconsole-empty.png"));
}

void TestSqlConsoleWidget::notSqlite_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<QString>("format");
    QTest::newRow("ndjson") << QStringLiteral("sample.ndjson") << QStringLiteral("an NDJSON journal");
    QTest::newRow("phyxius") << QStringLiteral("sample.phyxius.json") << QStringLiteral("a Phyxius export");
}

void TestSqlConsoleWidget::notSqlite()
{
    QFETCH(QString, file);
    QFETCH(QString, format);
    JournalDocument document;
    openDocument(document, dataFile(file));
    SqlConsole console(&document);
    console.resize(800, 500);
    console.show();
    QTRY_COMPARE_WITH_TIMEOUT(console.session()->state(), SqlConsoleSession::State::NotSqlite, AsyncMs);
    auto* label = console.findChild<QLabel*>(QStringLiteral("sqlUnavailable"));
    QVERIFY(label->isVisible());
    const QString text = label->text();
    QVERIFY2(text.contains(QStringLiteral("needs a SQLite journal")), qPrintable(text));
    QVERIFY2(text.contains(format), qPrintable(text));
    QVERIFY2(text.contains(QStringLiteral("chronodesk-cli import ") + dataFile(file)), qPrintable(text));
    QVERIFY2(text.contains(QStringLiteral("sample.sqlite")), qPrintable(text));
    QVERIFY(!console.findChild<QTableView*>(QStringLiteral("sqlResults"))->isVisible());
    savePng(console, QStringLiteral("sqlconsole-%1.png").arg(QLatin1String(QTest::currentDataTag())));
}

void TestSqlConsoleWidget::ctrlEnterRuns()
{
    JournalDocument document;
    openDocument(document, m_journal);
    SqlConsole console(&document);
    console.resize(900, 560);
    console.show();
    waitReady(console);
    auto* editor = console.findChild<QPlainTextEdit*>(QStringLiteral("sqlEditor"));
    auto* status = console.findChild<QLabel*>(QStringLiteral("sqlStatus"));
    auto* table = console.findChild<QTableView*>(QStringLiteral("sqlResults"));
    QVERIFY(editor && status && table && table->isVisible());
    QVERIFY(editor->font().fixedPitch() || QFontInfo(editor->font()).fixedPitch());

    const QString sql = QStringLiteral("SELECT sequence, type, tenant_id FROM events\nWHERE tenant_id = 't-2'\n"
                                       "ORDER BY sequence");
    editor->setPlainText(sql);
    QSignalSpy finished(console.session(), &SqlConsoleSession::queryFinished);
    QTest::keyClick(editor, Qt::Key_Return, Qt::ControlModifier);
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, AsyncMs);
    QCOMPARE(editor->toPlainText(), sql); // Ctrl+Enter ran it, no newline typed

    // The reference: the sample's t-2 entries, read from its NDJSON.
    QStringList expected;
    QFile ndjson(dataFile(QStringLiteral("sample.ndjson")));
    QVERIFY(ndjson.open(QIODevice::ReadOnly));
    while (!ndjson.atEnd()) {
        const QJsonObject entry = QJsonDocument::fromJson(ndjson.readLine()).object();
        const QJsonObject data = entry.value(QStringLiteral("data")).toObject();
        if (data.value(QStringLiteral("tenantId")).toString() == QStringLiteral("t-2")) {
            expected.append(QString::number(entry.value(QStringLiteral("sequence")).toInteger()) + QLatin1Char('|')
                + data.value(QStringLiteral("type")).toString() + QStringLiteral("|t-2"));
        }
    }
    QVERIFY(expected.size() > 3);
    QCOMPARE(shownRows(*table), expected);
    QVERIFY2(status->text().startsWith(QStringLiteral("%1 rows · ").arg(expected.size())), qPrintable(status->text()));
    QVERIFY(status->text().endsWith(QStringLiteral(" ms")));
    savePng(console, QStringLiteral("sqlconsole-results.png"));

    // The Run button does the same.
    editor->setPlainText(QStringLiteral("SELECT count(*) AS n FROM events"));
    QTest::mouseClick(console.findChild<QPushButton*>(QStringLiteral("sqlRun")), Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 2, AsyncMs);
    QCOMPARE(shownRows(*table), QStringList { QStringLiteral("20") });
    QVERIFY2(status->text().startsWith(QStringLiteral("1 row · ")), qPrintable(status->text()));
}

void TestSqlConsoleWidget::refusedWriteShowsWhy()
{
    JournalDocument document;
    openDocument(document, m_journal);
    SqlConsole console(&document);
    console.resize(900, 400);
    console.show();
    waitReady(console);
    auto* editor = console.findChild<QPlainTextEdit*>(QStringLiteral("sqlEditor"));
    auto* status = console.findChild<QLabel*>(QStringLiteral("sqlStatus"));
    QSignalSpy started(console.session(), &SqlConsoleSession::queryStarted);
    for (const QString& sql :
        { QStringLiteral("delete from events"), QStringLiteral("WITH x AS (SELECT 1) UPDATE events SET type = 'x'"),
            QStringLiteral("PRAGMA journal_mode=delete"), QStringLiteral("SELECT 1; DROP TABLE events") }) {
        editor->setPlainText(sql);
        QTest::keyClick(editor, Qt::Key_Enter, Qt::ControlModifier);
        QVERIFY2(status->text().startsWith(QStringLiteral("Refused")), qPrintable(status->text()));
    }
    QVERIFY(status->text().contains(QStringLiteral("several statements")));
    QCOMPARE(started.count(), 0);
    editor->setPlainText(QStringLiteral("delete from events"));
    QTest::keyClick(editor, Qt::Key_Return, Qt::ControlModifier);
    QVERIFY(status->text().contains(QStringLiteral("DELETE")));
    savePng(console, QStringLiteral("sqlconsole-refused.png"));
    QCOMPARE(fileHash(m_journal), m_hash);
}

void TestSqlConsoleWidget::errorShowsMessage()
{
    JournalDocument document;
    openDocument(document, m_journal);
    SqlConsole console(&document);
    waitReady(console);
    auto* editor = console.findChild<QPlainTextEdit*>(QStringLiteral("sqlEditor"));
    auto* status = console.findChild<QLabel*>(QStringLiteral("sqlStatus"));
    QSignalSpy failed(console.session(), &SqlConsoleSession::queryFailed);
    editor->setPlainText(QStringLiteral("SELECT * FROM evnts"));
    console.runQuery();
    QCOMPARE(status->text(), QStringLiteral("Running…"));
    QTRY_COMPARE_WITH_TIMEOUT(failed.count(), 1, AsyncMs);
    QCOMPARE(status->text(), QStringLiteral("Error: no such table: evnts"));
}

void TestSqlConsoleWidget::valuesAsShown()
{
    JournalDocument document;
    openDocument(document, m_journal);
    SqlConsole console(&document);
    console.resize(900, 300);
    console.show();
    waitReady(console);
    auto* editor = console.findChild<QPlainTextEdit*>(QStringLiteral("sqlEditor"));
    auto* table = console.findChild<QTableView*>(QStringLiteral("sqlResults"));
    QSignalSpy finished(console.session(), &SqlConsoleSession::queryFinished);
    editor->setPlainText(QStringLiteral("SELECT NULL AS missing, '' AS empty, 12345678901 AS big, 0.25 AS quarter, "
                                        "x'0102' AS bytes, 'two\nlines' AS text, printf('%.300c', 'a') AS long"));
    console.runQuery();
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, AsyncMs);
    const QString longShown = QString(cd::ui::SqlValueDelegate::MaxShownChars, QLatin1Char('a')) + QChar(0x2026);
    QCOMPARE(shownRows(*table),
        QStringList {
            QStringLiteral("|") + QStringLiteral("|12345678901|0.25|<blob, 2 bytes>|two lines|") + longShown });
    QVERIFY(table->model()->index(0, 0).data(cd::models::SqlResultModel::IsNullRole).toBool());
    // Columns sized to what they show: the blob's text is not cut.
    const int bytesColumn = 4;
    const QAbstractItemView* view = table; // sizeHintForColumn is public here
    QTRY_VERIFY2(table->columnWidth(bytesColumn) >= view->sizeHintForColumn(bytesColumn),
        qPrintable(
            QStringLiteral("%1 < %2").arg(table->columnWidth(bytesColumn)).arg(view->sizeHintForColumn(bytesColumn))));
    QVERIFY(!table->model()->index(0, 1).data(cd::models::SqlResultModel::IsNullRole).toBool());
    savePng(console, QStringLiteral("sqlconsole-values.png"));
}

void TestSqlConsoleWidget::cancelButton()
{
    JournalDocument document;
    openDocument(document, m_journal);
    SqlConsole console(&document);
    console.show();
    waitReady(console);
    auto* editor = console.findChild<QPlainTextEdit*>(QStringLiteral("sqlEditor"));
    auto* status = console.findChild<QLabel*>(QStringLiteral("sqlStatus"));
    auto* cancel = console.findChild<QPushButton*>(QStringLiteral("sqlCancel"));
    QVERIFY(!cancel->isEnabled());
    // Returns its first row, then looks forever for a second one.
    editor->setPlainText(QStringLiteral("WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) "
                                        "SELECT x FROM c WHERE x = 1 OR x = 0"));
    QSignalSpy cancelled(console.session(), &SqlConsoleSession::queryCancelled);
    console.runQuery();
    QVERIFY(cancel->isEnabled());
    QTRY_COMPARE_WITH_TIMEOUT(console.session()->model()->columnCount(), 1, AsyncMs);
    QTest::mouseClick(cancel, Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(cancelled.count(), 1, AsyncMs);
    QVERIFY2(status->text().startsWith(QStringLiteral("Cancelled after 1 row · ")), qPrintable(status->text()));
    QVERIFY(!cancel->isEnabled());
}

void TestSqlConsoleWidget::followsTheDocument()
{
    JournalDocument document;
    SqlConsole console(&document);
    console.show();
    auto* label = console.findChild<QLabel*>(QStringLiteral("sqlUnavailable"));
    auto* table = console.findChild<QTableView*>(QStringLiteral("sqlResults"));
    openDocument(document, dataFile(QStringLiteral("sample.ndjson")));
    QTRY_COMPARE_WITH_TIMEOUT(console.session()->state(), SqlConsoleSession::State::NotSqlite, AsyncMs);
    QVERIFY(label->isVisible());
    openDocument(document, m_journal);
    waitReady(console);
    QVERIFY(table->isVisible());
    QCOMPARE(console.session()->journal(), m_journal);
    document.close();
    QCOMPARE(console.session()->state(), SqlConsoleSession::State::NoJournal);
    QVERIFY(label->isVisible());
}

void TestSqlConsoleWidget::hundredThousandRows()
{
    // Figures for the note (printed, never deciding the outcome): the
    // worker's copy, and the GUI thread's setQuery and first paint.
    JournalDocument document;
    openDocument(document, m_journal);
    SqlConsole console(&document);
    console.resize(900, 600);
    console.show();
    waitReady(console);
    auto* editor = console.findChild<QPlainTextEdit*>(QStringLiteral("sqlEditor"));
    auto* status = console.findChild<QLabel*>(QStringLiteral("sqlStatus"));
    auto* table = console.findChild<QTableView*>(QStringLiteral("sqlResults"));
    auto* model = console.session()->model();
    const int rows = SqlConsoleSession::DefaultRowCap;
    editor->setPlainText(QStringLiteral("WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c LIMIT %1) "
                                        "SELECT x AS sequence, x * 1000 AS wall_ms, 'type.' || (x % 17) AS type, "
                                        "printf('{\"n\":%d}', x) AS data FROM c")
                             .arg(rows));
    QElapsedTimer reset;
    qint64 resetNs = 0;
    connect(model, &QAbstractItemModel::modelAboutToBeReset, this, [&reset] { reset.start(); });
    connect(model, &QAbstractItemModel::modelReset, this, [&reset, &resetNs] { resetNs = reset.nsecsElapsed(); });
    QSignalSpy finished(console.session(), &SqlConsoleSession::queryFinished);
    console.runQuery();
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, AsyncMs);
    QCOMPARE(finished.at(0).at(0).toLongLong(), rows);
    QCOMPARE(finished.at(0).at(2).toBool(), false);
    QVERIFY2(status->text().startsWith(QStringLiteral("%1 rows · ").arg(QLocale().toString(rows))),
        qPrintable(status->text()));
    QElapsedTimer paint;
    paint.start();
    table->viewport()->repaint();
    const qint64 paintNs = paint.nsecsElapsed();
    // Lazy: the view holds the first fetch, not 100,000 rows.
    QVERIFY2(model->rowCount() < rows, qPrintable(QString::number(model->rowCount())));
    QCOMPARE(shownRows(*table).value(0), QStringLiteral("1|1000|type.1|{\"n\":1}"));
    QElapsedTimer scroll;
    scroll.start();
    table->scrollToBottom();
    table->viewport()->repaint();
    const qint64 scrollNs = scroll.nsecsElapsed();
    qInfo("100k rows: worker %lld ms (run + copy); GUI setQuery %.2f ms, first paint %.2f ms; "
          "scroll to bottom %.2f ms (%d rows fetched)",
        finished.at(0).at(1).toLongLong(), resetNs / 1e6, paintNs / 1e6, scrollNs / 1e6, model->rowCount());
    while (model->canFetchMore({}))
        model->fetchMore({});
    QCOMPARE(model->rowCount(), rows);
    QCOMPARE(model->index(rows - 1, 0).data().toLongLong(), rows);
    savePng(console, QStringLiteral("sqlconsole-100k.png"));
}

void TestSqlConsoleWidget::longGroupByLeavesTheGuiFree()
{
    // A GROUP BY over millions of rows runs on the worker: the GUI thread
    // keeps turning its event loop (largest gap printed for the note).
    JournalDocument document;
    openDocument(document, m_journal);
    SqlConsole console(&document);
    console.show();
    waitReady(console);
    auto* editor = console.findChild<QPlainTextEdit*>(QStringLiteral("sqlEditor"));
    const qint64 rows = 3'000'000;
    editor->setPlainText(QStringLiteral("WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c LIMIT %1) "
                                        "SELECT x % 7 AS bucket, count(*) AS n, sum(x) AS total FROM c "
                                        "GROUP BY bucket ORDER BY bucket")
                             .arg(rows));
    QSignalSpy finished(console.session(), &SqlConsoleSession::queryFinished);
    QElapsedTimer gap;
    qint64 largestGapNs = 0;
    int ticks = 0;
    QTimer ticker;
    ticker.setInterval(5);
    connect(&ticker, &QTimer::timeout, this, [&gap, &largestGapNs, &ticks] {
        largestGapNs = qMax(largestGapNs, gap.nsecsElapsed());
        gap.restart();
        ++ticks;
    });
    gap.start();
    ticker.start();
    console.runQuery();
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 120'000);
    ticker.stop();
    auto* model = console.session()->model();
    QCOMPARE(model->rowCount(), 7);
    qint64 counted = 0;
    for (int r = 0; r < 7; ++r) {
        QCOMPARE(model->index(r, 0).data().toLongLong(), r);
        counted += model->index(r, 1).data().toLongLong();
    }
    QCOMPARE(counted, rows);
    QVERIFY(ticks > 0);
    qInfo("GROUP BY over %lld rows: worker %lld ms; GUI ticks %d, largest event-loop gap %.1f ms", rows,
        finished.at(0).at(1).toLongLong(), ticks, largestGapNs / 1e6);
}

void TestSqlConsoleWidget::cleanupTestCase()
{
    QCOMPARE(fileHash(m_journal), m_hash);
    QCOMPARE(QDir(m_dir.path()).entryList(QDir::Files | QDir::Hidden), QStringList { QStringLiteral("sample.sqlite") });
}

QTEST_MAIN(TestSqlConsoleWidget)
#include "tst_sql_console_widget.moc"
