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
    fitHeight(true);
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
        // The label's text changed: grow for more lines, never shrink here;
        // a text alternating between one and two lines with every move
        // (the inspector's source line) would lay out the window each time.
        fitHeight(false);
        return true;
    }
    if (event->type() == QEvent::Show)
        fitHeight(true);
    return QWidget::event(event);
}

void LabelHost::resizeEvent(QResizeEvent* event)
{
    QWidget::resizeEvent(event);
    m_label->setGeometry(rect());
    fitHeight(true); // a new width: the fitting height, smaller or larger
}

void LabelHost::fitHeight(bool mayShrink)
{
    const int width = this->width() > 0 ? this->width() : m_label->sizeHint().width();
    const int height = m_label->hasHeightForWidth() ? m_label->heightForWidth(width) : m_label->sizeHint().height();
    if (height == m_height || (height < m_height && !mayShrink))
        return;
    m_height = height;
    setFixedHeight(height); // the one geometry change the layouts above see
}

} // namespace cd::ui
