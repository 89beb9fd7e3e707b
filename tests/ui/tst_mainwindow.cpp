#include "engine/store/importer.h"
#include "models/app_settings.h"
#include "models/journal_document.h"
#include "models/work_pool.h"
#include "ui/empty_state.h"
#include "ui/mainwindow.h"
#include "ui/recent_files_menu.h"
#include "ui/workbench.h"

#include <QAction>
#include <QApplication>
#include <QCryptographicHash>
#include <QDir>
#include <QDockWidget>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFile>
#include <QLabel>
#include <QMenu>
#include <QMessageBox>
#include <QMimeData>
#include <QProgressBar>
#include <QSemaphore>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QThreadPool>
#include <QToolButton>

#include <memory>

using cd::models::AppSettings;
using cd::models::JournalDocument;
using cd::ui::MainWindow;
using cd::ui::OpenOptions;

namespace {

QString dataFile(const QString& name)
{
    return qEnvironmentVariable("CHRONODESK_TEST_DATA") + QLatin1Char('/') + name;
}

QByteArray fileHash(const QString& path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QCryptographicHash::hash(file.readAll(), QCryptographicHash::Sha256);
}

// Every file of a folder with its hash and modification time.
QStringList folderDump(const QString& folder)
{
    QStringList dump;
    const auto entries = QDir(folder).entryInfoList(QDir::Files | QDir::Hidden, QDir::Name);
    for (const QFileInfo& info : entries)
        dump.append(QStringLiteral("%1 %2 %3")
                        .arg(info.fileName(), QString::fromLatin1(fileHash(info.filePath()).toHex()),
                            QString::number(info.lastModified().toMSecsSinceEpoch())));
    return dump;
}

// Opens through the window API and waits for the outcome (a worker indexes).
bool openAndWait(MainWindow& window, const QString& path, const OpenOptions& options = {})
{
    QSignalSpy ready(&window, &MainWindow::journalReady);
    QSignalSpy failed(&window, &MainWindow::openFailed);
    window.openFile(path, options);
    return QTest::qWaitFor([&ready, &failed] { return !ready.isEmpty() || !failed.isEmpty(); }, 10000);
}

// A window that caches no index and, optionally, keeps its settings in settings.
std::unique_ptr<MainWindow> makeWindow(AppSettings* settings = nullptr)
{
    auto window = std::make_unique<MainWindow>();
    window->document()->setIndexCacheDirectory(QString());
    window->setSettings(settings);
    window->show();
    return window;
}

QString headline(const MainWindow& window)
{
    const auto* label = window.findChild<QLabel*>(QStringLiteral("emptyStateHeadline"));
    return label ? label->text() : QStringLiteral("<none>");
}

QString detail(const MainWindow& window)
{
    const auto* label = window.findChild<QLabel*>(QStringLiteral("emptyStateDetail"));
    return label && label->isVisibleTo(&window) ? label->text() : QString();
}

QAction* action(const MainWindow& window, const char* name)
{
    return window.findChild<QAction*>(QLatin1String(name));
}

QStringList recentMenuFiles(const MainWindow& window)
{
    QStringList names;
    const auto* menu = window.findChild<cd::ui::RecentFilesMenu*>();
    for (const QString& path : menu->paths())
        names.append(QFileInfo(path).fileName());
    return names;
}

// Holds every thread of the models' pool so that an indexing job queues
// without starting; released on destruction even when a check fails.
class PoolBlocker {
public:
    PoolBlocker()
        : m_threads(cd::models::workPool()->maxThreadCount())
    {
        for (int i = 0; i < m_threads; ++i)
            cd::models::workPool()->start([this] {
                m_started.release();
                m_gate.acquire();
            });
        m_started.acquire(m_threads);
    }
    ~PoolBlocker() { release(); }
    void release()
    {
        if (m_threads > 0)
            m_gate.release(m_threads);
        m_threads = 0;
    }

private:
    int m_threads;
    QSemaphore m_started;
    QSemaphore m_gate;
};

} // namespace

