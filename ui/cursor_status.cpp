#include "ui/cursor_status.h"

#include "models/journal_document.h"

#include <QDateTime>
#include <QLocale>

namespace cd::ui {

CursorStatus::CursorStatus(models::JournalDocument* document, QWidget* parent)
    : QLabel(parent)
    , m_document(document)
{
    setObjectName(QStringLiteral("cursorStatus"));
    setTextInteractionFlags(Qt::TextSelectableByMouse);
    connect(m_document, &models::JournalDocument::cursorChanged, this, &CursorStatus::refresh);
    connect(m_document, &models::JournalDocument::closed, this, &CursorStatus::refresh);
    connect(m_document, &models::JournalDocument::failed, this, &CursorStatus::refresh);
    // The total grows while indexing; the cursor's own text does not change.
    connect(m_document, &models::JournalDocument::ready, this, &CursorStatus::refresh);
    refresh();
}

void CursorStatus::refresh()
{
    const auto history = m_document->history();
    const auto status = m_document->status();
    if (!history || status == models::JournalDocument::Status::Failed
        || status == models::JournalDocument::Status::Empty) {
        clear();
        return;
    }
    const std::int64_t position = m_document->cursorPosition();
    const auto view = history->view();
    const QLocale locale;
    const QString total = locale.toString(qint64(view.index().size()));
    if (position < 0) {
        setText(tr("Cursor: before the first entry (0 of %1)").arg(total));
        fitTo(tr("Cursor: entry %1 of %1 · seq %1 · 0000-00-00 00:00:00.000 UTC").arg(total));
        return;
    }
    const auto at = std::size_t(position);
    const QString when = QDateTime::fromMSecsSinceEpoch(view.index().wallMs(at), Qt::UTC)
                             .toString(QStringLiteral("yyyy-MM-dd HH:mm:ss.zzz 'UTC'"));
    setText(tr("Cursor: entry %1 of %2 · seq %3 · %4")
                .arg(locale.toString(position + 1), total, QString::number(view.index().sequence(at)), when));
    // Sized for the widest text of this journal, not this text: a label
    // whose size may change lays out the whole main window on every
    // setText(), i.e. on every cursor move.
    const QString lastSequence = QString::number(view.index().sequence(view.index().size() - 1));
    QString widest = tr("Cursor: entry %1 of %2 · seq %3 · %4").arg(total, total, lastSequence, when);
    for (QChar& c : widest)
        c = c.isDigit() ? QLatin1Char('8') : c; // the widest digit of most fonts
    fitTo(widest);
}

void CursorStatus::fitTo(const QString& widest)
{
    const int pad = 2 * margin() + 2 * frameWidth() + 8;
    const QSize size(fontMetrics().horizontalAdvance(widest) + pad, QLabel::sizeHint().height());
    if (size != m_fixedSize) {
        m_fixedSize = size;
        setFixedSize(size);
    }
}

} // namespace cd::ui
