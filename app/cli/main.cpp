#include "app/cli/commands.h"

#include <cstdio>
#include <string>
#include <vector>

#ifndef CHRONODESK_VERSION
#define CHRONODESK_VERSION "0.0.0"
#endif

int main(int argc, char* argv[])
{
    static char buffer[1 << 16];
    std::setvbuf(stdout, buffer, _IOFBF, sizeof buffer);
    std::vector<std::string> args(argv + 1, argv + argc);
    const cd::cli::Io io;
    if (args.empty()) {
        io.note(cd::cli::usageText());
        return cd::cli::ExitUsage;
    }
    if (args.front() == "--help" || args.front() == "-h" || args.front() == "help") {
        io.write(cd::cli::usageText());
        return cd::cli::ExitOk;
    }
    if (args.front() == "--version") {
        io.write("chronodesk-cli " CHRONODESK_VERSION "\n");
        return cd::cli::ExitOk;
    }
    const int code = cd::cli::runCli(args, io);
    if (std::fflush(stdout) != 0) {
        std::fputs("chronodesk-cli: cannot write to standard output\n", stderr);
        return code == 0 ? cd::cli::ExitBadInput : code;
    }
    return code;
}
