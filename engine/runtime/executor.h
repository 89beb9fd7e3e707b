#pragma once

#include <coroutine>
#include <cstddef>
#include <functional>
#include <vector>

namespace cd::rt {

// A single-threaded run queue of ready work (continuations, process pumps,
// callbacks). Nothing here is thread-safe: an Executor belongs to the thread
// that drains it. Work posted while draining runs in the same drain, FIFO.
class Executor {
public:
    struct Job {
        void (*fn)(void*) = nullptr;
        void* arg = nullptr;
    };

    Executor();
    Executor(const Executor&) = delete;
    Executor& operator=(const Executor&) = delete;
    ~Executor();

    // Cheapest form: a plain function pointer and its argument; no allocation.
    void post(void (*fn)(void*), void* arg);
    void post(std::coroutine_handle<> handle);
    void post(std::function<void()> fn);

    // Runs one job; false when the queue was empty.
    bool runOne();
    // Runs until the queue is empty (including work posted meanwhile);
    // returns how many jobs ran.
    std::size_t drain();

    bool empty() const { return m_size == 0; }
    std::size_t size() const { return m_size; }

private:
    void grow();

    std::vector<Job> m_ring;
    std::size_t m_head = 0;
    std::size_t m_size = 0;
};

} // namespace cd::rt
