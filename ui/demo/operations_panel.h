#pragma once

#include "models/engine_host.h"

#include <QWidget>

#include <optional>

class QLabel;
class QPushButton;
class QTabWidget;
class QTableView;
class QTreeView;

namespace cd::models {
class EngineHost;
class JournalDocument;
class OpsFiguresModel;
class OpsProcessModel;
class OpsSessionsModel;
} // namespace cd::models

namespace cd::ui {

// The live platform's operations view: the supervision tree (status,
// restarts in the current window against the budget, mailbox depth, last
// error), "Crash process" on the selected tenant, the live sessions (tenant,
// session, user, last seen) and the engine figures, all from EngineHost
// snapshots. While the panel is hidden in a shown window (another dock tab
// on top) snapshots wait: the latest is applied when it shows.
class OperationsPanel : public QWidget {
    Q_OBJECT
public:
    OperationsPanel(models::EngineHost* host, models::JournalDocument* document, QWidget* parent = nullptr);

    models::OpsProcessModel* processModel() const { return m_processes; }
    models::OpsFiguresModel* figuresModel() const { return m_figures; }
    models::OpsSessionsModel* sessionsModel() const { return m_sessions; }

    // The tenant of the selected process; empty when none is selected.
    QString selectedTenant() const;
    // Crashes the selected tenant's process (the button).
    void crashSelected();

protected:
    void showEvent(QShowEvent* event) override;

private:
    void onSnapshot(const models::EngineSnapshot& snapshot);
    void updateButton();

    models::EngineHost* m_host;
    models::OpsProcessModel* m_processes;
    models::OpsFiguresModel* m_figures;
    models::OpsSessionsModel* m_sessions;
    QTreeView* m_tree;
    QTableView* m_sessionView;
    QTabWidget* m_tabs; // engine figures | live sessions
    QTableView* m_figureView;
    QPushButton* m_crash;
    QLabel* m_status;
    quint64 m_crashRequest = 0;
    std::optional<models::EngineSnapshot> m_deferred; // arrived while hidden
};

} // namespace cd::ui
