#pragma once

#include "models/tenant_detail_model.h"

namespace cd::models {

// The selected tenant's billing at the cursor as field/value rows: plan,
// status, current cycle, last payment, failed payments.
class TenantDetailBillingModel : public TenantDetailModel {
    Q_OBJECT
public:
    enum Column { FieldColumn, ValueColumn, ColumnCount };
    enum Role { SortRole = Qt::UserRole, AlertRole /* bool: a value support should look at */ };
    enum Field { PlanField, StatusField, CurrentCycleField, LastPaymentField, FailedPaymentsField, FieldCount };

    explicit TenantDetailBillingModel(JournalDocument* document, QObject* parent = nullptr);

    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

protected:
    std::vector<Row> rowsFor(const platform::TenantState& tenant) const override;
};

} // namespace cd::models
