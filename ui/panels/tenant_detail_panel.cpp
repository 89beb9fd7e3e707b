#include "ui/panels/tenant_detail_panel.h"

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
#include <QStackedLayout>
#include <QTableView>
#include <QVBoxLayout>

namespace cd::ui {

using namespace models;

namespace {

QTableView* table(const QString& name, QAbstractItemModel* model, QWidget* parent)
{
    auto* view = new QTableView(parent);
    view->setObjectName(name);
    view->setModel(model);
    setUpTable(view);
    view->horizontalHeader()->setSectionResizeMode(QHeaderView::Interactive);
    return view;
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

    m_users = table(QStringLiteral("tenantUsersTable"), m_usersModel, this);
    m_sessions = table(QStringLiteral("tenantSessionsTable"), m_sessionsModel, this);
    m_usage = table(QStringLiteral("tenantUsageTable"), m_usageModel, this);
    m_billing = table(QStringLiteral("tenantBillingTable"), m_billingModel, this);
    m_usage->setItemDelegateForColumn(
        TenantDetailUsageModel::BarColumn, new UsageBarDelegate(TenantDetailUsageModel::FractionRole, m_usage));
    m_usage->setColumnWidth(TenantDetailUsageModel::FeatureColumn, 110);
    m_billing->setItemDelegate(new RowStateDelegate({ -1, -1, TenantDetailBillingModel::AlertRole }, m_billing));
    m_billing->setColumnWidth(TenantDetailBillingModel::FieldColumn, 150);
    m_users->setColumnWidth(TenantDetailUsersModel::EmailColumn, 180);
    m_sessions->setColumnWidth(TenantDetailSessionsModel::ConnectedAtColumn, 180);

    auto* details = new QWidget(this);
    auto* grid = new QGridLayout(details);
    grid->setContentsMargins(0, 0, 0, 0);
    grid->addWidget(group(tr("Usage against limits"), m_usage), 0, 0);
    grid->addWidget(group(tr("Billing"), m_billing), 0, 1);
    grid->addWidget(group(tr("Users"), m_users), 1, 0);
    grid->addWidget(group(tr("Sessions"), m_sessions), 1, 1);
    grid->setRowStretch(1, 1);

    auto* empty = new QLabel(tr("Select a tenant to see its users, sessions, usage and billing."), this);
    empty->setObjectName(QStringLiteral("tenantDetailEmpty"));
    empty->setAlignment(Qt::AlignCenter);
    empty->setWordWrap(true);
    m_stack->addWidget(empty);
    m_stack->addWidget(details);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addWidget(m_title);
    layout->addLayout(m_stack, 1);

    connect(document, &JournalDocument::stateChanged, this, &TenantDetailPanel::updateTitle);
    connect(document, &JournalDocument::selectedTenantChanged, this, &TenantDetailPanel::updateTitle);
    updateTitle();
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
