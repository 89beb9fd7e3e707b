#pragma once

#include "models/tenant_detail_model.h"

namespace cd::models {

// The selected tenant's users at the cursor, by user id.
class TenantDetailUsersModel : public TenantDetailModel {
    Q_OBJECT
public:
    enum Column { UserColumn, EmailColumn, RoleColumn, StatusColumn, ColumnCount };
    enum Role { SortRole = Qt::UserRole };

    explicit TenantDetailUsersModel(JournalDocument* document, QObject* parent = nullptr);

    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

protected:
    std::vector<Row> rowsFor(const platform::TenantState& tenant) const override;
};

} // namespace cd::models
