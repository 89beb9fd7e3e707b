#include "ui/timeline/timeline_toolbar.h"

#include "models/journal_document.h"
#include "models/timeline_model.h"
#include "models/timeline_player.h"
#include "ui/timeline/timeline_axis.h"
#include "ui/timeline/timeline_style.h"

#include <QComboBox>
#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QStyle>
#include <QToolButton>

namespace cd::ui {

using models::TimelineModel;

namespace {

QString typeName(platform::EventType type)
{
    const std::string_view name = platform::eventTypeName(type);
    return QString::fromUtf8(name.data(), qsizetype(name.size()));
}

// The legend: coloured squares with names, or squares only (compact; the
// names are in the tooltip and in the bars' tooltips).
QString legendHtml(bool names)
{
    QStringList items;
    for (int k = 0; k < TimelineModel::MarkerKindCount; ++k) {
        const auto kind = TimelineModel::MarkerKind(k);
        items << QStringLiteral("<span style='color:%1'>■</span>%2")
                     .arg(timeline::markerColor(kind).name(),
                         names ? QStringLiteral("&nbsp;") + timeline::markerName(kind) : QString());
    }
    return items.join(names ? QStringLiteral("&nbsp;&nbsp;") : QStringLiteral("&nbsp;"));
}

QString legendToolTip()
{
    QStringList items;
    for (int k = 0; k < TimelineModel::MarkerKindCount; ++k) {
        const auto kind = TimelineModel::MarkerKind(k);
        items << QStringLiteral("<span style='color:%1'>■</span>&nbsp;%2")
                     .arg(timeline::markerColor(kind).name(), timeline::markerName(kind));
    }
    return items.join(QStringLiteral("<br>"));
}

} // namespace

TimelineToolbar::TimelineToolbar(
    models::TimelineModel* model, models::TimelinePlayer* player, models::JournalDocument* document, QWidget* parent)
    : QWidget(parent)
    , m_model(model)
    , m_player(player)
    , m_document(document)
    , m_play(new QToolButton(this))
    , m_speed(new QComboBox(this))
    , m_axis(new QComboBox(this))
    , m_type(new QComboBox(this))
    , m_reset(new QToolButton(this))
    , m_legend(new QLabel(this))
    , m_readout(new QLabel(this))
{
    setObjectName(QStringLiteral("timelineToolbar"));
    m_play->setObjectName(QStringLiteral("timelinePlay"));
    // Compact enough for 1280 px with the legend and the readout: icons and
    // short labels, tooltips say the rest.
    m_play->setToolButtonStyle(Qt::ToolButtonIconOnly);
    m_play->setAutoRaise(true);
    m_speed->setObjectName(QStringLiteral("timelineSpeed"));
    m_speed->setToolTip(tr("Playing speed (events per second)"));
    for (int speed : { 1, 10, 100, 1000, 10000 })
        m_speed->addItem(tr("%1/s").arg(speed), speed);
    m_speed->setCurrentIndex(m_speed->findData(player->speed()) >= 0 ? m_speed->findData(player->speed()) : 1);
    player->setSpeed(m_speed->currentData().toInt());
    m_axis->setObjectName(QStringLiteral("timelineAxis"));
    m_axis->setToolTip(tr("Horizontal axis"));
    m_axis->addItem(tr("Seq"), int(models::TimelineAxis::Sequence));
    m_axis->addItem(tr("Time"), int(models::TimelineAxis::Time));
    m_type->setObjectName(QStringLiteral("timelineType"));
    m_type->setToolTip(tr("Event type that T / Shift+T jump to"));
    m_type->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_type->setMinimumContentsLength(14);
    for (int t = 0; t < platform::EventTypeCount; ++t)
        m_type->addItem(typeName(platform::EventType(t)), t);
    setJumpType(platform::EventType::BillingPaymentFailed);
    m_reset->setObjectName(QStringLiteral("timelineResetZoom"));
    m_reset->setText(tr("Fit"));
    m_reset->setToolTip(tr("Reset zoom: show the whole journal (double-click the timeline)"));
    m_reset->setAutoRaise(true);
    m_legend->setObjectName(QStringLiteral("timelineLegend"));
    m_legend->setToolTip(legendToolTip());
    // Shrinks to squares only, then away, rather than widening the window.
    m_legend->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    m_legend->installEventFilter(this);
    m_readout->setObjectName(QStringLiteral("timelineReadout"));
    m_readout->setTextInteractionFlags(Qt::TextSelectableByMouse);
    for (QWidget* control : std::initializer_list<QWidget*> { m_play, m_speed, m_axis, m_type, m_reset, m_readout })
        control->setFocusPolicy(Qt::NoFocus);

    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(4, 2, 4, 0);
    layout->setSpacing(6);
    layout->addWidget(m_play);
    layout->addWidget(m_speed);
    layout->addWidget(m_axis);
    layout->addWidget(m_type);
    layout->addWidget(m_reset);
    layout->addSpacing(4);
    layout->addWidget(m_legend, 1);
    layout->addWidget(m_readout);

    connect(m_play, &QToolButton::clicked, player, &models::TimelinePlayer::toggle);
    connect(player, &models::TimelinePlayer::playingChanged, this, [this](bool playing) { updatePlaying(playing); });
    connect(
        m_speed, &QComboBox::currentIndexChanged, this, [this] { m_player->setSpeed(m_speed->currentData().toInt()); });
    connect(m_axis, &QComboBox::currentIndexChanged, this,
        [this] { m_model->setAxis(models::TimelineAxis(m_axis->currentData().toInt())); });
    connect(m_reset, &QToolButton::clicked, model, &TimelineModel::zoomOut);
    connect(model, &TimelineModel::rangeChanged, this, [this] {
        m_reset->setEnabled(m_model->isZoomed());
        updateReadout();
    });
    connect(document, &models::JournalDocument::cursorChanged, this, [this] { updateReadout(); });
    connect(document, &models::JournalDocument::opened, this, [this] { updateReadout(); });
    connect(document, &models::JournalDocument::failed, this, [this] { updateReadout(); });
    connect(document, &models::JournalDocument::closed, this, [this] { updateReadout(); });
    connect(document, &models::JournalDocument::historyGrew, this, [this] { updateReadout(); });
    m_reset->setEnabled(false);
    updatePlaying(false);
    updateReadout();
}

platform::EventType TimelineToolbar::jumpType() const
{
    return platform::EventType(m_type->currentData().toInt());
}

void TimelineToolbar::setJumpType(platform::EventType type)
{
    m_type->setCurrentIndex(m_type->findData(int(type)));
}

QString TimelineToolbar::readout() const
{
    return m_readout->text();
}

void TimelineToolbar::updateReadout()
{
    const std::int64_t position = m_document->cursorPosition();
    const std::int64_t size = m_model->entryCount();
    QString widest; // the longest this journal's readout gets
    if (position < 0 || position >= size) {
        const bool indexing = m_document->status() == models::JournalDocument::Status::Indexing;
        m_readout->setText(size > 0 ? tr("before the first entry") : indexing ? tr("indexing") : tr("no journal"));
        widest = m_readout->text();
    } else {
        const QString last = QString::number(m_model->sequenceAt(size - 1));
        const QString time = timeline::isoUtc(m_model->wallMsAt(position));
        m_readout->setText(tr("seq %1 of %2 · %3").arg(m_model->sequenceAt(position)).arg(last, time));
        widest = tr("seq %1 of %2 · %3").arg(last, last, time);
    }
    // A fixed size: a label whose size can change makes every text change
    // lay out the whole main window again (its docks, tables and charts),
    // tens of ms per cursor step on the GUI thread.
    const QSize size2(m_readout->fontMetrics().horizontalAdvance(widest) + 8, m_readout->sizeHint().height());
    if (size2.width() > m_readout->minimumWidth() || size == 0 || size2.height() != m_readout->minimumHeight())
        m_readout->setFixedSize(size2);
}

bool TimelineToolbar::eventFilter(QObject* watched, QEvent* event)
{
    if (watched == m_legend && event->type() == QEvent::Resize)
        updateLegend();
    return QWidget::eventFilter(watched, event);
}

void TimelineToolbar::updateLegend()
{
    // The legend gets what the controls and the readout leave.
    const int room = m_legend->width();
    const QString full = legendHtml(true);
    const QString compact = legendHtml(false);
    QLabel probe;
    probe.setFont(m_legend->font());
    probe.setText(full);
    if (probe.sizeHint().width() <= room) {
        m_legend->setText(full);
        return;
    }
    probe.setText(compact);
    m_legend->setText(probe.sizeHint().width() <= room ? compact : QString());
}

void TimelineToolbar::updatePlaying(bool playing)
{
    m_play->setIcon(style()->standardIcon(playing ? QStyle::SP_MediaPause : QStyle::SP_MediaPlay));
    m_play->setText(playing ? tr("Pause") : tr("Play"));
    m_play->setToolTip(tr("Play or pause (Space)"));
}

} // namespace cd::ui
