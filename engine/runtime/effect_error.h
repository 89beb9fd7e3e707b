#pragma once

#include <concepts>
#include <cstdint>
#include <exception>
#include <memory>
#include <sstream>
#include <string>
#include <string_view>
#include <type_traits>
#include <typeinfo>
#include <utility>

namespace cd::rt {

namespace detail {

// Type-erased user error: keeps the value, its type, a description and an
// equality test, so user errors of any type travel through one error class.
struct ErrorPayload {
    virtual ~ErrorPayload() = default;
    virtual const std::type_info& type() const = 0;
    virtual const void* address() const = 0;
    virtual std::string describe() const = 0;
    virtual bool equals(const ErrorPayload& other) const = 0;
};

std::string describeException(const std::exception_ptr& error);

template <typename T>
std::string describeValue(const T& value)
{
    if constexpr (std::is_same_v<T, std::exception_ptr>)
        return describeException(value);
    else if constexpr (std::is_convertible_v<const T&, std::string_view>)
        return std::string(std::string_view(value));
    else if constexpr (requires {
                           {
                               value.what()
                               } -> std::convertible_to<std::string_view>;
                       })
        return std::string(value.what());
    else if constexpr (requires(std::ostream & os) { os << value; }) {
        std::ostringstream os;
        os << value;
        return os.str();
    } else
        return typeid(T).name();
}

template <typename T>
struct TypedPayload final : ErrorPayload {
    explicit TypedPayload(T v)
        : value(std::move(v))
    { }
    const std::type_info& type() const override { return typeid(T); }
    const void* address() const override { return &value; }
    std::string describe() const override { return describeValue(value); }
    bool equals(const ErrorPayload& other) const override
    {
        if (other.type() != typeid(T))
            return false;
        if constexpr (std::equality_comparable<T>)
            return value == *static_cast<const T*>(other.address());
        else
            return this == &other;
    }
    T value;
};

} // namespace detail

// The error side of an effect's Result. Runtime failures (Timeout,
// Interrupted) are tags of their own so they can never be confused with a
// user error; a user error (Fail) carries a value of any type; Defect wraps
// an exception thrown by user code, which catchError and retry leave alone.
class EffectError {
public:
    enum class Kind { Fail, Timeout, Interrupted, Defect };

    // A user error. Text (const char*, string_view) is stored as std::string;
    // an EffectError passes through unchanged.
    template <typename T>
    static EffectError fail(T&& value)
    {
        using V = std::decay_t<T>;
        if constexpr (std::is_same_v<V, EffectError>) {
            return std::forward<T>(value);
        } else if constexpr (std::is_convertible_v<const V&, std::string_view> && !std::is_same_v<V, std::string>) {
            return EffectError(
                Kind::Fail, std::make_shared<detail::TypedPayload<std::string>>(std::string(std::string_view(value))));
        } else {
            return EffectError(Kind::Fail, std::make_shared<detail::TypedPayload<V>>(std::forward<T>(value)));
        }
    }
    // afterMs < 0: the limit is unknown (kept out of the message).
    static EffectError timeout(std::int64_t afterMs = -1);
    static EffectError interrupted();
    static EffectError defect(std::exception_ptr error);

    Kind kind() const { return m_kind; }
    bool isFail() const { return m_kind == Kind::Fail; }
    bool isTimeout() const { return m_kind == Kind::Timeout; }
    bool isInterrupted() const { return m_kind == Kind::Interrupted; }
    bool isDefect() const { return m_kind == Kind::Defect; }

    // The user error if it is exactly of type T, else nullptr.
    template <typename T>
    const T* as() const
    {
        if (!m_payload || m_payload->type() != typeid(T))
            return nullptr;
        return static_cast<const T*>(m_payload->address());
    }
    template <typename T>
    bool is() const
    {
        return as<T>() != nullptr;
    }

    std::int64_t timeoutMs() const { return m_timeoutMs; }
    // The thrown exception of a Defect, or a user error that is an exception_ptr.
    std::exception_ptr exception() const;
    // "Effect timed out after 500ms", "Effect was interrupted", the user
    // error's text, or the defect's what().
    std::string message() const;
    static const char* kindName(Kind kind);

    // Fail: same type and equal values (identity for types without ==);
    // Timeout and Interrupted: same tag; Defect: same exception object.
    friend bool operator==(const EffectError& a, const EffectError& b);

private:
    EffectError(Kind kind, std::shared_ptr<const detail::ErrorPayload> payload)
        : m_kind(kind)
        , m_payload(std::move(payload))
    { }

    Kind m_kind;
    std::shared_ptr<const detail::ErrorPayload> m_payload;
    std::exception_ptr m_exception;
    std::int64_t m_timeoutMs = -1;
};

} // namespace cd::rt
