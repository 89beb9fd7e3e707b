#include "models/tenant_detail_usage_model.h"

#include "models/entry_text.h"

#include "engine/platform/plans.h"
#include "engine/platform/tenant_state.h"

#include <array>
#include <optional>

namespace cd::models {

namespace {

constexpr std::array<std::string_view, 3> LimitedFeatures { platform::LimitUsers, platform::LimitApiCalls,
    platform::LimitStorageMb };

QString latin(std::string_view v)
{
    return QString::fromLatin1(v.data(), qsizetype(v.size()));
}

} // namespace

TenantDetailUsageModel::TenantDetailUsageModel(JournalDocument* document, QObject* parent)
    : TenantDetailModel(document, parent)
{
    start();
}

int TenantDetailUsageModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

std::vector<TenantDetailModel::Row> TenantDetailUsageModel::rowsFor(const platform::TenantState& tenant) const
{
    std::vector<Row> rows;
    for (std::size_t i = 0; i < LimitedFeatures.size(); ++i)
        rows.push_back({ int(i), latin(LimitedFeatures[i]), {} });
    for (const auto& usage : tenant.usage) {
        const QString name = text(usage.feature);
        bool limited = false;
        for (std::size_t i = 0; i < LimitedFeatures.size(); ++i) {
            if (name == latin(LimitedFeatures[i])) {
                rows[i].id = usage.feature;
                limited = true;
            }
        }
        if (!limited)
            rows.push_back({ int(LimitedFeatures.size()), name, usage.feature });
    }
    return rows;
}

QVariant TenantDetailUsageModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid) || !tenant())
        return {};
    const Row& row = rowAt(index.row());
    const platform::TenantState& t = *tenant();
    // "users" counts the tenant's users (platform.md: users.size against limits.users).
    const bool users = row.rank == 0;
    double value = 0;
    if (users)
        value = double(t.users.size());
    else if (row.id)
        value = t.usageOf(row.id).value_or(0);
    const std::optional<std::int64_t> limit = platform::planLimit(t.plan, row.key.toStdString());

    switch (role) {
    case ValueRole:
        return value;
    case LimitRole:
        return limit ? QVariant(qint64(*limit)) : QVariant();
    case FractionRole:
        return limit && *limit > 0 ? QVariant(value / double(*limit)) : QVariant();
    case SortRole:
        if (index.column() != FeatureColumn)
            return value;
        return row.key;
    case Qt::DisplayRole:
        break;
    default:
        return {};
    }
    switch (Column(index.column())) {
    case FeatureColumn:
        return row.key;
    case UsedColumn:
        return numberText(value);
    case LimitColumn:
        return limit ? QString::number(*limit) : QStringLiteral("\u2014");
    case BarColumn:
        return limit && *limit > 0 ? QStringLiteral("%1%").arg(qRound(100.0 * value / double(*limit))) : QString();
    case ColumnCount:
        break;
    }
    return {};
}

QVariant TenantDetailUsageModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (Column(section)) {
    case FeatureColumn:
        return tr("Feature");
    case UsedColumn:
        return tr("Used");
    case LimitColumn:
        return tr("Limit");
    case BarColumn:
        return tr("Usage");
    case ColumnCount:
        break;
    }
    return {};
}

} // namespace cd::models
