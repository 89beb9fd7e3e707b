// The export dialog, offscreen: defaults from the document (selected tenant,
// marks, cursor), the engine's bytes for what the inputs say, overwrite
// confirmation, refusals, cancel, and the source's bytes afterwards.
#include "engine/store/exporter.h"
#include "engine/store/importer.h"
#include "models/export_job.h"
#include "models/journal_document.h"
#include "tests/models/document_test_support.h"
#include "ui/export_dialog.h"

#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QRadioButton>
#include <QSemaphore>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QThreadPool>

using cd::models::ExportJob;
using cd::models::JournalDocument;
using cd::ui::ExportDialog;

using cd::models::test::dataFile;

namespace {

constexpr int AsyncMs = 20'000;

std::string local(const QString& path)
{
    return QFile::encodeName(path).toStdString();
}

QByteArray readAll(const QString& path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray("<unreadable>");
}

void savePng(QWidget& widget, const QString& name)
{
    const QString dir = qEnvironmentVariable("CHRONODESK_SCREENSHOT_DIR", QDir::tempPath());
    widget.grab().save(dir + QLatin1Char('/') + name);
}

template <typename T>
T* child(QWidget& parent, const char* name)
{
    auto* widget = parent.findChild<T*>(QLatin1String(name));
    if (!widget)
        qFatal("no child %s", name);
    return widget;
}

} // namespace

class TestExportDialog : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void defaultsWhole();
    void defaultsFromDocument();
    void cursorButtons();
    void exportsWhatTheInputsSay_data();
    void exportsWhatTheInputsSay();
    void overwriteConfirmation();
    void refusals_data();
    void refusals();
    void closeWhileRunningCancels();
    void cleanupTestCase();

private:
    void openDocument(JournalDocument& document);
    QTemporaryDir m_dir;
    QString m_journal;
    QByteArray m_bytes;
};

void TestExportDialog::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_journal = m_dir.filePath(QStringLiteral("sample.sqlite"));
    const auto summary = cd::store::importJournal(local(dataFile(QStringLiteral("sample.ndjson"))), local(m_journal));
    QVERIFY2(summary.ok(), summary.message.c_str());
    m_bytes = readAll(m_journal);
}

void TestExportDialog::openDocument(JournalDocument& document)
{
    document.setIndexCacheDirectory(QString());
    document.open(m_journal);
    QTRY_COMPARE_WITH_TIMEOUT(document.status(), JournalDocument::Status::Ready, AsyncMs);
}

void TestExportDialog::defaultsWhole()
{
    JournalDocument document;
    openDocument(document);
    ExportDialog dialog(&document);
    dialog.show();
    QCOMPARE(dialog.objectName(), QStringLiteral("exportDialog"));
    QVERIFY(child<QRadioButton>(dialog, "exportWhole")->isChecked());
    QVERIFY(!child<QWidget>(dialog, "exportTenant")->isEnabled());
    QVERIFY(!child<QCheckBox>(dialog, "exportRedact")->isChecked());
    QVERIFY(!child<QPushButton>(dialog, "exportUseMarks")->isEnabled());
    QCOMPARE(child<QLineEdit>(dialog, "exportPath")->text(),
        QDir::toNativeSeparators(m_dir.filePath(QStringLiteral("sample-export.ndjson"))));
    child<QComboBox>(dialog, "exportFormat")->setCurrentIndex(1);
    QCOMPARE(child<QLineEdit>(dialog, "exportPath")->text(),
        QDir::toNativeSeparators(m_dir.filePath(QStringLiteral("sample-export.phyxius.json"))));
    QVERIFY(child<QLabel>(dialog, "exportRedactNote")->text().contains(QStringLiteral("pseudonym")));
    savePng(dialog, QStringLiteral("export-dialog-whole.png"));
}

