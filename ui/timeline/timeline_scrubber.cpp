#include "ui/timeline/timeline_scrubber.h"

#include "models/journal_document.h"
#include "models/timeline_model.h"
#include "models/timeline_player.h"
#include "ui/timeline/timeline_canvas.h"
#include "ui/timeline/timeline_toolbar.h"

#include <QKeyEvent>
#include <QVBoxLayout>

#include <algorithm>

namespace cd::ui {

TimelineScrubber::TimelineScrubber(models::JournalDocument* document, QWidget* parent)
    : QWidget(parent)
    , m_document(document)
    , m_model(new models::TimelineModel(document, this))
    , m_player(new models::TimelinePlayer(document, this))
    , m_toolbar(new TimelineToolbar(m_model, m_player, document, this))
    , m_canvas(new TimelineCanvas(m_model, document, this))
{
    setObjectName(QStringLiteral("timeline"));
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addWidget(m_toolbar);
    layout->addWidget(m_canvas, 1);
    setFocusProxy(m_canvas);
}

TimelineScrubber::~TimelineScrubber() = default;

QSize TimelineScrubber::sizeHint() const
{
    return { 900, m_toolbar->sizeHint().height() + m_canvas->sizeHint().height() };
}

void TimelineScrubber::moveCursor(std::int64_t position)
{
    const std::int64_t size = m_model->entryCount();
    if (size == 0)
        return;
    position = std::clamp<std::int64_t>(position, 0, size - 1);
    m_document->setCursorPosition(position);
    // Keep the cursor in sight when zoomed.
    const std::int64_t value = m_model->axisValue(position);
    if (m_model->isZoomed() && (value < m_model->visibleBegin() || value >= m_model->visibleEnd())) {
        const std::int64_t length = m_model->visibleEnd() - m_model->visibleBegin();
        m_model->pan(value - (m_model->visibleBegin() + length / 2));
    }
}

void TimelineScrubber::stepEntries(std::int64_t count)
{
    moveCursor(std::max<std::int64_t>(m_document->cursorPosition(), 0) + count);
}

void TimelineScrubber::stepBars(int count)
{
    const std::int64_t position = std::max<std::int64_t>(m_document->cursorPosition(), 0);
    const std::int64_t bar = std::max<std::int64_t>(
        1, (m_model->visibleEnd() - m_model->visibleBegin()) / std::max(1, m_model->bucketCount()));
    if (m_model->axis() == models::TimelineAxis::Sequence) {
        moveCursor(position + bar * count);
        return;
    }
    // By time: the last entry at or before the time one bar away, moving at
    // least one entry so a gap in time never stalls the key.
    const std::int64_t target = m_model->positionAt(m_model->axisValue(position) + bar * count);
    moveCursor(count > 0 ? std::max(target, position + 1) : std::min(target, position - 1));
}

void TimelineScrubber::jumpToTenant(bool forward)
{
    if (const auto p = m_model->nextOfTenant(m_document->cursorPosition(), m_document->selectedTenant(), forward))
        moveCursor(*p);
}

void TimelineScrubber::jumpToType(bool forward)
{
    if (const auto p = m_model->nextOfType(m_document->cursorPosition(), m_toolbar->jumpType(), forward))
        moveCursor(*p);
}

void TimelineScrubber::setJumpType(platform::EventType type)
{
    m_toolbar->setJumpType(type);
}

void TimelineScrubber::keyPressEvent(QKeyEvent* event)
{
    const bool shift = event->modifiers() & Qt::ShiftModifier;
    switch (event->key()) {
    case Qt::Key_Left:
        stepEntries(-1);
        break;
    case Qt::Key_Right:
        stepEntries(1);
        break;
    case Qt::Key_PageUp:
        stepBars(-1);
        break;
    case Qt::Key_PageDown:
        stepBars(1);
        break;
    case Qt::Key_Home:
        moveCursor(0);
        break;
    case Qt::Key_End:
        moveCursor(m_model->entryCount() - 1);
        break;
    case Qt::Key_N:
        jumpToTenant(!shift);
        break;
    case Qt::Key_T:
        jumpToType(!shift);
        break;
    case Qt::Key_A:
        m_document->setMarkA(m_document->cursor());
        break;
    case Qt::Key_B:
        m_document->setMarkB(m_document->cursor());
        break;
    case Qt::Key_Space:
        m_player->toggle();
        break;
    default:
        QWidget::keyPressEvent(event);
        return;
    }
    event->accept();
}

} // namespace cd::ui
