#include "models/problems_model.h"

#include "models/background.h"
#include "models/interaction_gate.h"
#include "models/journal_document.h"
#include "models/problems_report.h"

#include "engine/history/history.h"
#include "engine/platform/string_pool.h"

#include <QFuture>
#include <QThread>

#include <algorithm>

namespace cd::models {

namespace {

QString utf8(const std::string& s)
{
    return QString::fromUtf8(s.data(), qsizetype(s.size()));
}

QString count(std::int64_t n, const char* one, const char* many)
{
    return QString::number(n) + QLatin1Char(' ') + QLatin1String(n == 1 ? one : many);
}

// Codes of entries the fold left out: their sequence may also name a valid
// entry (a duplicate), so the index cannot tell their tenant.
bool leftOutOfFold(const std::string& code)
{
    return code == "invalid-event" || code == "sequence-not-increasing";
}

QString severityText(ProblemsModel::Severity severity)
{
    return severity == ProblemsModel::Severity::Error ? QStringLiteral("error") : QStringLiteral("warning");
}

} // namespace

ProblemsModel::ProblemsModel(JournalDocument* document, QObject* parent)
    : QAbstractTableModel(parent)
    , m_document(document)
    , m_posts(std::make_shared<PostTarget>(this))
{
    connect(document, &JournalDocument::ready, this, &ProblemsModel::restart);
    connect(document, &JournalDocument::opened, this, &ProblemsModel::restart);
    connect(document, &JournalDocument::closed, this, &ProblemsModel::restart);
    connect(document, &JournalDocument::failed, this, &ProblemsModel::restart);
    restart();
}

ProblemsModel::~ProblemsModel()
{
    m_posts->close();
    stop();
    releaseInBackground(std::move(m_report));
}

void ProblemsModel::stop()
{
    ++m_generation;
    // The job keeps its own copies; it only has to stop reading soon.
    if (m_cancel) {
        m_cancel->store(true);
        interaction::wakeAll(); // a job yielding to the cursor stops now
    }
    m_cancel.reset();
}

void ProblemsModel::rerun()
{
    restart();
}

void ProblemsModel::restart()
{
    stop();
    const bool ready = m_document->status() == JournalDocument::Status::Ready;
    beginResetModel();
    m_fetched = FetchRows;
    auto previous = std::move(m_report); // leaves m_report empty
    m_history = ready ? m_document->history() : nullptr;
    m_status = ready ? Status::Verifying : Status::NoJournal;
    m_progress = 0;
    endReset();
    releaseInBackground(std::move(previous));
    Q_EMIT statusChanged();
    if (!ready)
        return;

    m_cancel = std::make_shared<std::atomic<bool>>(false);
    const quint64 generation = m_generation;
    auto progress = [posts = m_posts, model = this, generation](double fraction, std::int64_t) {
        // Runs on the worker: hop to the model's thread (a call queued
        // there is only delivered while the model lives).
        posts->post([model, generation, fraction] { model->onProgress(generation, fraction); });
    };
    runInBackground(
        this,
        [path = m_document->path().toStdString(), cancel = m_cancel, progress] {
            lowerThreadPriority();
            return verifyProblems(path, cancel, progress);
        },
        [this, generation](std::shared_ptr<const ProblemsReport> report) { finish(generation, std::move(report)); },
        backgroundPool());
}

void ProblemsModel::onProgress(quint64 generation, double fraction)
{
    if (generation != m_generation || m_status != Status::Verifying)
        return;
    m_progress = fraction;
    Q_EMIT progressChanged(fraction);
}

void ProblemsModel::finish(quint64 generation, std::shared_ptr<const ProblemsReport> report)
{
    Q_ASSERT(thread() == QThread::currentThread());
    if (generation != m_generation)
        return;
    m_cancel.reset();
    beginResetModel();
    m_fetched = FetchRows;
    m_status = report->ok ? Status::Done : Status::Failed;
    std::swap(m_report, report);
    m_progress = 1.0;
    endReset();
    releaseInBackground(std::move(report)); // the one shown before, if any
    Q_EMIT progressChanged(m_progress);
    Q_EMIT statusChanged();
}

void ProblemsModel::setFilter(Filter filter)
{
    if (m_filter == filter)
        return;
    beginResetModel();
    m_fetched = FetchRows;
    m_filter = filter;
    endReset();
}

const std::vector<std::uint32_t>* ProblemsModel::rows() const
{
    if (m_status != Status::Done)
        return nullptr;
    switch (m_filter) {
    case Filter::Errors:
        return &m_report->errors;
    case Filter::Warnings:
        return &m_report->warnings;
    case Filter::All:
        break;
    }
    return &m_report->all;
}

std::size_t ProblemsModel::leftOutRows() const
{
    if (!m_history || m_status == Status::Done || m_filter == Filter::Warnings)
        return 0;
    return m_document->buildResult().invalid.size();
}

int ProblemsModel::errorCount() const
{
    return m_status == Status::Done ? int(m_report->report.errors.size()) : 0;
}

int ProblemsModel::warningCount() const
{
    return m_status == Status::Done ? int(m_report->report.warnings.size()) : 0;
}

std::int64_t ProblemsModel::leftOutCount() const
{
    return m_history ? m_document->buildResult().invalidCount : 0;
}

std::int64_t ProblemsModel::entriesVerified() const
{
    return m_status == Status::Done ? m_report->report.entries : 0;
}

QString ProblemsModel::failure() const
{
    if (m_status == Status::Failed)
        return utf8(m_report->error);
    if (m_document->status() == JournalDocument::Status::Failed)
        return m_document->errorText();
    return {};
}

QString ProblemsModel::summary() const
{
    const std::int64_t leftOut = leftOutCount();
    const QString leftOutText
        = leftOut ? count(leftOut, "entry", "entries") + QStringLiteral(" left out of the index") : QString();
    switch (m_status) {
    case Status::NoJournal:
        return m_document->status() == JournalDocument::Status::Failed
            ? QStringLiteral("The journal could not be opened: ") + m_document->errorText()
            : QStringLiteral("Open a journal to verify it.");
    case Status::Verifying:
        return QStringLiteral("Verifying… %1%").arg(int(m_progress * 100))
            + (leftOut ? QStringLiteral(" · ") + leftOutText : QString());
    case Status::Failed:
        return QStringLiteral("Verify stopped: ") + failure()
            + (leftOut ? QStringLiteral(" · ") + leftOutText : QString());
    case Status::Done:
        break;
    }
    const std::int64_t entries = entriesVerified();
    if (errorCount() == 0 && warningCount() == 0)
        return QStringLiteral("No problems found in ") + count(entries, "entry", "entries");
    QString text = count(errorCount(), "error", "errors") + QStringLiteral(" · ")
        + count(warningCount(), "warning", "warnings") + QStringLiteral(" in ") + count(entries, "entry", "entries");
    if (leftOut)
        text += QStringLiteral(" · ") + leftOutText;
    return text;
}

std::optional<std::int64_t> ProblemsModel::sequenceAt(int row) const
{
    const QVariant v = data(index(row, SequenceColumn), SequenceRole);
    return v.isValid() ? std::optional(v.toLongLong()) : std::nullopt;
}

int ProblemsModel::rowCount(const QModelIndex& parent) const
{
    if (parent.isValid())
        return 0;
    if (const auto* r = rows())
        return int(std::min(r->size(), m_fetched));
    return int(leftOutRows());
}

void ProblemsModel::endReset()
{
    m_telling = true;
    endResetModel();
    m_telling = false;
}

bool ProblemsModel::canFetchMore(const QModelIndex& parent) const
{
    const auto* r = rows();
    // Not while a change is told (a view or tester asks from its handler).
    return !parent.isValid() && !m_telling && r && m_fetched < r->size();
}

void ProblemsModel::fetchMore(const QModelIndex& parent)
{
    if (!canFetchMore(parent))
        return;
    const std::size_t total = rows()->size();
    const std::size_t end = std::min(total, m_fetched + FetchRows);
    m_telling = true;
    beginInsertRows({}, int(m_fetched), int(end) - 1);
    m_fetched = end;
    endInsertRows();
    m_telling = false;
}

int ProblemsModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString ProblemsModel::tenantOf(std::int64_t sequence) const
{
    const auto view = m_history->view();
    const auto position = view.index().positionAtOrBefore(sequence);
    if (!position || view.index().sequence(*position) != sequence)
        return {};
    const auto tenant = view.index().tenantLogs()[view.index().slotAt(*position)].tenant;
    const std::string_view text = view.pool().view(tenant);
    return QString::fromUtf8(text.data(), qsizetype(text.size()));
}

QVariant ProblemsModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    const auto* r = rows();
    if (!r)
        return leftOutData(index.row(), index.column(), role);
    const std::uint32_t row = (*r)[std::size_t(index.row())];
    const auto& issue = m_report->issue(row);
    const Severity severity = row & ProblemsReport::WarningBit ? Severity::Warning : Severity::Error;
    switch (role) {
    case SequenceRole:
        return issue.sequence ? QVariant(qint64(*issue.sequence)) : QVariant();
    case SeverityRole:
        return int(severity);
    case CodeRole:
        return utf8(issue.code);
    case Qt::DisplayRole:
    case Qt::ToolTipRole:
    case SortRole:
        break;
    default:
        return {};
    }
    switch (index.column()) {
    case SeverityColumn:
        return role == SortRole ? QVariant(int(severity)) : QVariant(severityText(severity));
    case CodeColumn:
        return utf8(issue.code);
    case SequenceColumn:
        if (role == SortRole)
            return qint64(issue.sequence.value_or(-1));
        return issue.sequence ? QString::number(*issue.sequence) : QStringLiteral("—");
    case TenantColumn:
        return issue.sequence && m_history && !leftOutOfFold(issue.code) ? tenantOf(*issue.sequence) : QString();
    case MessageColumn:
        return utf8(issue.message);
    default:
        return {};
    }
}

