#pragma once

#include <QWidget>

class QComboBox;
class QLabel;
class QModelIndex;
class QProgressBar;
class QPushButton;
class QStackedWidget;
class QTableView;

namespace cd::models {
class JournalDocument;
class ProblemsModel;
} // namespace cd::models

namespace cd::ui {

// Problems: verify's errors and warnings for the open journal (and the
// entries the index left out), filtered by severity, with counts; clicking
// a row moves the cursor to its sequence.
class ProblemsPanel : public QWidget {
    Q_OBJECT
public:
    explicit ProblemsPanel(models::JournalDocument* document, QWidget* parent = nullptr);

    models::ProblemsModel* model() const { return m_model; }

private:
    void update();
    void activate(const QModelIndex& index);

    models::JournalDocument* m_document;
    models::ProblemsModel* m_model;
    QComboBox* m_filter;
    QLabel* m_summary;
    QProgressBar* m_progress;
    QPushButton* m_rerun;
    QStackedWidget* m_stack;
    QLabel* m_empty;
    QTableView* m_table;
};

} // namespace cd::ui
