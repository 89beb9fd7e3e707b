#pragma once

#include "engine/platform/cow_box.h"
#include "engine/platform/id_index.h"
#include "engine/platform/str.h"
#include "engine/platform/tenant_state.h"

#include <cstddef>
#include <memory>
#include <vector>

namespace cd::platform {

class StringPool;

// Every tenant of the platform. Tenants are copy-on-write values in creation
// order, with an index Str -> position; copying a PlatformState copies one
// pointer per tenant (no tenant is cloned) and shares the index. The fold
// then clones a tenant only when it changes one that a copy still shares, so
// periodic whole-platform snapshots are cheap.
//
// Threads: a PlatformState is a value. Copies may be read, copied and dropped
// on other threads while the original keeps folding on its own thread.
class PlatformState {
public:
    PlatformState();

    // The tenant, or nullptr when it does not exist. Valid until this state
    // changes (or is destroyed); share() keeps a tenant beyond that.
    const TenantState* find(Str tenantId) const
    {
        const std::int64_t i = m_index->find(tenantId);
        return i < 0 ? nullptr : m_tenants[static_cast<std::size_t>(i)].get();
    }
    // The tenant as an immutable shared value (empty when absent).
    std::shared_ptr<const TenantState> share(Str tenantId) const;
    std::size_t size() const { return m_tenants.size(); }
    bool empty() const { return m_tenants.empty(); }
    // The index-th tenant in creation order (index < size()).
    const TenantState& at(std::size_t index) const { return *m_tenants[index]; }
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
        const auto& box = m_tenants[static_cast<std::size_t>(i)];
        return { box.get(), static_cast<std::size_t>(i), box.shared() };
    }
    // For the fold: the tenant at a slot index, cloned first when shared.
    TenantState& writableAt(std::size_t index) { return m_tenants[index].mutate(); }
    // For the fold: adds a tenant; precondition: its tenantId is absent.
    void addTenant(TenantState tenant);

    // For states kept packed (history snapshots): the tenant index, to share,
    // and a state made of tenants in creation order with that index
    // (precondition: the index maps each tenant's id to its position).
    const CowBox<IdIndex>& tenantIndex() const { return m_index; }
    PlatformState(std::vector<CowBox<TenantState>> tenants, CowBox<IdIndex> index)
        : m_tenants(std::move(tenants))
        , m_index(std::move(index))
    { }

    // Same tenants with equal contents (a test and verification helper).
    friend bool operator==(const PlatformState& a, const PlatformState& b);

private:
    std::vector<CowBox<TenantState>> m_tenants;
    CowBox<IdIndex> m_index;
};

} // namespace cd::platform
