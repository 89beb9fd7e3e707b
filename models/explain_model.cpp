#include "models/explain_model.h"

#include "models/background.h"
#include "models/explain_event_text.h"
#include "models/journal_document.h"

#include "engine/history/history.h"
#include "engine/platform/string_pool.h"

#include <QFuture>
#include <QThread>

namespace cd::models {

namespace {

// What explain says at the cursor; before the first entry nothing is folded,
// which explain itself (whose at defaults to the end) cannot be asked.
history::Explanation explainAt(
    const history::History& history, const std::string& tenant, std::optional<std::int64_t> at)
{
    if (at)
        return history::explain(history, tenant, at);
    history::Explanation answer;
    answer.tenantId = tenant;
    answer.summary = "The cursor is before the first entry: nothing is folded yet.";
    return answer;
}

} // namespace

ExplainModel::ExplainModel(JournalDocument* document, QObject* parent)
    : QAbstractTableModel(parent)
    , m_document(document)
{
    connect(document, &JournalDocument::cursorChanged, this, &ExplainModel::recompute);
    connect(document, &JournalDocument::selectedTenantChanged, this, &ExplainModel::recompute);
    connect(document, &JournalDocument::ready, this, &ExplainModel::recompute);
    connect(document, &JournalDocument::opened, this, &ExplainModel::recompute);
    connect(document, &JournalDocument::closed, this, &ExplainModel::recompute);
    connect(document, &JournalDocument::failed, this, &ExplainModel::recompute);
    recompute();
}

ExplainModel::~ExplainModel() = default;

std::optional<ExplainModel::Request> ExplainModel::currentRequest() const
{
    if (m_document->status() != JournalDocument::Status::Ready || m_document->selectedTenant().isEmpty())
        return std::nullopt;
    return Request { m_document->history(), m_document->selectedTenant().toStdString(), m_document->cursor() };
}

void ExplainModel::setActive(bool active)
{
    if (m_active == active)
        return;
    m_active = active;
    if (m_active && m_dirty)
        recompute();
}

void ExplainModel::recompute()
{
    ++m_generation; // a running job's answer is out of date now
    m_dirty = false;
    auto request = currentRequest();
    if (!request) {
        const bool ready = m_document->status() == JournalDocument::Status::Ready;
        show(nullptr, ready ? Status::NoTenant : Status::NoJournal);
        return;
    }
    if (!m_active) {
        m_dirty = true;
        return;
    }
    // The walk is linear in the tenant's entries: short logs fit a frame.
    std::size_t entries = 0;
    {
        const auto view = request->history->view();
        entries = view.index().tenantPositions(view.find(request->tenant)).size();
    }
    if (entries <= m_synchronousLimit) {
        auto answer
            = std::make_shared<const history::Explanation>(explainAt(*request->history, request->tenant, request->at));
        show(std::move(answer), Status::Ready);
        return;
    }
    if (m_running) {
        setStatus(Status::Computing); // finish() starts the latest request
        return;
    }
    start(std::move(*request));
}

void ExplainModel::start(Request request)
{
    m_running = true;
    setStatus(Status::Computing);
    const quint64 generation = m_generation;
    runInBackground(
        this,
        [request] {
            return std::make_shared<const history::Explanation>(
                explainAt(*request.history, request.tenant, request.at));
        },
        [this, generation](
            std::shared_ptr<const history::Explanation> answer) { finish(generation, std::move(answer)); });
}

void ExplainModel::finish(quint64 generation, std::shared_ptr<const history::Explanation> answer)
{
    Q_ASSERT(thread() == QThread::currentThread());
    m_running = false;
    if (generation != m_generation) {
        // The cursor or the tenant moved on meanwhile; unless that answer was
        // shown synchronously, compute it now.
        if (m_status == Status::Computing)
            recompute();
        return;
    }
    show(std::move(answer), Status::Ready);
}

void ExplainModel::show(std::shared_ptr<const history::Explanation> answer, Status status)
{
    beginResetModel();
    m_answer = std::move(answer);
    m_history = m_answer ? m_document->history() : nullptr;
    endResetModel();
    m_status = status;
    Q_EMIT statusChanged();
}

void ExplainModel::setStatus(Status status)
{
    if (m_status == status)
        return;
    m_status = status;
    Q_EMIT statusChanged();
}

QString ExplainModel::tenant() const
{
    return m_answer ? QString::fromStdString(m_answer->tenantId) : m_document->selectedTenant();
}

std::optional<std::int64_t> ExplainModel::at() const
{
    return m_answer ? m_answer->at : std::nullopt;
}

QString ExplainModel::statusText() const
{
    if (!m_answer)
        return {};
    if (!m_answer->status)
        return QStringLiteral("not created");
    const std::string_view name = platform::tenantStatusName(*m_answer->status);
    return QString::fromLatin1(name.data(), qsizetype(name.size()));
}

QString ExplainModel::summary() const
{
    if (m_answer)
        return QString::fromStdString(m_answer->summary);
    switch (m_status) {
    case Status::NoJournal:
        return QStringLiteral("Open a journal to ask why a tenant is in its status.");
    case Status::NoTenant:
        return QStringLiteral("Select a tenant to see why it is in its status at the cursor.");
    case Status::Computing:
        return QStringLiteral("Explaining %1…").arg(m_document->selectedTenant());
    case Status::Ready:
        break;
    }
    return {};
}

std::optional<std::int64_t> ExplainModel::sequenceAt(int row) const
{
    if (!m_answer || row < 0 || std::size_t(row) >= m_answer->because.size())
        return std::nullopt;
    return m_answer->because[std::size_t(row)];
}

int ExplainModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() || !m_answer ? 0 : int(m_answer->because.size());
}

int ExplainModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant ExplainModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid) || !m_answer)
        return {};
    const std::int64_t sequence = m_answer->because[std::size_t(index.row())];
    switch (role) {
    case SequenceRole:
        return qint64(sequence);
    case IsCursorRole:
        return m_answer->at == sequence;
    case Qt::DisplayRole:
    case SortRole:
        break;
    default:
        return {};
    }
    if (index.column() == SequenceColumn)
        return role == SortRole ? QVariant(qint64(sequence)) : QVariant(QString::number(sequence));
    const auto view = m_history->view();
    const auto position = view.index().positionAtOrBefore(sequence);
    if (!position)
        return {};
    switch (index.column()) {
    case TimeColumn:
        if (role == SortRole)
            return qint64(view.index().wallMs(*position));
        return explainWallTime(view.index().wallMs(*position));
    case TypeColumn:
        return explainTypeText(view.index().type(*position));
    case DetailColumn:
        return explainEventDetail(view.index().event(*position), view.pool());
    default:
        return {};
    }
}

QVariant ExplainModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case SequenceColumn:
        return QStringLiteral("Seq");
    case TimeColumn:
        return QStringLiteral("Time (UTC)");
    case TypeColumn:
        return QStringLiteral("Event");
    case DetailColumn:
        return QStringLiteral("Detail");
    default:
        return {};
    }
}

} // namespace cd::models
