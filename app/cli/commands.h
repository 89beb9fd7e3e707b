#pragma once

#include "app/cli/args.h"

#include <cstdio>
#include <stdexcept>
#include <string>
#include <vector>

namespace cd::cli {

// Bad input (unreadable, not a journal, invalid entries, newer format,
// output exists without --force): exit code 2. The message names the file
// and the place.
class InputError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// Exit codes of cli.md.
enum ExitCode { ExitOk = 0, ExitUsage = 1, ExitBadInput = 2, ExitVerifyErrors = 3 };

// Where a command writes: JSON to out, summaries and reasons to err.
struct Io {
    std::FILE* out = stdout;
    std::FILE* err = stderr;
    void write(const std::string& text) const { std::fwrite(text.data(), 1, text.size(), out); }
    void note(const std::string& text) const { std::fwrite(text.data(), 1, text.size(), err); }
};

using CommandFn = int (*)(const ParsedArgs&, const Io&);

struct Command {
    CommandSpec spec;
    CommandFn run;
};

const std::vector<Command>& commandTable();
std::string usageText();

// Parses and runs one command line (argv without the program name); maps
// every failure to its exit code and a one-line reason on err.
int runCli(const std::vector<std::string>& args, const Io& io);

// The commands (one file each).
int runImport(const ParsedArgs& args, const Io& io);
int runExport(const ParsedArgs& args, const Io& io);
int runState(const ParsedArgs& args, const Io& io);
int runDiff(const ParsedArgs& args, const Io& io);
int runAudit(const ParsedArgs& args, const Io& io);
int runExplain(const ParsedArgs& args, const Io& io);
int runVerify(const ParsedArgs& args, const Io& io);
int runStats(const ParsedArgs& args, const Io& io);

} // namespace cd::cli
