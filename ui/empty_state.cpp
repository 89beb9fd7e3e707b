#include "ui/empty_state.h"

#include <QDir>
#include <QFileInfo>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

namespace cd::ui {

namespace {

QFont scaledFont(const QFont& base, double factor, bool bold)
{
    QFont font = base;
    if (font.pointSizeF() > 0)
        font.setPointSizeF(font.pointSizeF() * factor);
    else
        font.setPixelSize(int(font.pixelSize() * factor));
    font.setBold(bold);
    return font;
}

} // namespace

EmptyState::EmptyState(QWidget* parent)
    : QWidget(parent)
    , m_headline(new QLabel(this))
    , m_detail(new QLabel(this))
    , m_open(new QPushButton(tr("Open Journal…"), this))
    , m_recentTitle(new QLabel(tr("Recent journals"), this))
    , m_recentBox(new QWidget(this))
    , m_recentLayout(new QVBoxLayout(m_recentBox))
{
    setObjectName(QStringLiteral("emptyState"));
    m_headline->setObjectName(QStringLiteral("emptyStateHeadline"));
    m_detail->setObjectName(QStringLiteral("emptyStateDetail"));
    m_open->setObjectName(QStringLiteral("emptyStateOpenButton"));
    m_recentBox->setObjectName(QStringLiteral("emptyStateRecent"));

    m_headline->setFont(scaledFont(font(), 1.5, true));
    m_headline->setAlignment(Qt::AlignCenter);
    m_headline->setWordWrap(true);
    m_detail->setAlignment(Qt::AlignCenter);
    m_detail->setWordWrap(true);
    m_detail->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_recentTitle->setFont(scaledFont(font(), 1.0, true));
    m_recentTitle->setAlignment(Qt::AlignCenter);
    m_recentLayout->setContentsMargins(0, 0, 0, 0);
    m_recentLayout->setSpacing(2);
    m_open->setDefault(true);

    // Everything in one centred column of bounded width, so long reasons wrap
    // instead of stretching across a wide window.
    auto* column = new QWidget(this);
    column->setFixedWidth(640);
    auto* columnLayout = new QVBoxLayout(column);
    columnLayout->setSpacing(12);
    columnLayout->addWidget(m_headline);
    columnLayout->addWidget(m_detail);
    columnLayout->addWidget(m_open, 0, Qt::AlignHCenter);
    columnLayout->addSpacing(12);
    columnLayout->addWidget(m_recentTitle);
    columnLayout->addWidget(m_recentBox);

    auto* outer = new QVBoxLayout(this);
    outer->addStretch(1);
    outer->addWidget(column, 0, Qt::AlignHCenter);
    outer->addStretch(1);

    connect(m_open, &QPushButton::clicked, this, &EmptyState::openRequested);
    setMessage(tr("Open a journal (Ctrl+O) or drop a file here"), {});
    setRecentFiles({});
}

void EmptyState::setMessage(const QString& headline, const QString& detail, bool error)
{
    m_headline->setText(headline);
    m_detail->setText(detail);
    m_detail->setVisible(!detail.isEmpty());
    QPalette palette = this->palette();
    if (error)
        palette.setColor(QPalette::WindowText, QColor(0xb0, 0x1c, 0x1c)); // dark red: readable on light and mid greys
    m_detail->setPalette(palette);
}

void EmptyState::setRecentFiles(const QStringList& paths)
{
    while (QLayoutItem* item = m_recentLayout->takeAt(0)) {
        delete item->widget();
        delete item;
    }
    const auto shown = paths.mid(0, MaxShown);
    for (const QString& path : shown) {
        const QFileInfo info(path);
        auto* button = new QPushButton(
            tr("%1  —  %2").arg(info.fileName(), QDir::toNativeSeparators(info.absolutePath())), m_recentBox);
        button->setObjectName(QStringLiteral("recentButton"));
        button->setFlat(true);
        button->setToolTip(QDir::toNativeSeparators(path));
        button->setCursor(Qt::PointingHandCursor);
        connect(button, &QPushButton::clicked, this, [this, path] { Q_EMIT recentFileRequested(path); });
        m_recentLayout->addWidget(button);
    }
    m_recentTitle->setVisible(!shown.isEmpty());
    m_recentBox->setVisible(!shown.isEmpty());
}

} // namespace cd::ui
