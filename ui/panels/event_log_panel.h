#pragma once

#include <QWidget>

class QLabel;
class QLineEdit;
class QTableView;
class QTimer;
class QToolButton;

namespace cd::models {
class EventLogModel;
class JournalDocument;
} // namespace cd::models

namespace cd::ui {

class WindowedTable;

// Every entry of the journal (lazy over millions of rows), filtered by
// types, a tenant and a text; the cursor's row is marked and kept in view
// as the cursor moves; double-click moves the cursor; selecting a row emits
// entrySelected (the main window shows it in the inspector).
class EventLogPanel : public QWidget {
    Q_OBJECT
public:
    explicit EventLogPanel(models::JournalDocument* document, QWidget* parent = nullptr);

    // The table: a page of the model's rows in view() (see WindowedTable).
    WindowedTable* table() const { return m_table; }
    QTableView* view() const { return m_view; }
    models::EventLogModel* model() const { return m_model; }
    QToolButton* typeButton() const { return m_types; }
    QLineEdit* tenantEdit() const { return m_tenant; }
    QLineEdit* textEdit() const { return m_text; }
    QLabel* statusLabel() const { return m_status; }

    // Applies what the filter widgets hold now (also done on Return and a
    // short pause in typing).
    void applyFilter();

Q_SIGNALS:
    void entrySelected(qint64 sequence);

private:
    void updateStatus();
    void scrollToCursor(int row);

    models::JournalDocument* m_document;
    models::EventLogModel* m_model;
    QToolButton* m_types;
    QLineEdit* m_tenant;
    QLineEdit* m_text;
    QLabel* m_status;
    WindowedTable* m_table;
    QTableView* m_view;
    QTimer* m_debounce;
};

} // namespace cd::ui
