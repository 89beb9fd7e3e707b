#include "models/ops_process_model.h"

#include <QString>

#include <algorithm>
#include <unordered_map>

namespace cd::models {

namespace {

// Tenant processes are named after their tenant ("tenant:<id>" or the id).
QString tenantOf(const rt::ProcessInfo& p)
{
    const QString name = QString::fromStdString(p.name);
    const qsizetype colon = name.indexOf(QLatin1Char(':'));
    if (name.startsWith(QLatin1String("tenant")) && colon >= 0)
        return name.mid(colon + 1);
    return {};
}

QString statusText(const rt::ProcessInfo& p)
{
    if (p.status == rt::ProcessStatus::Failed)
        return p.restartPending ? QStringLiteral("restarting") : QStringLiteral("failed (gave up)");
    return QString::fromLatin1(rt::statusName(p.status));
}

} // namespace

OpsProcessModel::OpsProcessModel(QObject* parent)
    : QAbstractItemModel(parent)
{ }

std::vector<OpsProcessModel::Node> OpsProcessModel::buildNodes(
    const std::vector<rt::ProcessInfo>& processes, std::vector<int>& top)
{
    std::vector<Node> nodes(processes.size());
    std::unordered_map<std::string, int> byId;
    top.clear();
    for (std::size_t i = 0; i < processes.size(); ++i) {
        const int n = int(i);
        byId.emplace(processes[i].id, n);
        auto parent = byId.find(processes[i].parentId);
        if (processes[i].parentId.empty() || parent == byId.end()) {
            nodes[i].row = int(top.size());
            top.push_back(n);
        } else {
            nodes[i].parent = parent->second;
            auto& siblings = nodes[std::size_t(parent->second)].children;
            nodes[i].row = int(siblings.size());
            siblings.push_back(n);
        }
    }
    return nodes;
}

void OpsProcessModel::setProcesses(std::vector<rt::ProcessInfo> processes)
{
    // Rows keep their place: a process that is still there updates in place
    // (dataChanged), a new one is inserted as the last child of its parent.
    // Only a process that went away or moved to another parent resets.
    std::unordered_map<std::string, int> known;
    for (std::size_t i = 0; i < m_processes.size(); ++i)
        known.emplace(m_processes[i].id, int(i));
    std::vector<int> newOf(m_processes.size(), -1); // old node -> index in processes
    bool reset = m_processes.empty() && !processes.empty();
    std::vector<bool> fresh(processes.size(), false); // ids are moved out below
    std::size_t added = 0;
    for (std::size_t i = 0; i < processes.size() && !reset; ++i) {
        const auto found = known.find(processes[i].id);
        if (found == known.end()) {
            fresh[i] = true;
            ++added;
            continue;
        }
        reset = processes[i].parentId != m_processes[std::size_t(found->second)].parentId;
        newOf[std::size_t(found->second)] = int(i);
    }
    reset = reset || std::count(newOf.begin(), newOf.end(), -1) > 0;
    if (reset) {
        beginResetModel();
        m_processes = std::move(processes);
        m_nodes = buildNodes(m_processes, m_top);
        endResetModel();
        return;
    }
    for (std::size_t n = 0; n < m_processes.size(); ++n) {
        auto& a = processes[std::size_t(newOf[n])];
        const auto& b = m_processes[n];
        const bool changed = a.status != b.status || a.restarts != b.restarts
            || a.restartsInWindow != b.restartsInWindow || a.restartBudget != b.restartBudget
            || a.mailboxDepth != b.mailboxDepth || a.lastError != b.lastError || a.restartPending != b.restartPending
            || a.name != b.name;
        m_processes[n] = std::move(a);
        if (changed) {
            const QModelIndex first = createIndex(m_nodes[n].row, 0, quintptr(n));
            Q_EMIT dataChanged(first, first.siblingAtColumn(ColumnCount - 1));
        }
    }
    if (added == 0)
        return;
    // Parents come before their children (depth first), so each new
    // process's parent is a row already when it is inserted.
    for (std::size_t i = 0; i < processes.size(); ++i) {
        if (!fresh[i])
            continue;
        const int n = int(m_processes.size());
        const auto parent = known.find(processes[i].parentId);
        const int p = processes[i].parentId.empty() || parent == known.end() ? -1 : parent->second;
        const int row = int(p < 0 ? m_top.size() : m_nodes[std::size_t(p)].children.size());
        const QModelIndex parentIndex
            = p < 0 ? QModelIndex() : createIndex(m_nodes[std::size_t(p)].row, 0, quintptr(p));
        beginInsertRows(parentIndex, row, row);
        known.emplace(processes[i].id, n);
        m_processes.push_back(std::move(processes[i]));
        Node node;
        node.parent = p;
        node.row = row;
        m_nodes.push_back(std::move(node));
        (p < 0 ? m_top : m_nodes[std::size_t(p)].children).push_back(n);
        endInsertRows();
    }
}

void OpsProcessModel::setRestartBudget(std::int64_t maxRestarts, std::int64_t windowMs)
{
    m_maxRestarts = maxRestarts;
    m_windowMs = windowMs;
    if (!m_processes.empty()) {
        beginResetModel();
        endResetModel();
    }
}

int OpsProcessModel::nodeOf(const QModelIndex& index) const
{
    return index.isValid() ? int(index.internalId()) : -1;
}

QModelIndex OpsProcessModel::index(int row, int column, const QModelIndex& parent) const
{
    if (row < 0 || column < 0 || column >= ColumnCount)
        return {};
    const int p = nodeOf(parent);
    const auto& list = p < 0 ? m_top : m_nodes[std::size_t(p)].children;
    if (std::size_t(row) >= list.size())
        return {};
    return createIndex(row, column, quintptr(list[std::size_t(row)]));
}

QModelIndex OpsProcessModel::parent(const QModelIndex& child) const
{
    const int n = nodeOf(child);
    if (n < 0)
        return {};
    const int p = m_nodes[std::size_t(n)].parent;
    if (p < 0)
        return {};
    return createIndex(m_nodes[std::size_t(p)].row, 0, quintptr(p));
}

int OpsProcessModel::rowCount(const QModelIndex& parent) const
{
    if (parent.isValid() && parent.column() != 0)
        return 0;
    const int p = nodeOf(parent);
    return int(p < 0 ? m_top.size() : m_nodes[std::size_t(p)].children.size());
}

int OpsProcessModel::columnCount(const QModelIndex&) const
{
    return ColumnCount;
}

QVariant OpsProcessModel::data(const QModelIndex& index, int role) const
{
    const int n = nodeOf(index);
    if (n < 0 || std::size_t(n) >= m_processes.size())
        return {};
    const auto& p = m_processes[std::size_t(n)];
    if (role == ProcessIdRole)
        return QString::fromStdString(p.id);
    if (role == TenantIdRole)
        return tenantOf(p);
    if (role == Qt::DisplayRole || role == SortRole) {
        switch (Column(index.column())) {
        case NameColumn:
            return QString::fromStdString(p.name);
        case StatusColumn:
            return statusText(p);
        case RestartsColumn:
            if (role == SortRole)
                return qint64(p.restarts);
            // The process's own supervisor budget when it reports one.
            return tr("%1 (%2 of %3 in %4 s)")
                .arg(p.restarts)
                .arg(p.restartsInWindow)
                .arg(p.restartBudget > 0 ? p.restartBudget : m_maxRestarts)
                .arg((p.restartBudget > 0 ? p.restartWindowMs : m_windowMs) / 1000);
        case MailboxColumn:
            return qulonglong(p.mailboxDepth);
        case ErrorColumn:
            return QString::fromStdString(p.lastError);
        case ColumnCount:
            break;
        }
    }
    if (role == Qt::TextAlignmentRole && (index.column() == MailboxColumn))
        return int(Qt::AlignRight | Qt::AlignVCenter);
    return {};
}

QVariant OpsProcessModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (Column(section)) {
    case NameColumn:
        return tr("Process");
    case StatusColumn:
        return tr("Status");
    case RestartsColumn:
        return tr("Restarts");
    case MailboxColumn:
        return tr("Mailbox");
    case ErrorColumn:
        return tr("Last error");
    case ColumnCount:
        break;
    }
    return {};
}

} // namespace cd::models
