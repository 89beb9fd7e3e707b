#include "ui/panels/label_host.h"

#include <QEvent>
#include <QLabel>

namespace cd::ui {

LabelHost::LabelHost(QLabel* label, QWidget* parent)
    : QWidget(parent)
    , m_label(label)
{
    setObjectName(label->objectName() + QStringLiteral("Host"));
    m_label->setParent(this);
    setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Fixed);
    fitHeight();
}

QLabel* LabelHost::label() const
{
    return m_label;
}

QSize LabelHost::sizeHint() const
{
    return { m_label->sizeHint().width(), m_height };
}

QSize LabelHost::minimumSizeHint() const
{
    // Narrower than the text is fine: the label clips, the dock stays resizable.
    return { fontMetrics().averageCharWidth() * 8, m_height };
}

bool LabelHost::event(QEvent* event)
{
    if (event->type() == QEvent::LayoutRequest) {
        fitHeight(); // the label's text or font changed
        return true;
    }
    if (event->type() == QEvent::Show)
        fitHeight();
    return QWidget::event(event);
}

void LabelHost::resizeEvent(QResizeEvent* event)
{
    QWidget::resizeEvent(event);
    m_label->setGeometry(rect());
    fitHeight();
}

void LabelHost::fitHeight()
{
    const int width = this->width() > 0 ? this->width() : m_label->sizeHint().width();
    const int height = m_label->hasHeightForWidth() ? m_label->heightForWidth(width) : m_label->sizeHint().height();
    if (height == m_height)
        return;
    m_height = height;
    setFixedHeight(height); // the one geometry change the layouts above see
}

} // namespace cd::ui
