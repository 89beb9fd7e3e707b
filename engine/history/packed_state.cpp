#include "engine/history/packed_state.h"

#include <bit>
#include <cmath>
#include <new>
#include <optional>
#include <vector>

#ifdef __unix__
#include <sys/mman.h>
#endif

namespace cd::history {

using platform::CowArray;
using platform::CowBox;
using platform::PlatformState;
using platform::Session;
using platform::Str;
using platform::TenantState;
using platform::TenantUser;
using platform::UsageEntry;

namespace {
// Bits of the tenant's flag byte.
constexpr std::uint8_t StatusShift = 2;
constexpr std::uint8_t HasLastPayment = 0x40;
// Bits of a user's byte.
constexpr std::uint8_t UserStatusShift = 1;
// Whole usage values up to this magnitude are packed as integers.
constexpr double WholeLimit = 9007199254740992.0; // 2^53

std::uint64_t zigzag(std::int64_t v)
{
    return (std::uint64_t(v) << 1) ^ std::uint64_t(v >> 63);
}

std::int64_t unzigzag(std::uint64_t v)
{
    return std::int64_t(v >> 1) ^ -std::int64_t(v & 1);
}

// Buffers from this size on are mapped (see Release).
constexpr std::size_t MappedFrom = 64 * 1024;
constexpr std::size_t PageBytes = 4096;

bool mapped(std::size_t size)
{
#ifdef __unix__
    return size >= MappedFrom;
#else
    (void)size;
    return false;
#endif
}

std::uint8_t* allocateBytes(std::size_t size)
{
#ifdef __unix__
    if (mapped(size)) {
        void* p = mmap(nullptr, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (p == MAP_FAILED)
            throw std::bad_alloc();
        return static_cast<std::uint8_t*>(p);
    }
#endif
    return new std::uint8_t[size];
}

// Writes to out, or only counts the bytes when out is nullptr (the size
// pass: a buffer grown by copying would be freed blocks of up to the
// state's size, each raising glibc's mmap threshold; see Release).
class Writer {
public:
    explicit Writer(std::uint8_t* out)
        : m_out(out)
    { }
    std::size_t written() const { return m_n; }
    void byte(std::uint8_t b)
    {
        if (m_out)
            m_out[m_n] = b;
        ++m_n;
    }
    void varint(std::uint64_t v)
    {
        while (v >= 0x80) {
            byte(std::uint8_t(v | 0x80));
            v >>= 7;
        }
        byte(std::uint8_t(v));
    }
    void str(Str s) { varint(s.id); }
    void signedInt(std::int64_t v) { varint(zigzag(v)); }
    // Whole values (not -0) as (zigzag << 1), others as 1 then 8 raw bytes.
    void number(double v)
    {
        if (std::abs(v) <= WholeLimit && std::trunc(v) == v && !(v == 0 && std::signbit(v))) {
            varint(zigzag(std::int64_t(v)) << 1);
            return;
        }
        varint(1);
        const auto bits = std::bit_cast<std::uint64_t>(v);
        for (int i = 0; i < 8; ++i)
            byte(std::uint8_t(bits >> (8 * i)));
    }

private:
    std::uint8_t* m_out;
    std::size_t m_n = 0;
};

class Reader {
public:
    explicit Reader(const std::uint8_t* p)
        : m_p(p)
    { }
    std::uint8_t byte() { return *m_p++; }
    std::uint64_t varint()
    {
        std::uint64_t v = *m_p++;
        if (v < 0x80)
            return v;
        v &= 0x7f;
        for (int shift = 7;; shift += 7) {
            const std::uint64_t b = *m_p++;
            v |= (b & 0x7f) << shift;
            if (b < 0x80)
                return v;
        }
    }
    Str str() { return Str(std::uint32_t(varint())); }
    std::int64_t signedInt() { return unzigzag(varint()); }
    double number()
    {
        const std::uint64_t tag = varint();
        if ((tag & 1) == 0)
            return double(unzigzag(tag >> 1));
        std::uint64_t bits = 0;
        for (int i = 0; i < 8; ++i)
            bits |= std::uint64_t(byte()) << (8 * i);
        return std::bit_cast<double>(bits);
    }

private:
    const std::uint8_t* m_p;
};

void packTenant(Writer& w, const TenantState& t)
{
    w.str(t.tenantId);
    w.str(t.ownerId);
    const auto& billing = t.billing;
    w.byte(std::uint8_t(
        std::uint8_t(t.plan) | std::uint8_t(t.status) << StatusShift | (billing.lastPayment ? HasLastPayment : 0)));
    w.str(billing.currentCycle);
    if (billing.lastPayment)
        w.signedInt(*billing.lastPayment);
    w.signedInt(billing.failedPayments);
    w.varint(t.users.size());
    for (const TenantUser& u : t.users) {
        w.str(u.userId);
        w.str(u.email);
        w.byte(std::uint8_t(std::uint8_t(u.role) | std::uint8_t(u.status) << UserStatusShift));
    }
    w.varint(t.usage.size());
    for (const UsageEntry& e : t.usage) {
        w.str(e.feature);
        w.number(e.value);
    }
    w.varint(t.sessions.size());
    for (const Session& s : t.sessions) {
        w.str(s.sessionId);
        w.str(s.userId);
        w.signedInt(s.connectedAt);
    }
}

// Reads count elements into scratch, then one array of exactly that size.
template <typename T, typename ReadOne>
CowArray<T> readArray(Reader& r, std::vector<T>& scratch, platform::NodeArena* arena, ReadOne readOne)
{
    const std::size_t n = std::size_t(r.varint());
    scratch.resize(n);
    for (std::size_t i = 0; i < n; ++i)
        scratch[i] = readOne();
    return CowArray<T>::copyOf(scratch.data(), n, arena);
}
} // namespace

PackedState PackedState::pack(const PlatformState& state)
{
    static_assert(std::uint8_t(platform::Plan::Enterprise) < (1 << StatusShift));
    static_assert(std::uint8_t(platform::TenantStatus::Cancelled) << StatusShift < HasLastPayment);
    static_assert(std::uint8_t(platform::Role::User) < (1 << UserStatusShift));
    Writer count(nullptr);
    for (std::size_t i = 0; i < state.size(); ++i)
        packTenant(count, state.at(i));
    PackedState out;
    out.m_size = count.written();
    if (out.m_size > 0) {
        out.m_bytes = { allocateBytes(out.m_size), Release { out.m_size } };
        Writer w(out.m_bytes.get());
        for (std::size_t i = 0; i < state.size(); ++i)
            packTenant(w, state.at(i));
    }
    out.m_tenants = state.size();
    out.m_index = state.tenantIndex();
    return out;
}

PlatformState PackedState::unpack() const
{
    std::vector<CowBox<TenantState>> tenants;
    tenants.reserve(m_tenants);
    Reader r(m_bytes.get());
    // Large states take their nodes from an arena (NodeArena); small ones
    // (tests, the demo) would leave most of a block empty.
    std::optional<platform::NodeArena> arena;
    if (mapped(m_size))
        arena.emplace();
    platform::NodeArena* nodes = arena ? &*arena : nullptr;
    thread_local std::vector<TenantUser> users;
    thread_local std::vector<UsageEntry> usage;
    thread_local std::vector<Session> sessions;
    for (std::size_t i = 0; i < m_tenants; ++i) {
        TenantState t;
        t.tenantId = r.str();
        t.ownerId = r.str();
        const std::uint8_t flags = r.byte();
        t.plan = platform::Plan(flags & ((1 << StatusShift) - 1));
        t.status = platform::TenantStatus((flags & ~HasLastPayment) >> StatusShift);
        t.billing.currentCycle = r.str();
        if (flags & HasLastPayment)
            t.billing.lastPayment = r.signedInt();
        t.billing.failedPayments = r.signedInt();
        t.users = readArray(r, users, nodes, [&r] {
            TenantUser u;
            u.userId = r.str();
            u.email = r.str();
            const std::uint8_t b = r.byte();
            u.role = platform::Role(b & ((1 << UserStatusShift) - 1));
            u.status = platform::UserStatus(b >> UserStatusShift);
            return u;
        });
        t.usage = readArray(r, usage, nodes, [&r] {
            UsageEntry e;
            e.feature = r.str();
            e.value = r.number();
            return e;
        });
        t.sessions = readArray(r, sessions, nodes, [&r] {
            Session s;
            s.sessionId = r.str();
            s.userId = r.str();
            s.connectedAt = r.signedInt();
            return s;
        });
        if (nodes)
            tenants.emplace_back(std::move(t), *nodes);
        else
            tenants.emplace_back(std::move(t));
    }
    return PlatformState(std::move(tenants), m_index);
}

std::size_t PackedState::memoryBytes() const
{
    constexpr std::size_t MallocOverhead = 16;
    if (m_size == 0)
        return sizeof(PackedState);
    if (!mapped(m_size))
        return sizeof(PackedState) + m_size + MallocOverhead;
    return sizeof(PackedState) + (m_size + PageBytes - 1) / PageBytes * PageBytes;
}

void PackedState::Release::operator()(std::uint8_t* bytes) const
{
#ifdef __unix__
    if (mapped(size)) {
        munmap(bytes, size);
        return;
    }
#endif
    delete[] bytes;
}

std::size_t PackedState::indexBytes() const
{
    return m_index ? m_index->memoryBytes() : 0;
}

} // namespace cd::history
