// The live demo through the main window, offscreen: Demo menu, forms, the
// operations view, restart markers on the timeline, follow mode, and the
// journal the demo wrote (replay equals the live view, the verifier is clean).

#include "engine/history/history.h"
#include "engine/history/state_output.h"
#include "engine/history/verifier.h"
#include "engine/runtime/scaled_clock.h"
#include "engine/store/entry_source.h"
#include "models/demo_feed.h"
#include "models/engine_host.h"
#include "models/event_log_model.h"
#include "models/journal_document.h"
#include "models/ops_process_model.h"
#include "models/ops_sessions_model.h"
#include "models/timeline_model.h"
#include "ui/demo/demo_control_panel.h"
#include "ui/demo/demo_controller.h"
#include "ui/demo/operations_panel.h"
#include "ui/mainwindow.h"
#include "ui/panels/event_log_panel.h"
#include "ui/timeline/timeline_scrubber.h"
#include "ui/workbench.h"

#include <QAction>
#include <QComboBox>
#include <QDockWidget>
#include <QFileInfo>
#include <QLabel>
#include <QLineEdit>
#include <QMenuBar>
#include <QPushButton>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeView>

using cd::models::EngineHost;
using cd::models::JournalDocument;
using cd::models::OpsProcessModel;

namespace {

constexpr int Patience = 30000; // ms; a safety net, never what decides

QModelIndex tenantRow(const QAbstractItemModel& model, const QString& tenant)
{
    const auto found = model.match(
        model.index(0, 0), OpsProcessModel::TenantIdRole, tenant, 1, Qt::MatchExactly | Qt::MatchRecursive);
    return found.isEmpty() ? QModelIndex() : found.first();
}

std::int64_t lastSequence(const JournalDocument& document)
{
    const auto history = document.history();
    if (!history)
        return -1;
    const auto view = history->view();
    return view.index().empty() ? -1 : view.index().sequence(view.index().size() - 1);
}

std::int64_t entryCount(const JournalDocument& document)
{
    const auto history = document.history();
    return history ? std::int64_t(history->size()) : 0;
}

// The state at sequence replayed from the file alone.
std::string replayedStateJson(const QString& path, std::int64_t sequence)
{
    std::string error;
    auto source = cd::store::openEntrySource(path.toStdString(), {}, error);
    if (!source)
        return "unreadable: " + error;
    cd::history::History history;
    const auto built = history.build(*source);
    if (!built.ok())
        return "bad build: " + built.problem();
    return cd::history::stateJson(history.stateAt(sequence), history.pool());
}

} // namespace

class TestDemoApp : public QObject {
    Q_OBJECT

private:
    struct Window {
        cd::ui::MainWindow main;
        cd::ui::Workbench bench;
        Window()
        {
            main.setErrorDialogsEnabled(false);
            bench = cd::ui::installWorkbench(main);
            main.document()->setIndexCacheDirectory(QString());
            main.resize(1400, 900);
            main.show();
        }
    };

    template <typename T>
    static T* child(QWidget& root, const char* name)
    {
        return root.findChild<T*>(QLatin1String(name));
    }

