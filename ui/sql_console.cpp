#include "ui/sql_console.h"

#include "ui/sql_value_delegate.h"

#include "models/journal_document.h"
#include "models/sql_console_session.h"
#include "models/sql_result_model.h"

#include <QDir>
#include <QFileInfo>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QKeyEvent>
#include <QLabel>
#include <QLocale>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QStackedWidget>
#include <QTableView>
#include <QVBoxLayout>

namespace cd::ui {

namespace {

using models::SqlConsoleSession;

constexpr int ConsolePage = 0;
constexpr int UnavailablePage = 1;
constexpr int MinColumnWidth = 60;
constexpr int MaxColumnWidth = 420;

// A path as one shell word (for the command the user can copy).
QString shellWord(const QString& path)
{
    static const QString plain = QStringLiteral("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789/._-+");
    for (const QChar c : path) {
        if (!plain.contains(c)) {
            QString quoted = path;
            quoted.replace(QStringLiteral("'"), QStringLiteral("'\\''"));
            return QLatin1Char('\'') + quoted + QLatin1Char('\'');
        }
    }
    return path;
}

QString rowsText(qint64 rows)
{
    return rows == 1 ? SqlConsole::tr("1 row") : SqlConsole::tr("%1 rows").arg(QLocale().toString(rows));
}

QString msText(qint64 ms)
{
    return SqlConsole::tr("%1 ms").arg(QLocale().toString(ms));
}

} // namespace

SqlConsole::SqlConsole(models::JournalDocument* document, QWidget* parent)
    : QWidget(parent)
    , m_document(document)
    , m_session(new SqlConsoleSession(this))
    , m_pages(new QStackedWidget(this))
    , m_unavailable(new QLabel(this))
    , m_header(new QLabel(this))
    , m_editor(new QPlainTextEdit(this))
    , m_run(new QPushButton(tr("Run"), this))
    , m_cancel(new QPushButton(tr("Cancel"), this))
    , m_status(new QLabel(this))
    , m_results(new QTableView(this))
{
    setObjectName(QStringLiteral("sqlConsole"));
    m_pages->setObjectName(QStringLiteral("sqlPages"));
    m_unavailable->setObjectName(QStringLiteral("sqlUnavailable"));
    m_header->setObjectName(QStringLiteral("sqlHeader"));
    m_editor->setObjectName(QStringLiteral("sqlEditor"));
    m_run->setObjectName(QStringLiteral("sqlRun"));
    m_cancel->setObjectName(QStringLiteral("sqlCancel"));
    m_status->setObjectName(QStringLiteral("sqlStatus"));
    m_results->setObjectName(QStringLiteral("sqlResults"));

    m_header->setWordWrap(true);
    m_header->setTextFormat(Qt::PlainText);

    const QFont mono = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    m_editor->setFont(mono);
    m_editor->setPlaceholderText(tr("SELECT type, count(*) FROM events GROUP BY type"));
    m_editor->setPlainText(QStringLiteral("SELECT type, count(*) AS events, min(sequence) AS first, "
                                          "max(sequence) AS last\nFROM events\nGROUP BY type\nORDER BY events DESC"));
    m_editor->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_editor->setFixedHeight(QFontMetrics(mono).lineSpacing() * 6 + 2 * m_editor->frameWidth() + 8);
    m_editor->installEventFilter(this);

    m_run->setToolTip(tr("Run the statement (Ctrl+Enter)"));
    m_cancel->setToolTip(tr("Stop the running statement (Esc in the editor)"));
    m_status->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);

    m_results->setModel(m_session->model());
    m_results->setItemDelegate(new SqlValueDelegate(m_results));
    m_results->setAlternatingRowColors(true);
    m_results->setWordWrap(false);
    m_results->setSelectionBehavior(QAbstractItemView::SelectItems);
    m_results->horizontalHeader()->setSectionResizeMode(QHeaderView::Interactive);
    m_results->horizontalHeader()->setStretchLastSection(true);
    // Fixed row heights: no per-row measuring over 100k rows.
    m_results->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_results->verticalHeader()->setDefaultSectionSize(m_results->fontMetrics().height() + 6);

