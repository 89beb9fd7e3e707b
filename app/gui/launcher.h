#pragma once

#include "app/gui/launch_options.h"

#include <QObject>
#include <QTimer>

namespace cd::models {
class AppSettings;
}
namespace cd::ui {
class DemoController;
class MainWindow;
} // namespace cd::ui

namespace cd::gui {

// Carries out the command line on a main window: opens FILE with --at and
// --tenant, and under --screenshot waits until the journal is indexed, the
// state at the cursor is computed and the panels' background work has
// settled, saves the window as a PNG and ends the event loop with the exit
// code. Interactive runs keep the user's settings; screenshots use none, so
// they are reproducible and leave the user's recent files alone.
//
// With --demo it starts the demo platform instead; under --screenshot the
// demo runs --run-for real milliseconds, then the capture waits until every
// committed batch delivered so far is shown (document indexed, nothing
// waiting in the feed, the state at the cursor computed, the thread pool
// idle) and the platform is stopped before the exit.
class Launcher : public QObject {
    Q_OBJECT
public:
    Launcher(ui::MainWindow* window, models::AppSettings* settings, LaunchOptions options, QObject* parent = nullptr);

    // Needed for --demo (installWorkbench makes it).
    void setDemo(ui::DemoController* demo) { m_demo = demo; }

    // Shows the window and starts opening; call before the event loop runs.
    void start();

private:
    void onJournalReady();
    void onOpenFailed(const QString& path, const QString& reason);
    void waitForState();
    void pollQuiet();
    void capture();
    void startDemo();
    void pollDemo();
    void finish(int code, const QString& message = {});

    ui::MainWindow* m_window;
    ui::DemoController* m_demo = nullptr;
    QTimer m_demoTimer; // polls for the settled demo window
    int m_settledPolls = 0;
    bool m_snapshotAsked = false;
    bool m_snapshotShown = false;
    models::AppSettings* m_settings;
    LaunchOptions m_options;
    QTimer m_quietTimer;
    int m_quietPolls = 0;
    int m_polls = 0;
    bool m_done = false;
};

} // namespace cd::gui