    // Presses the demo form's button for a DemoControlPanel command (its enum value).
    static void press(QWidget& panel, int command)
    {
        auto* button = child<QPushButton>(panel, QStringLiteral("demoCommand%1").arg(command).toLatin1().constData());
        QVERIFY(button && button->isEnabled());
        QTest::mouseClick(button, Qt::LeftButton);
    }

private Q_SLOTS:
    void demoRunsThroughTheMainWindow()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("live.db"));
        Window w;
        auto* demo = w.bench.demo;
        auto* document = w.main.document();
        QVERIFY(demo);

        // The Demo menu is there; the demo docks stay hidden until a demo runs.
        auto* menu = w.main.findChild<QMenu*>(QStringLiteral("demoMenu"));
        QVERIFY(menu);
        auto* stopAction = menu->findChild<QAction*>(QStringLiteral("demoStopAction"));
        auto* pauseAction = menu->findChild<QAction*>(QStringLiteral("demoPauseAction"));
        QVERIFY(stopAction && pauseAction && !stopAction->isEnabled());
        auto* demoDock = w.main.findChild<QDockWidget*>(QStringLiteral("demoPanelDock"));
        auto* opsDock = w.main.findChild<QDockWidget*>(QStringLiteral("operationsPanelDock"));
        QVERIFY(demoDock && opsDock);
        QVERIFY(!demoDock->isVisible() && !opsDock->isVisible());

        EngineHost::StartOptions options;
        options.journalPath = path;
        options.seed = 5;
        options.speed = 3600; // the scenario keeps adding entries for the whole test
        QSignalSpy started(demo, &cd::ui::DemoController::started);
        QVERIFY(demo->startDemo(options));
        QVERIFY(started.wait(Patience));
        QVERIFY(stopAction->isEnabled() && demoDock->isVisible() && opsDock->isVisible());
        QTRY_COMPARE_WITH_TIMEOUT(document->status(), JournalDocument::Status::Ready, Patience);
        QCOMPARE(document->path(), path);

        // Create a tenant through the form.
        QWidget& panel = *demo->controlPanel();
        child<QLineEdit>(panel, "demoTenant")->setText(QStringLiteral("acme"));
        child<QLineEdit>(panel, "demoUser")->setText(QStringLiteral("owner"));
        child<QComboBox>(panel, "demoPlan")->setCurrentIndex(0); // starter: 5 users besides the owner
        press(panel, 0);
        QTRY_VERIFY_WITH_TIMEOUT(demo->controlPanel()->feedback().startsWith(QStringLiteral("Accepted")), Patience);
        // The new tenant reaches the document, live.
        QTRY_VERIFY_WITH_TIMEOUT(bool(document->history()->view().find("acme")) && document->followsEnd(), Patience);

        // Invite past the starter plan's limit: the refusal shows usage of limit
        // (the sixth invite reports 6 users against 5).
        QString refusal;
        int accepted = 0;
        for (int i = 1; i <= 7 && refusal.isEmpty(); ++i) {
            child<QLineEdit>(panel, "demoUser")->setText(QStringLiteral("u-%1").arg(i));
            child<QLineEdit>(panel, "demoEmail")->setText(QStringLiteral("u%1@acme.test").arg(i));
            press(panel, 1);
            QTRY_VERIFY_WITH_TIMEOUT(demo->controlPanel()->feedback() != QStringLiteral("Sent…"), Patience);
            if (demo->controlPanel()->feedback().startsWith(QStringLiteral("Refused")))
                refusal = demo->controlPanel()->feedback();
            else
                ++accepted;
        }
        QCOMPARE(accepted, 5);
        QVERIFY2(refusal.contains(QStringLiteral("(6 of 5)")), qPrintable(refusal));

        // Crash acme's process from the operations view (its tab raised: a
        // hidden view leaves its tables alone); the next command restarts it.
        opsDock->raise();
        auto* ops = demo->operationsPanel();
        auto* model = ops->processModel();
        auto* tree = child<QTreeView>(*ops, "processTree");
        QTRY_VERIFY_WITH_TIMEOUT(tenantRow(*model, QStringLiteral("acme")).isValid(), Patience);
        tree->setCurrentIndex(tenantRow(*model, QStringLiteral("acme")));
        QSignalSpy restarts(demo, &cd::ui::DemoController::restartObserved);
        QTest::mouseClick(child<QPushButton>(*ops, "crashProcessButton"), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(
            child<QLabel>(*ops, "operationsStatus")->text().startsWith(QStringLiteral("Crash injected")), Patience);
        child<QLineEdit>(panel, "demoUser")->setText(QStringLiteral("owner"));
        press(panel, 4); // record usage: the message the process crashes on
        QTRY_VERIFY_WITH_TIMEOUT(!restarts.isEmpty(), Patience);
        QCOMPARE(restarts.first().at(0).toString(), QStringLiteral("acme"));
        QTRY_VERIFY_WITH_TIMEOUT(tenantRow(*model, QStringLiteral("acme"))
                                     .siblingAtColumn(OpsProcessModel::RestartsColumn)
                                     .data()
                                     .toString()
                                     .startsWith(QStringLiteral("1")),
            Patience);
        // Against the budget: one restart in all, shown with the restarts in
        // the current 60 s window of five (at x3600 the window is 17 ms of real
        // time, so it may already have passed when the snapshot is taken).
        const QString budget = tenantRow(*model, QStringLiteral("acme"))
                                   .siblingAtColumn(OpsProcessModel::RestartsColumn)
                                   .data()
                                   .toString();
        QVERIFY2(QRegularExpression(QStringLiteral("^1 \\([01] of 5 in 60 s\\)$")).match(budget).hasMatch(),
            qPrintable(budget));
        // The restart is on the timeline at the journal's last sequence then.
        const auto markers = w.bench.timeline->model()->restartMarkers();
        QCOMPARE(markers.size(), std::size_t(1));
        QCOMPARE(markers.front(), restarts.first().at(1).toLongLong());
        QVERIFY(markers.front() <= lastSequence(*document));
        // State intact: the restarted process still knows its five users.
        child<QLineEdit>(panel, "demoUser")->setText(QStringLiteral("u-late"));
        child<QLineEdit>(panel, "demoEmail")->setText(QStringLiteral("late@acme.test"));
        QTRY_VERIFY_WITH_TIMEOUT(tenantRow(*model, QStringLiteral("acme"))
                                     .siblingAtColumn(OpsProcessModel::StatusColumn)
                                     .data()
                                     .toString()
                                     .startsWith(QStringLiteral("running")),
            Patience);
        press(panel, 1);
        QTRY_VERIFY_WITH_TIMEOUT(demo->controlPanel()->feedback().contains(QStringLiteral("(6 of 5)")), Patience);

        // A session connected through the form shows among the live sessions
        // (u-1 activated first: only members connect).
        child<QLineEdit>(panel, "demoUser")->setText(QStringLiteral("u-1"));
        press(panel, 2);
        QTRY_VERIFY_WITH_TIMEOUT(demo->controlPanel()->feedback() != QStringLiteral("Sent…"), Patience);
        QVERIFY2(demo->controlPanel()->feedback().startsWith(QStringLiteral("Accepted")),
            qPrintable(demo->controlPanel()->feedback()));
        child<QLineEdit>(panel, "demoSession")->setText(QStringLiteral("s-live"));
        press(panel, 8);
        QTRY_VERIFY_WITH_TIMEOUT(demo->controlPanel()->feedback() != QStringLiteral("Sent…"), Patience);
        QVERIFY2(demo->controlPanel()->feedback().startsWith(QStringLiteral("Accepted")),
            qPrintable(demo->controlPanel()->feedback()));
        auto* sessions = ops->sessionsModel();
        QTRY_VERIFY_WITH_TIMEOUT(!sessions
                                      ->match(sessions->index(0, cd::models::OpsSessionsModel::SessionColumn),
                                          Qt::DisplayRole, QStringLiteral("s-live"), 1, Qt::MatchExactly)
                                      .isEmpty(),
            Patience);
        const QModelIndex liveSession = sessions
                                            ->match(sessions->index(0, cd::models::OpsSessionsModel::SessionColumn),
                                                Qt::DisplayRole, QStringLiteral("s-live"), 1, Qt::MatchExactly)
                                            .first();
        QCOMPARE(liveSession.siblingAtColumn(cd::models::OpsSessionsModel::TenantColumn).data().toString(),
            QStringLiteral("acme"));
        QCOMPARE(liveSession.siblingAtColumn(cd::models::OpsSessionsModel::UserColumn).data().toString(),
            QStringLiteral("u-1"));
        QVERIFY(!liveSession.siblingAtColumn(cd::models::OpsSessionsModel::LastSeenColumn).data().toString().isEmpty());

        // Following live: the cursor sits on the last entry as entries arrive,
        // and the event log shows every entry.
        auto* log = child<cd::ui::EventLogPanel>(w.main, "eventLogPanel");
        QVERIFY(log);
        const std::int64_t before = entryCount(*document);
        QTRY_VERIFY_WITH_TIMEOUT(entryCount(*document) > before + 10, Patience);
        QTRY_VERIFY_WITH_TIMEOUT(
            document->cursor() == lastSequence(*document) && log->model()->rowCount() == int(entryCount(*document)),
            Patience);
        auto* live = child<QLabel>(w.main, "liveDemoLabel");
        QVERIFY(live && live->text().contains(QStringLiteral("following")));

        // Moving the cursor back stops following; the platform runs on.
        const std::int64_t back = entryCount(*document) / 2;
        document->setCursorPosition(back);
        QVERIFY(!document->followsEnd());
        const std::int64_t held = entryCount(*document);
        QTRY_VERIFY_WITH_TIMEOUT(entryCount(*document) > held + 10, Patience);
        QCOMPARE(document->cursorPosition(), back);
        QVERIFY(demo->isRunning());
        QVERIFY(live->text().contains(QStringLiteral("held")));

        // The live state at the held cursor equals the file replayed to the same sequence.
        QTRY_VERIFY_WITH_TIMEOUT(
            document->state() && std::int64_t(document->state()->entryCount) == back + 1, Patience);
        const std::int64_t sequence = *document->cursor();
        const std::string shown = cd::history::stateJson(*document->state(), document->history()->pool());

        // Stop from the menu: bounded, the journal committed, the verifier clean.
        QSignalSpy stopped(demo, &cd::ui::DemoController::stopped);
        stopAction->trigger();
        QCOMPARE(stopped.count(), 1);
        QVERIFY(!demo->isRunning());
        QCOMPARE(replayedStateJson(path, sequence), shown);

        std::string error;
        cd::store::SourceOptions so;
        so.checkOrder = false;
        auto source = cd::store::openEntrySource(path.toStdString(), so, error);
        QVERIFY2(source, error.c_str());
        cd::history::VerifyReport report;
        QVERIFY2(cd::history::verifyJournal(*source, report, error), error.c_str());
        QCOMPARE(report.errors.size(), std::size_t(0));
        QCOMPARE(report.entries, entryCount(*document));
    }

    void continueDemoGoesOnWritingTheJournal()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("again.db"));
        Window w;
        auto* demo = w.bench.demo;
        auto* document = w.main.document();
        EngineHost::StartOptions options;
        options.journalPath = path;
        options.speed = cd::rt::ScaledClock::kFastest;
        options.runScenario = false;
        QSignalSpy started(demo, &cd::ui::DemoController::started);
        QVERIFY(demo->startDemo(options));
        QVERIFY(started.wait(Patience));
        QSignalSpy replies(demo->host(), &EngineHost::commandFinished);
        demo->host()->createTenant(QStringLiteral("acme"), cd::platform::Plan::Pro, QStringLiteral("owner"));
        QVERIFY(replies.wait(Patience));
        QVERIFY(demo->stopDemo());
        QTRY_VERIFY_WITH_TIMEOUT(
            document->status() == JournalDocument::Status::Ready && entryCount(*document) > 0, Patience);
        const std::int64_t first = entryCount(*document);

        // Continue: the old entries are indexed from the file, new ones follow.
        QVERIFY(demo->continueDemo(path, cd::rt::ScaledClock::kFastest));
        QVERIFY(started.wait(Patience));
        replies.clear();
        demo->host()->inviteUser(
            QStringLiteral("acme"), QStringLiteral("u-1"), QStringLiteral("u1@acme.test"), cd::platform::Role::User);
        QVERIFY(replies.wait(Patience));
        QVERIFY(replies.first().at(1).value<cd::live::CommandResult>().accepted); // acme was rebuilt
        QTRY_VERIFY_WITH_TIMEOUT(entryCount(*document) > first && document->followsEnd(), Patience);
        QVERIFY(demo->stopDemo());
        QTRY_COMPARE_WITH_TIMEOUT(document->status(), JournalDocument::Status::Ready, Patience);

        std::string error;
        cd::store::SourceOptions so;
        so.checkOrder = false;
        auto source = cd::store::openEntrySource(path.toStdString(), so, error);
        QVERIFY2(source, error.c_str());
        cd::history::VerifyReport report;
        QVERIFY2(cd::history::verifyJournal(*source, report, error), error.c_str());
        QCOMPARE(report.errors.size(), std::size_t(0));
        QCOMPARE(report.entries, entryCount(*document));

        // A journal the demo did not write is refused and left alone.
        const QString evidence = qEnvironmentVariable("CHRONODESK_TEST_DATA") + QStringLiteral("/sample.ndjson");
        QSignalSpy failed(demo, &cd::ui::DemoController::failed);
        QVERIFY(demo->continueDemo(evidence, 60));
        QVERIFY(failed.wait(Patience));
        QVERIFY(failed.first().at(0).toString().contains(evidence));
        QVERIFY(!demo->isRunning());
    }

    void openingAnotherJournalStopsTheDemo()
    {
        QTemporaryDir dir;
        Window w;
        EngineHost::StartOptions options;
        options.journalPath = dir.filePath(QStringLiteral("first.db"));
        options.runScenario = false;
        QSignalSpy started(w.bench.demo, &cd::ui::DemoController::started);
        QVERIFY(w.bench.demo->startDemo(options));
        QVERIFY(started.wait(Patience));
        QTRY_COMPARE_WITH_TIMEOUT(w.main.document()->status(), JournalDocument::Status::Ready, Patience);

        const QString other = qEnvironmentVariable("CHRONODESK_TEST_DATA") + QStringLiteral("/sample.ndjson");
        QSignalSpy stopped(w.bench.demo, &cd::ui::DemoController::stopped);
        w.main.openFile(other);
        QCOMPARE(stopped.count(), 1);
        QVERIFY(!w.bench.demo->isRunning());
        QTRY_COMPARE_WITH_TIMEOUT(w.main.document()->status(), JournalDocument::Status::Ready, Patience);
        QCOMPARE(w.main.document()->path(), other);
        QVERIFY(!w.bench.demo->feed()->isFollowing());
    }

    void closingTheWindowStopsThePlatform()
    {
        QTemporaryDir dir;
        Window w;
        EngineHost::StartOptions options;
        options.journalPath = dir.filePath(QStringLiteral("closing.db"));
        options.speed = cd::rt::ScaledClock::kFastest;
        QSignalSpy started(w.bench.demo, &cd::ui::DemoController::started);
        QVERIFY(w.bench.demo->startDemo(options));
        QVERIFY(started.wait(Patience));
        QSignalSpy stopped(w.bench.demo, &cd::ui::DemoController::stopped);
        QVERIFY(w.main.close());
        QCOMPARE(stopped.count(), 1);
        QVERIFY(!w.bench.demo->isRunning());
        // Committed: the journal reads back and verifies.
        std::string error;
        cd::store::SourceOptions so;
        so.checkOrder = false;
        auto source = cd::store::openEntrySource(options.journalPath.toStdString(), so, error);
        QVERIFY2(source, error.c_str());
        cd::history::VerifyReport report;
        QVERIFY2(cd::history::verifyJournal(*source, report, error), error.c_str());
        QCOMPARE(report.errors.size(), std::size_t(0));
    }

    // The demo journal leaves no -wal/-shm behind: the platform's writer
    // closes while the window still reads the file, so the feed keeps a
    // read-write connection until the document lets go of it.
    void stoppedDemoJournalLosesItsSideFiles_data()
    {
        QTest::addColumn<bool>("closeWindow");
        QTest::newRow("document closed") << false;
        QTest::newRow("window closed") << true;
    }

    void stoppedDemoJournalLosesItsSideFiles()
    {
        QFETCH(bool, closeWindow);
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("sides.db"));
        const auto sideFiles = [&path]() {
            return int(QFileInfo::exists(path + QStringLiteral("-wal")))
                + int(QFileInfo::exists(path + QStringLiteral("-shm")));
        };
        {
            Window w;
            EngineHost::StartOptions options;
            options.journalPath = path;
            options.speed = cd::rt::ScaledClock::kFastest;
            options.runScenario = false;
            QSignalSpy started(w.bench.demo, &cd::ui::DemoController::started);
            QVERIFY(w.bench.demo->startDemo(options));
            QVERIFY(started.wait(Patience));
            QTRY_COMPARE_WITH_TIMEOUT(w.main.document()->status(), JournalDocument::Status::Ready, Patience);
            QSignalSpy replies(w.bench.demo->host(), &EngineHost::commandFinished);
            w.bench.demo->host()->createTenant(
                QStringLiteral("acme"), cd::platform::Plan::Pro, QStringLiteral("owner"));
            QVERIFY(replies.wait(Patience));
            QTRY_VERIFY_WITH_TIMEOUT(entryCount(*w.main.document()) > 0, Patience);
            QVERIFY(sideFiles() > 0); // written live in WAL mode
            QVERIFY(w.bench.demo->stopDemo());
            // The document still shows the journal: the files stay while it reads.
            QCOMPARE(w.main.document()->path(), path);
            if (!closeWindow) {
                w.main.document()->close();
                QTRY_COMPARE_WITH_TIMEOUT(sideFiles(), 0, Patience);
            }
        }
        QTRY_COMPARE_WITH_TIMEOUT(sideFiles(), 0, Patience);
        // Nothing was lost on the way: the journal reads back and verifies.
        std::string error;
        cd::store::SourceOptions so;
        so.checkOrder = false;
        auto source = cd::store::openEntrySource(path.toStdString(), so, error);
        QVERIFY2(source, error.c_str());
        cd::history::VerifyReport report;
        QVERIFY2(cd::history::verifyJournal(*source, report, error), error.c_str());
        QCOMPARE(report.errors.size(), std::size_t(0));
        QVERIFY(report.entries > 0);
    }

    void menuSpeedAndPauseReachThePlatform()
    {
        QTemporaryDir dir;
        Window w;
        auto* host = w.bench.demo->host();
        EngineHost::StartOptions options;
        options.journalPath = dir.filePath(QStringLiteral("speed.db"));
        options.speed = 60;
        options.runScenario = false;
        QSignalSpy started(w.bench.demo, &cd::ui::DemoController::started);
        QVERIFY(w.bench.demo->startDemo(options));
        QVERIFY(started.wait(Patience));
        auto* menu = w.main.findChild<QMenu*>(QStringLiteral("demoMenu"));
        auto* max = menu->findChild<QAction*>(QStringLiteral("demoSpeedMax"));
        auto* pause = menu->findChild<QAction*>(QStringLiteral("demoPauseAction"));
        auto* combo = w.bench.demo->controlPanel()->findChild<QComboBox*>(QStringLiteral("demoSpeed"));
        QVERIFY(max && pause && combo);
        QVERIFY(menu->findChild<QAction*>(QStringLiteral("demoSpeed60"))->isChecked());
        max->trigger();
        QCOMPARE(host->speed(), cd::rt::ScaledClock::kFastest);
        QCOMPARE(combo->currentData().toDouble(), cd::rt::ScaledClock::kFastest);
        pause->trigger();
        QCOMPARE(host->speed(), 0.0);
        QVERIFY(pause->isChecked());
        pause->trigger();
        QCOMPARE(host->speed(), cd::rt::ScaledClock::kFastest);
        QVERIFY(w.bench.demo->stopDemo());
    }
};

QTEST_MAIN(TestDemoApp)
#include "tst_demo_app.moc"
