#include "caf_yardstick.h"

#include <caf/all.hpp>

#include <algorithm>
#include <chrono>
#include <memory>
#include <vector>

namespace caf_yardstick {

namespace {
caf::actor_system_config& oneThread()
{
    static caf::actor_system_config cfg;
    cfg.set("scheduler.max-threads", 1);
    return cfg;
}

double secondsSince(std::chrono::steady_clock::time_point start)
{
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}
} // namespace

double tellPerSecond(std::int64_t messages)
{
    caf::actor_system sys { oneThread() };
    const auto start = std::chrono::steady_clock::now();
    {
        caf::scoped_actor self { sys };
        auto receiver = sys.spawn([messages](caf::event_based_actor* me) -> caf::behavior {
            auto count = std::make_shared<std::int64_t>(0);
            return { [me, count, messages](int) {
                if (++*count == messages)
                    me->quit();
            } };
        });
        sys.spawn([receiver, messages](caf::event_based_actor* me) -> caf::behavior {
            for (std::int64_t i = 0; i < messages; ++i)
                me->send(receiver, 1);
            return {};
        });
        self->wait_for(receiver);
    }
    return static_cast<double>(messages) / secondsSince(start);
}

double askMedianNs(std::int64_t rounds)
{
    caf::actor_system sys { oneThread() };
    auto samples = std::make_shared<std::vector<double>>();
    samples->reserve(static_cast<std::size_t>(rounds));
    {
        caf::scoped_actor self { sys };
        auto server = sys.spawn([]() -> caf::behavior { return { [](int x) { return x + 1; } }; });
        auto client = sys.spawn([server, rounds, samples](caf::event_based_actor* me) -> caf::behavior {
            struct Loop {
                caf::event_based_actor* me;
                caf::actor server;
                std::int64_t left;
                std::shared_ptr<std::vector<double>> samples;
                void next()
                {
                    if (left-- == 0) {
                        me->quit();
                        return;
                    }
                    const auto t0 = std::chrono::steady_clock::now();
                    auto self = *this;
                    me->request(server, caf::infinite, 1).then([self, t0](int) mutable {
                        self.samples->push_back(
                            std::chrono::duration<double, std::nano>(std::chrono::steady_clock::now() - t0).count());
                        self.next();
                    });
                }
            };
            Loop { me, server, rounds, samples }.next();
            return {};
        });
        self->wait_for(client);
        anon_send_exit(server, caf::exit_reason::user_shutdown);
    }
    std::sort(samples->begin(), samples->end());
    return samples->empty() ? 0 : (*samples)[samples->size() / 2];
}

double fanOutPerSecond(int processes, int rounds)
{
    caf::actor_system sys { oneThread() };
    const std::int64_t total = static_cast<std::int64_t>(processes) * rounds;
    const auto start = std::chrono::steady_clock::now();
    {
        caf::scoped_actor self { sys };
        auto remaining = std::make_shared<std::int64_t>(total);
        auto done
            = sys.spawn([](caf::event_based_actor* me) -> caf::behavior { return { [me](bool) { me->quit(); } }; });
        std::vector<caf::actor> workers;
        for (int i = 0; i < processes; ++i) {
            workers.push_back(sys.spawn([remaining, done]() -> caf::behavior {
                return { [remaining, done](int) {
                    if (--*remaining == 0)
                        caf::anon_send(done, true);
                } };
            }));
        }
        sys.spawn([workers, rounds](caf::event_based_actor* me) -> caf::behavior {
            for (int r = 0; r < rounds; ++r) {
                for (const auto& w : workers)
                    me->send(w, 1);
            }
            return {};
        });
        self->wait_for(done);
        for (auto& w : workers)
            anon_send_exit(w, caf::exit_reason::user_shutdown);
    }
    return static_cast<double>(total) / secondsSince(start);
}

} // namespace caf_yardstick
