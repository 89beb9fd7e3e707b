#include "models/diff_model.h"

#include "models/background.h"
#include "models/diff_tree.h"
#include "models/explain_event_text.h"
#include "models/journal_document.h"

#include "engine/history/diff.h"
#include "engine/history/history.h"

#include <QFuture>
#include <QThread>

namespace cd::models {

namespace {

// internalId of a cause row: (node + 1) << 32 | row; of a tree node: the node.
constexpr int CauseShift = 32;

bool isCause(quintptr id)
{
    return (quint64(id) >> CauseShift) != 0;
}

std::uint32_t causeParent(quintptr id)
{
    return std::uint32_t((quint64(id) >> CauseShift) - 1);
}

QString kindText(DiffTree::Kind kind)
{
    switch (kind) {
    case DiffTree::Kind::Added:
        return QStringLiteral("added");
    case DiffTree::Kind::Removed:
        return QStringLiteral("removed");
    case DiffTree::Kind::Changed:
        break;
    }
    return QStringLiteral("changed");
}

QString changesText(int n)
{
    return n == 1 ? QStringLiteral("1 change") : QStringLiteral("%1 changes").arg(n);
}

QString utf8(const std::string& s)
{
    return QString::fromUtf8(s.data(), qsizetype(s.size()));
}

} // namespace

DiffModel::DiffModel(JournalDocument* document, QObject* parent)
    : QAbstractItemModel(parent)
    , m_document(document)
{
    connect(document, &JournalDocument::marksChanged, this, &DiffModel::recompute);
    connect(document, &JournalDocument::ready, this, &DiffModel::recompute);
    connect(document, &JournalDocument::opened, this, &DiffModel::recompute);
    connect(document, &JournalDocument::closed, this, &DiffModel::recompute);
    connect(document, &JournalDocument::failed, this, &DiffModel::recompute);
    connect(document, &JournalDocument::selectedTenantChanged, this, [this] {
        if (m_tenantOnly)
            recompute();
    });
    recompute();
}

DiffModel::~DiffModel() = default;

void DiffModel::setTenantOnly(bool only)
{
    if (m_tenantOnly == only)
        return;
    m_tenantOnly = only;
    recompute();
}

std::optional<DiffModel::Request> DiffModel::currentRequest() const
{
    const auto a = m_document->markA();
    const auto b = m_document->markB();
    if (m_document->status() != JournalDocument::Status::Ready || !a || !b)
        return std::nullopt;
    Request request { m_document->history(), *a, *b, std::nullopt };
    if (m_tenantOnly && !m_document->selectedTenant().isEmpty())
        request.tenant = m_document->selectedTenant().toStdString();
    return request;
}

void DiffModel::recompute()
{
    ++m_generation; // whatever runs now is stale
    auto request = currentRequest();
    if (!request) {
        const bool ready = m_document->status() == JournalDocument::Status::Ready;
        show(nullptr, ready ? Status::NoMarks : Status::NoJournal);
        return;
    }
    if (m_running) {
        setStatus(Status::Computing); // finish() starts the latest request
        return;
    }
    start(std::move(*request));
}

void DiffModel::start(Request request)
{
    m_running = true;
    setStatus(Status::Computing);
    const quint64 generation = m_generation;
    runInBackground(
        this,
        [request] {
            std::optional<std::string_view> tenant;
            if (request.tenant)
                tenant = *request.tenant;
            return buildDiffTree(history::diffStates(*request.history, request.from, request.to, tenant));
        },
        [this, generation](std::shared_ptr<const DiffTree> tree) { finish(generation, std::move(tree)); });
}

void DiffModel::finish(quint64 generation, std::shared_ptr<const DiffTree> tree)
{
    Q_ASSERT(thread() == QThread::currentThread());
    m_running = false;
    if (generation != m_generation) {
        if (auto request = currentRequest())
            start(std::move(*request));
        return;
    }
    show(std::move(tree), Status::Ready);
}

void DiffModel::show(std::shared_ptr<const DiffTree> tree, Status status)
{
    if (tree || m_tree) {
        beginResetModel();
        m_tree = std::move(tree);
        m_history = m_tree ? m_document->history() : nullptr;
        endResetModel();
    }
    m_status = status;
    Q_EMIT statusChanged();
}

void DiffModel::setStatus(Status status)
{
    if (m_status == status)
        return;
    m_status = status;
    Q_EMIT statusChanged();
}

std::optional<std::int64_t> DiffModel::from() const
{
    return m_tree ? std::optional(m_tree->from) : std::nullopt;
}

std::optional<std::int64_t> DiffModel::to() const
{
    return m_tree ? std::optional(m_tree->to) : std::nullopt;
}

int DiffModel::changeCount() const
{
    return m_tree ? int(m_tree->changes.size()) : 0;
}

int DiffModel::tenantCount() const
{
    return m_tree ? int(m_tree->tenants.size()) : 0;
}

QString DiffModel::summary() const
{
    auto mark
        = [](std::optional<std::int64_t> s) { return s ? QStringLiteral("seq %1").arg(*s) : QStringLiteral("unset"); };
    switch (m_status) {
    case Status::NoJournal:
        return QStringLiteral("Open a journal to compare two points of it.");
    case Status::NoMarks:
        return QStringLiteral("Set marks A and B to compare two points (A: %1, B: %2).")
            .arg(mark(m_document->markA()), mark(m_document->markB()));
    case Status::Computing:
        return QStringLiteral("Comparing A (%1) with B (%2)…")
            .arg(mark(m_document->markA()), mark(m_document->markB()));
    case Status::Ready:
        break;
    }
    const QString marks = QStringLiteral("A seq %1 → B seq %2").arg(m_tree->from).arg(m_tree->to);
    if (m_tree->changes.empty())
        return QStringLiteral("No changes · ") + marks;
    const int tenants = tenantCount();
    return changesText(changeCount()) + QStringLiteral(" in ")
        + (tenants == 1 ? QStringLiteral("1 tenant") : QStringLiteral("%1 tenants").arg(tenants))
        + QStringLiteral(" · ") + marks;
}

QModelIndex DiffModel::index(int row, int column, const QModelIndex& parent) const
{
    if (!m_tree || row < 0 || column < 0 || column >= ColumnCount)
        return {};
    if (!parent.isValid()) {
        if (std::size_t(row) >= m_tree->tenants.size())
            return {};
        return createIndex(row, column, quintptr(m_tree->tenants[std::size_t(row)]));
    }
    if (isCause(parent.internalId()) || parent.column() != 0)
        return {};
    const auto& node = m_tree->nodes[parent.internalId()];
    if (std::size_t(row) < node.children.size())
        return createIndex(row, column, quintptr(node.children[std::size_t(row)]));
    const std::size_t cause = std::size_t(row) - node.children.size();
    if (node.change < 0 || cause >= m_tree->changes[std::size_t(node.change)].causes.size())
        return {};
    return createIndex(row, column, quintptr((quint64(parent.internalId()) + 1) << CauseShift | cause));
}

QModelIndex DiffModel::parent(const QModelIndex& child) const
{
    if (!m_tree || !child.isValid())
        return {};
    const quintptr id = child.internalId();
    const std::int32_t parent = isCause(id) ? std::int32_t(causeParent(id)) : m_tree->nodes[id].parent;
    if (parent < 0)
        return {};
    return createIndex(m_tree->nodes[std::size_t(parent)].row, 0, quintptr(parent));
}

int DiffModel::rowCount(const QModelIndex& parent) const
{
    if (!m_tree)
        return 0;
    if (!parent.isValid())
        return int(m_tree->tenants.size());
    if (parent.column() != 0 || isCause(parent.internalId()))
        return 0;
    const auto& node = m_tree->nodes[parent.internalId()];
    const std::size_t causes = node.change >= 0 ? m_tree->changes[std::size_t(node.change)].causes.size() : 0;
    return int(node.children.size() + causes);
}

int DiffModel::columnCount(const QModelIndex&) const
{
    return ColumnCount;
}

QVariant DiffModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid) || !m_tree)
        return {};
    const quintptr id = index.internalId();
    if (isCause(id)) {
        const std::uint32_t node = causeParent(id);
        return causeData(node, index.row() - int(m_tree->nodes[node].children.size()), index.column(), role);
    }
    return nodeData(std::uint32_t(id), index.column(), role);
}

