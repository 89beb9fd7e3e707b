#pragma once

#include <QWidget>

class QLabel;
class QProgressBar;
class QToolButton;

namespace cd::models {
class JournalDocument;
}

namespace cd::ui {

// Status-bar strip shown while a journal is indexed: what is being read, how
// far (fraction of the file, entries so far) and a Cancel button. Hidden
// whenever the document is not indexing; the window stays usable meanwhile.
class OpenProgress : public QWidget {
    Q_OBJECT
public:
    explicit OpenProgress(models::JournalDocument* document, QWidget* parent = nullptr);

private:
    void onProgress(double fraction, qint64 entries);
    void updateVisibility();

    models::JournalDocument* m_document;
    QLabel* m_label;
    QProgressBar* m_bar;
    QToolButton* m_cancel;
};

} // namespace cd::ui
