#include "ui/panels/problems_panel.h"

#include "ui/panels/table_setup.h"

#include "models/journal_document.h"
#include "models/problems_model.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QStackedWidget>
#include <QStyledItemDelegate>
#include <QTableView>
#include <QVBoxLayout>

namespace cd::ui {

using models::ProblemsModel;

namespace {

// Severity in colour: errors red, warnings amber (readable on light rows).
class SeverityDelegate : public QStyledItemDelegate {
public:
    using QStyledItemDelegate::QStyledItemDelegate;

protected:
    void initStyleOption(QStyleOptionViewItem* option, const QModelIndex& index) const override
    {
        QStyledItemDelegate::initStyleOption(option, index);
        if (index.column() != ProblemsModel::SeverityColumn)
            return;
        const bool error = index.data(ProblemsModel::SeverityRole).toInt() == int(ProblemsModel::Severity::Error);
        option->palette.setColor(QPalette::Text, error ? QColor(0xc6, 0x28, 0x28) : QColor(0xb2, 0x6a, 0x00));
        option->font.setBold(true);
    }
};

} // namespace

ProblemsPanel::ProblemsPanel(models::JournalDocument* document, QWidget* parent)
    : QWidget(parent)
    , m_document(document)
    , m_model(new ProblemsModel(document, this))
    , m_filter(new QComboBox(this))
    , m_summary(new QLabel(this))
    , m_progress(new QProgressBar(this))
    , m_rerun(new QPushButton(tr("Verify again"), this))
    , m_stack(new QStackedWidget(this))
    , m_empty(new QLabel(this))
    , m_table(new QTableView(this))
{
    setObjectName(QStringLiteral("problemsPanel"));
    m_filter->setObjectName(QStringLiteral("problemsFilter"));
    m_summary->setObjectName(QStringLiteral("problemsSummary"));
    m_progress->setObjectName(QStringLiteral("problemsProgress"));
    m_rerun->setObjectName(QStringLiteral("problemsRerun"));
    m_empty->setObjectName(QStringLiteral("problemsEmpty"));
    m_table->setObjectName(QStringLiteral("problemsTable"));

    m_filter->addItem(tr("Errors and warnings"), int(ProblemsModel::Filter::All));
    m_filter->addItem(tr("Errors"), int(ProblemsModel::Filter::Errors));
    m_filter->addItem(tr("Warnings"), int(ProblemsModel::Filter::Warnings));
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_summary->setWordWrap(true);
    m_progress->setRange(0, 1000);
    m_progress->setTextVisible(false);
    m_progress->setMaximumWidth(160);
    m_empty->setAlignment(Qt::AlignCenter);
    m_empty->setWordWrap(true);
    m_empty->setEnabled(false);

    m_table->setModel(m_model);
    setUpTable(m_table);
    m_table->setItemDelegate(new SeverityDelegate(m_table));
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::Interactive);
    m_table->setColumnWidth(ProblemsModel::SeverityColumn, 75);
    m_table->setColumnWidth(ProblemsModel::CodeColumn, 190);
    m_table->setColumnWidth(ProblemsModel::SequenceColumn, 70);
    m_table->setColumnWidth(ProblemsModel::TenantColumn, 90);

    m_stack->addWidget(m_empty);
    m_stack->addWidget(m_table);

    auto* bar = new QHBoxLayout;
    bar->addWidget(m_filter);
    bar->addWidget(m_summary, 1);
    bar->addWidget(m_progress);
    bar->addWidget(m_rerun);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addLayout(bar);
    layout->addWidget(m_stack, 1);

    connect(m_filter, &QComboBox::currentIndexChanged, this, [this] {
        m_model->setFilter(ProblemsModel::Filter(m_filter->currentData().toInt()));
        update();
    });
    connect(m_rerun, &QPushButton::clicked, m_model, &ProblemsModel::rerun);
    connect(m_table, &QTableView::clicked, this, &ProblemsPanel::activate);
    connect(m_model, &ProblemsModel::statusChanged, this, &ProblemsPanel::update);
    connect(m_model, &ProblemsModel::progressChanged, this, [this](double fraction) {
        m_progress->setValue(int(fraction * 1000));
        m_summary->setText(m_model->summary());
    });
    update();
}

void ProblemsPanel::update()
{
    const auto status = m_model->status();
    m_summary->setText(m_model->summary());
    m_progress->setVisible(status == ProblemsModel::Status::Verifying);
    m_progress->setValue(int(m_model->progress() * 1000));
    m_rerun->setEnabled(status == ProblemsModel::Status::Done || status == ProblemsModel::Status::Failed);
    if (m_model->rowCount() > 0) {
        m_stack->setCurrentWidget(m_table);
        return;
    }
    switch (status) {
    case ProblemsModel::Status::NoJournal:
        m_empty->setText(m_document->status() == models::JournalDocument::Status::Failed
                ? tr("The journal could not be opened.")
                : tr("No journal open."));
        break;
    case ProblemsModel::Status::Verifying:
        m_empty->setText(tr("Verifying the journal…"));
        break;
    case ProblemsModel::Status::Failed:
        m_empty->setText(tr("Verify could not finish:\n%1").arg(m_model->failure()));
        break;
    case ProblemsModel::Status::Done:
        if (m_model->errorCount() + m_model->warningCount() == 0)
            m_empty->setText(tr("No problems found"));
        else if (m_model->filter() == ProblemsModel::Filter::Errors)
            m_empty->setText(tr("No errors (only warnings)"));
        else
            m_empty->setText(tr("No warnings (only errors)"));
        break;
    }
    m_stack->setCurrentWidget(m_empty);
}

void ProblemsPanel::activate(const QModelIndex& index)
{
    const QVariant sequence = index.data(ProblemsModel::SequenceRole);
    if (sequence.isValid())
        m_document->setCursor(sequence.toLongLong());
}

} // namespace cd::ui