QVariant ProblemsModel::leftOutData(int row, int column, int role) const
{
    const auto& invalid = m_document->buildResult().invalid[std::size_t(row)];
    switch (role) {
    case SeverityRole:
        return int(Severity::Error);
    case CodeRole:
        return QStringLiteral("left-out");
    case Qt::DisplayRole:
    case Qt::ToolTipRole:
    case SortRole:
        break;
    default:
        return {};
    }
    switch (column) {
    case SeverityColumn:
        return role == SortRole ? QVariant(int(Severity::Error)) : QVariant(severityText(Severity::Error));
    case CodeColumn:
        return QStringLiteral("left-out");
    case SequenceColumn:
        return role == SortRole ? QVariant(qint64(-1)) : QVariant(QStringLiteral("—"));
    case MessageColumn: {
        // The message names the file, which the window already shows.
        QString message = utf8(invalid.message);
        const QString prefix = m_document->path();
        if (role == Qt::DisplayRole && !prefix.isEmpty() && message.startsWith(prefix)) {
            message.remove(0, prefix.size());
            if (message.startsWith(QLatin1Char(':')))
                message.remove(0, 1);
            message = message.trimmed();
            if (!message.isEmpty() && message.front().isDigit())
                message.prepend(QStringLiteral("line ")); // NDJSON: "FILE:LINE: reason"
        }
        return message;
    }
    default:
        return {};
    }
}

QVariant ProblemsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case SeverityColumn:
        return QStringLiteral("Severity");
    case CodeColumn:
        return QStringLiteral("Code");
    case SequenceColumn:
        return QStringLiteral("Seq");
    case TenantColumn:
        return QStringLiteral("Tenant");
    case MessageColumn:
        return QStringLiteral("Message");
    default:
        return {};
    }
}

} // namespace cd::models
