#include "ui/panels/inspector_panel.h"

#include "ui/panels/json_highlighter.h"
#include "ui/panels/label_host.h"

#include "models/entry_text.h"
#include "models/entry_text_cache.h"
#include "models/journal_document.h"

#include "engine/history/history.h"
#include "engine/platform/codec.h"
#include "engine/platform/string_pool.h"

#include <QFontDatabase>
#include <QLabel>
#include <QPlainTextEdit>
#include <QVBoxLayout>

namespace cd::ui {

InspectorPanel::InspectorPanel(models::JournalDocument* document, QWidget* parent)
    : QWidget(parent)
    , m_document(document)
    , m_cache(new models::EntryTextCache(document, this))
    , m_header(new QLabel(this))
    , m_source(new QLabel(this))
    , m_text(new QPlainTextEdit(this))
{
    setObjectName(QStringLiteral("inspectorPanel"));
    m_header->setObjectName(QStringLiteral("inspectorHeader"));
    m_header->setTextFormat(Qt::RichText);
    m_header->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_source->setObjectName(QStringLiteral("inspectorSource"));
    m_source->setWordWrap(true);
    QPalette dim = m_source->palette();
    dim.setColor(QPalette::WindowText, dim.color(QPalette::Disabled, QPalette::WindowText));
    m_source->setPalette(dim);
    m_text->setObjectName(QStringLiteral("inspectorText"));
    m_text->setReadOnly(true);
    m_text->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_text->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    new JsonHighlighter(m_text->document());

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    // Both texts follow the cursor.
    layout->addWidget(new LabelHost(m_header, this));
    layout->addWidget(m_text, 1);
    layout->addWidget(new LabelHost(m_source, this));

    connect(document, &models::JournalDocument::cursorChanged, this,
        [this]() { showPosition(m_document->cursorPosition()); });
    connect(document, &models::JournalDocument::closed, this, [this]() { showPosition(-1); });
    connect(m_cache, &models::EntryTextCache::fetched, this, &InspectorPanel::refresh);
    connect(m_cache, &models::EntryTextCache::failed, this, &InspectorPanel::refresh);
    showPosition(document->cursorPosition());
}

void InspectorPanel::showSequence(qint64 sequence)
{
    const auto history = m_document->history();
    if (!history)
        return;
    const auto position = history->view().index().positionAtOrBefore(sequence);
    showPosition(position ? std::int64_t(*position) : -1);
}

void InspectorPanel::showPosition(std::int64_t position)
{
    m_position = position;
    refresh();
}

void InspectorPanel::refresh()
{
    const auto history = m_document->history();
    if (!history || m_position < 0 || std::size_t(m_position) >= history->size()) {
        m_header->setText(tr("No entry at the cursor"));
        m_source->clear();
        m_text->clear();
        return;
    }
    const auto p = std::size_t(m_position);
    std::int64_t sequence = 0;
    std::int64_t wallMs = 0;
    QString tenant;
    QString type;
    std::string fromIndex;
    {
        const auto view = history->view();
        const auto& index = view.index();
        sequence = index.sequence(p);
        wallMs = index.wallMs(p);
        const auto event = index.event(p);
        const auto t = view.pool().view(event.tenantId);
        tenant = QString::fromUtf8(t.data(), qsizetype(t.size()));
        type = models::eventTypeText(event.type);
        fromIndex = platform::encodeEvent(event, view.pool());
    }
    const platform::Entry* entry = m_cache->entryAt(p);
    const QString id = entry ? QString::fromStdString(entry->id) : QStringLiteral("\u2026");
    const QString mono = entry ? QString::number(entry->monoMs) : QStringLiteral("\u2026");
    m_header->setText(tr("<b>%1</b> &nbsp; sequence <b>%2</b> &nbsp; tenant <b>%3</b><br>"
                         "id %4 &nbsp; wall %5 UTC (%6 ms) &nbsp; mono %7 ms")
                          .arg(type.toHtmlEscaped())
                          .arg(sequence)
                          .arg(tenant.toHtmlEscaped(), id.toHtmlEscaped(), models::wallTimeText(wallMs))
                          .arg(wallMs)
                          .arg(mono));
    const std::string pretty = entry ? models::prettyEntryJson(*entry) : models::prettyJson(fromIndex);
    const QString text = QString::fromStdString(pretty);
    if (m_text->toPlainText() != text)
        m_text->setPlainText(text);
    if (entry)
        m_source->setText(tr("As stored in %1").arg(m_document->path()));
    else if (!m_cache->errorText().isEmpty())
        m_source->setText(tr("The event as indexed; the stored entry cannot be read: %1").arg(m_cache->errorText()));
    else
        m_source->setText(tr("The event as indexed; reading the stored entry\u2026"));
}

} // namespace cd::ui
