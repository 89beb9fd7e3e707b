#pragma once

#include <QWidget>

class QLabel;
class QPlainTextEdit;
class QPushButton;
class QStackedWidget;
class QTableView;

namespace cd::models {
class JournalDocument;
class SqlConsoleSession;
} // namespace cd::models

namespace cd::ui {

// The read-only SQL console (objectName "sqlConsole"): an editor (Ctrl+Enter
// runs), the results, and a status line with rows and time, the error, or
// why a statement was refused. It follows the document's file; for an NDJSON
// or Phyxius journal it says how to get a SQLite one instead. Queries run on
// the session's worker thread: the GUI never waits for SQLite.
class SqlConsole : public QWidget {
    Q_OBJECT
public:
    explicit SqlConsole(models::JournalDocument* document, QWidget* parent = nullptr);
    ~SqlConsole() override;

    models::SqlConsoleSession* session() const { return m_session; }
    // Runs the editor's text (what Ctrl+Enter and the Run button do).
    void runQuery();

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    void followDocument();
    void updatePage();
    void setStatus(const QString& text, bool problem = false);
    void onRowsArrived();

    models::JournalDocument* m_document;
    models::SqlConsoleSession* m_session;
    QStackedWidget* m_pages;
    QLabel* m_unavailable;
    QLabel* m_header;
    QPlainTextEdit* m_editor;
    QPushButton* m_run;
    QPushButton* m_cancel;
    QLabel* m_status;
    QTableView* m_results;
    bool m_columnsSized = false;
};

} // namespace cd::ui