QVariant DiffModel::nodeData(std::uint32_t n, int column, int role) const
{
    const DiffTree::Node& node = m_tree->nodes[n];
    const DiffTree::Change* change = node.change >= 0 ? &m_tree->changes[std::size_t(node.change)] : nullptr;
    switch (role) {
    case NodeTypeRole:
        return QVariant::fromValue(node.parent < 0 ? NodeType::Tenant : NodeType::Segment);
    case KindRole:
        return change ? QVariant(int(change->kind)) : QVariant();
    case ChangeCountRole:
        return node.changeCount;
    case PathRole: {
        if (change)
            return utf8(change->path);
        if (node.parent < 0)
            return utf8(node.name);
        QString path;
        for (std::int32_t p = std::int32_t(n); m_tree->nodes[std::size_t(p)].parent >= 0;
             p = m_tree->nodes[std::size_t(p)].parent) {
            QString segment = utf8(m_tree->nodes[std::size_t(p)].name);
            segment.replace(QLatin1Char('~'), QStringLiteral("~0")).replace(QLatin1Char('/'), QStringLiteral("~1"));
            path.prepend(QLatin1Char('/') + segment);
        }
        return path;
    }
    case Qt::DisplayRole:
    case Qt::ToolTipRole:
    case SortRole:
        break;
    default:
        return {};
    }
    switch (column) {
    case PathColumn:
        if (role == Qt::ToolTipRole)
            return nodeData(n, column, PathRole);
        return utf8(node.name);
    case BeforeColumn:
        return change ? utf8(change->before) : QVariant();
    case AfterColumn:
        return change ? utf8(change->after) : QVariant();
    case KindColumn:
        if (role == SortRole)
            return change ? int(change->kind) : -1;
        return change ? kindText(change->kind) : changesText(node.changeCount);
    default:
        return {};
    }
}

