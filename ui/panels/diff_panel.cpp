#include "ui/panels/diff_panel.h"

#include "models/diff_model.h"
#include "models/journal_document.h"

#include <QCheckBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QStackedWidget>
#include <QStyledItemDelegate>
#include <QTreeView>
#include <QVBoxLayout>

#include <algorithm>

namespace cd::ui {

using models::DiffModel;

namespace {

// Below this many changes the whole tree opens (changes and their causes);
// above it only the tenants do.
constexpr int ExpandAllLimit = 60;

// Colours the kind of a change: added green, removed red, changed amber.
class KindDelegate : public QStyledItemDelegate {
public:
    using QStyledItemDelegate::QStyledItemDelegate;

protected:
    void initStyleOption(QStyleOptionViewItem* option, const QModelIndex& index) const override
    {
        QStyledItemDelegate::initStyleOption(option, index);
        const QVariant kind = index.data(DiffModel::KindRole);
        if (index.column() != DiffModel::KindColumn || !kind.isValid())
            return;
        static const QColor colours[]
            = { QColor(0x2e, 0x7d, 0x32), QColor(0xc6, 0x28, 0x28), QColor(0xb2, 0x6a, 0x00) };
        option->palette.setColor(QPalette::Text, colours[std::clamp(kind.toInt(), 0, 2)]);
        option->font.setBold(true);
    }
};

QString markText(const char* name, std::optional<std::int64_t> sequence)
{
    return QLatin1String(name) + (sequence ? QStringLiteral(": seq %1").arg(*sequence) : QStringLiteral(": unset"));
}

} // namespace

DiffPanel::DiffPanel(models::JournalDocument* document, QWidget* parent)
    : QWidget(parent)
    , m_document(document)
    , m_model(new DiffModel(document, this))
    , m_markA(new QLabel(this))
    , m_markB(new QLabel(this))
    , m_useA(new QPushButton(tr("Cursor → A"), this))
    , m_useB(new QPushButton(tr("Cursor → B"), this))
    , m_tenantOnly(new QCheckBox(tr("Selected tenant only"), this))
    , m_summary(new QLabel(this))
    , m_stack(new QStackedWidget(this))
    , m_empty(new QLabel(this))
    , m_tree(new QTreeView(this))
{
    setObjectName(QStringLiteral("diffPanel"));
    m_markA->setObjectName(QStringLiteral("diffMarkA"));
    m_markB->setObjectName(QStringLiteral("diffMarkB"));
    m_useA->setObjectName(QStringLiteral("diffUseCursorAsA"));
    m_useB->setObjectName(QStringLiteral("diffUseCursorAsB"));
    m_tenantOnly->setObjectName(QStringLiteral("diffTenantOnly"));
    m_summary->setObjectName(QStringLiteral("diffSummary"));
    m_empty->setObjectName(QStringLiteral("diffEmpty"));
    m_tree->setObjectName(QStringLiteral("diffTree"));
    m_useA->setToolTip(tr("Compare from the entry at the cursor"));
    m_useB->setToolTip(tr("Compare up to the entry at the cursor"));

    m_summary->setWordWrap(true);
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_empty->setAlignment(Qt::AlignCenter);
    m_empty->setWordWrap(true);
    m_empty->setEnabled(false); // the palette's disabled text: a quiet hint

    m_tree->setModel(m_model);
    m_tree->setItemDelegate(new KindDelegate(m_tree));
    m_tree->setUniformRowHeights(true); // no per-row measuring on big diffs
    m_tree->setAlternatingRowColors(true);
    m_tree->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_tree->setTextElideMode(Qt::ElideRight);
    m_tree->header()->setStretchLastSection(true);
    m_tree->header()->setSectionResizeMode(QHeaderView::Interactive);
    m_tree->setColumnWidth(DiffModel::PathColumn, 320);
    m_tree->setColumnWidth(DiffModel::BeforeColumn, 200);
    m_tree->setColumnWidth(DiffModel::AfterColumn, 240);
    m_tree->setColumnWidth(DiffModel::KindColumn, 90);

    m_stack->addWidget(m_empty);
    m_stack->addWidget(m_tree);

    auto* marks = new QHBoxLayout;
    marks->addWidget(m_markA);
    marks->addWidget(m_useA);
    marks->addSpacing(12);
    marks->addWidget(m_markB);
    marks->addWidget(m_useB);
    marks->addSpacing(12);
    marks->addWidget(m_tenantOnly);
    marks->addStretch(1);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addLayout(marks);
    layout->addWidget(m_summary);
    layout->addWidget(m_stack, 1);

    connect(m_useA, &QPushButton::clicked, this, [this] { m_document->setMarkA(m_document->cursor()); });
    connect(m_useB, &QPushButton::clicked, this, [this] { m_document->setMarkB(m_document->cursor()); });
    connect(m_tenantOnly, &QCheckBox::toggled, m_model, &DiffModel::setTenantOnly);
    connect(m_tree, &QTreeView::clicked, this, &DiffPanel::activate);
    connect(m_document, &models::JournalDocument::marksChanged, this, &DiffPanel::updateMarks);
    connect(m_document, &models::JournalDocument::cursorChanged, this, &DiffPanel::updateMarks);
    connect(m_document, &models::JournalDocument::ready, this, &DiffPanel::updateMarks);
    connect(m_document, &models::JournalDocument::closed, this, &DiffPanel::updateMarks);
    connect(m_model, &DiffModel::statusChanged, this, &DiffPanel::updateStatus);
    connect(m_model, &QAbstractItemModel::modelReset, this, [this] {
        if (m_model->changeCount() <= ExpandAllLimit)
            m_tree->expandAll();
        else
            m_tree->expandToDepth(0);
    });
    updateMarks();
    updateStatus();
}

void DiffPanel::updateMarks()
{
    m_markA->setText(markText("A", m_document->markA()));
    m_markB->setText(markText("B", m_document->markB()));
    const bool hasCursor = m_document->cursor().has_value();
    m_useA->setEnabled(hasCursor);
    m_useB->setEnabled(hasCursor);
}

void DiffPanel::updateStatus()
{
    m_summary->setText(m_model->summary());
    const bool showTree = m_model->status() == DiffModel::Status::Ready && m_model->changeCount() > 0;
    if (!showTree) {
        switch (m_model->status()) {
        case DiffModel::Status::NoJournal:
            m_empty->setText(tr("No journal open."));
            break;
        case DiffModel::Status::NoMarks:
            m_empty->setText(tr("Set marks A and B to see what changed between them:\n"
                                "move the cursor and press \"Cursor → A\", then \"Cursor → B\"."));
            break;
        case DiffModel::Status::Computing:
            m_empty->setText(tr("Comparing…"));
            break;
        case DiffModel::Status::Ready:
            m_empty->setText(tr("Nothing changed between A and B."));
            break;
        }
    }
    // While a new diff runs the previous tree stays visible.
    const bool keepTree = m_model->status() == DiffModel::Status::Computing && m_model->changeCount() > 0;
    m_stack->setCurrentWidget(showTree || keepTree ? static_cast<QWidget*>(m_tree) : m_empty);
}

void DiffPanel::activate(const QModelIndex& index)
{
    const QVariant sequence = index.data(DiffModel::SequenceRole);
    if (sequence.isValid())
        m_document->setCursor(sequence.toLongLong());
}

} // namespace cd::ui
