#include "engine/runtime/effect_error.h"

namespace cd::rt {

namespace detail {
std::string describeException(const std::exception_ptr& error)
{
    if (!error)
        return "null exception";
    try {
        std::rethrow_exception(error);
    } catch (const std::exception& e) {
        return e.what();
    } catch (...) {
        return "unknown exception";
    }
}
} // namespace detail

EffectError EffectError::timeout(std::int64_t afterMs)
{
    EffectError e(Kind::Timeout, nullptr);
    e.m_timeoutMs = afterMs;
    return e;
}

EffectError EffectError::interrupted()
{
    return EffectError(Kind::Interrupted, nullptr);
}

EffectError EffectError::defect(std::exception_ptr error)
{
    EffectError e(Kind::Defect, nullptr);
    e.m_exception = std::move(error);
    return e;
}

std::exception_ptr EffectError::exception() const
{
    if (m_kind == Kind::Defect)
        return m_exception;
    if (const auto* p = as<std::exception_ptr>())
        return *p;
    return nullptr;
}

std::string EffectError::message() const
{
    switch (m_kind) {
    case Kind::Fail:
        return m_payload ? m_payload->describe() : std::string();
    case Kind::Timeout:
        return m_timeoutMs >= 0 ? "Effect timed out after " + std::to_string(m_timeoutMs) + "ms" : "Effect timed out";
    case Kind::Interrupted:
        return "Effect was interrupted";
    case Kind::Defect:
        return detail::describeException(m_exception);
    }
    return {};
}

const char* EffectError::kindName(Kind kind)
{
    switch (kind) {
    case Kind::Fail:
        return "Fail";
    case Kind::Timeout:
        return "Timeout";
    case Kind::Interrupted:
        return "Interrupted";
    case Kind::Defect:
        return "Defect";
    }
    return "?";
}

bool operator==(const EffectError& a, const EffectError& b)
{
    if (a.m_kind != b.m_kind)
        return false;
    switch (a.m_kind) {
    case EffectError::Kind::Fail:
        if (!a.m_payload || !b.m_payload)
            return a.m_payload == b.m_payload;
        return a.m_payload->equals(*b.m_payload);
    case EffectError::Kind::Defect:
        return a.m_exception == b.m_exception;
    case EffectError::Kind::Timeout:
    case EffectError::Kind::Interrupted:
        return true;
    }
    return false;
}

} // namespace cd::rt
