#include "ui/demo/operations_panel.h"

#include "models/engine_host.h"
#include "models/ops_figures_model.h"
#include "models/ops_process_model.h"
#include "models/ops_sessions_model.h"

#include <QElapsedTimer>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QPushButton>
#include <QTableView>
#include <QTreeView>
#include <QVBoxLayout>

namespace cd::ui {

namespace {

// One monotonic reading for the figures' rates (real time describes the
// machine here; it decides nothing).
qint64 realNowMs()
{
    static QElapsedTimer timer = []() {
        QElapsedTimer t;
        t.start();
        return t;
    }();
    return timer.elapsed();
}

} // namespace

OperationsPanel::OperationsPanel(models::EngineHost* host, models::JournalDocument* document, QWidget* parent)
    : QWidget(parent)
    , m_host(host)
    , m_processes(new models::OpsProcessModel(this))
    , m_figures(new models::OpsFiguresModel(this))
    , m_sessions(new models::OpsSessionsModel(this))
    , m_tree(new QTreeView(this))
    , m_sessionView(new QTableView(this))
    , m_sessionTitle(new QLabel(tr("Live sessions"), this))
    , m_figureView(new QTableView(this))
    , m_crash(new QPushButton(tr("Crash process"), this))
    , m_status(new QLabel(this))
{
    Q_UNUSED(document); // the panel shows the engine, not the journal
    setObjectName(QStringLiteral("operationsPanel"));
    m_tree->setObjectName(QStringLiteral("processTree"));
    m_tree->setModel(m_processes);
    m_tree->setUniformRowHeights(true);
    m_tree->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_tree->header()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_tree->header()->setStretchLastSection(true);
    m_figureView->setObjectName(QStringLiteral("engineFigures"));
    m_figureView->setModel(m_figures);
    m_figureView->verticalHeader()->hide();
    m_figureView->verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 8);
    m_figureView->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_figureView->horizontalHeader()->setStretchLastSection(true);
    m_figureView->setSelectionMode(QAbstractItemView::NoSelection);
    m_sessionView->setObjectName(QStringLiteral("liveSessions"));
    m_sessionView->setModel(m_sessions);
    m_sessionView->verticalHeader()->hide();
    m_sessionView->verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 8);
    m_sessionView->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_sessionView->horizontalHeader()->setStretchLastSection(true);
    m_sessionView->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_sessionTitle->setObjectName(QStringLiteral("liveSessionsTitle"));
    m_crash->setObjectName(QStringLiteral("crashProcessButton"));
    m_status->setObjectName(QStringLiteral("operationsStatus"));
    m_status->setWordWrap(true);

    // Squeezed docks scroll (the workbench wraps them) rather than shrink the
    // tables to a row or two: the tree keeps ~7 rows, sessions 4, the figures all 8.
    const int row = fontMetrics().height() + 8;
    m_tree->setMinimumHeight(8 * row);
    m_sessionView->setMinimumHeight(5 * row);
    m_figureView->setMinimumHeight((models::OpsFiguresModel::RowCount + 1) * row + 4);
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(m_crash);
    buttons->addWidget(m_status, 1);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(new QLabel(tr("Supervision tree"), this));
    layout->addWidget(m_tree, 3);
    layout->addLayout(buttons);
    layout->addWidget(m_sessionTitle);
    layout->addWidget(m_sessionView, 2);
    layout->addWidget(new QLabel(tr("Engine figures"), this));
    layout->addWidget(m_figureView, 2);

    connect(m_host, &models::EngineHost::snapshot, this, [this](const models::EngineSnapshot& s) { onSnapshot(s); });
    connect(m_tree->selectionModel(), &QItemSelectionModel::selectionChanged, this, [this]() { updateButton(); });
    connect(m_processes, &QAbstractItemModel::modelReset, this, [this]() {
        m_tree->expandAll();
        updateButton();
    });
    connect(m_crash, &QPushButton::clicked, this, [this]() { crashSelected(); });
    connect(m_host, &models::EngineHost::commandFinished, this, [this](quint64 id, const live::CommandResult& r) {
        if (id != m_crashRequest)
            return;
        m_status->setText(r.accepted ? tr("Crash injected: the process fails on its next message.")
                                     : tr("Refused: %1").arg(QString::fromStdString(r.refusal)));
    });
    updateButton();
}

QString OperationsPanel::selectedTenant() const
{
    const QModelIndex current = m_tree->selectionModel()->currentIndex();
    return current.isValid() ? current.data(models::OpsProcessModel::TenantIdRole).toString() : QString();
}

void OperationsPanel::crashSelected()
{
    const QString tenant = selectedTenant();
    if (tenant.isEmpty())
        return;
    m_crashRequest = m_host->crashTenant(tenant);
}

void OperationsPanel::onSnapshot(const models::EngineSnapshot& snapshot)
{
    // Keep the selection across resets by process id.
    const QModelIndex current = m_tree->selectionModel()->currentIndex();
    const QString selectedId
        = current.isValid() ? current.data(models::OpsProcessModel::ProcessIdRole).toString() : QString();
    m_processes->setProcesses(snapshot.processes);
    m_figures->update(snapshot.counters, realNowMs());
    m_sessions->setSessions(snapshot.sessions);
    m_sessionTitle->setText(tr("Live sessions (%1)").arg(snapshot.sessions.size()));
    if (!selectedId.isEmpty() && !m_tree->selectionModel()->currentIndex().isValid()) {
        const auto found = m_processes->match(m_processes->index(0, 0), models::OpsProcessModel::ProcessIdRole,
            selectedId, 1, Qt::MatchExactly | Qt::MatchRecursive);
        if (!found.isEmpty())
            m_tree->selectionModel()->setCurrentIndex(
                found.first(), QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    }
}

void OperationsPanel::updateButton()
{
    const QString tenant = selectedTenant();
    m_crash->setEnabled(!tenant.isEmpty());
    m_crash->setToolTip(tenant.isEmpty() ? tr("Select a tenant process") : tr("Crash tenant %1's process").arg(tenant));
}

} // namespace cd::ui
