#include "engine/history/huge_pages.h"

#include <cstdlib>
#include <string>

#ifdef __linux__
#include <unistd.h>
#endif

namespace cd::history {

namespace {
constexpr const char* TunablesVariable = "GLIBC_TUNABLES";
constexpr const char* HugePagesTunable = "glibc.malloc.hugetlb";

bool sanitizedAddresses()
{
#if defined(__SANITIZE_ADDRESS__)
    return true;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
    return true;
#else
    return false;
#endif
#else
    return false;
#endif
}
} // namespace

void reexecWithHugePageMalloc(char** argv)
{
#ifdef __linux__
    if (sanitizedAddresses() || !argv || !argv[0])
        return;
    const char* current = std::getenv(TunablesVariable);
    std::string tunables = current ? current : "";
    if (tunables.find(HugePagesTunable) != std::string::npos)
        return; // set already: by us before the exec, or by the user
    tunables += tunables.empty() ? "" : ":";
    tunables += std::string(HugePagesTunable) + "=1";
    if (setenv(TunablesVariable, tunables.c_str(), 1) != 0)
        return;
    execv("/proc/self/exe", argv);
    // Still here: run as we are, without the tunable in our children.
    if (current)
        setenv(TunablesVariable, current, 1);
    else
        unsetenv(TunablesVariable);
#else
    (void)argv;
#endif
}

} // namespace cd::history
