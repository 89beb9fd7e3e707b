#include "models/tenant_list_model.h"

#include "models/entry_text.h"
#include "models/journal_document.h"
#include "models/work_pool.h"

#include "engine/history/history.h"
#include "engine/platform/string_pool.h"
#include "engine/platform/tenant_state.h"

#include <QThreadPool>

#include <vector>

namespace cd::models {

namespace {

QString text(const platform::StringPool& pool, platform::Str s)
{
    const std::string_view v = pool.view(s);
    return QString::fromUtf8(v.data(), qsizetype(v.size()));
}

QString latin(std::string_view v)
{
    return QString::fromLatin1(v.data(), qsizetype(v.size()));
}

} // namespace

TenantListModel::TenantListModel(JournalDocument* document, QObject* parent)
    : QAbstractTableModel(parent)
    , m_document(document)
{
    connect(document, &JournalDocument::stateChanged, this, &TenantListModel::onStateChanged);
    resetTo(document->state());
}

TenantListModel::~TenantListModel() = default;

void TenantListModel::resetTo(std::shared_ptr<const history::StatePoint> state)
{
    beginResetModel();
    m_history = m_document->history();
    m_state = m_history ? std::move(state) : nullptr;
    m_apiCalls = {};
    m_storage = {};
    endResetModel();
}

void TenantListModel::onStateChanged()
{
    auto next = m_document->state();
    if (!m_state || !next || m_history != m_document->history()) {
        resetTo(std::move(next));
        return;
    }
    if (next == m_state)
        return;
    const auto& before = m_state->state;
    const auto& after = next->state;
    const std::size_t common = std::min(before.size(), after.size());
    // Runs of changed rows [first, last] in the common prefix.
    std::vector<std::pair<int, int>> runs;
    for (std::size_t i = 0; i < common; ++i) {
        const platform::TenantState& a = before.at(i);
        const platform::TenantState& b = after.at(i);
        if (&a == &b)
            continue; // the same CowBox value: unchanged
        if (a.tenantId != b.tenantId) {
            resetTo(std::move(next)); // not the same history's order (cannot happen within one journal)
            return;
        }
        if (a == b)
            continue; // cloned on the way but equal
        if (!runs.empty() && runs.back().second == int(i) - 1)
            runs.back().second = int(i);
        else
            runs.emplace_back(int(i), int(i));
    }
    auto previous = m_state; // keeps the old tenants alive until the views let go
    if (after.size() < before.size()) {
        beginRemoveRows({}, int(after.size()), int(before.size()) - 1);
        m_state = std::move(next);
        endRemoveRows();
    } else if (after.size() > before.size()) {
        beginInsertRows({}, int(before.size()), int(after.size()) - 1);
        m_state = std::move(next);
        endInsertRows();
    } else {
        m_state = std::move(next);
    }
    // A row's tenant id never changes (the same tenant, same place): the
    // tenant column stays out of the change, so a proxy sorted by id (the
    // default) keeps its order without comparing. Few runs are signalled one
    // by one; many (a far jump changes thousands of tenants) as one span, or
    // a sorting proxy would re-sort and lay out once per run.
    if (runs.size() > MaxSeparateRuns)
        runs = { { runs.front().first, runs.back().second } };
    for (const auto& [first, last] : runs)
        Q_EMIT dataChanged(index(first, TenantColumn + 1), index(last, ColumnCount - 1));
    releaseStateInBackground(std::move(previous));
}

void releaseStateInBackground(std::shared_ptr<const history::StatePoint> state)
{
    // Freeing 10k tenants' values takes ms on a far move; the last owner
    // frees them on the thread whose folds allocated them (statePool),
    // instead of the GUI thread.
    if (!state || state.use_count() > 1)
        return;
    statePool()->start([state = std::move(state)]() mutable { state.reset(); });
}

int TenantListModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() || !m_state ? 0 : int(m_state->state.size());
}

int TenantListModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

const platform::TenantState& TenantListModel::tenantAt(int row) const
{
    return m_state->state.at(std::size_t(row));
}

