#pragma once

#include <stdexcept>
#include <string>

namespace cd::rt {

// An ask that got no reply in time: "Ask timeout after <N>ms".
class TimeoutError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// A process refused or lost a message: the ask could not be sent, the handler
// failed on it, the mailbox dropped it, or the process stopped or failed.
class ProcessError : public std::runtime_error {
public:
    ProcessError(const std::string& message, std::string processId)
        : std::runtime_error(message)
        , m_processId(std::move(processId))
    { }
    const std::string& processId() const { return m_processId; }

private:
    std::string m_processId;
};

} // namespace cd::rt
