#pragma once

#include <QWidget>

class QGridLayout;
class QGroupBox;
class QLabel;
class QStackedLayout;
class QTableView;

namespace cd::models {
class JournalDocument;
class TenantDetailBillingModel;
class TenantDetailSessionsModel;
class TenantDetailUsageModel;
class TenantDetailUsersModel;
} // namespace cd::models

namespace cd::ui {

// The selected tenant at the cursor: usage bars against the plan's limits,
// billing, users and open sessions.
class TenantDetailPanel : public QWidget {
    Q_OBJECT
public:
    explicit TenantDetailPanel(models::JournalDocument* document, QWidget* parent = nullptr);

    QLabel* title() const { return m_title; }
    QTableView* usersView() const { return m_users; }
    QTableView* sessionsView() const { return m_sessions; }
    QTableView* usageView() const { return m_usage; }
    QTableView* billingView() const { return m_billing; }
    // Two columns of tables when the panel is wide enough for both, else one
    // column that scrolls (a 1280x800 window gives the dock ~400 px).
    int columnsShown() const { return m_columns; }
    static constexpr int TwoColumnWidth = 800;

protected:
    void resizeEvent(QResizeEvent* event) override;

private:
    void updateTitle();
    void arrange(int columns);

    models::JournalDocument* m_document;
    models::TenantDetailUsersModel* m_usersModel;
    models::TenantDetailSessionsModel* m_sessionsModel;
    models::TenantDetailUsageModel* m_usageModel;
    models::TenantDetailBillingModel* m_billingModel;
    QLabel* m_title;
    QStackedLayout* m_stack;
    QTableView* m_users;
    QTableView* m_sessions;
    QTableView* m_usage;
    QTableView* m_billing;
    QGridLayout* m_grid = nullptr;
    QGroupBox* m_groups[4] = {};
    int m_columns = 0;
};

} // namespace cd::ui