class TestMainWindow : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QVERIFY(m_dir.isValid());
        const QString sqlite = m_dir.filePath(QStringLiteral("sample.sqlite"));
        const auto summary
            = cd::store::importJournal(dataFile(QStringLiteral("sample.ndjson")).toStdString(), sqlite.toStdString());
        QVERIFY2(summary.ok(), summary.message.c_str());
    }

    void init() { m_settingsFile = m_dir.filePath(QStringLiteral("settings-%1.ini").arg(++m_settingsCount)); }

    void showsTheEmptyStateWhenNothingIsOpen()
    {
        auto window = makeWindow();
        QCOMPARE(window->windowTitle(), QStringLiteral("Chronodesk"));
        QCOMPARE(headline(*window), QStringLiteral("Open a journal (Ctrl+O) or drop a file here"));
        QVERIFY(window->findChild<cd::ui::EmptyState*>()->isVisible());
        QVERIFY(!window->findChild<QWidget*>(QStringLiteral("openProgress"))->isVisible());
        QVERIFY(!action(*window, "exportAction")->isEnabled());
        QVERIFY(!action(*window, "sqlConsoleAction")->isEnabled());
        QVERIFY(!action(*window, "closeAction")->isEnabled());
        QCOMPARE(action(*window, "openAction")->shortcut(), QKeySequence(QKeySequence::Open));
    }

    // The default layout (no saved one) shows the tenants' id, status and
    // plan whole, from a small laptop's window up.
    void defaultLayoutShowsTheTenantColumnsWhole_data()
    {
        QTest::addColumn<QSize>("size");
        QTest::newRow("1280x800") << QSize(1280, 800);
        QTest::newRow("1600x1000") << QSize(1600, 1000);
        QTest::newRow("1920x1080") << QSize(1920, 1080);
    }
    void defaultLayoutShowsTheTenantColumnsWhole()
    {
        QFETCH(QSize, size);
        MainWindow window;
        window.document()->setIndexCacheDirectory(QString());
        cd::ui::installWorkbench(window);
        window.resize(size);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QVERIFY(openAndWait(window, dataFile(QStringLiteral("sample.ndjson"))));
        auto* table = window.findChild<QTableView*>(QStringLiteral("tenantsTable"));
        QVERIFY(table && table->isVisible());
        int needed = 0;
        for (int column = 0; column < 3; ++column)
            needed += table->columnWidth(column);
        QVERIFY2(table->viewport()->width() >= needed,
            qPrintable(QStringLiteral("%1 px for %2 px of columns").arg(table->viewport()->width()).arg(needed)));
        // The event log between the docks keeps room for its columns.
        QVERIFY(window.centralWidget()->width() >= 400);
    }

    void opensEveryFormat_data()
    {
        QTest::addColumn<QString>("path");
        QTest::newRow("ndjson") << dataFile(QStringLiteral("sample.ndjson"));
        QTest::newRow("phyxius") << dataFile(QStringLiteral("sample.phyxius.json"));
        QTest::newRow("sqlite") << m_dir.filePath(QStringLiteral("sample.sqlite"));
    }

    void opensEveryFormat()
    {
        QFETCH(QString, path);
        AppSettings settings(m_settingsFile);
        auto window = makeWindow(&settings);
        QSignalSpy exportSpy(window.get(), &MainWindow::exportRequested);
        QSignalSpy sqlSpy(window.get(), &MainWindow::sqlConsoleRequested);
        QVERIFY(openAndWait(*window, path));
        const QString name = QFileInfo(path).fileName();
        QCOMPARE(window->document()->status(), JournalDocument::Status::Ready);
        QCOMPARE(window->windowTitle(), QStringLiteral("%1 — 20 entries — Chronodesk").arg(name));
        QCOMPARE(window->document()->cursor(), std::optional<std::int64_t>(19));
        QCOMPARE(headline(*window), name);
        QVERIFY2(detail(*window).startsWith(QStringLiteral("20 entries · sequences 0–19 · 2 tenants")),
            qPrintable(detail(*window)));
        const auto* cursor = window->findChild<QLabel*>(QStringLiteral("cursorStatus"));
        QCOMPARE(cursor->text(), QStringLiteral("Cursor: entry 20 of 20 · seq 19 · 2025-11-24 16:00:19.000 UTC"));
        QVERIFY(!window->findChild<QWidget*>(QStringLiteral("openProgress"))->isVisible());
        QCOMPARE(recentMenuFiles(*window), QStringList { name });
        action(*window, "exportAction")->trigger();
        action(*window, "sqlConsoleAction")->trigger();
        QCOMPARE(exportSpy.size(), 1);
        QCOMPARE(sqlSpy.size(), 1);
    }

    void openingNeverChangesTheFile_data() { opensEveryFormat_data(); }

    void openingNeverChangesTheFile()
    {
        QFETCH(QString, path);
        // A private copy: nothing else may touch the folder meanwhile.
        QTemporaryDir folder;
        const QString copy = folder.filePath(QFileInfo(path).fileName());
        QVERIFY(QFile::copy(path, copy));
        const QStringList before = folderDump(folder.path());
        {
            auto window = makeWindow();
            QVERIFY(openAndWait(*window, copy));
            QCOMPARE(window->document()->status(), JournalDocument::Status::Ready);
            window->document()->setCursor(5);
            window->closeFile();
            QVERIFY(openAndWait(*window, copy));
        }
        // Same bytes, same times, and no journal, lock or index file beside it.
        QCOMPARE(folderDump(folder.path()), before);
    }

    void badFilesAreReportedNamingTheFile_data()
    {
        QTest::addColumn<QByteArray>("bytes"); // empty: the file does not exist
        QTest::newRow("garbage") << QByteArray("\x01\x02 not a journal \xff", 18);
        QTest::newRow("truncated json") << QByteArray("{\"entries\": [");
        QTest::newRow("missing") << QByteArray();
    }

    void badFilesAreReportedNamingTheFile()
    {
        QFETCH(QByteArray, bytes);
        const QString path = m_dir.filePath(QStringLiteral("bad-%1.json").arg(QLatin1String(QTest::currentDataTag())));
        if (!bytes.isEmpty()) {
            QFile file(path);
            QVERIFY(file.open(QIODevice::WriteOnly));
            file.write(bytes);
        }
        auto window = makeWindow();
        QSignalSpy failed(window.get(), &MainWindow::openFailed);
        QVERIFY(openAndWait(*window, path));
        QCOMPARE(failed.size(), 1);
        QCOMPARE(failed.at(0).at(0).toString(), path);
        const QString reason = failed.at(0).at(1).toString();
        QVERIFY(!reason.isEmpty());
        const auto* box = window->findChild<QMessageBox*>(QStringLiteral("openErrorBox"));
        QVERIFY(box);
        QVERIFY(box->isVisible());
        const QString name = QFileInfo(path).fileName();
        QCOMPARE(box->text(), QStringLiteral("Could not open “%1”.").arg(name));
        QVERIFY(box->informativeText().contains(reason));
        QVERIFY(box->informativeText().contains(QDir::toNativeSeparators(path)));
        QCOMPARE(window->windowTitle(), QStringLiteral("Chronodesk"));
        QCOMPARE(headline(*window), QStringLiteral("Could not open %1").arg(name));
        QCOMPARE(detail(*window), reason);
        QVERIFY(!action(*window, "exportAction")->isEnabled());
    }

    void errorDialogsCanBeTurnedOff()
    {
        auto window = makeWindow();
        window->setErrorDialogsEnabled(false);
        QVERIFY(openAndWait(*window, m_dir.filePath(QStringLiteral("nowhere.ndjson"))));
        QCOMPARE(window->document()->status(), JournalDocument::Status::Failed);
        QVERIFY(!window->findChild<QMessageBox*>());
    }

    void showsProgressAndCancels()
    {
        auto window = makeWindow();
        const QString path = dataFile(QStringLiteral("sample.ndjson"));
        auto* progress = window->findChild<QWidget*>(QStringLiteral("openProgress"));
        auto* bar = window->findChild<QProgressBar*>(QStringLiteral("openProgressBar"));
        auto* label = window->findChild<QLabel*>(QStringLiteral("openProgressLabel"));
        QSignalSpy failed(window.get(), &MainWindow::openFailed);
        {
            PoolBlocker blocker; // the indexing job queues behind it
            window->openFile(path);
            QCOMPARE(window->document()->status(), JournalDocument::Status::Indexing);
            QVERIFY(progress->isVisible());
            QCOMPARE(bar->value(), 0);
            QCOMPARE(label->text(), QStringLiteral("Indexing sample.ndjson…"));
            QCOMPARE(window->windowTitle(), QStringLiteral("sample.ndjson — indexing… — Chronodesk"));
            QCOMPARE(headline(*window), QStringLiteral("Indexing sample.ndjson…"));
            // The window stays usable: what needs an index waits, the rest works.
            QVERIFY(!action(*window, "exportAction")->isEnabled());
            QVERIFY(action(*window, "closeAction")->isEnabled());
            QVERIFY(action(*window, "openAction")->isEnabled());
            Q_EMIT window->document()->progress(0.5, 12345);
            QCOMPARE(bar->value(), 500);
            QCOMPARE(label->text(), QStringLiteral("Indexing sample.ndjson… 12,345 entries"));
            QTest::mouseClick(window->findChild<QToolButton*>(QStringLiteral("cancelOpenButton")), Qt::LeftButton);
        }
        QTRY_COMPARE_WITH_TIMEOUT(failed.size(), 1, 10000);
        QCOMPARE(failed.at(0).at(1).toString(), QStringLiteral("cancelled"));
        QVERIFY(!progress->isVisible());
        QVERIFY(!window->findChild<QMessageBox*>()); // cancelling is no error
        QCOMPARE(headline(*window), QStringLiteral("Opening sample.ndjson was cancelled"));
        QCOMPARE(window->statusBar()->currentMessage(), QStringLiteral("Opening sample.ndjson was cancelled."));
    }

    void recentFilesAreMostRecentFirst()
    {
        AppSettings settings(m_settingsFile);
        auto window = makeWindow(&settings);
        const QString sqlite = m_dir.filePath(QStringLiteral("sample.sqlite"));
        for (const QString& path : { dataFile(QStringLiteral("sample.ndjson")), sqlite,
                 dataFile(QStringLiteral("sample.phyxius.json")), sqlite })
            QVERIFY(openAndWait(*window, path));
        const QStringList expected { QStringLiteral("sample.sqlite"), QStringLiteral("sample.phyxius.json"),
            QStringLiteral("sample.ndjson") };
        QCOMPARE(recentMenuFiles(*window), expected);
        // Stored, and shown by a new window and its empty state.
        AppSettings reread(m_settingsFile);
        auto second = makeWindow(&reread);
        QCOMPARE(recentMenuFiles(*second), expected);
        QCOMPARE(second->findChildren<QWidget*>(QStringLiteral("recentButton")).size(), 3);
        // Bad files never join the list.
        QVERIFY(openAndWait(*second, m_dir.filePath(QStringLiteral("absent.ndjson"))));
        QCOMPARE(recentMenuFiles(*second), expected);
        action(*second, "clearRecentAction")->trigger();
        QCOMPARE(recentMenuFiles(*second), QStringList());
        QCOMPARE(AppSettings(m_settingsFile).recentFiles().paths(), QStringList());
    }

    void missingRecentFileIsRemovedWithAMessage()
    {
        const QString gone = m_dir.filePath(QStringLiteral("gone.ndjson"));
        const QString kept = dataFile(QStringLiteral("sample.ndjson"));
        {
            AppSettings settings(m_settingsFile);
            settings.setRecentFiles(cd::models::RecentFiles({ gone, kept }));
        }
        AppSettings settings(m_settingsFile);
        auto window = makeWindow(&settings);
        auto* menu = window->findChild<cd::ui::RecentFilesMenu*>();
        const auto actions = menu->actions();
        QVERIFY(actions.size() >= 2);
        QCOMPARE(actions.front()->data().toString(), QFileInfo(gone).absoluteFilePath());
        actions.front()->trigger();
        const auto* box = window->findChild<QMessageBox*>(QStringLiteral("missingRecentBox"));
        QVERIFY(box);
        QCOMPARE(box->text(), QStringLiteral("“gone.ndjson” no longer exists."));
        QVERIFY(box->informativeText().contains(QDir::toNativeSeparators(gone)));
        QCOMPARE(window->document()->status(), JournalDocument::Status::Empty);
        QCOMPARE(recentMenuFiles(*window), QStringList { QStringLiteral("sample.ndjson") });
        QCOMPARE(AppSettings(m_settingsFile).recentFiles().paths(), QStringList { QFileInfo(kept).absoluteFilePath() });
    }

    void openOptionsSetCursorAndTenant_data()
    {
        QTest::addColumn<qint64>("at");
        QTest::addColumn<QString>("tenant");
        QTest::addColumn<qint64>("cursor");
        QTest::addColumn<QString>("selected");
        QTest::newRow("exact") << qint64(12) << QStringLiteral("t-2") << qint64(12) << QStringLiteral("t-2");
        QTest::newRow("first") << qint64(0) << QStringLiteral("t-1") << qint64(0) << QStringLiteral("t-1");
        QTest::newRow("past the end") << qint64(500) << QString() << qint64(19) << QString();
        QTest::newRow("unknown tenant") << qint64(3) << QStringLiteral("t-9") << qint64(3) << QString();
    }

    void openOptionsSetCursorAndTenant()
    {
        QFETCH(qint64, at);
        QFETCH(QString, tenant);
        QFETCH(qint64, cursor);
        QFETCH(QString, selected);
        auto window = makeWindow();
        OpenOptions options;
        options.cursor = at;
        options.tenant = tenant;
        QVERIFY(openAndWait(*window, dataFile(QStringLiteral("sample.ndjson")), options));
        QCOMPARE(window->document()->cursor(), std::optional<std::int64_t>(cursor));
        QCOMPARE(window->document()->selectedTenant(), selected);
        QCOMPARE(window->document()->state()->sequence, std::optional<std::int64_t>(cursor));
        if (!tenant.isEmpty() && selected.isEmpty())
            QCOMPARE(window->statusBar()->currentMessage(), QStringLiteral("No entry names tenant “%1”.").arg(tenant));
    }

    void cursorIsRememberedPerJournal_data()
    {
        QTest::addColumn<qint64>("remembered");
        QTest::addColumn<bool>("restore");
        QTest::addColumn<qint64>("expected");
        QTest::newRow("restored") << qint64(7) << true << qint64(7);
        QTest::newRow("first entry") << qint64(0) << true << qint64(0);
        QTest::newRow("sequence gone: last entry") << qint64(999) << true << qint64(19);
        QTest::newRow("not asked to restore") << qint64(7) << false << qint64(19);
    }

    void cursorIsRememberedPerJournal()
    {
        QFETCH(qint64, remembered);
        QFETCH(bool, restore);
        QFETCH(qint64, expected);
        const QString path = dataFile(QStringLiteral("sample.ndjson"));
        AppSettings settings(m_settingsFile);
        {
            // Left at remembered by an earlier session (a missing sequence can
            // only come from a journal that changed since: stored directly).
            auto window = makeWindow(&settings);
            QVERIFY(openAndWait(*window, path));
            if (remembered <= 19)
                window->document()->setCursor(remembered);
            window->close();
            if (remembered > 19)
                settings.setLastCursor(path, remembered);
        }
        // Another spelling of the same file finds the same cursor.
        const QString spelled = QFileInfo(path).absolutePath() + QStringLiteral("/../data/sample.ndjson");
        QCOMPARE(AppSettings(m_settingsFile).lastCursor(spelled), std::optional<qint64>(remembered));
        auto window = makeWindow(&settings);
        OpenOptions options;
        options.restoreCursor = restore;
        QVERIFY(openAndWait(*window, spelled, options));
        QCOMPARE(window->document()->cursor(), std::optional<std::int64_t>(expected));
    }

    void dragAndDropOpensOneLocalFile_data()
    {
        QTest::addColumn<QList<QUrl>>("urls");
        QTest::addColumn<bool>("accepted");
        const QUrl sample = QUrl::fromLocalFile(dataFile(QStringLiteral("sample.phyxius.json")));
        QTest::newRow("one file") << QList<QUrl> { sample } << true;
        QTest::newRow("two files") << QList<QUrl> { sample, sample } << false;
        QTest::newRow("remote") << QList<QUrl> { QUrl(QStringLiteral("https://example.com/j.ndjson")) } << false;
        QTest::newRow("folder") << QList<QUrl> { QUrl::fromLocalFile(m_dir.path()) } << false;
    }

    void dragAndDropOpensOneLocalFile()
    {
        QFETCH(QList<QUrl>, urls);
        QFETCH(bool, accepted);
        auto window = makeWindow();
        QVERIFY(window->acceptDrops());
        QMimeData mime;
        mime.setUrls(urls);
        QDragEnterEvent enter(QPoint(50, 50), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
        enter.ignore();
        QApplication::sendEvent(window.get(), &enter);
        QCOMPARE(enter.isAccepted(), accepted);
        QSignalSpy ready(window.get(), &MainWindow::journalReady);
        QDropEvent drop(QPointF(50, 50), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
        drop.ignore();
        QApplication::sendEvent(window.get(), &drop);
        QCOMPARE(drop.isAccepted(), accepted);
        if (!accepted) {
            QCOMPARE(window->document()->status(), JournalDocument::Status::Empty);
            return;
        }
        QTRY_COMPARE_WITH_TIMEOUT(ready.size(), 1, 10000);
        QCOMPARE(window->document()->path(), urls.front().toLocalFile());
        QCOMPARE(window->windowTitle(), QStringLiteral("sample.phyxius.json — 20 entries — Chronodesk"));
    }

    void panelsLiveInDocksListedInTheViewMenu()
    {
        auto window = makeWindow();
        auto* tenants = new QLabel(QStringLiteral("tenants"));
        tenants->setObjectName(QStringLiteral("tenantsPanel"));
        auto* timeline = new QLabel(QStringLiteral("timeline"));
        timeline->setObjectName(QStringLiteral("timeline"));
        auto* log = new QLabel(QStringLiteral("event log"));
        log->setObjectName(QStringLiteral("eventLog"));
        QDockWidget* dock = window->addPanel(tenants, QStringLiteral("Tenants"), Qt::LeftDockWidgetArea);
        QDockWidget* timelineDock = window->setTimeline(timeline);
        window->setCentralPanel(log);
        QCOMPARE(dock->objectName(), QStringLiteral("tenantsPanelDock"));
        QCOMPARE(dock->windowTitle(), QStringLiteral("Tenants"));
        QCOMPARE(window->dockWidgetArea(dock), Qt::LeftDockWidgetArea);
        QCOMPARE(window->dockWidgetArea(timelineDock), Qt::BottomDockWidgetArea);
        QCOMPARE(window->corner(Qt::BottomLeftCorner), Qt::BottomDockWidgetArea);
        QCOMPARE(window->corner(Qt::BottomRightCorner), Qt::BottomDockWidgetArea);
        const auto viewActions = window->findChild<QMenu*>(QStringLiteral("viewMenu"))->actions();
        QCOMPARE(viewActions.size(), 2);
        QCOMPARE(viewActions.at(0)->text(), QStringLiteral("Tenants"));
        QCOMPARE(viewActions.at(1)->text(), QStringLiteral("Timeline"));
        QTRY_VERIFY_WITH_TIMEOUT(dock->isVisible(), 5000);
        viewActions.at(0)->trigger();
        QVERIFY(!dock->isVisible());
        viewActions.at(0)->trigger();
        QVERIFY(dock->isVisible());
        // The central panel replaces the empty state while a journal is open.
        QVERIFY(!log->isVisible());
        QVERIFY(openAndWait(*window, dataFile(QStringLiteral("sample.ndjson"))));
        QVERIFY(log->isVisible());
        window->closeFile();
        QVERIFY(!log->isVisible());
        QCOMPARE(headline(*window), QStringLiteral("Open a journal (Ctrl+O) or drop a file here"));
        QCOMPARE(window->windowTitle(), QStringLiteral("Chronodesk"));
    }

    void layoutRoundTripsThroughSettings_data()
    {
        QTest::addColumn<bool>("settingsFirst"); // before the panels are added, or after
        QTest::newRow("settings then panels") << true;
        QTest::newRow("panels then settings") << false;
    }

    void layoutRoundTripsThroughSettings()
    {
        QFETCH(bool, settingsFirst);
        const auto addPanels = [](MainWindow& window) {
            QList<QDockWidget*> docks;
            for (const char* name : { "alpha", "beta", "gamma" }) {
                auto* panel = new QLabel(QLatin1String(name));
                panel->setObjectName(QLatin1String(name));
                docks.append(window.addPanel(panel, QLatin1String(name), Qt::RightDockWidgetArea));
            }
            return docks;
        };
        AppSettings settings(m_settingsFile);
        {
            auto window = makeWindow(&settings);
            const auto docks = addPanels(*window);
            window->resize(1000, 700);
            window->addDockWidget(Qt::LeftDockWidgetArea, docks.at(1));
            docks.at(2)->hide();
            QTRY_VERIFY_WITH_TIMEOUT(docks.at(0)->isVisible(), 5000); // laid out before it is saved
            window->close();
        }
        AppSettings reread(m_settingsFile);
        auto window = std::make_unique<MainWindow>();
        QList<QDockWidget*> docks;
        if (settingsFirst) {
            window->setSettings(&reread);
            docks = addPanels(*window);
        } else {
            docks = addPanels(*window);
            window->setSettings(&reread);
        }
        window->show();
        QCOMPARE(window->size(), QSize(1000, 700));
        QCOMPARE(window->dockWidgetArea(docks.at(0)), Qt::RightDockWidgetArea);
        QCOMPARE(window->dockWidgetArea(docks.at(1)), Qt::LeftDockWidgetArea);
        QTRY_VERIFY_WITH_TIMEOUT(docks.at(0)->isVisible(), 5000);
        QTRY_VERIFY_WITH_TIMEOUT(docks.at(1)->isVisible(), 5000);
        QVERIFY(!docks.at(2)->isVisible());
    }

private:
    QTemporaryDir m_dir;
    QString m_settingsFile;
    int m_settingsCount = 0;
};

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
