#include "ui/demo/demo_controller.h"

#include "engine/runtime/scaled_clock.h"
#include "models/demo_feed.h"
#include "models/journal_document.h"
#include "models/timeline_model.h"
#include "ui/demo/demo_control_panel.h"
#include "ui/demo/operations_panel.h"
#include "ui/mainwindow.h"

#include <QAction>
#include <QActionGroup>
#include <QDateTime>
#include <QDir>
#include <QDockWidget>
#include <QEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QLabel>
#include <QMenu>
#include <QStandardPaths>
#include <QStatusBar>

namespace cd::ui {

namespace {

QString speedLabel(double speed)
{
    return speed >= rt::ScaledClock::kFastest ? DemoController::tr("As fast as possible")
                                              : DemoController::tr("×%1").arg(speed, 0, 'g', 6);
}

// The last sequence the document shows, or nullopt while it has none.
std::optional<qint64> lastShownSequence(const models::JournalDocument& document)
{
    const auto history = document.history();
    if (!history)
        return std::nullopt;
    const auto view = history->view();
    const auto& index = view.index();
    if (index.empty())
        return std::nullopt;
    return index.sequence(index.size() - 1);
}

} // namespace

DemoController::DemoController(MainWindow* window, models::TimelineModel* timeline)
    : QObject(window)
    , m_window(window)
    , m_timeline(timeline)
    , m_host(new models::EngineHost(this))
    , m_feed(new models::DemoFeed(m_host, window->document(), this))
    , m_control(new DemoControlPanel(m_host, window->document(), window))
    , m_operations(new OperationsPanel(m_host, window->document(), window))
{
    m_control->setJournalDirectory(defaultJournalDirectory());
    m_liveLabel = new QLabel(window);
    m_liveLabel->setObjectName(QStringLiteral("liveDemoLabel"));
    m_liveLabel->hide();
    window->statusBar()->addPermanentWidget(m_liveLabel);
    setupMenu();

    connect(m_host, &models::EngineHost::started, this, [this](const QString& path) {
        m_restarts.clear();
        if (m_timeline)
            m_timeline->clearRestartMarkers();
        for (QDockWidget* dock : std::as_const(m_docks)) {
            dock->show();
            dock->raise();
        }
        m_window->statusBar()->showMessage(tr("Live demo writing %1").arg(QDir::toNativeSeparators(path)), 10000);
        updateActions();
        Q_EMIT started(path);
    });
    connect(m_host, &models::EngineHost::failed, this, [this](const QString& reason) {
        m_window->statusBar()->showMessage(tr("The demo could not start: %1").arg(reason), 15000);
        // The engine thread has ended by itself; release it.
        m_host->stop(1000);
        Q_EMIT failed(reason);
    });
    connect(m_host, &models::EngineHost::stopped, this, [this]() {
        updateActions();
        Q_EMIT stopped();
    });
    connect(m_host, &models::EngineHost::speedChanged, this, [this]() { updateActions(); });
    connect(m_host, &models::EngineHost::snapshot, this,
        [this](const models::EngineSnapshot& snapshot) { onSnapshot(snapshot); });
    models::JournalDocument* document = window->document();
    connect(document, &models::JournalDocument::opened, this, [this](const QString& path) { onDocumentOpened(path); });
    connect(document, &models::JournalDocument::cursorChanged, this, [this]() { updateLiveLabel(); });
    connect(document, &models::JournalDocument::closed, this, [this]() { onDocumentOpened({}); });
    window->installEventFilter(this);
    updateActions();
}

DemoController::~DemoController()
{
    // The window's other children (the document, the status bar's label) may
    // be gone already: nothing of ours reacts to the last signals.
    m_host->disconnect(this);
    m_host->stop();
}

void DemoController::setupMenu()
{
    m_menu = m_window->insertMenu(tr("&Demo"));
    m_menu->setObjectName(QStringLiteral("demoMenu"));
    m_newAction = m_menu->addAction(tr("&New Demo"), this, [this]() {
        models::EngineHost::StartOptions options;
        options.speed = m_resumeSpeed;
        startDemo(options);
    });
    m_newAction->setObjectName(QStringLiteral("demoNewAction"));
    m_newAction->setToolTip(
        tr("Start the demo platform on a new journal in %1").arg(QDir::toNativeSeparators(defaultJournalDirectory())));
    m_continueAction = m_menu->addAction(tr("&Continue Demo…"), this, [this]() {
        const QString path = QFileDialog::getOpenFileName(m_window, tr("Continue Demo Journal"),
            defaultJournalDirectory(), tr("Demo journals (*.db *.sqlite);;All files (*)"));
        if (!path.isEmpty())
            continueDemo(path, m_resumeSpeed);
    });
    m_continueAction->setObjectName(QStringLiteral("demoContinueAction"));
    m_continueAction->setToolTip(tr("Go on writing a journal an earlier demo wrote"));
    m_menu->addSeparator();
    m_pauseAction = m_menu->addAction(tr("&Pause"));
    m_pauseAction->setObjectName(QStringLiteral("demoPauseAction"));
    m_pauseAction->setCheckable(true);
    connect(m_pauseAction, &QAction::triggered, this,
        [this](bool pause) { m_host->setSpeed(pause ? 0.0 : m_resumeSpeed); });
    auto* speedMenu = m_menu->addMenu(tr("&Speed"));
    speedMenu->setObjectName(QStringLiteral("demoSpeedMenu"));
    m_speedGroup = new QActionGroup(this);
    for (const double speed : speeds()) {
        QAction* action = speedMenu->addAction(speedLabel(speed));
        action->setCheckable(true);
        action->setData(speed);
        action->setObjectName(speed >= rt::ScaledClock::kFastest ? QStringLiteral("demoSpeedMax")
                                                                 : QStringLiteral("demoSpeed%1").arg(speed));
        m_speedGroup->addAction(action);
        connect(action, &QAction::triggered, this, [this, speed]() {
            m_resumeSpeed = speed;
            if (m_host->isRunning())
                m_host->setSpeed(speed);
            updateActions();
        });
    }
    m_menu->addSeparator();
    m_stopAction = m_menu->addAction(tr("S&top Demo"), this, [this]() { stopDemo(); });
    m_stopAction->setObjectName(QStringLiteral("demoStopAction"));
}

void DemoController::setDocks(QList<QDockWidget*> docks)
{
    m_docks = std::move(docks);
    for (QDockWidget* dock : std::as_const(m_docks))
        dock->setVisible(m_host->isRunning());
}

QList<double> DemoController::speeds()
{
    return { 1.0, 60.0, 3600.0, rt::ScaledClock::kFastest };
}

QString DemoController::defaultJournalDirectory()
{
    const QString data = QStandardPaths::writableLocation(QStandardPaths::AppLocalDataLocation);
    if (!data.isEmpty()) {
        const QString demos = data + QStringLiteral("/demos");
        if (QDir().mkpath(demos) && QFileInfo(demos).isWritable())
            return demos;
    }
    return QDir::tempPath();
}

QString DemoController::newJournalPath(const QString& directory, quint64 seed)
{
    const QString stamp = QDateTime::currentDateTimeUtc().toString(QStringLiteral("yyyyMMdd-HHmmss"));
    const QDir dir(directory);
    QString path = dir.filePath(QStringLiteral("demo-%1-seed%2.db").arg(stamp).arg(seed));
    for (int n = 2; QFileInfo::exists(path); ++n)
        path = dir.filePath(QStringLiteral("demo-%1-seed%2-%3.db").arg(stamp).arg(seed).arg(n));
    return path;
}

bool DemoController::startDemo(models::EngineHost::StartOptions options)
{
    if (m_host->isRunning())
        return false;
    if (options.journalPath.isEmpty())
        options.journalPath = newJournalPath(defaultJournalDirectory(), options.seed);
    if (options.speed > 0)
        m_resumeSpeed = options.speed;
    const bool ok = m_host->start(options);
    updateActions();
    return ok;
}

bool DemoController::continueDemo(const QString& path, double speed, quint64 seed)
{
    models::EngineHost::StartOptions options;
    options.journalPath = path;
    options.continueJournal = true;
    options.speed = speed;
    options.seed = seed;
    return startDemo(options);
}

bool DemoController::stopDemo(int timeoutMs)
{
    if (!m_host->isRunning())
        return true;
    const bool ok = m_host->stop(timeoutMs);
    m_window->statusBar()->showMessage(ok ? tr("Demo stopped; its journal is committed.")
                                          : tr("The demo platform did not stop within %1 ms.").arg(timeoutMs),
        10000);
    return ok;
}

bool DemoController::isRunning() const
{
    return m_host->isRunning();
}

QString DemoController::journalPath() const
{
    return m_host->journalPath();
}

bool DemoController::eventFilter(QObject* watched, QEvent* event)
{
    // Closing the window ends the platform first (bounded), so its journal is
    // committed before the application quits.
    if (watched == m_window && event->type() == QEvent::Close)
        m_host->stop(3000);
    return QObject::eventFilter(watched, event);
}

void DemoController::onDocumentOpened(const QString& path)
{
    // Another journal replaces the demo's in the window: the demo stops (its
    // journal is kept, committed) rather than running on unseen.
    if (m_host->isRunning() && !m_feed->isFollowing() && path != m_host->journalPath()) {
        const QString demo = QFileInfo(m_host->journalPath()).fileName();
        stopDemo();
        m_window->statusBar()->showMessage(
            tr("The demo was stopped to show another journal; %1 is kept.").arg(demo), 10000);
    }
    updateLiveLabel();
}

void DemoController::onSnapshot(const models::EngineSnapshot& snapshot)
{
    const auto shown = lastShownSequence(*m_window->document());
    const qint64 at = shown ? *shown : snapshot.counters.lastSequence;
    for (const auto& tenant : snapshot.tenants) {
        const QString id = QString::fromStdString(tenant.tenantId);
        const auto known = m_restarts.constFind(id);
        const qint64 before = known == m_restarts.constEnd() ? 0 : *known;
        m_restarts.insert(id, tenant.restarts);
        if (tenant.restarts <= before || at < 0)
            continue;
        // One marker per restart seen (several can fall between two polls).
        for (qint64 i = before; i < tenant.restarts; ++i) {
            if (m_timeline)
                m_timeline->addRestartMarker(at);
            Q_EMIT restartObserved(id, at);
        }
    }
}

void DemoController::updateActions()
{
    const bool running = m_host->isRunning();
    const double speed = running ? m_host->speed() : m_resumeSpeed;
    m_newAction->setEnabled(!running);
    m_continueAction->setEnabled(!running);
    m_stopAction->setEnabled(running);
    m_pauseAction->setEnabled(running);
    m_pauseAction->setChecked(running && speed == 0.0);
    if (speed > 0)
        m_resumeSpeed = speed;
    for (QAction* action : m_speedGroup->actions())
        action->setChecked(action->data().toDouble() == m_resumeSpeed);
    updateLiveLabel();
}

void DemoController::updateLiveLabel()
{
    const bool live = m_host->isRunning() && m_feed->isFollowing();
    m_liveLabel->setVisible(live);
    if (!live)
        return;
    const bool following = m_window->document()->followsEnd();
    m_liveLabel->setText(following ? tr("● Live: following") : tr("● Live: cursor held (platform runs on)"));
    m_liveLabel->setToolTip(following ? tr("The cursor follows the demo journal as it grows.")
                                      : tr("Move the cursor to the last entry (End) to follow again."));
}

} // namespace cd::ui
