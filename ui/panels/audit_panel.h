#pragma once

#include <QWidget>

class QLabel;
class QTableView;

namespace cd::models {
class AuditModel;
class JournalDocument;
} // namespace cd::models

namespace cd::ui {

// The audit trail of the selected tenant: its entries before the cursor and,
// dimmed, after it; the cursor's entry in bold. Double-click moves the
// cursor to an entry; selecting one emits entrySelected (the main window
// shows it in the inspector).
class AuditPanel : public QWidget {
    Q_OBJECT
public:
    explicit AuditPanel(models::JournalDocument* document, QWidget* parent = nullptr);

    QTableView* view() const { return m_view; }
    models::AuditModel* model() const { return m_model; }
    QLabel* title() const { return m_title; }

Q_SIGNALS:
    void entrySelected(qint64 sequence);

private:
    void updateTitle();
    void activate(const QModelIndex& index);

    models::JournalDocument* m_document;
    models::AuditModel* m_model;
    QLabel* m_title;
    QTableView* m_view;
};

} // namespace cd::ui
