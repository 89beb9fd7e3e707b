#pragma once

#include "engine/platform/str.h"

#include <QAbstractTableModel>

#include <memory>
#include <vector>

namespace cd::history {
struct StatePoint;
class History;
} // namespace cd::history

namespace cd::platform {
struct TenantState;
}

namespace cd::models {

class JournalDocument;

// Base of the tenant detail models (users, sessions, usage, billing): one
// part of the document's selected tenant at the cursor. Rows are keys
// (a user id, a session id, a feature, a billing field); when the tenant
// changes they are merged (insert/remove per key, dataChanged for the rest)
// and nothing happens when the cursor moves without changing the tenant
// (the same CowBox value).
class TenantDetailModel : public QAbstractTableModel {
    Q_OBJECT
public:
    ~TenantDetailModel() override;

    int rowCount(const QModelIndex& parent = {}) const override;
    // The selected tenant at the cursor; nullptr when none or not yet created.
    const platform::TenantState* tenant() const { return m_tenant; }
    QString tenantId() const { return m_tenantId; }

protected:
    struct Row {
        int rank = 0; // rows sort by rank, then key
        QString key;
        platform::Str id; // the key's Str (null for a synthetic row)
    };

    TenantDetailModel(JournalDocument* document, QObject* parent);
    // Subclasses call this at the end of their constructor (refresh is virtual).
    void start();
    // The rows for the current tenant (empty when none), in any order.
    virtual std::vector<Row> rowsFor(const platform::TenantState& tenant) const = 0;

    const Row& rowAt(int row) const { return m_rows[std::size_t(row)]; }
    QString text(platform::Str s) const;

private:
    void update();
    void merge(std::vector<Row> next, bool reset);

    JournalDocument* m_document;
    std::shared_ptr<const history::History> m_history;
    std::shared_ptr<const history::StatePoint> m_state; // keeps m_tenant alive
    const platform::TenantState* m_tenant = nullptr;
    QString m_tenantId;
    std::vector<Row> m_rows;
};

} // namespace cd::models
