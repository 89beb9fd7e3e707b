#pragma once

#include "engine/runtime/process_types.h"

#include <QAbstractItemModel>

#include <vector>

namespace cd::models {

// The supervision tree of the live platform (EngineHost snapshots): one row
// per process under its parent. Snapshots change rows in place: dataChanged
// for the processes that changed, new processes inserted as their parent's
// last child; only a process that went away or changed parent resets. Views
// keep selection, expansion and scrolling while tenants come and go.
class OpsProcessModel : public QAbstractItemModel {
    Q_OBJECT
public:
    enum Column { NameColumn, StatusColumn, RestartsColumn, MailboxColumn, ErrorColumn, ColumnCount };
    enum Role { SortRole = Qt::UserRole, ProcessIdRole, TenantIdRole };

    explicit OpsProcessModel(QObject* parent = nullptr);

    // Processes depth first, parents before children (PlatformApi::processTree).
    void setProcesses(std::vector<rt::ProcessInfo> processes);
    // The restart budget shown next to the restart count for processes that
    // report none themselves (platform.md: 5 in 60 s). A row reads "total
    // (restarts in the current window of budget in window)".
    void setRestartBudget(std::int64_t maxRestarts, std::int64_t windowMs);

    QModelIndex index(int row, int column, const QModelIndex& parent = {}) const override;
    QModelIndex parent(const QModelIndex& child) const override;
    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    struct Node {
        int parent = -1; // index into m_nodes; -1: top level
        int row = 0; // row under its parent
        std::vector<int> children;
    };
    static std::vector<Node> buildNodes(const std::vector<rt::ProcessInfo>& processes, std::vector<int>& top);
    int nodeOf(const QModelIndex& index) const;

    std::vector<rt::ProcessInfo> m_processes;
    std::vector<Node> m_nodes;
    std::vector<int> m_top;
    std::int64_t m_maxRestarts = 5;
    std::int64_t m_windowMs = 60000;
};

} // namespace cd::models