    auto* console = new QWidget(m_pages);
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(m_run);
    buttons->addWidget(m_cancel);
    buttons->addWidget(m_status, 1);
    auto* consoleLayout = new QVBoxLayout(console);
    consoleLayout->setContentsMargins(0, 0, 0, 0);
    consoleLayout->addWidget(m_header);
    consoleLayout->addWidget(m_editor);
    consoleLayout->addLayout(buttons);
    consoleLayout->addWidget(m_results, 1);

    auto* unavailable = new QWidget(m_pages);
    m_unavailable->setWordWrap(true);
    m_unavailable->setTextFormat(Qt::RichText);
    m_unavailable->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_unavailable->setAlignment(Qt::AlignCenter);
    auto* unavailableLayout = new QVBoxLayout(unavailable);
    unavailableLayout->addStretch(1);
    unavailableLayout->addWidget(m_unavailable);
    unavailableLayout->addStretch(2);

    m_pages->insertWidget(ConsolePage, console);
    m_pages->insertWidget(UnavailablePage, unavailable);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addWidget(m_pages);

    connect(m_run, &QPushButton::clicked, this, &SqlConsole::runQuery);
    connect(m_cancel, &QPushButton::clicked, m_session, &SqlConsoleSession::cancel);
    connect(m_session, &SqlConsoleSession::stateChanged, this, &SqlConsole::updatePage);
    connect(m_session, &SqlConsoleSession::queryStarted, this, [this] {
        m_columnsSized = false;
        setStatus(tr("Running…"));
    });
    connect(m_session, &SqlConsoleSession::queryFinished, this, [this](qint64 rows, qint64 ms, bool truncated) {
        if (truncated) {
            setStatus(tr("First %1 shown; the query has more (add a LIMIT or narrow it) · %2")
                          .arg(rowsText(rows), msText(ms)));
        } else {
            setStatus(rowsText(rows) + QStringLiteral(" · ") + msText(ms));
        }
    });
    connect(m_session, &SqlConsoleSession::queryFailed, this,
        [this](const QString& error, qint64) { setStatus(tr("Error: %1").arg(error), true); });
    connect(m_session, &SqlConsoleSession::queryCancelled, this,
        [this](qint64 rows, qint64 ms) { setStatus(tr("Cancelled after %1 · %2").arg(rowsText(rows), msText(ms))); });
    connect(m_session, &SqlConsoleSession::refused, this, [this](const QString& reason) { setStatus(reason, true); });
    // The model resets when the columns are known and again when the rows
    // are (SqlConsoleSession); later rows come in through fetchMore.
    connect(m_session->model(), &QAbstractItemModel::rowsInserted, this, &SqlConsole::onRowsArrived);
    connect(m_session->model(), &QAbstractItemModel::modelReset, this, [this] {
        m_results->scrollToTop();
        // A reset gives the header default widths again (the rows copied
        // while a query runs are shown again when it ends): size anew.
        m_columnsSized = false;
        // Queued: the header takes its new sections after this signal.
        QMetaObject::invokeMethod(this, &SqlConsole::onRowsArrived, Qt::QueuedConnection);
    });

    if (m_document) {
        connect(m_document, &models::JournalDocument::opened, this, &SqlConsole::followDocument);
        connect(m_document, &models::JournalDocument::closed, this, &SqlConsole::followDocument);
    }
    followDocument();
    updatePage();
}

SqlConsole::~SqlConsole() = default;

