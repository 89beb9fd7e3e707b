#pragma once

#include <QWidget>

#include <cstdint>
#include <optional>

class QLabel;
class QPlainTextEdit;

namespace cd::models {
class EntryTextCache;
class JournalDocument;
} // namespace cd::models

namespace cd::ui {

// One entry in full: sequence, id, timestamps, tenant, type, and the entry
// as stored in the file, indented and coloured. Shows the cursor's entry,
// or the one showSequence() names until the cursor moves again. The index
// answers at once (the event rebuilt from it); the stored text follows from
// the file, read off the GUI thread.
class InspectorPanel : public QWidget {
    Q_OBJECT
public:
    explicit InspectorPanel(models::JournalDocument* document, QWidget* parent = nullptr);

    // Shows the entry with this sequence (or the last one before it).
    void showSequence(qint64 sequence);
    // The index position shown; -1 for none.
    std::int64_t position() const { return m_position; }
    QPlainTextEdit* textView() const { return m_text; }
    QLabel* headerLabel() const { return m_header; }
    QLabel* sourceLabel() const { return m_source; }

private:
    void showPosition(std::int64_t position);
    void refresh();

    models::JournalDocument* m_document;
    models::EntryTextCache* m_cache;
    QLabel* m_header;
    QLabel* m_source;
    QPlainTextEdit* m_text;
    std::int64_t m_position = -1;
};

} // namespace cd::ui
