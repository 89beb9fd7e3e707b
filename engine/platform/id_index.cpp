#include "engine/platform/id_index.h"

namespace cd::platform {

IdIndex::IdIndex()
    : m_slots(16, Slot { 0, 0 })
{ }

void IdIndex::insert(Str key, std::uint32_t value)
{
    if ((m_size + 1) * 2 > m_slots.size())
        grow();
    const std::size_t mask = m_slots.size() - 1;
    std::size_t i = mix(key.id) & mask;
    while (m_slots[i].key != 0)
        i = (i + 1) & mask;
    m_slots[i] = Slot { key.id, value };
    ++m_size;
}

void IdIndex::grow()
{
    std::vector<Slot> old(m_slots.size() * 2, Slot { 0, 0 });
    old.swap(m_slots);
    const std::size_t mask = m_slots.size() - 1;
    for (const Slot& s : old) {
        if (s.key == 0)
            continue;
        std::size_t i = mix(s.key) & mask;
        while (m_slots[i].key != 0)
            i = (i + 1) & mask;
        m_slots[i] = s;
    }
}

} // namespace cd::platform
