#pragma once

#include <QLabel>

namespace cd::models {
class JournalDocument;
}

namespace cd::ui {

// Status-bar text for the cursor: entry n of N, its sequence and wall time
// (UTC). Follows the document; empty when nothing is open.
class CursorStatus : public QLabel {
    Q_OBJECT
public:
    explicit CursorStatus(models::JournalDocument* document, QWidget* parent = nullptr);

private:
    void refresh();
    void fitTo(const QString& widest);

    models::JournalDocument* m_document;
    QSize m_fixedSize;
};

} // namespace cd::ui
