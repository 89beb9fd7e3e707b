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
#include <QTabWidget>
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
    , m_tabs(new QTabWidget(this))
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
    m_figureView->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_figureView->horizontalHeader()->setStretchLastSection(true);
    m_figureView->setSelectionMode(QAbstractItemView::NoSelection);
    m_sessionView->setObjectName(QStringLiteral("liveSessions"));
    m_sessionView->setModel(m_sessions);
    m_sessionView->verticalHeader()->hide();
    m_sessionView->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_sessionView->horizontalHeader()->setStretchLastSection(true);
    m_sessionView->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_tabs->setObjectName(QStringLiteral("operationsTabs"));
    m_crash->setObjectName(QStringLiteral("crashProcessButton"));
    m_status->setObjectName(QStringLiteral("operationsStatus"));
    m_status->setWordWrap(true);

    // The figures and the sessions share one tabbed area below the tree: in
    // a 1280x800 window the dock is ~350 px high and three stacked tables
    // left the figures out of sight and the sessions at two rows. Squeezed
    // further, the dock scrolls (the workbench wraps it): the tree keeps ~6
    // rows and the tabs all 8 figures.
    const int row = fontMetrics().height() + 6;
    m_figureView->verticalHeader()->setDefaultSectionSize(row);
    m_sessionView->verticalHeader()->setDefaultSectionSize(row);
    m_tree->setMinimumHeight(6 * row);
    m_figureView->setMinimumHeight((models::OpsFiguresModel::RowCount + 1) * row + 4);
    m_tabs->addTab(m_figureView, tr("Engine figures"));
    m_tabs->addTab(m_sessionView, tr("Live sessions"));
    m_tabs->setDocumentMode(true);
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(m_crash);
    buttons->addWidget(m_status, 1);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(new QLabel(tr("Supervision tree"), this));
    layout->addWidget(m_tree, 3);
    layout->addLayout(buttons);
    layout->addWidget(m_tabs, 2);

    connect(m_host, &models::EngineHost::snapshot, this, [this](const models::EngineSnapshot& s) {
        // Behind another dock tab (or closed) in a shown window nobody sees
        // the tables: keep the latest snapshot and show it when the panel is.
        if (!isVisible() && window()->isVisible()) {
            m_deferred = s;
            return;
        }
        onSnapshot(s);
    });
    connect(
        m_processes, &QAbstractItemModel::rowsInserted, this, [this](const QModelIndex& under, int first, int last) {
            // New processes open like the rest of the tree (expandAll after a reset).
            if (under.isValid())
                m_tree->expand(under);
            for (int r = first; r <= last; ++r)
                m_tree->expand(m_processes->index(r, 0, under));
        });
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
    m_tabs->setTabText(m_tabs->indexOf(m_sessionView), tr("Live sessions (%1)").arg(snapshot.sessions.size()));
    if (!selectedId.isEmpty() && !m_tree->selectionModel()->currentIndex().isValid()) {
        const auto found = m_processes->match(m_processes->index(0, 0), models::OpsProcessModel::ProcessIdRole,
            selectedId, 1, Qt::MatchExactly | Qt::MatchRecursive);
        if (!found.isEmpty())
            m_tree->selectionModel()->setCurrentIndex(
                found.first(), QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    }
}

void OperationsPanel::showEvent(QShowEvent* event)
{
    QWidget::showEvent(event);
    if (m_deferred) {
        const models::EngineSnapshot latest = std::move(*m_deferred);
        m_deferred.reset();
        onSnapshot(latest);
    }
}

void OperationsPanel::updateButton()
{
    const QString tenant = selectedTenant();
    m_crash->setEnabled(!tenant.isEmpty());
    m_crash->setToolTip(tenant.isEmpty() ? tr("Select a tenant process") : tr("Crash tenant %1's process").arg(tenant));
}

} // namespace cd::ui
