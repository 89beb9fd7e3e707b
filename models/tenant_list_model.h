#pragma once

#include "engine/platform/str.h"

#include <QAbstractTableModel>

#include <memory>

namespace cd::history {
struct StatePoint;
class History;
} // namespace cd::history

namespace cd::platform {
struct TenantState;
}

namespace cd::models {

class JournalDocument;

// Every tenant of the state at the document's cursor, in creation order.
// When the cursor moves, the new state is merged in: tenants are never
// removed by the fold and keep their creation order, so the rows of two
// states share a prefix; only rows whose tenant value changed (a different
// CowBox: unchanged tenants are the same object in both states) get
// dataChanged, and the tail is inserted or removed. 10k tenants merge in
// well under a frame.
class TenantListModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column {
        TenantColumn,
        StatusColumn,
        PlanColumn,
        UsersColumn,
        ApiCallsColumn,
        StorageColumn,
        FailedPaymentsColumn,
        SessionsColumn,
        ColumnCount
    };
    enum Role {
        SortRole = Qt::UserRole,
        TenantIdRole, // QString
        FilterRole, // QString: id, plan and status, for a text filter
        ValueRole, // double: the column's count or usage
        LimitRole, // qint64: the plan's limit for the column (users, api calls, storage)
        FractionRole, // double: value / limit (usage columns), else invalid
        SuspendedRole, // bool
    };

    explicit TenantListModel(JournalDocument* document, QObject* parent = nullptr);
    ~TenantListModel() override;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    // The row of a tenant id; -1 when absent.
    int rowOf(const QString& tenantId) const;
    QString tenantIdAt(int row) const;

    // More runs of changed rows than this are signalled as one span.
    static constexpr std::size_t MaxSeparateRuns = 8;

private:
    void onStateChanged();
    void resetTo(std::shared_ptr<const history::StatePoint> state);
    const platform::TenantState& tenantAt(int row) const;
    platform::Str feature(std::string_view name, platform::Str& cached) const;

    JournalDocument* m_document;
    std::shared_ptr<const history::History> m_history;
    // Kept alive so the tenants shown (and compared with the next state) stay valid.
    std::shared_ptr<const history::StatePoint> m_state;
    mutable platform::Str m_apiCalls;
    mutable platform::Str m_storage;
};

// Drops a state; when it was the last owner, its tenants are freed on a
// pool thread (the GUI thread only hands the pointer over).
void releaseStateInBackground(std::shared_ptr<const history::StatePoint> state);

} // namespace cd::models
