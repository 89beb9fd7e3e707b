#pragma once

#include "models/engine_host.h"

#include <QHash>
#include <QObject>
#include <QPointer>

class QAction;
class QActionGroup;
class QDockWidget;
class QLabel;
class QMenu;

namespace cd::models {
class DemoFeed;
class TimelineModel;
} // namespace cd::models

namespace cd::ui {

class DemoControlPanel;
class MainWindow;
class OperationsPanel;

// The live demo inside the main window: owns the EngineHost and the DemoFeed
// that makes the demo journal the window's document, adds the Demo menu (new,
// continue, pause/resume, speed, stop), shows the demo docks while a demo
// runs, marks observed tenant restarts on the timeline, and stops the
// platform (bounded) when the window closes or another journal is opened
// there (the demo journal stays on disk, committed).
class DemoController : public QObject {
    Q_OBJECT
public:
    // timeline may be null (no restart markers then).
    DemoController(MainWindow* window, models::TimelineModel* timeline);
    ~DemoController() override;

    models::EngineHost* host() const { return m_host; }
    models::DemoFeed* feed() const { return m_feed; }
    DemoControlPanel* controlPanel() const { return m_control; }
    OperationsPanel* operationsPanel() const { return m_operations; }

    // Docks shown while a demo runs (the panels' docks, made by the workbench).
    void setDocks(QList<QDockWidget*> docks);

    // Starts a new demo journal at options.journalPath (empty: a new file under
    // defaultJournalDirectory()). False when a demo already runs; a platform
    // that cannot start reports failed().
    bool startDemo(models::EngineHost::StartOptions options);
    // Continues the demo journal at path (written by an earlier demo): the
    // platform rebuilds its tenants from it and the scenario goes on. A
    // journal the demo did not write is refused (failed()) and left untouched.
    bool continueDemo(const QString& path, double speed, quint64 seed = 1);
    // Stops the platform (bounded; the journal is committed). False when it
    // did not end within timeoutMs.
    bool stopDemo(int timeoutMs = 5000);
    bool isRunning() const;
    QString journalPath() const;

    // Where new demo journals go: <AppLocalDataLocation>/demos (e.g.
    // ~/.local/share/Chronodesk/demos), or the temp dir when that cannot be made.
    static QString defaultJournalDirectory();
    // A file name there that does not exist yet: demo-<UTC time>-seed<N>.db.
    static QString newJournalPath(const QString& directory, quint64 seed);

    // The speeds the menu offers (the last one is "as fast as possible").
    static QList<double> speeds();

Q_SIGNALS:
    void started(const QString& path);
    void failed(const QString& reason);
    void stopped();
    // A tenant process restart was seen; a marker went at sequence.
    void restartObserved(const QString& tenantId, qint64 sequence);

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    void setupMenu();
    void onSnapshot(const models::EngineSnapshot& snapshot);
    void onDocumentOpened(const QString& path);
    void updateActions();
    void updateLiveLabel();

    MainWindow* m_window;
    QPointer<models::TimelineModel> m_timeline;
    models::EngineHost* m_host;
    models::DemoFeed* m_feed;
    DemoControlPanel* m_control;
    OperationsPanel* m_operations;
    QList<QDockWidget*> m_docks;
    QHash<QString, qint64> m_restarts; // per tenant, as last seen
    double m_resumeSpeed = 3600.0;

    QMenu* m_menu = nullptr;
    QAction* m_newAction = nullptr;
    QAction* m_continueAction = nullptr;
    QAction* m_pauseAction = nullptr;
    QAction* m_stopAction = nullptr;
    QActionGroup* m_speedGroup = nullptr;
    QLabel* m_liveLabel = nullptr;
};

} // namespace cd::ui
