#pragma once

#include "engine/platform/id_index.h"
#include "engine/platform/str.h"
#include "engine/platform/tenant_state.h"

#include <cstddef>
#include <memory>
#include <vector>

namespace cd::platform {

class StringPool;

// Every tenant of the platform. Tenants are held as shared immutable values
// in creation order, with an index Str -> position; copying a PlatformState
// copies one pointer per tenant (no tenant is cloned) and shares the index.
// The fold then clones a tenant only when it changes one that a copy still
// shares (copy-on-write), so periodic whole-platform snapshots are cheap.
//
// Threads: a PlatformState is a value; copies may be read on other threads
// while the original keeps folding.
class PlatformState {
public:
    PlatformState();

    // The tenant, or nullptr when it does not exist.
    const TenantState* find(Str tenantId) const
    {
        const std::int64_t i = m_index->find(tenantId);
        return i < 0 ? nullptr : m_tenants[static_cast<std::size_t>(i)].get();
    }
    // A shared handle to the tenant (empty when absent), for holding it past this state.
    std::shared_ptr<const TenantState> share(Str tenantId) const;
    std::size_t size() const { return m_tenants.size(); }
    bool empty() const { return m_tenants.empty(); }
    // Tenants in creation order.
    const std::vector<std::shared_ptr<const TenantState>>& tenants() const { return m_tenants; }
    // Tenants in byte order of their tenantId text (for output).
    std::vector<const TenantState*> sortedByTenantId(const StringPool& pool) const;

    // For the fold: a writable tenant, cloned first when a copy shares it;
    // nullptr when absent.
    TenantState* mutableTenant(Str tenantId);
    // For the fold: where a tenant is and whether a copy of the state shares
    // it (writing would clone it). tenant is nullptr when absent.
    struct Slot {
        const TenantState* tenant;
        std::size_t index;
        bool shared;
    };
    Slot slot(Str tenantId) const
    {
        const std::int64_t i = m_index->find(tenantId);
        if (i < 0)
            return { nullptr, 0, false };
        const auto& p = m_tenants[static_cast<std::size_t>(i)];
        return { p.get(), static_cast<std::size_t>(i), p.use_count() != 1 };
    }
    // For the fold: the tenant at a slot index, cloned first when shared.
    TenantState& writableAt(std::size_t index);
    // For the fold: adds a tenant; precondition: its tenantId is absent.
    void addTenant(TenantState tenant);

    // Same tenants with equal contents (a test and verification helper).
    friend bool operator==(const PlatformState& a, const PlatformState& b);

private:
    std::vector<std::shared_ptr<const TenantState>> m_tenants;
    std::shared_ptr<const IdIndex> m_index;
};

} // namespace cd::platform