void TestExportDialog::defaultsFromDocument()
{
    JournalDocument document;
    openDocument(document);
    document.setSelectedTenant(QStringLiteral("t-2"));
    document.setMarkA(12);
    document.setMarkB(5);
    ExportDialog dialog(&document);
    dialog.show();
    QVERIFY(child<QRadioButton>(dialog, "exportSlice")->isChecked());
    QVERIFY(child<QWidget>(dialog, "exportTenant")->isEnabled());
    QCOMPARE(child<QLineEdit>(dialog, "exportTenant")->text(), QStringLiteral("t-2"));
    QCOMPARE(child<QLineEdit>(dialog, "exportFrom")->text(), QStringLiteral("5"));
    QCOMPARE(child<QLineEdit>(dialog, "exportTo")->text(), QStringLiteral("12"));
    QVERIFY(child<QPushButton>(dialog, "exportUseMarks")->isEnabled());
    QCOMPARE(child<QLineEdit>(dialog, "exportPath")->text(),
        QDir::toNativeSeparators(m_dir.filePath(QStringLiteral("sample-t-2-seq5-12-export.ndjson"))));
    const auto request = dialog.request();
    QVERIFY(request);
    QCOMPARE(request->tenantId, std::optional<std::string>("t-2"));
    QCOMPARE(request->fromSequence, std::optional<std::int64_t>(5));
    QCOMPARE(request->toSequence, std::optional<std::int64_t>(12));
    QCOMPARE(request->source, m_journal);
    savePng(dialog, QStringLiteral("export-dialog-slice.png"));

    // Whole journal ignores the slice inputs.
    child<QRadioButton>(dialog, "exportWhole")->setChecked(true);
    QVERIFY(!child<QWidget>(dialog, "exportTenant")->isEnabled());
    QVERIFY(!dialog.request()->tenantId && !dialog.request()->fromSequence);
}

void TestExportDialog::cursorButtons()
{
    JournalDocument document;
    openDocument(document);
    document.setCursor(7);
    document.setMarkA(3);
    ExportDialog dialog(&document);
    QVERIFY(!child<QPushButton>(dialog, "exportUseMarks")->isEnabled()); // B is not set
    child<QRadioButton>(dialog, "exportSlice")->setChecked(true);
    QTest::mouseClick(child<QPushButton>(dialog, "exportFromCursor"), Qt::LeftButton);
    QCOMPARE(child<QLineEdit>(dialog, "exportFrom")->text(), QString::number(*document.cursor()));
    QCOMPARE(child<QLineEdit>(dialog, "exportTo")->text(), QString());
    QTest::mouseClick(child<QPushButton>(dialog, "exportToCursor"), Qt::LeftButton);
    QCOMPARE(child<QLineEdit>(dialog, "exportFrom")->text(), QString());
    QCOMPARE(child<QLineEdit>(dialog, "exportTo")->text(), QString::number(*document.cursor()));
    document.setMarkB(15);
    QVERIFY(child<QPushButton>(dialog, "exportUseMarks")->isEnabled());
    QTest::mouseClick(child<QPushButton>(dialog, "exportUseMarks"), Qt::LeftButton);
    QCOMPARE(child<QLineEdit>(dialog, "exportFrom")->text(), QString::number(*document.markA()));
    QCOMPARE(child<QLineEdit>(dialog, "exportTo")->text(), QString::number(*document.markB()));
}

void TestExportDialog::exportsWhatTheInputsSay_data()
{
    QTest::addColumn<int>("format"); // combo index: 0 NDJSON, 1 Phyxius
    QTest::addColumn<QString>("tenant"); // empty with no range: whole journal
    QTest::addColumn<QString>("from");
    QTest::addColumn<QString>("to");
    QTest::addColumn<bool>("redact");
    QTest::newRow("whole, ndjson") << 0 << QString() << QString() << QString() << false;
    QTest::newRow("whole, phyxius") << 1 << QString() << QString() << QString() << false;
    QTest::newRow("t-1 from 4") << 0 << QStringLiteral("t-1") << QStringLiteral("4") << QString() << false;
    QTest::newRow("3..14 phyxius") << 1 << QString() << QStringLiteral("3") << QStringLiteral("14") << false;
    QTest::newRow("redacted") << 0 << QString() << QString() << QString() << true;
}