platform::Str TenantListModel::feature(std::string_view name, platform::Str& cached) const
{
    // Interned once the first entry names it; a Str never changes after.
    if (!cached && m_history)
        cached = m_history->view().find(name);
    return cached;
}

int TenantListModel::rowOf(const QString& tenantId) const
{
    if (!m_state || !m_history)
        return -1;
    const platform::Str id = m_history->view().find(tenantId.toStdString());
    if (!id)
        return -1;
    const auto slot = m_state->state.slot(id);
    return slot.tenant ? int(slot.index) : -1;
}

QString TenantListModel::tenantIdAt(int row) const
{
    if (!m_state || row < 0 || row >= rowCount())
        return {};
    return text(m_history->pool(), tenantAt(row).tenantId);
}

QVariant TenantListModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid) || !m_state)
        return {};
    const platform::TenantState& t = tenantAt(index.row());
    const platform::StringPool& pool = m_history->pool();
    const platform::PlanInfo& limits = t.limits();
    const auto column = Column(index.column());

    switch (role) {
    case TenantIdRole:
        return text(pool, t.tenantId);
    case FilterRole:
        return QString(text(pool, t.tenantId) + QLatin1Char(' ') + latin(limits.name) + QLatin1Char(' ')
            + latin(platform::tenantStatusName(t.status)));
    case SuspendedRole:
        return t.status == platform::TenantStatus::Suspended;
    case Qt::DisplayRole:
    case SortRole:
    case ValueRole:
    case LimitRole:
    case FractionRole:
        break;
    default:
        return {};
    }

    // Numbers of the count and usage columns: {value, limit (0: none)}.
    double value = 0;
    std::int64_t limit = 0;
    switch (column) {
    case UsersColumn:
        value = double(t.users.size());
        limit = limits.users;
        break;
    case ApiCallsColumn:
        value = t.usageOf(feature(platform::LimitApiCalls, m_apiCalls)).value_or(0);
        limit = limits.apiCalls;
        break;
    case StorageColumn:
        value = t.usageOf(feature(platform::LimitStorageMb, m_storage)).value_or(0);
        limit = limits.storageMb;
        break;
    case FailedPaymentsColumn:
        value = double(t.billing.failedPayments);
        break;
    case SessionsColumn:
        value = double(t.sessions.size());
        break;
    default:
        break;
    }
    const bool numeric = column >= UsersColumn && column <= SessionsColumn;

    switch (role) {
    case ValueRole:
        return numeric ? QVariant(value) : QVariant();
    case LimitRole:
        return limit > 0 ? QVariant(qint64(limit)) : QVariant();
    case FractionRole:
        return limit > 0 ? QVariant(value / double(limit)) : QVariant();
    case SortRole:
        if (numeric)
            return value;
        if (column == PlanColumn)
            return int(t.plan);
        break;
    default:
        break;
    }
    switch (column) {
    case TenantColumn:
        return text(pool, t.tenantId);
    case StatusColumn:
        return latin(platform::tenantStatusName(t.status));
    case PlanColumn:
        return latin(limits.name);
    case UsersColumn:
    case ApiCallsColumn:
    case StorageColumn:
        return QStringLiteral("%1 / %2").arg(numberText(value)).arg(limit);
    case FailedPaymentsColumn:
    case SessionsColumn:
        return numberText(value);
    case ColumnCount:
        break;
    }
    return {};
}

QVariant TenantListModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (Column(section)) {
    case TenantColumn:
        return tr("Tenant");
    case StatusColumn:
        return tr("Status");
    case PlanColumn:
        return tr("Plan");
    case UsersColumn:
        return tr("Users");
    case ApiCallsColumn:
        return tr("API calls");
    case StorageColumn:
        return tr("Storage (MB)");
    case FailedPaymentsColumn:
        return tr("Failed payments");
    case SessionsColumn:
        return tr("Sessions");
    case ColumnCount:
        break;
    }
    return {};
}

} // namespace cd::models
