#include "engine/platform/platform_state.h"

#include "engine/platform/string_pool.h"

#include <algorithm>

namespace cd::platform {

PlatformState::PlatformState()
    : m_index(IdIndex())
{ }

std::shared_ptr<const TenantState> PlatformState::share(Str tenantId) const
{
    const std::int64_t i = m_index->find(tenantId);
    return i < 0 ? nullptr : m_tenants[static_cast<std::size_t>(i)].share();
}

std::vector<const TenantState*> PlatformState::sortedByTenantId(const StringPool& pool) const
{
    std::vector<const TenantState*> out;
    out.reserve(m_tenants.size());
    for (const auto& t : m_tenants)
        out.push_back(t.get());
    std::sort(out.begin(), out.end(), [&pool](const TenantState* a, const TenantState* b) {
        return pool.view(a->tenantId) < pool.view(b->tenantId);
    });
    return out;
}

TenantState* PlatformState::mutableTenant(Str tenantId)
{
    const std::int64_t i = m_index->find(tenantId);
    return i < 0 ? nullptr : &writableAt(static_cast<std::size_t>(i));
}

void PlatformState::addTenant(TenantState tenant)
{
    m_index.mutate().insert(tenant.tenantId, static_cast<std::uint32_t>(m_tenants.size()));
    m_tenants.emplace_back(std::move(tenant));
}

bool operator==(const PlatformState& a, const PlatformState& b)
{
    if (a.size() != b.size())
        return false;
    for (const auto& t : a.m_tenants) {
        const TenantState* other = b.find(t->tenantId);
        if (!other || !(*other == *t))
            return false;
    }
    return true;
}

} // namespace cd::platform
