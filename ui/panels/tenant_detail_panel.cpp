#include "ui/panels/tenant_detail_panel.h"

#include "ui/panels/label_host.h"
#include "ui/panels/row_state_delegate.h"
#include "ui/panels/table_setup.h"
#include "ui/panels/usage_bar_delegate.h"

#include "models/journal_document.h"
#include "models/tenant_detail_billing_model.h"
#include "models/tenant_detail_sessions_model.h"
#include "models/tenant_detail_usage_model.h"
#include "models/tenant_detail_users_model.h"

#include "engine/platform/tenant_state.h"

#include <QGridLayout>
#include <QGroupBox>
#include <QHeaderView>
#include <QLabel>
#include <QScrollArea>
#include <QScrollBar>
#include <QStackedLayout>
#include <QTableView>
#include <QVBoxLayout>

namespace cd::ui {

using namespace models;

namespace {

// A table tall enough for `rows` rows and its header: squeezed to a row or
// two it was unreadable at 1280x800.
QTableView* table(const QString& name, QAbstractItemModel* model, int rows, QWidget* parent)
{
    auto* view = new QTableView(parent);
    view->setObjectName(name);
    view->setModel(model);
    setUpTable(view);
    view->horizontalHeader()->setSectionResizeMode(QHeaderView::Interactive);
    view->setMinimumHeight(view->horizontalHeader()->sizeHint().height()
        + rows * view->verticalHeader()->defaultSectionSize() + 2 * view->frameWidth() + 2
        + view->horizontalScrollBar()->sizeHint().height()); // rows stay whole when it scrolls sideways
    return view;
}

// Column width for `sample` in the view's font (and its header's).
int widthFor(const QTableView* view, const QString& sample)
{
    return view->fontMetrics().horizontalAdvance(sample) + 24;
}

QGroupBox* group(const QString& title, QWidget* content)
{
    auto* box = new QGroupBox(title);
    auto* layout = new QVBoxLayout(box);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addWidget(content);
    return box;
}

} // namespace

TenantDetailPanel::TenantDetailPanel(JournalDocument* document, QWidget* parent)
    : QWidget(parent)
    , m_document(document)
    , m_usersModel(new TenantDetailUsersModel(document, this))
    , m_sessionsModel(new TenantDetailSessionsModel(document, this))
    , m_usageModel(new TenantDetailUsageModel(document, this))
    , m_billingModel(new TenantDetailBillingModel(document, this))
    , m_title(new QLabel(this))
    , m_stack(new QStackedLayout)
{
    setObjectName(QStringLiteral("tenantDetailPanel"));
    m_title->setObjectName(QStringLiteral("tenantDetailTitle"));
    QFont bold = m_title->font();
    bold.setBold(true);
    bold.setPointSizeF(bold.pointSizeF() * 1.15);
    m_title->setFont(bold);

    m_users = table(QStringLiteral("tenantUsersTable"), m_usersModel, 4, this);
    m_sessions = table(QStringLiteral("tenantSessionsTable"), m_sessionsModel, 4, this);
    m_usage = table(QStringLiteral("tenantUsageTable"), m_usageModel, 3, this);
    m_billing = table(QStringLiteral("tenantBillingTable"), m_billingModel, TenantDetailBillingModel::FieldCount, this);
    m_usage->setItemDelegateForColumn(
        TenantDetailUsageModel::BarColumn, new UsageBarDelegate(TenantDetailUsageModel::FractionRole, m_usage));
    // Widths from the font, for the longest usual values.
    m_usage->setColumnWidth(TenantDetailUsageModel::FeatureColumn, widthFor(m_usage, QStringLiteral("storage_mb__")));
    m_usage->setColumnWidth(TenantDetailUsageModel::UsedColumn, widthFor(m_usage, QStringLiteral("1,000,000")));
    m_usage->setColumnWidth(TenantDetailUsageModel::LimitColumn, widthFor(m_usage, QStringLiteral("1,000,000")));
    m_billing->setItemDelegate(new RowStateDelegate({ -1, -1, TenantDetailBillingModel::AlertRole }, m_billing));
    m_billing->setColumnWidth(TenantDetailBillingModel::FieldColumn, widthFor(m_billing, tr("Last payment (UTC)")));
    m_users->setColumnWidth(TenantDetailUsersModel::UserColumn, widthFor(m_users, QStringLiteral("u-1234")));
    m_users->setColumnWidth(
        TenantDetailUsersModel::EmailColumn, widthFor(m_users, QStringLiteral("user-12@t-1234.test")));
    m_users->setColumnWidth(TenantDetailUsersModel::RoleColumn, widthFor(m_users, QStringLiteral("member")));
    m_sessions->setColumnWidth(
        TenantDetailSessionsModel::SessionColumn, widthFor(m_sessions, QStringLiteral("s-12345")));
    m_sessions->setColumnWidth(TenantDetailSessionsModel::UserColumn, widthFor(m_sessions, QStringLiteral("u-12345")));
    m_sessions->setColumnWidth(
        TenantDetailSessionsModel::ConnectedAtColumn, widthFor(m_sessions, QStringLiteral("2025-11-24 16:00:12.000")));

    // The tables scroll together when the panel is too short for all four.
    auto* details = new QWidget;
    m_grid = new QGridLayout(details);
    m_grid->setContentsMargins(0, 0, 0, 0);
    m_groups[0] = group(tr("Usage against limits"), m_usage);
    m_groups[1] = group(tr("Billing"), m_billing);
    m_groups[2] = group(tr("Users"), m_users);
    m_groups[3] = group(tr("Sessions"), m_sessions);
    arrange(2);
    auto* empty = new QLabel(tr("Select a tenant to see its users, sessions, usage and billing."));
    empty->setObjectName(QStringLiteral("tenantDetailEmpty"));
    empty->setAlignment(Qt::AlignCenter);
    empty->setWordWrap(true);
    // Both pages inside the scroll area: switching pages (a move before the
    // tenant's creation) then lays out the scroll area's content only, not
    // the main window.
    auto* pages = new QWidget;
    pages->setLayout(m_stack);
    m_stack->addWidget(empty);
    m_stack->addWidget(details);
    auto* scroll = new QScrollArea(this);
    scroll->setObjectName(QStringLiteral("tenantDetailScroll"));
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    scroll->setWidget(pages);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addWidget(new LabelHost(m_title, this)); // its text follows the cursor
    layout->addWidget(scroll, 1);

    connect(document, &JournalDocument::stateChanged, this, &TenantDetailPanel::updateTitle);
    connect(document, &JournalDocument::selectedTenantChanged, this, &TenantDetailPanel::updateTitle);
    updateTitle();
}

void TenantDetailPanel::resizeEvent(QResizeEvent* event)
{
    QWidget::resizeEvent(event);
    arrange(width() >= TwoColumnWidth ? 2 : 1); // re-lays out only when the count changes
}

void TenantDetailPanel::arrange(int columns)
{
    if (columns == m_columns)
        return;
    m_columns = columns;
    for (QGroupBox* box : m_groups)
        m_grid->removeWidget(box);
    for (int i = 0; i < 4; ++i)
        m_grid->addWidget(m_groups[i], i / columns, i % columns);
    for (int row = 0; row < 4; ++row)
        m_grid->setRowStretch(row, 0);
    // Users and sessions take the spare height: they are the lists that grow.
    m_grid->setRowStretch(columns == 2 ? 1 : 2, 1);
    m_grid->setRowStretch(columns == 2 ? 1 : 3, 1);
}

void TenantDetailPanel::updateTitle()
{
    const QString id = m_document->selectedTenant();
    const auto cursor = m_document->cursor();
    const QString at = cursor ? tr("at sequence %1").arg(*cursor) : tr("before the first entry");
    if (id.isEmpty()) {
        m_title->setText(tr("No tenant selected"));
        m_stack->setCurrentIndex(0);
        return;
    }
    const platform::TenantState* tenant = m_usersModel->tenant();
    if (!tenant) {
        m_title->setText(tr("Tenant %1 does not exist %2").arg(id, at));
        m_stack->setCurrentIndex(0);
        return;
    }
    m_title->setText(tr("Tenant %1 (%2, %3) %4")
                         .arg(id, QString::fromLatin1(platform::planName(tenant->plan).data()),
                             QString::fromLatin1(platform::tenantStatusName(tenant->status).data()), at));
    m_stack->setCurrentIndex(1);
}

} // namespace cd::ui
