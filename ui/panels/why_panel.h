#pragma once

#include <QWidget>

class QLabel;
class QModelIndex;
class QStackedWidget;
class QTableView;

namespace cd::models {
class ExplainModel;
class JournalDocument;
} // namespace cd::models

namespace cd::ui {

// "Why?": the selected tenant's status at the cursor, the explanation and
// the entries that made it so; clicking an entry moves the cursor to it.
class WhyPanel : public QWidget {
    Q_OBJECT
public:
    explicit WhyPanel(models::JournalDocument* document, QWidget* parent = nullptr);

    models::ExplainModel* model() const { return m_model; }

protected:
    // Explains only while shown: hidden (another tab on top), a cursor move
    // costs it nothing.
    void showEvent(QShowEvent* event) override;
    void hideEvent(QHideEvent* event) override;

private:
    void update();
    void activate(const QModelIndex& index);

    models::JournalDocument* m_document;
    models::ExplainModel* m_model;
    QLabel* m_title;
    QLabel* m_summary;
    QLabel* m_entriesTitle;
    QStackedWidget* m_stack;
    QLabel* m_empty;
    QWidget* m_answer;
    QTableView* m_entries;
};

} // namespace cd::ui
