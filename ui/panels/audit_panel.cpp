#include "ui/panels/audit_panel.h"

#include "ui/panels/label_host.h"
#include "ui/panels/row_state_delegate.h"
#include "ui/panels/table_setup.h"

#include "models/audit_model.h"
#include "models/journal_document.h"

#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QTableView>
#include <QVBoxLayout>

namespace cd::ui {

using models::AuditModel;

AuditPanel::AuditPanel(models::JournalDocument* document, QWidget* parent)
    : QWidget(parent)
    , m_document(document)
    , m_model(new AuditModel(document, this))
    , m_title(new QLabel(this))
    , m_view(new QTableView(this))
{
    setObjectName(QStringLiteral("auditPanel"));
    m_title->setObjectName(QStringLiteral("auditTitle"));
    m_view->setObjectName(QStringLiteral("auditTable"));
    m_view->setModel(m_model);
    setUpTable(m_view);
    m_view->setItemDelegate(new RowStateDelegate({ AuditModel::IsCursorRole, AuditModel::FutureRole, -1 }, m_view));
    m_view->horizontalHeader()->setSectionResizeMode(QHeaderView::Interactive);
    m_view->setColumnWidth(AuditModel::SequenceColumn, 70);
    m_view->setColumnWidth(AuditModel::TimeColumn, 175);
    m_view->setColumnWidth(AuditModel::TypeColumn, 170);
    m_view->setColumnWidth(AuditModel::SummaryColumn, 300);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addWidget(new LabelHost(m_title, this)); // its text follows the cursor
    layout->addWidget(m_view, 1);

    connect(m_view, &QTableView::doubleClicked, this, &AuditPanel::activate);
    connect(
        m_view->selectionModel(), &QItemSelectionModel::currentRowChanged, this, [this](const QModelIndex& current) {
            if (current.isValid())
                Q_EMIT entrySelected(current.data(AuditModel::SequenceRole).toLongLong());
        });
    connect(m_model, &AuditModel::cursorRowChanged, this, [this](int row) {
        if (row >= 0)
            scrollIntoView(m_view, m_model->index(row, 0), QAbstractItemView::EnsureVisible);
    });
    connect(m_model, &QAbstractItemModel::modelReset, this, &AuditPanel::updateTitle);
    connect(m_model, &QAbstractItemModel::rowsInserted, this, &AuditPanel::updateTitle);
    connect(m_model, &AuditModel::cursorRowChanged, this, &AuditPanel::updateTitle);
    updateTitle();
}

void AuditPanel::activate(const QModelIndex& index)
{
    if (index.isValid())
        m_document->setCursor(index.data(AuditModel::SequenceRole).toLongLong());
}

void AuditPanel::updateTitle()
{
    const QString tenant = m_model->tenant();
    if (tenant.isEmpty()) {
        m_title->setText(tr("Audit trail: select a tenant"));
        return;
    }
    const int rows = m_model->rowCount();
    const int upTo = m_model->cursorRow() + 1;
    m_title->setText(tr("Audit trail of %1: %2 entries, %3 up to the cursor").arg(tenant).arg(rows).arg(upTo));
}

} // namespace cd::ui
