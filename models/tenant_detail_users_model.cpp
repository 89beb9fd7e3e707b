#include "models/tenant_detail_users_model.h"

#include "engine/platform/tenant_state.h"

namespace cd::models {

namespace {
QString latin(std::string_view v)
{
    return QString::fromLatin1(v.data(), qsizetype(v.size()));
}
} // namespace

TenantDetailUsersModel::TenantDetailUsersModel(JournalDocument* document, QObject* parent)
    : TenantDetailModel(document, parent)
{
    start();
}

int TenantDetailUsersModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

std::vector<TenantDetailModel::Row> TenantDetailUsersModel::rowsFor(const platform::TenantState& tenant) const
{
    std::vector<Row> rows;
    rows.reserve(tenant.users.size());
    for (const auto& user : tenant.users)
        rows.push_back({ 0, text(user.userId), user.userId });
    return rows;
}

QVariant TenantDetailUsersModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid) || !tenant()
        || (role != Qt::DisplayRole && role != SortRole))
        return {};
    const platform::TenantUser* user = tenant()->findUser(rowAt(index.row()).id);
    if (!user)
        return {};
    switch (Column(index.column())) {
    case UserColumn:
        return text(user->userId);
    case EmailColumn:
        return text(user->email);
    case RoleColumn:
        return latin(platform::roleName(user->role));
    case StatusColumn:
        return latin(platform::userStatusName(user->status));
    case ColumnCount:
        break;
    }
    return {};
}

QVariant TenantDetailUsersModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (Column(section)) {
    case UserColumn:
        return tr("User");
    case EmailColumn:
        return tr("Email");
    case RoleColumn:
        return tr("Role");
    case StatusColumn:
        return tr("Status");
    case ColumnCount:
        break;
    }
    return {};
}

} // namespace cd::models
