#include "engine/live/billing_service.h"

#include "engine/live/platform_core.h"

#include "engine/platform/payment_gateway.h"
#include "engine/runtime/effect.h"
#include "engine/runtime/effect_timing.h"
#include "engine/runtime/task.h"

#include <memory>
#include <utility>
#include <vector>

namespace cd::live {

namespace {

enum class BillOutcome { Skipped, Succeeded, Failed, Suspended, Error };

rt::Task<rt::Result<platform::ChargeOutcome>> chargeAttempt(PlatformCore* core, std::string tenantId,
    std::string cycleId, std::int64_t amountCents, std::shared_ptr<int> attempts, rt::EffectEnv env)
{
    const int attempt = ++*attempts;
    ++core->counters.gatewayAttempts;
    const auto& latencyFn = core->options().gatewayLatencyMs;
    const std::int64_t latency = latencyFn ? latencyFn(tenantId, attempt) : 0;
    if (latency > 0) {
        const auto wait = rt::sleep(latency);
        const rt::Result<rt::Unit> slept = co_await wait.runIn(env);
        if (!slept.ok())
            co_return slept.error();
    }
    platform::ChargeOutcome outcome = core->gateway().charge(tenantId, cycleId, amountCents);
    if (outcome.kind == platform::ChargeOutcome::Kind::TransientError)
        co_return rt::EffectError::fail(TransientGatewayError { outcome.reason });
    co_return outcome;
}

// The gateway's final word, after retries: approved, declined, or failed.
rt::Task<SettleBillingMsg> charge(PlatformCore* core, std::string tenantId, std::string cycleId, std::int64_t amount)
{
    const auto& o = core->options();
    auto attempts = std::make_shared<int>(0);
    rt::Effect<platform::ChargeOutcome> call([core, tenantId, cycleId, amount, attempts](rt::EffectEnv env) {
        return chargeAttempt(core, tenantId, cycleId, amount, attempts, std::move(env));
    });
    rt::RetryPolicy policy;
    policy.maxAttempts = std::max(1, o.gatewayMaxAttempts);
    policy.baseDelayMs = o.gatewayRetryBaseMs;
    policy.maxDelayMs = o.gatewayRetryMaxMs;
    policy.backoffFactor = 2.0;
    policy.retryIf = [](const rt::EffectError& e) { return e.isTimeout() || e.is<TransientGatewayError>(); };
    const auto effect = call.timeout(o.gatewayTimeoutMs).retry(policy);
    const auto running = effect.runPromise(core->clock());
    const rt::Result<platform::ChargeOutcome> result = co_await running;
    SettleBillingMsg settle;
    settle.cycleId = std::move(cycleId);
    settle.amountCents = amount;
    if (!result.ok()) {
        const auto* transient = result.error().as<TransientGatewayError>();
        settle.reason = "gateway unavailable: " + (transient ? transient->reason : result.error().message());
    } else if (result.value().kind == platform::ChargeOutcome::Kind::Approved) {
        settle.approved = true;
    } else {
        settle.reason = result.value().reason.empty() ? "card declined" : result.value().reason;
    }
    co_return settle;
}

rt::Task<BillOutcome> billTenant(PlatformCore* core, std::string tenantId, std::string cycleId)
{
    TenantRecord* record = core->find(tenantId);
    if (!record || record->gaveUp || !record->ref.valid())
        co_return BillOutcome::Error;
    const rt::ProcessRef<TenantMsg> ref = record->ref;
    BillingStarted started;
    try {
        const auto build = [cycleId](rt::Reply<BillingStarted> r) {
            return TenantMsg { StartBillingAsk { cycleId, std::move(r) } };
        };
        const auto asked = ref.ask<BillingStarted>(build, 0);
        started = co_await asked;
    } catch (...) {
        co_return BillOutcome::Error; // the process failed on it: outcome unknown, not retried
    }
    if (!started.result.accepted)
        co_return BillOutcome::Skipped;
    SettleBillingMsg settle = co_await charge(core, tenantId, cycleId, started.amountCents);
    const bool approved = settle.approved;
    CommandResult settled;
    try {
        auto holder = std::make_shared<SettleBillingMsg>(std::move(settle));
        const auto build = [holder](rt::Reply<CommandResult> r) {
            SettleBillingMsg m = *holder;
            m.reply = std::move(r);
            return TenantMsg { std::move(m) };
        };
        const auto asked = ref.ask<CommandResult>(build, 0);
        settled = co_await asked;
    } catch (...) {
        co_return BillOutcome::Error;
    }
    if (approved) {
        ++core->counters.paymentsSucceeded;
        co_return BillOutcome::Succeeded;
    }
    ++core->counters.paymentsFailed;
    // failed + suspended: the third failure in a row.
    co_return settled.appended >= 2 ? BillOutcome::Suspended : BillOutcome::Failed;
}

rt::Task<BillingRunSummary> billingRun(PlatformCore* core, std::optional<std::string> only)
{
    const std::uint64_t run = ++core->counters.billingRuns;
    const std::string cycleId = "cycle-" + std::to_string(core->clock().now().wallMs) + "-" + std::to_string(run);
    std::vector<rt::Future<BillOutcome>> pending;
    for (const auto& record : core->tenants()) {
        if (only && record->tenantId != *only)
            continue;
        pending.push_back(rt::start(core->executor(), billTenant(core, record->tenantId, cycleId)));
    }
    BillingRunSummary summary;
    for (const auto& f : pending) {
        const BillOutcome outcome = co_await f;
        ++summary.tenants;
        switch (outcome) {
        case BillOutcome::Skipped:
            ++summary.skipped;
            break;
        case BillOutcome::Succeeded:
            ++summary.billed;
            ++summary.succeeded;
            break;
        case BillOutcome::Suspended:
            ++summary.suspended;
            [[fallthrough]];
        case BillOutcome::Failed:
            ++summary.billed;
            ++summary.failed;
            break;
        case BillOutcome::Error:
            ++summary.errors;
            break;
        }
    }
    co_return summary;
}

} // namespace

rt::Future<BillingRunSummary> startBillingRun(PlatformCore& core, std::optional<std::string> tenantId)
{
    return rt::start(core.executor(), billingRun(&core, std::move(tenantId)));
}

rt::ProcessSpec<BillingMsg, BillingState> makeBillingSpec(PlatformCore& core)
{
    PlatformCore* c = &core;
    rt::ProcessSpec<BillingMsg, BillingState> spec;
    spec.name = "billing-service";
    spec.init = [c](rt::Tools<BillingMsg>& tools) {
        tools.schedule(c->options().billingIntervalMs, BillingMsg { BillingTickMsg {} });
        return BillingState {};
    };
    spec.handle = [c](BillingState&& state, BillingMsg&& msg, rt::Tools<BillingMsg>& tools) {
        if (std::holds_alternative<BillingTickMsg>(msg)) {
            // Set the next tick first: the grid stays fixed however long a run takes.
            tools.schedule(c->options().billingIntervalMs, BillingMsg { BillingTickMsg {} });
            startBillingRun(*c, std::nullopt);
        } else if (auto* run = std::get_if<RunBillingMsg>(&msg)) {
            auto done = startBillingRun(*c, run->tenantId);
            done.then([done, reply = std::move(run->reply)] { reply(done.value()); });
        }
        return std::move(state);
    };
    spec.supervision.type = rt::SupervisionType::OneForOne;
    spec.supervision.backoff = rt::Backoff { 1000, 30000, 2.0, 0.0 };
    return spec;
}

} // namespace cd::live
