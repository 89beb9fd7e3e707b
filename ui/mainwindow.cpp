#include "ui/mainwindow.h"

#include "models/app_settings.h"
#include "models/journal_document.h"
#include "ui/cursor_status.h"
#include "ui/empty_state.h"
#include "ui/open_progress.h"
#include "ui/recent_files_menu.h"

#include <QApplication>
#include <QCloseEvent>
#include <QDateTime>
#include <QDir>
#include <QDockWidget>
#include <QFileDialog>
#include <QFileInfo>
#include <QLabel>
#include <QLocale>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QShowEvent>
#include <QStackedWidget>
#include <QStatusBar>

#include <algorithm>
#include <numeric>

namespace cd::ui {

namespace {

using Status = models::JournalDocument::Status;

// Bumped when the dock layout changes incompatibly: an old state is then ignored.
constexpr int LayoutVersion = 1;
const QString CancelledReason = QStringLiteral("cancelled");

// The one local file a drag carries, or empty.
QString droppedFile(const QMimeData* mime)
{
    if (!mime || !mime->hasUrls())
        return {};
    const QList<QUrl> urls = mime->urls();
    if (urls.size() != 1 || !urls.front().isLocalFile())
        return {};
    const QString path = urls.front().toLocalFile();
    return QFileInfo(path).isFile() ? path : QString();
}

QString utc(std::int64_t wallMs)
{
    return QDateTime::fromMSecsSinceEpoch(wallMs, Qt::UTC).toString(QStringLiteral("yyyy-MM-dd HH:mm 'UTC'"));
}

// One line about an indexed journal for the central area.
QString journalSummary(const history::History& history)
{
    const auto view = history.view();
    const auto& index = view.index();
    const QLocale locale;
    if (index.empty())
        return MainWindow::tr("The journal holds no entries.");
    const std::size_t last = index.size() - 1;
    return MainWindow::tr("%1 entries · sequences %2–%3 · %4 tenants · %5 to %6")
        .arg(locale.toString(qint64(index.size())), QString::number(index.sequence(0)),
            QString::number(index.sequence(last)), locale.toString(qint64(index.tenantLogs().size())),
            utc(index.wallMs(0)), utc(index.runningMaxWallMs(last)));
}

bool hasSequence(const history::History& history, qint64 sequence)
{
    const auto view = history.view();
    const auto position = view.index().positionAtOrBefore(sequence);
    return position && view.index().sequence(*position) == sequence;
}

bool namesTenant(const history::History& history, const QString& tenant)
{
    const auto view = history.view();
    const auto id = view.find(tenant.toStdString());
    return id && view.index().tenantLog(id) != nullptr;
}

} // namespace

MainWindow::MainWindow(QWidget* parent)
    : QMainWindow(parent)
    , m_document(new models::JournalDocument(this))
    , m_central(new QStackedWidget(this))
    , m_emptyState(new EmptyState(m_central))
{
    setObjectName(QStringLiteral("mainWindow"));
    setAcceptDrops(true);
    setDockNestingEnabled(true);
    // The bottom area (the timeline) spans the full width under the side docks.
    setCorner(Qt::BottomLeftCorner, Qt::BottomDockWidgetArea);
    setCorner(Qt::BottomRightCorner, Qt::BottomDockWidgetArea);
    m_central->setObjectName(QStringLiteral("centralStack"));
    m_central->addWidget(m_emptyState);
    setCentralWidget(m_central);
    setupMenus();

    auto* readOnly = new QLabel(tr("Read-only"), this);
    readOnly->setObjectName(QStringLiteral("readOnlyLabel"));
    readOnly->setToolTip(tr("Chronodesk never writes to the journals it opens."));
    statusBar()->addPermanentWidget(new OpenProgress(m_document, this));
    statusBar()->addPermanentWidget(new CursorStatus(m_document, this));
    statusBar()->addPermanentWidget(readOnly);

    connect(m_emptyState, &EmptyState::openRequested, this, &MainWindow::showOpenDialog);
    connect(m_emptyState, &EmptyState::recentFileRequested, this, &MainWindow::openRecent);
    connect(m_document, &models::JournalDocument::ready, this, &MainWindow::onReady);
    connect(m_document, &models::JournalDocument::failed, this, &MainWindow::onFailed);
    connect(m_document, &models::JournalDocument::opened, this, &MainWindow::refresh);
    connect(m_document, &models::JournalDocument::closed, this, &MainWindow::refresh);
    refresh();
    resize(1280, 800);
}

MainWindow::~MainWindow() = default;

void MainWindow::setupMenus()
{
    auto* file = menuBar()->addMenu(tr("&File"));
    QAction* open = file->addAction(tr("&Open Journal…"), this, &MainWindow::showOpenDialog);
    open->setObjectName(QStringLiteral("openAction"));
    open->setShortcut(QKeySequence::Open);
    m_recentMenu = new RecentFilesMenu(this);
    file->addMenu(m_recentMenu);
    connect(m_recentMenu, &RecentFilesMenu::fileRequested, this, &MainWindow::openRecent);
    connect(m_recentMenu, &RecentFilesMenu::clearRequested, this, [this] { setRecentFiles({}); });
    file->addSeparator();
    m_exportAction = file->addAction(tr("&Export…"), this, &MainWindow::exportRequested);
    m_exportAction->setObjectName(QStringLiteral("exportAction"));
    m_exportAction->setShortcut(Qt::CTRL | Qt::Key_E);
    file->addSeparator();
    m_closeAction = file->addAction(tr("&Close Journal"), this, &MainWindow::closeFile);
    m_closeAction->setObjectName(QStringLiteral("closeAction"));
    m_closeAction->setShortcut(QKeySequence::Close);
    QAction* quit = file->addAction(tr("&Quit"), this, &QWidget::close);
    quit->setObjectName(QStringLiteral("quitAction"));
    quit->setShortcut(QKeySequence::Quit);

    m_viewMenu = menuBar()->addMenu(tr("&View"));
    m_viewMenu->setObjectName(QStringLiteral("viewMenu"));

    auto* tools = menuBar()->addMenu(tr("&Tools"));
    m_sqlAction = tools->addAction(tr("&SQL Console…"), this, &MainWindow::sqlConsoleRequested);
    m_sqlAction->setObjectName(QStringLiteral("sqlConsoleAction"));

    m_helpMenu = menuBar()->addMenu(tr("&Help"));
    m_helpMenu->addAction(tr("&About Chronodesk"), this, [this] {
        QMessageBox::about(this, tr("About Chronodesk"),
            tr("Chronodesk %1\nTime-travel debugger for event-sourced SaaS journals.")
                .arg(QApplication::applicationVersion()));
    });
}

void MainWindow::setSettings(models::AppSettings* settings)
{
    m_settings = settings;
    if (!m_settings)
        return;
    const QByteArray geometry = m_settings->windowGeometry();
    if (!geometry.isEmpty())
        restoreGeometry(geometry);
    // Docks that exist now are placed; later ones through restoreDockWidget().
    const QByteArray state = m_settings->windowState();
    if (!state.isEmpty())
        m_layoutRestored = restoreState(state, LayoutVersion);
    setRecentFiles(m_settings->recentFiles().paths());
}

void MainWindow::saveSettings()
{
    if (!m_settings)
        return;
    rememberCursor();
    m_settings->setWindowGeometry(saveGeometry());
    m_settings->setWindowState(saveState(LayoutVersion));
    m_settings->sync();
}

void MainWindow::rememberCursor()
{
    const auto cursor = m_document->cursor();
    if (m_settings && m_document->status() == Status::Ready && cursor)
        m_settings->setLastCursor(m_document->path(), *cursor);
}

void MainWindow::setRecentFiles(const QStringList& paths)
{
    if (m_settings)
        m_settings->setRecentFiles(models::RecentFiles(paths));
    m_recentMenu->setPaths(paths);
    m_recentMenu->setEnabled(m_settings != nullptr);
    m_emptyState->setRecentFiles(paths);
}

void MainWindow::showOpenDialog()
{
    const QStringList recent = m_recentMenu->paths();
    const QString start = recent.isEmpty() ? QString() : QFileInfo(recent.front()).absolutePath();
    const QString filters = tr("Journals (*.sqlite *.db *.ndjson *.jsonl *.json);;"
                               "SQLite journals (*.sqlite *.db);;"
                               "NDJSON journals (*.ndjson *.jsonl);;"
                               "Phyxius exports (*.json);;"
                               "All files (*)");
    const QString path = QFileDialog::getOpenFileName(this, tr("Open Journal"), start, filters);
    if (!path.isEmpty())
        openFile(path);
}

void MainWindow::openRecent(const QString& path)
{
    if (QFileInfo(path).isFile()) {
        openFile(path);
        return;
    }
    models::RecentFiles recent(m_recentMenu->paths());
    recent.remove(path);
    setRecentFiles(recent.paths());
    showProblem(QStringLiteral("missingRecentBox"), tr("“%1” no longer exists.").arg(QFileInfo(path).fileName()),
        tr("%1\n\nIt has been removed from the recent journals.").arg(QDir::toNativeSeparators(path)));
}

void MainWindow::openFile(const QString& path, const OpenOptions& options)
{
    rememberCursor();
    m_pending = options;
    m_lastFailure.clear();
    m_document->open(path);
}

void MainWindow::closeFile()
{
    rememberCursor();
    m_lastFailure.clear();
    m_document->close();
}

void MainWindow::onReady()
{
    const auto history = m_document->history();
    const QString path = m_document->path();
    if (m_pending.cursor) {
        m_document->setCursor(*m_pending.cursor);
    } else if (m_pending.restoreCursor && m_settings) {
        const auto remembered = m_settings->lastCursor(path);
        if (remembered && hasSequence(*history, *remembered))
            m_document->setCursor(*remembered);
    }
    if (!m_pending.tenant.isEmpty()) {
        if (namesTenant(*history, m_pending.tenant))
            m_document->setSelectedTenant(m_pending.tenant);
        else
            statusBar()->showMessage(tr("No entry names tenant “%1”.").arg(m_pending.tenant), 10000);
    }
    m_pending = {};
    if (m_settings) {
        models::RecentFiles recent(m_recentMenu->paths());
        recent.add(path);
        setRecentFiles(recent.paths());
    }
    refresh();
    Q_EMIT journalReady();
}

void MainWindow::onFailed(const QString& reason)
{
    const QString path = m_document->path();
    const QString name = QFileInfo(path).fileName();
    m_lastFailure = reason;
    m_pending = {};
    refresh();
    if (reason == CancelledReason) {
        statusBar()->showMessage(tr("Opening %1 was cancelled.").arg(name), 10000);
    } else {
        statusBar()->showMessage(tr("Could not open %1.").arg(name), 10000);
        if (m_errorDialogs)
            showProblem(QStringLiteral("openErrorBox"), tr("Could not open “%1”.").arg(name),
                tr("%1\n\n%2").arg(QDir::toNativeSeparators(path), reason));
    }
    Q_EMIT openFailed(path, reason);
}

void MainWindow::showProblem(const QString& objectName, const QString& text, const QString& detail)
{
    // Window-modal and not exec()'d: indexing and tests go on behind it.
    auto* box = new QMessageBox(QMessageBox::Warning, tr("Chronodesk"), text, QMessageBox::Ok, this);
    box->setObjectName(objectName);
    box->setInformativeText(detail);
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->open();
}

void MainWindow::refresh()
{
    const Status status = m_document->status();
    const QString name = QFileInfo(m_document->path()).fileName();
    const auto history = m_document->history();
    switch (status) {
    case Status::Empty:
        setWindowTitle(tr("Chronodesk"));
        m_emptyState->setMessage(tr("Open a journal (Ctrl+O) or drop a file here"),
            tr("SQLite, NDJSON or Phyxius JSON journals. Chronodesk opens them read-only and never changes them."));
        break;
    case Status::Indexing:
        setWindowTitle(tr("%1 — indexing… — Chronodesk").arg(name));
        m_emptyState->setMessage(tr("Indexing %1…").arg(name),
            tr("The panels fill in as entries are indexed. Cancel in the status bar stops it."));
        break;
    case Status::Ready:
        setWindowTitle(tr("%1 — %2 entries — Chronodesk").arg(name, QLocale().toString(qint64(history->size()))));
        m_emptyState->setMessage(name, journalSummary(*history));
        break;
    case Status::Failed:
        setWindowTitle(tr("Chronodesk"));
        if (m_lastFailure == CancelledReason)
            m_emptyState->setMessage(
                tr("Opening %1 was cancelled").arg(name), tr("Open a journal (Ctrl+O) or drop a file here."));
        else
            m_emptyState->setMessage(tr("Could not open %1").arg(name), m_lastFailure, true);
        break;
    }
    const bool open = status == Status::Ready || status == Status::Indexing;
    QWidget* shown = open && m_centralPanel ? m_centralPanel.data() : m_emptyState;
    // A stack is as wide as its widest page: the hidden one is left out, so
    // the empty state's text does not squeeze the docks beside the event log.
    for (int i = 0; i < m_central->count(); ++i) {
        QWidget* page = m_central->widget(i);
        const auto policy = page == shown ? QSizePolicy::Preferred : QSizePolicy::Ignored;
        page->setSizePolicy(policy, policy);
    }
    m_central->setCurrentWidget(shown);
    if (shown == m_centralPanel && isVisible() && !m_defaultDockSizes.isEmpty()) {
        // The first journal shown: the docks get their sizes beside the
        // event log (the empty state, wider, had them squeezed).
        applyDefaultDockSizes();
        m_defaultDockSizes.clear();
    }
    m_exportAction->setEnabled(status == Status::Ready);
    m_sqlAction->setEnabled(status == Status::Ready);
    m_closeAction->setEnabled(status != Status::Empty);
}

QDockWidget* MainWindow::makeDock(QWidget* panel, const QString& title)
{
    Q_ASSERT_X(!panel->objectName().isEmpty(), "MainWindow", "panels need an objectName for the saved layout");
    auto* dock = new QDockWidget(title, this);
    dock->setObjectName(panel->objectName() + QStringLiteral("Dock"));
    dock->setWidget(panel);
    m_viewMenu->addAction(dock->toggleViewAction());
    return dock;
}

QDockWidget* MainWindow::addPanel(QWidget* panel, const QString& title, Qt::DockWidgetArea area)
{
    QDockWidget* dock = makeDock(panel, title);
    // Where the saved layout had it, else in area.
    if (!restoreDockWidget(dock))
        addDockWidget(area, dock);
    return dock;
}

QDockWidget* MainWindow::setTimeline(QWidget* timeline)
{
    QDockWidget* dock = makeDock(timeline, tr("Timeline"));
    dock->setFeatures(QDockWidget::DockWidgetMovable | QDockWidget::DockWidgetFloatable);
    if (!restoreDockWidget(dock))
        addDockWidget(Qt::BottomDockWidgetArea, dock);
    return dock;
}

void MainWindow::setCentralPanel(QWidget* panel)
{
    if (m_centralPanel)
        m_central->removeWidget(m_centralPanel);
    m_centralPanel = panel;
    if (panel)
        m_central->addWidget(panel);
    refresh();
}

QMenu* MainWindow::insertMenu(const QString& title)
{
    auto* menu = new QMenu(title, this);
    menuBar()->insertMenu(m_helpMenu->menuAction(), menu);
    return menu;
}

void MainWindow::setDefaultDockSizes(
    const QList<QDockWidget*>& docks, const QList<int>& sizes, Qt::Orientation orientation)
{
    resizeDocks(docks, sizes, orientation);
    m_defaultDockSizes.append({ docks, sizes, orientation });
}

void MainWindow::showEvent(QShowEvent* event)
{
    QMainWindow::showEvent(event);
    // Not when the window system shows it again (restored from minimised):
    // the user may have resized the docks meanwhile.
    if (!event->spontaneous())
        applyDefaultDockSizes();
}

void MainWindow::applyDefaultDockSizes()
{
    if (m_layoutRestored)
        return;
    // The central panel keeps room for its first columns (the event log's
    // sequence, time, tenant and type): the last dock of a row gives way.
    constexpr int CentralRoom = 580;
    constexpr int SmallestDock = 300;
    for (DockSizes d : m_defaultDockSizes) {
        if (d.orientation == Qt::Horizontal && d.sizes.size() > 1) {
            const int spare = width() - CentralRoom - std::accumulate(d.sizes.begin(), d.sizes.end(), 0);
            if (spare < 0)
                d.sizes.last() = std::max(SmallestDock, d.sizes.last() + spare);
        }
        resizeDocks(d.docks, d.sizes, d.orientation);
    }
}

void MainWindow::closeEvent(QCloseEvent* event)
{
    saveSettings();
    event->accept();
}

void MainWindow::dragEnterEvent(QDragEnterEvent* event)
{
    if (!droppedFile(event->mimeData()).isEmpty())
        event->acceptProposedAction();
}

void MainWindow::dropEvent(QDropEvent* event)
{
    const QString path = droppedFile(event->mimeData());
    if (path.isEmpty())
        return;
    event->acceptProposedAction();
    openFile(path);
}

} // namespace cd::ui
