#include "models/ops_process_model.h"

#include <QString>

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
    bool sameShape = processes.size() == m_processes.size();
    for (std::size_t i = 0; sameShape && i < processes.size(); ++i)
        sameShape = processes[i].id == m_processes[i].id && processes[i].parentId == m_processes[i].parentId;
    if (!sameShape) {
        beginResetModel();
        m_processes = std::move(processes);
        m_nodes = buildNodes(m_processes, m_top);
        endResetModel();
        return;
    }
    std::vector<int> changed;
    for (std::size_t i = 0; i < processes.size(); ++i) {
        const auto& a = processes[i];
        const auto& b = m_processes[i];
        if (a.status != b.status || a.restarts != b.restarts || a.restartsInWindow != b.restartsInWindow
            || a.restartBudget != b.restartBudget || a.mailboxDepth != b.mailboxDepth || a.lastError != b.lastError
            || a.restartPending != b.restartPending || a.name != b.name)
            changed.push_back(int(i));
    }
    m_processes = std::move(processes);
    for (int n : changed) {
        const Node& node = m_nodes[std::size_t(n)];
        const QModelIndex first = createIndex(node.row, 0, quintptr(n));
        Q_EMIT dataChanged(first, first.siblingAtColumn(ColumnCount - 1));
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
