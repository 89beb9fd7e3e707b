#include "app/gui/launcher.h"

#include "models/app_settings.h"
#include "models/demo_feed.h"
#include "models/journal_document.h"
#include "models/work_pool.h"
#include "ui/demo/demo_controller.h"
#include "ui/mainwindow.h"

#include <QApplication>
#include <QDockWidget>
#include <QTextStream>

#include <QThreadPool>
#include <utility>

namespace cd::gui {

namespace {

// Screenshot settling: the thread pool must stay idle for QuietPolls polls in
// a row (panels post their results back, then maybe start more work). This
// bounds how long a screenshot waits for panels that never go quiet.
constexpr int PollMs = 50;
constexpr int QuietPolls = 4;
constexpr int MaxPolls = 600; // 30 s
// A live demo never goes quiet for long: two settled polls in a row do.
constexpr int DemoSettledPolls = 2;

QString oneLine(QString text)
{
    text.replace(QLatin1Char('\n'), QLatin1Char(' '));
    return text.trimmed();
}

} // namespace

Launcher::Launcher(ui::MainWindow* window, models::AppSettings* settings, LaunchOptions options, QObject* parent)
    : QObject(parent)
    , m_window(window)
    , m_settings(settings)
    , m_options(std::move(options))
{
    m_quietTimer.setInterval(PollMs);
    connect(&m_quietTimer, &QTimer::timeout, this, &Launcher::pollQuiet);
    m_demoTimer.setInterval(PollMs);
    connect(&m_demoTimer, &QTimer::timeout, this, &Launcher::pollDemo);
}

void Launcher::start()
{
    const bool screenshot = !m_options.screenshot.isEmpty();
    if (m_options.demo) {
        startDemo();
        return;
    }
    if (screenshot) {
        m_window->setErrorDialogsEnabled(false);
        connect(m_window, &ui::MainWindow::journalReady, this, &Launcher::onJournalReady);
        connect(m_window, &ui::MainWindow::openFailed, this, &Launcher::onOpenFailed);
    } else {
        m_window->setSettings(m_settings);
    }
    if (m_options.size)
        m_window->resize(*m_options.size);
    m_window->show();

    if (!m_options.file.isEmpty()) {
        ui::OpenOptions open;
        open.cursor = m_options.at;
        open.restoreCursor = false; // the command line's default is the last entry
        open.tenant = m_options.tenant;
        m_window->openFile(m_options.file, open);
    } else if (screenshot) {
        waitForState(); // the empty state
    }
}

void Launcher::startDemo()
{
    const bool screenshot = !m_options.screenshot.isEmpty();
    if (screenshot)
        m_window->setErrorDialogsEnabled(false);
    else
        m_window->setSettings(m_settings);
    if (m_options.size)
        m_window->resize(*m_options.size);
    m_window->show();
    if (!m_demo) {
        finish(2, QStringLiteral("--demo: this window has no demo platform"));
        return;
    }
    if (screenshot) {
        connect(m_demo, &ui::DemoController::failed, this, [this](const QString& reason) {
            finish(2, QStringLiteral("the demo could not start: %1").arg(oneLine(reason)));
        });
        connect(m_window, &ui::MainWindow::openFailed, this, &Launcher::onOpenFailed);
        connect(m_demo, &ui::DemoController::started, this, [this]() {
            // The capture shows the operations view: the live platform at work.
            if (auto* ops = m_window->findChild<QDockWidget*>(QStringLiteral("operationsPanelDock")))
                ops->raise();
            QTimer::singleShot(m_options.runForMs, this, [this]() { m_demoTimer.start(); });
        });
    }
    models::EngineHost::StartOptions start;
    start.journalPath = m_options.demoJournal;
    start.seed = m_options.seed;
    start.speed = m_options.speed;
    if (!m_demo->startDemo(start))
        finish(2, QStringLiteral("the demo could not start"));
}

void Launcher::pollDemo()
{
    if (m_done)
        return;
    ++m_polls;
    auto* document = m_window->document();
    const auto state = document->state();
    const bool settled = document->status() == models::JournalDocument::Status::Ready && m_demo->feed()->waiting() == 0
        && state && std::int64_t(state->entryCount) == document->cursorPosition() + 1 && cd::models::poolsIdle();
    m_settledPolls = settled ? m_settledPolls + 1 : 0;
    if (m_settledPolls < DemoSettledPolls && m_polls < MaxPolls)
        return;
    // The operations view shows the latest snapshot: ask for a fresh one
    // (they come every 250 ms) and capture once it is shown.
    if (!m_snapshotAsked && m_polls < MaxPolls) {
        m_snapshotAsked = true;
        connect(
            m_demo->host(), &models::EngineHost::snapshot, this, [this]() { m_snapshotShown = true; },
            Qt::SingleShotConnection);
        m_demo->host()->requestSnapshot();
        return;
    }
    if (!m_snapshotShown && m_polls < MaxPolls)
        return;
    m_demoTimer.stop();
    // Captured while running: what the window shows of the live demo.
    const bool saved = m_window->grab().save(m_options.screenshot, "PNG");
    const bool stopped = m_demo->stopDemo(5000);
    if (!saved)
        finish(2, QStringLiteral("cannot write the screenshot to %1").arg(m_options.screenshot));
    else if (!stopped)
        finish(2, QStringLiteral("the demo platform did not stop within 5 s"));
    else
        finish(0);
}

void Launcher::onJournalReady()
{
    auto* document = m_window->document();
    if (!m_options.tenant.isEmpty() && document->selectedTenant() != m_options.tenant) {
        finish(1, QStringLiteral("--tenant: no entry of %1 names tenant '%2'").arg(m_options.file, m_options.tenant));
        return;
    }
    connect(document, &models::JournalDocument::stateChanged, this, &Launcher::waitForState);
    waitForState();
}

void Launcher::onOpenFailed(const QString& path, const QString& reason)
{
    // The reader's reason usually names the file already; never twice.
    const QString line = reason.contains(path) ? reason : QStringLiteral("%1: %2").arg(path, reason);
    finish(2, oneLine(line));
}

void Launcher::waitForState()
{
    if (m_done || m_quietTimer.isActive())
        return;
    auto* document = m_window->document();
    if (document->status() == models::JournalDocument::Status::Ready) {
        const auto state = document->state();
        // The state must be the cursor's, not one computed on the way there.
        if (!state || std::int64_t(state->entryCount) != document->cursorPosition() + 1)
            return;
    }
    m_quietPolls = 0;
    m_polls = 0;
    m_quietTimer.start();
}

void Launcher::pollQuiet()
{
    ++m_polls;
    m_quietPolls = cd::models::poolsIdle() ? m_quietPolls + 1 : 0;
    if (m_quietPolls >= QuietPolls || m_polls >= MaxPolls) {
        m_quietTimer.stop();
        capture();
    }
}

void Launcher::capture()
{
    if (!m_window->grab().save(m_options.screenshot, "PNG")) {
        finish(2, QStringLiteral("cannot write the screenshot to %1").arg(m_options.screenshot));
        return;
    }
    finish(0);
}

void Launcher::finish(int code, const QString& message)
{
    if (m_done)
        return;
    m_done = true;
    m_quietTimer.stop();
    if (!message.isEmpty())
        QTextStream(stderr) << "chronodesk: " << message << '\n';
    // Posted: exit() before exec() runs would be lost.
    QMetaObject::invokeMethod(
        qApp, [code] { QApplication::exit(code); }, Qt::QueuedConnection);
}

} // namespace cd::gui
