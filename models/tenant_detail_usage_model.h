#pragma once

#include "models/tenant_detail_model.h"

namespace cd::models {

// The selected tenant's usage against its plan's limits at the cursor: the
// limited features first (users, api_calls, storage_mb, even when unused),
// then any other feature it used, by name.
class TenantDetailUsageModel : public TenantDetailModel {
    Q_OBJECT
public:
    enum Column { FeatureColumn, UsedColumn, LimitColumn, BarColumn, ColumnCount };
    enum Role {
        SortRole = Qt::UserRole,
        ValueRole, // double
        LimitRole, // qint64, invalid when the plan does not limit the feature
        FractionRole, // double value / limit, invalid without a limit
    };

    explicit TenantDetailUsageModel(JournalDocument* document, QObject* parent = nullptr);

    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

protected:
    std::vector<Row> rowsFor(const platform::TenantState& tenant) const override;
};

} // namespace cd::models
