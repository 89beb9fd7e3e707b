#pragma once

#include <QWidget>

class QCheckBox;
class QLabel;
class QModelIndex;
class QPushButton;
class QStackedWidget;
class QTreeView;

namespace cd::models {
class DiffModel;
class JournalDocument;
} // namespace cd::models

namespace cd::ui {

// Diff A↔B: the marks (and buttons that set them from the cursor), a
// "selected tenant only" switch, a summary line and the tree of changes;
// clicking an entry under a change moves the cursor to it.
class DiffPanel : public QWidget {
    Q_OBJECT
public:
    explicit DiffPanel(models::JournalDocument* document, QWidget* parent = nullptr);

    models::DiffModel* model() const { return m_model; }

private:
    void updateMarks();
    void updateStatus();
    void activate(const QModelIndex& index);

    models::JournalDocument* m_document;
    models::DiffModel* m_model;
    QLabel* m_markA;
    QLabel* m_markB;
    QPushButton* m_useA;
    QPushButton* m_useB;
    QCheckBox* m_tenantOnly;
    QLabel* m_summary;
    QStackedWidget* m_stack;
    QLabel* m_empty;
    QTreeView* m_tree;
};

} // namespace cd::ui
