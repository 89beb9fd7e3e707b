#include "ui/panels/event_log_panel.h"

#include "ui/panels/row_state_delegate.h"
#include "ui/panels/windowed_table.h"

#include "models/entry_text.h"
#include "models/event_log_model.h"
#include "models/journal_document.h"

#include "engine/platform/event.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QMenu>
#include <QTableView>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>

#include <algorithm>

namespace cd::ui {

using models::EventLogModel;

EventLogPanel::EventLogPanel(models::JournalDocument* document, QWidget* parent)
    : QWidget(parent)
    , m_document(document)
    , m_model(new EventLogModel(document, this))
    , m_types(new QToolButton(this))
    , m_tenant(new QLineEdit(this))
    , m_text(new QLineEdit(this))
    , m_status(new QLabel(this))
    , m_table(new WindowedTable(m_model, this))
    , m_view(m_table->view())
    , m_debounce(new QTimer(this))
{
    setObjectName(QStringLiteral("eventLogPanel"));

    m_types->setObjectName(QStringLiteral("eventTypeFilter"));
    m_types->setText(tr("All types"));
    m_types->setPopupMode(QToolButton::InstantPopup);
    auto* menu = new QMenu(m_types);
    for (int t = 0; t < platform::EventTypeCount; ++t) {
        QAction* action = menu->addAction(models::eventTypeText(static_cast<platform::EventType>(t)));
        action->setCheckable(true);
        action->setData(t);
        connect(action, &QAction::toggled, this, &EventLogPanel::applyFilter);
    }
    m_types->setMenu(menu);

    m_tenant->setObjectName(QStringLiteral("eventTenantFilter"));
    m_tenant->setPlaceholderText(tr("Tenant id"));
    m_tenant->setClearButtonEnabled(true);
    m_tenant->setMaximumWidth(160);
    m_text->setObjectName(QStringLiteral("eventTextFilter"));
    m_text->setPlaceholderText(tr("Text in ids, emails, reasons, features, numbers"));
    m_text->setClearButtonEnabled(true);
    m_status->setObjectName(QStringLiteral("eventLogStatus"));

    m_view->setObjectName(QStringLiteral("eventLogTable"));
    m_view->setItemDelegate(
        new RowStateDelegate({ EventLogModel::IsCursorRole, EventLogModel::FutureRole, -1 }, m_view));
    m_view->horizontalHeader()->setSectionResizeMode(QHeaderView::Interactive);
    m_view->setColumnWidth(EventLogModel::SequenceColumn, 80);
    m_view->setColumnWidth(EventLogModel::TimeColumn, 175);
    m_view->setColumnWidth(EventLogModel::TenantColumn, 90);
    m_view->setColumnWidth(EventLogModel::TypeColumn, 175);

    m_debounce->setSingleShot(true);
    m_debounce->setInterval(300);
    connect(m_debounce, &QTimer::timeout, this, &EventLogPanel::applyFilter);
    for (QLineEdit* edit : { m_tenant, m_text }) {
        connect(edit, &QLineEdit::textEdited, m_debounce, qOverload<>(&QTimer::start));
        connect(edit, &QLineEdit::returnPressed, this, &EventLogPanel::applyFilter);
        connect(edit, &QLineEdit::textChanged, this, [this](const QString& text) {
            if (text.isEmpty())
                applyFilter(); // the clear button
        });
    }

    auto* top = new QHBoxLayout;
    top->addWidget(m_types);
    top->addWidget(m_tenant);
    top->addWidget(m_text, 1);
    top->addWidget(m_status);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addLayout(top);
    layout->addWidget(m_table, 1);

    const auto sequenceAt
        = [this](int row) { return m_model->index(row, 0).data(EventLogModel::SequenceRole).toLongLong(); };
    connect(m_table, &WindowedTable::rowDoubleClicked, this,
        [this, sequenceAt](int row) { m_document->setCursor(sequenceAt(row)); });
    connect(m_table, &WindowedTable::currentRowChanged, this, [this, sequenceAt](int row) {
        if (row >= 0)
            Q_EMIT entrySelected(sequenceAt(row));
    });
    connect(m_model, &EventLogModel::cursorRowChanged, this, &EventLogPanel::scrollToCursor);
    connect(m_model, &EventLogModel::filterFinished, this, [this]() {
        updateStatus();
        scrollToCursor(m_model->cursorRow());
    });
    connect(m_model, &QAbstractItemModel::rowsInserted, this, &EventLogPanel::updateStatus);
    connect(m_model, &QAbstractItemModel::modelReset, this, &EventLogPanel::updateStatus);
    updateStatus();
}

void EventLogPanel::applyFilter()
{
    m_debounce->stop();
    models::EventLogFilter filter;
    QStringList names;
    for (const QAction* action : m_types->menu()->actions()) {
        if (action->isChecked()) {
            filter.types |= 1u << action->data().toUInt();
            names << action->text();
        }
    }
    m_types->setText(names.isEmpty() ? tr("All types")
            : names.size() == 1      ? names.front()
                                     : tr("%n types", nullptr, int(names.size())));
    filter.tenant = m_tenant->text().trimmed();
    filter.text = m_text->text().trimmed();
    m_model->setFilter(filter);
    updateStatus();
}

void EventLogPanel::updateStatus()
{
    const QLocale locale;
    const qint64 all = m_document->history() ? qint64(m_document->history()->size()) : 0;
    const qint64 shown = m_model->rowCount();
    m_status->setText(m_model->isFiltering() ? tr("filtering %1 entries\u2026").arg(locale.toString(all))
            : m_model->filter().isEmpty()    ? tr("%1 entries").arg(locale.toString(all))
                                          : tr("%1 of %2 entries").arg(locale.toString(shown), locale.toString(all)));
    // A fixed size, grown to the widest text so far: a label whose size may
    // change lays out the whole main window again on every text change (this
    // one changes with every indexing batch), tens of ms on the GUI thread.
    const QString widest = std::max(tr("filtering %1 entries\u2026").arg(locale.toString(all)),
        tr("%1 of %2 entries").arg(locale.toString(all), locale.toString(all)),
        [](const QString& a, const QString& b) { return a.size() < b.size(); });
    const QSize size(m_status->fontMetrics().horizontalAdvance(widest) + 8, m_status->sizeHint().height());
    if (size.width() > m_status->minimumWidth() || all == 0 || size.height() != m_status->minimumHeight())
        m_status->setFixedSize(size);
}

void EventLogPanel::scrollToCursor(int row)
{
    if (row < 0)
        return;
    // Stepping keeps the view still while the row shows; a jump centres it.
    m_table->scrollTo(row, QAbstractItemView::PositionAtCenter);
}

} // namespace cd::ui
