#include "ui/panels/tenants_panel.h"

#include "ui/panels/row_state_delegate.h"
#include "ui/panels/table_setup.h"
#include "ui/panels/usage_bar_delegate.h"

#include "models/journal_document.h"
#include "models/tenant_list_model.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QScrollBar>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QVBoxLayout>

#include <algorithm>

namespace cd::ui {

using models::TenantListModel;

TenantsPanel::TenantsPanel(models::JournalDocument* document, QWidget* parent)
    : QWidget(parent)
    , m_document(document)
    , m_model(new TenantListModel(document, this))
    , m_proxy(new QSortFilterProxyModel(this))
    , m_filter(new QLineEdit(this))
    , m_count(new QLabel(this))
    , m_view(new QTableView(this))
{
    setObjectName(QStringLiteral("tenantsPanel"));
    // Connected before the proxy's own connections, so set while it removes.
    connect(m_model, &QAbstractItemModel::rowsAboutToBeRemoved, this, [this]() { m_removingRows = true; });
    connect(m_model, &QAbstractItemModel::rowsRemoved, this, [this]() { m_removingRows = false; });
    m_proxy->setSourceModel(m_model);
    m_proxy->setSortRole(TenantListModel::SortRole);
    m_proxy->setFilterRole(TenantListModel::FilterRole);
    m_proxy->setFilterCaseSensitivity(Qt::CaseInsensitive);
    m_proxy->setSortCaseSensitivity(Qt::CaseInsensitive);

    m_filter->setObjectName(QStringLiteral("tenantFilter"));
    m_filter->setPlaceholderText(tr("Filter by id, plan or status"));
    m_filter->setClearButtonEnabled(true);
    m_count->setObjectName(QStringLiteral("tenantCount"));

    m_view->setObjectName(QStringLiteral("tenantsTable"));
    m_view->setModel(m_proxy);
    setUpTable(m_view);
    m_view->setSortingEnabled(true);
    m_view->sortByColumn(TenantListModel::TenantColumn, Qt::AscendingOrder);
    m_view->setItemDelegate(new RowStateDelegate({ -1, -1, TenantListModel::SuspendedRole }, m_view));
    auto* bars = new UsageBarDelegate(TenantListModel::FractionRole, m_view);
    for (int column : { TenantListModel::UsersColumn, TenantListModel::ApiCallsColumn, TenantListModel::StorageColumn })
        m_view->setItemDelegateForColumn(column, bars);
    m_view->horizontalHeader()->setSectionResizeMode(QHeaderView::Interactive);
    m_view->horizontalHeader()->setMinimumSectionSize(60);
    m_view->setColumnWidth(TenantListModel::TenantColumn, 110);
    m_view->setColumnWidth(TenantListModel::StatusColumn, 85);
    m_view->setColumnWidth(TenantListModel::PlanColumn, 85);
    m_view->setColumnWidth(TenantListModel::UsersColumn, 90);
    m_view->setColumnWidth(TenantListModel::ApiCallsColumn, 140);
    m_view->setColumnWidth(TenantListModel::StorageColumn, 120);
    m_view->setColumnWidth(TenantListModel::FailedPaymentsColumn, 115);

    auto* top = new QHBoxLayout;
    top->addWidget(m_filter, 1);
    top->addWidget(m_count);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addLayout(top);
    layout->addWidget(m_view, 1);

    connect(m_filter, &QLineEdit::textChanged, m_proxy, &QSortFilterProxyModel::setFilterFixedString);
    connect(m_proxy, &QAbstractItemModel::rowsInserted, this, &TenantsPanel::updateCount);
    connect(m_proxy, &QAbstractItemModel::rowsRemoved, this, &TenantsPanel::updateCount);
    connect(m_proxy, &QAbstractItemModel::modelReset, this, &TenantsPanel::updateCount);
    connect(m_proxy, &QAbstractItemModel::layoutChanged, this, &TenantsPanel::updateCount);
    // The proxy signals its rows before the source's rowsRemoved has returned
    // (the total was still the old one): count again once the source is done.
    connect(m_model, &QAbstractItemModel::rowsRemoved, this, &TenantsPanel::updateCount);
    connect(m_model, &QAbstractItemModel::rowsInserted, this, &TenantsPanel::updateCount);
    connect(
        m_view->selectionModel(), &QItemSelectionModel::currentRowChanged, this, &TenantsPanel::onCurrentRowChanged);
    connect(document, &models::JournalDocument::selectedTenantChanged, this, &TenantsPanel::selectTenant);
    // A tenant created by a later step appears when the cursor gets there.
    connect(m_model, &QAbstractItemModel::rowsInserted, this, [this]() { selectTenant(m_document->selectedTenant()); });
    updateCount();
}

int TenantsPanel::preferredWidth() const
{
    int width = 2 * m_view->frameWidth() + m_view->verticalScrollBar()->sizeHint().width();
    if (m_view->verticalHeader()->isVisible())
        width += m_view->verticalHeader()->sizeHint().width();
    for (int column : { TenantListModel::TenantColumn, TenantListModel::StatusColumn, TenantListModel::PlanColumn })
        width += m_view->columnWidth(column);
    const QMargins margins = layout()->contentsMargins();
    return width + margins.left() + margins.right();
}

void TenantsPanel::updateCount()
{
    const int shown = m_proxy->rowCount();
    const int all = m_model->rowCount();
    m_count->setText(shown == all ? tr("%n tenant(s)", nullptr, all) : tr("%1 of %2").arg(shown).arg(all));
    // The count changes with the cursor (tenants are created over time): a
    // fixed size for as many digits as the total has, or each move would
    // lay out the whole main window again.
    const QString digits(QString::number(all).size(), QLatin1Char('8'));
    const QString widest = std::max(tr("%n tenant(s)", nullptr, 2).replace(QLatin1Char('2'), digits),
        tr("%1 of %2").arg(digits, digits), [](const QString& a, const QString& b) { return a.size() < b.size(); });
    const QSize size(m_count->fontMetrics().horizontalAdvance(widest) + 8, m_count->sizeHint().height());
    if (size != m_count->minimumSize() || size != m_count->maximumSize())
        m_count->setFixedSize(size);
}

void TenantsPanel::onCurrentRowChanged()
{
    const QModelIndex current = m_view->currentIndex();
    if (!current.isValid() || m_removingRows)
        return;
    const QString id = current.data(TenantListModel::TenantIdRole).toString();
    if (!id.isEmpty())
        m_document->setSelectedTenant(id);
}

void TenantsPanel::selectTenant(const QString& tenantId)
{
    const int row = m_model->rowOf(tenantId);
    if (row < 0)
        return;
    const QModelIndex index = m_proxy->mapFromSource(m_model->index(row, 0));
    if (!index.isValid() || index.row() == m_view->currentIndex().row())
        return;
    m_view->selectionModel()->setCurrentIndex(index, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    m_view->scrollTo(index);
}

} // namespace cd::ui
