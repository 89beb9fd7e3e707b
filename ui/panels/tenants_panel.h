#pragma once

#include <QWidget>

class QLabel;
class QLineEdit;
class QSortFilterProxyModel;
class QTableView;

namespace cd::models {
class JournalDocument;
class TenantListModel;
} // namespace cd::models

namespace cd::ui {

// Every tenant at the cursor: status, plan, users and usage against the
// plan's limits, failed payments, sessions; a text filter over id, plan and
// status; sortable columns. Selecting a row selects the tenant in the
// document (and the document's selection selects the row).
class TenantsPanel : public QWidget {
    Q_OBJECT
public:
    explicit TenantsPanel(models::JournalDocument* document, QWidget* parent = nullptr);

    QTableView* view() const { return m_view; }
    models::TenantListModel* model() const { return m_model; }
    QSortFilterProxyModel* proxy() const { return m_proxy; }
    QLineEdit* filterEdit() const { return m_filter; }
    // The width that shows the tenant, status and plan columns whole beside
    // the vertical scroll bar (the dock's default; the rest scrolls).
    int preferredWidth() const;

private:
    void onCurrentRowChanged();
    void selectTenant(const QString& tenantId);
    void updateCount();

    models::JournalDocument* m_document;
    models::TenantListModel* m_model;
    QSortFilterProxyModel* m_proxy;
    QLineEdit* m_filter;
    QLabel* m_count;
    QTableView* m_view;
    // Rows are being removed (the cursor went back before some tenants'
    // creation): the view's current row moves, the selected tenant does not.
    bool m_removingRows = false;
};

} // namespace cd::ui
