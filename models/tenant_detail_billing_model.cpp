#include "models/tenant_detail_billing_model.h"

#include "models/entry_text.h"

#include "engine/platform/tenant_state.h"

namespace cd::models {

namespace {
QString latin(std::string_view v)
{
    return QString::fromLatin1(v.data(), qsizetype(v.size()));
}
} // namespace

TenantDetailBillingModel::TenantDetailBillingModel(JournalDocument* document, QObject* parent)
    : TenantDetailModel(document, parent)
{
    start();
}

int TenantDetailBillingModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

std::vector<TenantDetailModel::Row> TenantDetailBillingModel::rowsFor(const platform::TenantState&) const
{
    std::vector<Row> rows;
    for (int field = 0; field < FieldCount; ++field)
        rows.push_back({ field, QString::number(field), {} });
    return rows;
}

QVariant TenantDetailBillingModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid) || !tenant())
        return {};
    const platform::TenantState& t = *tenant();
    const auto field = Field(rowAt(index.row()).rank);
    if (role == AlertRole) {
        return (field == StatusField && t.status != platform::TenantStatus::Active)
            || (field == FailedPaymentsField && t.billing.failedPayments > 0);
    }
    if (role != Qt::DisplayRole && role != SortRole)
        return {};
    if (index.column() == FieldColumn) {
        switch (field) {
        case PlanField:
            return tr("Plan");
        case StatusField:
            return tr("Status");
        case CurrentCycleField:
            return tr("Current cycle");
        case LastPaymentField:
            return tr("Last payment (UTC)");
        case FailedPaymentsField:
            return tr("Failed payments");
        case FieldCount:
            break;
        }
        return {};
    }
    switch (field) {
    case PlanField:
        return latin(platform::planName(t.plan));
    case StatusField:
        return latin(platform::tenantStatusName(t.status));
    case CurrentCycleField:
        return t.billing.currentCycle ? text(t.billing.currentCycle) : tr("none");
    case LastPaymentField:
        return t.billing.lastPayment ? wallTimeText(*t.billing.lastPayment) : tr("never");
    case FailedPaymentsField:
        return QString::number(t.billing.failedPayments);
    case FieldCount:
        break;
    }
    return {};
}

QVariant TenantDetailBillingModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    return section == FieldColumn ? tr("Billing") : tr("Value");
}

} // namespace cd::models
