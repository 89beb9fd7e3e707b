#include "ui/panels/why_panel.h"

#include "ui/panels/label_host.h"
#include "ui/panels/table_setup.h"

#include "models/explain_model.h"
#include "models/journal_document.h"

#include <QHeaderView>
#include <QLabel>
#include <QStackedWidget>
#include <QTableView>
#include <QVBoxLayout>

namespace cd::ui {

using models::ExplainModel;

namespace {

// The status word in the title, coloured the way the tenants panel reads it.
QString statusColour(const QString& status)
{
    if (status == QLatin1String("suspended"))
        return QStringLiteral("#c62828");
    if (status == QLatin1String("active"))
        return QStringLiteral("#2e7d32");
    return QStringLiteral("#616161");
}

} // namespace

WhyPanel::WhyPanel(models::JournalDocument* document, QWidget* parent)
    : QWidget(parent)
    , m_document(document)
    , m_model(new ExplainModel(document, this))
    , m_title(new QLabel(this))
    , m_summary(new QLabel(this))
    , m_entriesTitle(new QLabel(tr("Entries that made it so (click one to move the cursor there):"), this))
    , m_stack(new QStackedWidget(this))
    , m_empty(new QLabel(this))
    , m_answer(new QWidget(this))
    , m_entries(new QTableView(this))
{
    setObjectName(QStringLiteral("whyPanel"));
    m_model->setActive(false); // until shown
    m_title->setObjectName(QStringLiteral("whyTitle"));
    m_summary->setObjectName(QStringLiteral("whySummary"));
    m_empty->setObjectName(QStringLiteral("whyEmpty"));
    m_entries->setObjectName(QStringLiteral("whyEntries"));

    m_title->setTextFormat(Qt::RichText);
    QFont titleFont = m_title->font();
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.2);
    m_title->setFont(titleFont);
    m_summary->setWordWrap(true);
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_empty->setAlignment(Qt::AlignCenter);
    m_empty->setWordWrap(true);
    m_empty->setEnabled(false);

    m_entries->setModel(m_model);
    setUpTable(m_entries);
    m_entries->horizontalHeader()->setSectionResizeMode(QHeaderView::Interactive);
    m_entries->setColumnWidth(ExplainModel::SequenceColumn, 60);
    m_entries->setColumnWidth(ExplainModel::TimeColumn, 150);
    m_entries->setColumnWidth(ExplainModel::TypeColumn, 180);

    auto* answer = new QVBoxLayout(m_answer);
    answer->setContentsMargins(0, 0, 0, 0);
    // Both texts follow the cursor.
    answer->addWidget(new LabelHost(m_title, m_answer));
    answer->addWidget(new LabelHost(m_summary, m_answer));
    answer->addSpacing(6);
    answer->addWidget(m_entriesTitle);
    answer->addWidget(m_entries, 1);
    answer->addStretch(0); // takes the room when there is no entry to list

    m_stack->addWidget(m_empty);
    m_stack->addWidget(m_answer);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 6, 6, 6);
    layout->addWidget(m_stack);

    connect(m_model, &ExplainModel::statusChanged, this, &WhyPanel::update);
    connect(m_entries, &QTableView::clicked, this, &WhyPanel::activate);
    update();
}

void WhyPanel::showEvent(QShowEvent* event)
{
    QWidget::showEvent(event);
    m_model->setActive(true);
}

void WhyPanel::hideEvent(QHideEvent* event)
{
    QWidget::hideEvent(event);
    m_model->setActive(false);
}

void WhyPanel::update()
{
    const auto status = m_model->status();
    const bool answered = status == ExplainModel::Status::Ready
        || (status == ExplainModel::Status::Computing && !m_model->statusText().isEmpty());
    if (!answered) {
        m_empty->setText(m_model->summary());
        m_stack->setCurrentWidget(m_empty);
        return;
    }
    const QString state = m_model->statusText();
    const auto at = m_model->at();
    const QString where = at ? tr("at seq %1").arg(*at) : tr("before the first entry");
    m_title->setText(tr("<b>%1</b> is <b style=\"color:%2\">%3</b> %4")
                         .arg(m_model->tenant().toHtmlEscaped(), statusColour(state), state.toHtmlEscaped(), where));
    m_summary->setText(m_model->summary());
    const bool hasEntries = m_model->rowCount() > 0;
    m_entriesTitle->setVisible(hasEntries);
    m_entries->setVisible(hasEntries);
    m_stack->setCurrentWidget(m_answer);
}

void WhyPanel::activate(const QModelIndex& index)
{
    const QVariant sequence = index.data(ExplainModel::SequenceRole);
    if (sequence.isValid())
        m_document->setCursor(sequence.toLongLong());
}

} // namespace cd::ui
