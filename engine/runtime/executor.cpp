#include "engine/runtime/executor.h"

#include <utility>

namespace cd::rt {

namespace {
void resumeHandle(void* address)
{
    std::coroutine_handle<>::from_address(address).resume();
}

void runFunction(void* boxed)
{
    auto* fn = static_cast<std::function<void()>*>(boxed);
    struct Deleter {
        std::function<void()>* f;
        ~Deleter() { delete f; }
    } deleter { fn };
    (*fn)();
}
} // namespace

Executor::Executor()
    : m_ring(64)
{ }

Executor::~Executor()
{
    // Drop boxed functions that never ran; coroutine frames are owned elsewhere.
    while (m_size > 0) {
        Job job = m_ring[m_head];
        m_head = (m_head + 1) % m_ring.size();
        --m_size;
        if (job.fn == &runFunction)
            delete static_cast<std::function<void()>*>(job.arg);
    }
}

void Executor::grow()
{
    std::vector<Job> bigger(m_ring.size() * 2);
    for (std::size_t i = 0; i < m_size; ++i)
        bigger[i] = m_ring[(m_head + i) % m_ring.size()];
    m_ring = std::move(bigger);
    m_head = 0;
}

void Executor::post(void (*fn)(void*), void* arg)
{
    if (m_size == m_ring.size())
        grow();
    m_ring[(m_head + m_size) % m_ring.size()] = Job { fn, arg };
    ++m_size;
}

void Executor::post(std::coroutine_handle<> handle)
{
    post(&resumeHandle, handle.address());
}

void Executor::post(std::function<void()> fn)
{
    post(&runFunction, new std::function<void()>(std::move(fn)));
}

bool Executor::runOne()
{
    if (m_size == 0)
        return false;
    const Job job = m_ring[m_head];
    m_head = (m_head + 1) % m_ring.size();
    --m_size;
    job.fn(job.arg);
    return true;
}

std::size_t Executor::drain()
{
    std::size_t ran = 0;
    while (runOne())
        ++ran;
    return ran;
}

} // namespace cd::rt
