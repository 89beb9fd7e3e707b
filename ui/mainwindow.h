#pragma once

#include <QMainWindow>
#include <QPointer>

#include <optional>

class QDockWidget;
class QMenu;
class QStackedWidget;

namespace cd::models {
class AppSettings;
class JournalDocument;
} // namespace cd::models

namespace cd::ui {

class EmptyState;
class RecentFilesMenu;

// How a journal starts once indexed (command line, tests).
struct OpenOptions {
    // The cursor goes to the entry at or before this sequence. Without it:
    // the cursor remembered for this journal when the journal still has that
    // exact sequence (and restoreCursor is set), else the last entry.
    std::optional<qint64> cursor;
    bool restoreCursor = true;
    // Selected once indexed, when some entry names it.
    QString tenant;
};

// The debugger's main window. It owns the one JournalDocument every panel
// follows, opens journals (File › Open, Open Recent, drag-and-drop, command
// line), shows indexing progress with Cancel, reports bad files, and hosts
// the panels as dock widgets around a central area. Journals are read-only
// here: nothing in the window writes to them.
class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    explicit MainWindow(QWidget* parent = nullptr);
    ~MainWindow() override;

    models::JournalDocument* document() const { return m_document; }

    // Not owned; must outlive the window. Restores geometry and layout now
    // (docks added later find their place through addPanel) and from then on
    // remembers layout, recent journals and cursors. Without settings the
    // window remembers nothing (screenshots, tests).
    void setSettings(models::AppSettings* settings);
    // Off: a bad file is reported by openFailed() and the status bar only.
    void setErrorDialogsEnabled(bool enabled) { m_errorDialogs = enabled; }

    void openFile(const QString& path, const OpenOptions& options = {});
    void closeFile();

    // Hosts panel in a dock widget named after the panel's objectName (plus
    // "Dock"), so the saved layout finds it again; View lists it.
    QDockWidget* addPanel(QWidget* panel, const QString& title, Qt::DockWidgetArea area);
    // The timeline scrubber: a bottom dock spanning the full width.
    QDockWidget* setTimeline(QWidget* timeline);
    // Shown in the centre while a journal is open (the empty state otherwise).
    void setCentralPanel(QWidget* panel);
    // A new menu-bar menu before Help (e.g. the Demo menu).
    QMenu* insertMenu(const QString& title);
    // Sizes of docks for a window without a saved layout: applied now, when
    // the window is shown (at its size then: a window not sized yet squeezes
    // them into its default size) and when it first shows a journal.
    void setDefaultDockSizes(const QList<QDockWidget*>& docks, const QList<int>& sizes, Qt::Orientation orientation);

    // Geometry, layout and the cursor of the open journal, to the settings.
    void saveSettings();

Q_SIGNALS:
    void exportRequested();
    void sqlConsoleRequested();
    // The journal is indexed and the open options are applied.
    void journalReady();
    void openFailed(const QString& path, const QString& reason);

protected:
    void closeEvent(QCloseEvent* event) override;
    void showEvent(QShowEvent* event) override;
    void dragEnterEvent(QDragEnterEvent* event) override;
    void dropEvent(QDropEvent* event) override;

private:
    void setupMenus();
    void showOpenDialog();
    void openRecent(const QString& path);
    void onReady();
    void onFailed(const QString& reason);
    void rememberCursor();
    void setRecentFiles(const QStringList& paths);
    void refresh();
    void showProblem(const QString& objectName, const QString& text, const QString& detail);
    QDockWidget* makeDock(QWidget* panel, const QString& title);
    void applyDefaultDockSizes();

    models::JournalDocument* m_document;
    models::AppSettings* m_settings = nullptr;
    bool m_errorDialogs = true;
    OpenOptions m_pending;
    struct DockSizes {
        QList<QDockWidget*> docks;
        QList<int> sizes;
        Qt::Orientation orientation;
    };
    QList<DockSizes> m_defaultDockSizes; // until a journal is first shown
    bool m_layoutRestored = false;
    QString m_lastFailure; // reason of the last failed open, for the empty state

    QStackedWidget* m_central;
    EmptyState* m_emptyState;
    QPointer<QWidget> m_centralPanel;
    RecentFilesMenu* m_recentMenu = nullptr;
    QMenu* m_viewMenu = nullptr;
    QMenu* m_helpMenu = nullptr;
    QAction* m_exportAction = nullptr;
    QAction* m_sqlAction = nullptr;
    QAction* m_closeAction = nullptr;
};

} // namespace cd::ui