QVariant DiffModel::causeData(std::uint32_t n, int causeRow, int column, int role) const
{
    const DiffTree::Change& change = m_tree->changes[std::size_t(m_tree->nodes[n].change)];
    const std::int64_t sequence = change.causes[std::size_t(causeRow)];
    switch (role) {
    case NodeTypeRole:
        return QVariant::fromValue(NodeType::Cause);
    case SequenceRole:
        return qint64(sequence);
    case PathRole:
        return utf8(change.path);
    case SortRole:
        if (column == PathColumn)
            return qint64(sequence);
        break;
    case Qt::DisplayRole:
    case Qt::ToolTipRole:
        break;
    default:
        return {};
    }
    const auto view = m_history->view();
    const auto position = view.index().positionAtOrBefore(sequence);
    if (!position || view.index().sequence(*position) != sequence)
        return column == PathColumn ? QVariant(QStringLiteral("seq %1").arg(sequence)) : QVariant();
    switch (column) {
    case PathColumn:
        return QStringLiteral("seq %1 · %2").arg(sequence).arg(explainTypeText(view.index().type(*position)));
    case BeforeColumn:
        return explainWallTime(view.index().wallMs(*position));
    case AfterColumn:
        return explainEventDetail(view.index().event(*position), view.pool());
    case KindColumn:
        return QStringLiteral("cause");
    default:
        return {};
    }
}

QVariant DiffModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case PathColumn:
        return QStringLiteral("Path");
    case BeforeColumn:
        return QStringLiteral("Before (A)");
    case AfterColumn:
        return QStringLiteral("After (B)");
    case KindColumn:
        return QStringLiteral("Kind");
    default:
        return {};
    }
}

} // namespace cd::models
