#include "ui/open_progress.h"

#include "models/journal_document.h"

#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QProgressBar>
#include <QToolButton>

#include <algorithm>
#include <cmath>

namespace cd::ui {

namespace {

// The bar counts in permille: finer steps would repaint without showing anything.
constexpr int BarSteps = 1000;

} // namespace

OpenProgress::OpenProgress(models::JournalDocument* document, QWidget* parent)
    : QWidget(parent)
    , m_document(document)
    , m_label(new QLabel(this))
    , m_bar(new QProgressBar(this))
    , m_cancel(new QToolButton(this))
{
    setObjectName(QStringLiteral("openProgress"));
    m_label->setObjectName(QStringLiteral("openProgressLabel"));
    m_bar->setObjectName(QStringLiteral("openProgressBar"));
    m_cancel->setObjectName(QStringLiteral("cancelOpenButton"));

    m_bar->setRange(0, BarSteps);
    m_bar->setFixedWidth(180);
    m_bar->setTextVisible(true);
    m_bar->setFormat(QStringLiteral("%p%"));
    m_cancel->setText(tr("Cancel"));
    m_cancel->setToolTip(tr("Stop indexing this journal"));
    m_cancel->setToolButtonStyle(Qt::ToolButtonTextOnly);

    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_label);
    layout->addWidget(m_bar);
    layout->addWidget(m_cancel);

    connect(m_cancel, &QToolButton::clicked, m_document, &models::JournalDocument::cancel);
    connect(m_document, &models::JournalDocument::opened, this, [this](const QString& path) {
        m_bar->setValue(0);
        // Sized once for the longest text this file can show: a label whose
        // size follows its text relays out the whole main window on every
        // progress report (10M entries: hundreds of 50-500 ms stalls).
        const QString name = QFileInfo(path).fileName();
        const QString widest = tr("Indexing %1… %2 entries").arg(name, QLocale().toString(qint64(9'999'999'999)));
        m_label->setText(widest);
        m_label->setFixedSize(m_label->sizeHint());
        m_label->setText(tr("Indexing %1…").arg(name));
        updateVisibility();
    });
    connect(m_document, &models::JournalDocument::progress, this, &OpenProgress::onProgress);
    for (auto signal : { &models::JournalDocument::ready, &models::JournalDocument::closed })
        connect(m_document, signal, this, &OpenProgress::updateVisibility);
    connect(m_document, &models::JournalDocument::failed, this, &OpenProgress::updateVisibility);
    updateVisibility();
}

void OpenProgress::onProgress(double fraction, qint64 entries)
{
    m_bar->setValue(int(std::lround(std::clamp(fraction, 0.0, 1.0) * BarSteps)));
    m_label->setText(
        tr("Indexing %1… %2 entries").arg(QFileInfo(m_document->path()).fileName(), QLocale().toString(entries)));
}

void OpenProgress::updateVisibility()
{
    setVisible(m_document->status() == models::JournalDocument::Status::Indexing);
}

} // namespace cd::ui
