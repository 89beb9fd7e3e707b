#include "models/ops_figures_model.h"

#include <QLocale>

namespace cd::models {

OpsFiguresModel::OpsFiguresModel(QObject* parent)
    : QAbstractTableModel(parent)
{ }

void OpsFiguresModel::update(const live::PlatformCounters& counters, qint64 realMs)
{
    if (m_last && realMs > m_lastRealMs) {
        const double seconds = double(realMs - m_lastRealMs) / 1000.0;
        m_values[MessagesPerSecond] = double(counters.messagesHandled - m_last->messagesHandled) / seconds;
        m_values[EntriesPerSecond] = double(counters.entriesCommitted - m_last->entriesCommitted) / seconds;
    }
    m_values[CommitLatency] = double(counters.lastCommitLatencyUs) / 1000.0;
    m_values[MaxCommitLatency] = double(counters.maxCommitLatencyUs) / 1000.0;
    m_values[Tenants] = double(counters.tenants);
    m_values[Restarts] = double(counters.restarts);
    m_values[LiveSessions] = double(counters.liveSessions);
    m_values[Commits] = double(counters.commits);
    m_last = counters;
    m_lastRealMs = realMs;
    Q_EMIT dataChanged(index(0, ValueColumn), index(RowCount - 1, ValueColumn));
}

double OpsFiguresModel::value(Row row) const
{
    return m_values[row];
}

int OpsFiguresModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : RowCount;
}

int OpsFiguresModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant OpsFiguresModel::data(const QModelIndex& index, int role) const
{
    if (!index.isValid() || index.row() >= RowCount)
        return {};
    const Row row = Row(index.row());
    if (role == SortRole)
        return index.column() == NameColumn ? QVariant(index.row()) : QVariant(m_values[row]);
    if (role == Qt::TextAlignmentRole && index.column() == ValueColumn)
        return int(Qt::AlignRight | Qt::AlignVCenter);
    if (role != Qt::DisplayRole)
        return {};
    if (index.column() == NameColumn) {
        static const char* const names[RowCount] = { "Messages/s", "Entries/s", "Commit latency", "Max commit latency",
            "Tenants", "Process restarts", "Live sessions", "Commits" };
        return tr(names[row]);
    }
    const QLocale c = QLocale::c();
    switch (row) {
    case MessagesPerSecond:
    case EntriesPerSecond:
        return c.toString(m_values[row], 'f', 1);
    case CommitLatency:
    case MaxCommitLatency:
        return QString(c.toString(m_values[row], 'f', 2) + QStringLiteral(" ms"));
    default:
        return c.toString(qint64(m_values[row]));
    }
}

QVariant OpsFiguresModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    return section == NameColumn ? tr("Figure") : tr("Value");
}

} // namespace cd::models