void TestExportDialog::exportsWhatTheInputsSay()
{
    QFETCH(int, format);
    QFETCH(QString, tenant);
    QFETCH(QString, from);
    QFETCH(QString, to);
    QFETCH(bool, redact);
    JournalDocument document;
    openDocument(document);
    ExportDialog dialog(&document);
    dialog.show();
    child<QComboBox>(dialog, "exportFormat")->setCurrentIndex(format);
    const bool slice = !tenant.isEmpty() || !from.isEmpty() || !to.isEmpty();
    child<QRadioButton>(dialog, slice ? "exportSlice" : "exportWhole")->setChecked(true);
    QTest::keyClicks(child<QLineEdit>(dialog, "exportTenant"), tenant);
    QTest::keyClicks(child<QLineEdit>(dialog, "exportFrom"), from);
    QTest::keyClicks(child<QLineEdit>(dialog, "exportTo"), to);
    child<QCheckBox>(dialog, "exportRedact")->setChecked(redact);
    const QString output = QDir::fromNativeSeparators(child<QLineEdit>(dialog, "exportPath")->text());
    QVERIFY(output.startsWith(m_dir.path()));

    QSignalSpy finished(dialog.job(), &ExportJob::finished);
    QTest::mouseClick(child<QPushButton>(dialog, "exportStart"), Qt::LeftButton);
    QVERIFY(!child<QPushButton>(dialog, "exportStart")->isEnabled() || finished.count() == 1);
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, AsyncMs);
    auto* status = child<QLabel>(dialog, "exportStatus");
    QVERIFY2(status->text().startsWith(QStringLiteral("Exported ")), qPrintable(status->text()));
    QVERIFY(child<QPushButton>(dialog, "exportStart")->isEnabled());
    QVERIFY(!child<QProgressBar>(dialog, "exportProgress")->isVisible());
    savePng(dialog,
        QStringLiteral("export-dialog-done-%1.png")
            .arg(QString::fromLatin1(QTest::currentDataTag()).replace(QLatin1Char(' '), QLatin1Char('_'))));

    // The reference: the engine exporter (what the CLI runs) with the same options.
    cd::store::ExportOptions options;
    options.format = format == 1 ? cd::store::ExportFormat::Phyxius : cd::store::ExportFormat::Ndjson;
    if (!tenant.isEmpty())
        options.tenantId = tenant.toStdString();
    if (!from.isEmpty())
        options.fromSequence = from.toLongLong();
    if (!to.isEmpty())
        options.toSequence = to.toLongLong();
    options.redact = redact;
    const QString reference = m_dir.filePath(QStringLiteral("reference.out"));
    const auto expected = cd::store::exportJournal(local(m_journal), local(reference), options);
    QVERIFY2(expected.ok(), expected.message.c_str());
    const QByteArray written = readAll(output);
    if (redact) {
        // A random key per export (as the CLI): same shape, no address left.
        QCOMPARE(written.count('\n'), readAll(reference).count('\n'));
        QVERIFY(!written.contains("@example.com"));
        QVERIFY(written.contains("@redacted.invalid"));
        QVERIFY(status->text().contains(QStringLiteral("e-mail addresses replaced")));
    } else {
        QCOMPARE(written, readAll(reference));
    }
    QVERIFY(status->text().contains(QStringLiteral("Exported %1 ").arg(expected.exported)));
    QCOMPARE(readAll(m_journal), m_bytes);
    QVERIFY(QFile::remove(output) && QFile::remove(reference));
}

void TestExportDialog::overwriteConfirmation()
{
    JournalDocument document;
    openDocument(document);
    ExportDialog dialog(&document);
    const QString output = m_dir.filePath(QStringLiteral("existing.ndjson"));
    {
        QFile file(output);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("keep me\n");
    }
    QStringList asked;
    bool answer = false;
    dialog.setOverwriteConfirmation([&asked, &answer](const QString& path) {
        asked.append(path);
        return answer;
    });
    auto* path = child<QLineEdit>(dialog, "exportPath");
    path->clear();
    QTest::keyClicks(path, output);
    auto* status = child<QLabel>(dialog, "exportStatus");
    QSignalSpy finished(dialog.job(), &ExportJob::finished);
    dialog.startExport();
    QCOMPARE(asked, QStringList { output });
    QVERIFY2(status->text().contains(QStringLiteral("was kept")), qPrintable(status->text()));
    QCOMPARE(finished.count(), 0);
    QCOMPARE(readAll(output), QByteArray("keep me\n"));

    answer = true;
    dialog.startExport();
    QCOMPARE(asked.size(), 2);
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, AsyncMs);
    QVERIFY2(status->text().startsWith(QStringLiteral("Exported 20 entries")), qPrintable(status->text()));
    QVERIFY(readAll(output).startsWith("{\"id\":"));
    QVERIFY(QFile::remove(output));
}

