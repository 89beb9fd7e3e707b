#include "models/tenant_detail_model.h"

#include "models/journal_document.h"
#include "models/tenant_list_model.h"

#include "engine/history/history.h"
#include "engine/platform/string_pool.h"

#include <algorithm>
#include <tuple>

namespace cd::models {

namespace {

template <typename R>
bool before(const R& a, const R& b)
{
    return std::tie(a.rank, a.key) < std::tie(b.rank, b.key);
}

} // namespace

TenantDetailModel::TenantDetailModel(JournalDocument* document, QObject* parent)
    : QAbstractTableModel(parent)
    , m_document(document)
{ }

TenantDetailModel::~TenantDetailModel() = default;

void TenantDetailModel::start()
{
    connect(m_document, &JournalDocument::stateChanged, this, &TenantDetailModel::update);
    connect(m_document, &JournalDocument::selectedTenantChanged, this, &TenantDetailModel::update);
    update();
}

QString TenantDetailModel::text(platform::Str s) const
{
    if (!m_history)
        return {};
    const std::string_view v = m_history->pool().view(s);
    return QString::fromUtf8(v.data(), qsizetype(v.size()));
}

int TenantDetailModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

void TenantDetailModel::update()
{
    auto history = m_document->history();
    auto state = m_document->state();
    const QString id = m_document->selectedTenant();
    const platform::TenantState* tenant = nullptr;
    if (history && state && !id.isEmpty())
        tenant = state->state.find(history->view().find(id.toStdString()));
    // A new journal means a new string pool: the keys' Strs are void.
    const bool reset = history != m_history || id != m_tenantId;
    // Equal values folded separately (another snapshot) change nothing either.
    if (!reset && (tenant == m_tenant || (tenant && m_tenant && *tenant == *m_tenant))) {
        m_tenant = tenant;
        std::swap(m_state, state); // same tenant value, kept alive by the newer state too
        releaseStateInBackground(std::move(state));
        return;
    }
    std::vector<Row> next;
    if (tenant)
        next = rowsFor(*tenant);
    std::sort(next.begin(), next.end(), before<Row>);
    if (reset)
        beginResetModel();
    m_history = std::move(history);
    std::swap(m_state, state);
    m_tenant = tenant;
    m_tenantId = id;
    merge(std::move(next), reset);
    if (reset)
        endResetModel();
    releaseStateInBackground(std::move(state)); // the previous state, once the views let go
}

void TenantDetailModel::merge(std::vector<Row> next, bool reset)
{
    if (reset) {
        m_rows = std::move(next);
        return;
    }
    std::size_t i = 0;
    std::size_t j = 0;
    while (i < m_rows.size() || j < next.size()) {
        if (j == next.size() || (i < m_rows.size() && before(m_rows[i], next[j]))) {
            beginRemoveRows({}, int(i), int(i));
            m_rows.erase(m_rows.begin() + std::ptrdiff_t(i));
            endRemoveRows();
        } else if (i == m_rows.size() || before(next[j], m_rows[i])) {
            beginInsertRows({}, int(i), int(i));
            m_rows.insert(m_rows.begin() + std::ptrdiff_t(i), next[j]);
            endInsertRows();
            ++i;
            ++j;
        } else {
            m_rows[i] = next[j]; // same key; its Str may have appeared since
            ++i;
            ++j;
        }
    }
    if (!m_rows.empty())
        Q_EMIT dataChanged(index(0, 0), index(int(m_rows.size()) - 1, columnCount() - 1));
}

} // namespace cd::models
