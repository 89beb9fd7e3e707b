#pragma once

#include "models/tenant_detail_model.h"

namespace cd::models {

// The selected tenant's open sessions at the cursor, by session id.
class TenantDetailSessionsModel : public TenantDetailModel {
    Q_OBJECT
public:
    enum Column { SessionColumn, UserColumn, ConnectedAtColumn, ColumnCount };
    enum Role { SortRole = Qt::UserRole, ConnectedAtRole /* qint64 wall ms */ };

    explicit TenantDetailSessionsModel(JournalDocument* document, QObject* parent = nullptr);

    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

protected:
    std::vector<Row> rowsFor(const platform::TenantState& tenant) const override;
};

} // namespace cd::models