void TestExportDialog::refusals_data()
{
    QTest::addColumn<QString>("output"); // ":journal" and ":dir" expand
    QTest::addColumn<QString>("from");
    QTest::addColumn<QString>("to");
    QTest::addColumn<QString>("message");
    QTest::newRow("onto the journal") << QStringLiteral(":journal") << QString() << QString()
                                      << QStringLiteral("is the journal being exported");
    QTest::newRow("onto its -wal") << QStringLiteral(":journal-wal") << QString() << QString()
                                   << QStringLiteral("is the journal being exported");
    QTest::newRow("from after to") << QStringLiteral(":dir/x.ndjson") << QStringLiteral("9") << QStringLiteral("3")
                                   << QStringLiteral("The range is empty: from 9 is after to 3.");
    QTest::newRow("not a number") << QStringLiteral(":dir/x.ndjson") << QStringLiteral("-") << QString()
                                  << QStringLiteral("From: “-” is not a sequence number.");
    QTest::newRow("no path") << QString() << QString() << QString() << QStringLiteral("Choose where to write");
}

void TestExportDialog::refusals()
{
    QFETCH(QString, output);
    QFETCH(QString, from);
    QFETCH(QString, to);
    QFETCH(QString, message);
    output.replace(QStringLiteral(":journal"), m_journal).replace(QStringLiteral(":dir"), m_dir.path());
    JournalDocument document;
    openDocument(document);
    ExportDialog dialog(&document);
    bool asked = false;
    dialog.setOverwriteConfirmation([&asked](const QString&) { return asked = true; });
    child<QRadioButton>(dialog, "exportSlice")->setChecked(true);
    child<QLineEdit>(dialog, "exportPath")->setText(output);
    QTest::keyClicks(child<QLineEdit>(dialog, "exportFrom"), from);
    QTest::keyClicks(child<QLineEdit>(dialog, "exportTo"), to);
    QSignalSpy finished(dialog.job(), &ExportJob::finished);
    dialog.startExport();
    auto* status = child<QLabel>(dialog, "exportStatus");
    QVERIFY2(status->text().contains(message), qPrintable(status->text()));
    QVERIFY(!asked);
    QVERIFY(!dialog.job()->isRunning());
    QCOMPARE(readAll(m_journal), m_bytes);
    QCOMPARE(QDir(m_dir.path()).entryList(QDir::Files | QDir::Hidden), QStringList { QStringLiteral("sample.sqlite") });
    if (QTest::currentDataTag() == QByteArray("onto the journal"))
        savePng(dialog, QStringLiteral("export-dialog-refused.png"));
}

void TestExportDialog::closeWhileRunningCancels()
{
    JournalDocument document;
    openDocument(document);
    ExportDialog dialog(&document);
    dialog.show();
    // The pool's only thread is busy: the export is queued, deterministically.
    QThreadPool pool;
    pool.setMaxThreadCount(1);
    QSemaphore gate;
    pool.start([&gate] { gate.acquire(); });
    dialog.job()->setThreadPool(&pool);
    QSignalSpy finished(dialog.job(), &ExportJob::finished);
    QSignalSpy rejected(&dialog, &QDialog::rejected);
    dialog.startExport();
    QVERIFY(dialog.job()->isRunning());
    QVERIFY(child<QProgressBar>(dialog, "exportProgress")->isVisible());
    QVERIFY(child<QPushButton>(dialog, "exportCancel")->isVisible());
    QVERIFY(!child<QPushButton>(dialog, "exportStart")->isEnabled());
    savePng(dialog, QStringLiteral("export-dialog-running.png"));
    QTest::keyClick(&dialog, Qt::Key_Escape);
    QCOMPARE(rejected.count(), 0);
    QVERIFY(dialog.isVisible());
    QCOMPARE(child<QLabel>(dialog, "exportStatus")->text(), QStringLiteral("Cancelling…"));
    gate.release();
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, AsyncMs);
    QCOMPARE(child<QLabel>(dialog, "exportStatus")->text(), QStringLiteral("Export cancelled; nothing was written."));
    QCOMPARE(QDir(m_dir.path()).entryList(QDir::Files | QDir::Hidden), QStringList { QStringLiteral("sample.sqlite") });
    QTest::keyClick(&dialog, Qt::Key_Escape);
    QCOMPARE(rejected.count(), 1);
}

void TestExportDialog::cleanupTestCase()
{
    QCOMPARE(readAll(m_journal), m_bytes);
}

QTEST_MAIN(TestExportDialog)
#include "tst_export_dialog.moc"
