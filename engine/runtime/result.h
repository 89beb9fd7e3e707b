#pragma once

#include "engine/runtime/effect_error.h"
#include "engine/runtime/future.h"

#include <concepts>
#include <stdexcept>
#include <type_traits>
#include <utility>
#include <variant>

namespace cd::rt {

template <typename V>
struct OkValue {
    V value;
};

struct ErrValue {
    EffectError error;
};

// Ok(v) / Err(e): convertible to any Result<A> whose A can be built from v,
// so a body can `co_return Ok(42);` or `co_return Err("declined");`.
template <typename V>
OkValue<std::decay_t<V>> Ok(V&& value)
{
    return { std::forward<V>(value) };
}
inline OkValue<Unit> Ok()
{
    return { Unit {} };
}
template <typename E>
ErrValue Err(E&& error)
{
    return { EffectError::fail(std::forward<E>(error)) };
}

// The outcome of an effect: a value or an EffectError. Never thrown.
template <typename A>
class Result {
    static_assert(!std::is_same_v<A, EffectError>, "Result<EffectError> would be ambiguous");
    static_assert(!std::is_void_v<A>, "use Unit for an effect without a value");

public:
    using value_type = A;

    Result(A value)
        : m_v(std::in_place_index<0>, std::move(value))
    { }
    Result(EffectError error)
        : m_v(std::in_place_index<1>, std::move(error))
    { }
    template <typename V>
    requires std::constructible_from<A, V&&> Result(OkValue<V> ok)
        : m_v(std::in_place_index<0>, std::move(ok.value))
    { }
    Result(ErrValue err)
        : m_v(std::in_place_index<1>, std::move(err.error))
    { }

    bool ok() const { return m_v.index() == 0; }
    bool isErr() const { return m_v.index() == 1; }

    // Throws std::logic_error on the wrong side: reading it is a programming error.
    const A& value() const&
    {
        if (!ok())
            throw std::logic_error("Result::value() on Err: " + error().message());
        return std::get<0>(m_v);
    }
    A& value() &
    {
        if (!ok())
            throw std::logic_error("Result::value() on Err: " + error().message());
        return std::get<0>(m_v);
    }
    A value() &&
    {
        if (!ok())
            throw std::logic_error("Result::value() on Err: " + error().message());
        return std::move(std::get<0>(m_v));
    }
    const EffectError& error() const
    {
        if (ok())
            throw std::logic_error("Result::error() on Ok");
        return std::get<1>(m_v);
    }

    friend bool operator==(const Result& a, const Result& b) requires std::equality_comparable<A>
    {
        return a.m_v == b.m_v;
    }

private:
    std::variant<A, EffectError> m_v;
};

} // namespace cd::rt