void SqlConsole::followDocument()
{
    // The console reads the file itself: it does not wait for the index, and
    // it still works on a journal the index rejected (to look at why).
    const bool open = m_document && m_document->status() != models::JournalDocument::Status::Empty;
    const QString path = open ? m_document->path() : QString();
    if (path == m_session->journal() && m_session->state() != SqlConsoleSession::State::NoJournal)
        return;
    m_session->setJournal(path);
    m_header->setText(tr("Read-only SQL over %1. Tables: events (sequence, id, wall_ms, mono_ms, type, tenant_id, "
                         "data) and journal_meta (key, value).")
                          .arg(QFileInfo(path).fileName()));
    setStatus(QString());
}

void SqlConsole::runQuery()
{
    m_session->run(m_editor->toPlainText());
}

bool SqlConsole::eventFilter(QObject* watched, QEvent* event)
{
    if (watched == m_editor && event->type() == QEvent::KeyPress) {
        const auto* key = static_cast<QKeyEvent*>(event);
        if ((key->key() == Qt::Key_Return || key->key() == Qt::Key_Enter)
            && key->modifiers().testFlag(Qt::ControlModifier)) {
            runQuery();
            return true;
        }
        if (key->key() == Qt::Key_Escape && m_session->state() == SqlConsoleSession::State::Running) {
            m_session->cancel();
            return true;
        }
    }
    return QWidget::eventFilter(watched, event);
}

void SqlConsole::updatePage()
{
    const QString path = m_session->journal();
    const QString file = QFileInfo(path).fileName().toHtmlEscaped();
    const auto state = m_session->state();
    switch (state) {
    case SqlConsoleSession::State::NoJournal:
        m_unavailable->setText(tr("<p>Open a SQLite journal to query its tables with SQL (read-only).</p>"));
        m_pages->setCurrentIndex(UnavailablePage);
        break;
    case SqlConsoleSession::State::NotSqlite: {
        const QString format
            = m_session->detail() == QStringLiteral("phyxius") ? tr("a Phyxius export") : tr("an NDJSON journal");
        const QString target = QFileInfo(path).dir().filePath(QFileInfo(path).baseName() + QStringLiteral(".sqlite"));
        m_unavailable->setText(
            tr("<p>The SQL console needs a SQLite journal; <b>%1</b> is %2.</p>"
               "<p>Make a SQLite copy with the command-line tool, then open that:</p>"
               "<pre>chronodesk-cli import %3 %4</pre>")
                .arg(file, format, shellWord(path).toHtmlEscaped(), shellWord(target).toHtmlEscaped()));
        m_pages->setCurrentIndex(UnavailablePage);
        break;
    }
    case SqlConsoleSession::State::Unusable:
        m_unavailable->setText(
            tr("<p><b>%1</b> cannot be queried with SQL:</p><p>%2</p>").arg(file, m_session->detail().toHtmlEscaped()));
        m_pages->setCurrentIndex(UnavailablePage);
        break;
    case SqlConsoleSession::State::Opening:
    case SqlConsoleSession::State::Ready:
    case SqlConsoleSession::State::Running:
        m_pages->setCurrentIndex(ConsolePage);
        break;
    }
    m_cancel->setEnabled(state == SqlConsoleSession::State::Running);
}

void SqlConsole::setStatus(const QString& text, bool problem)
{
    m_status->setText(text);
    QPalette palette = this->palette();
    if (problem)
        palette.setColor(QPalette::WindowText, QColor(0xb0, 0x00, 0x20));
    m_status->setPalette(palette);
}

void SqlConsole::onRowsArrived()
{
    if (m_columnsSized || m_session->model()->rowCount() == 0)
        return;
    // Size the columns once, from the first fetched rows: later fetches
    // never make the view jump.
    m_columnsSized = true;
    m_results->resizeColumnsToContents();
    for (int c = 0; c < m_session->model()->columnCount(); ++c)
        m_results->setColumnWidth(c, qBound(MinColumnWidth, m_results->columnWidth(c), MaxColumnWidth));
}

} // namespace cd::ui
