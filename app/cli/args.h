#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace cd::cli {

// A usage mistake (unknown command or option, missing or malformed argument):
// exit code 1.
class UsageError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

struct OptionSpec {
    std::string_view name; // without the leading "--"
    bool takesValue = true;
    bool repeatable = false;
    bool required = false;
};

struct CommandSpec {
    std::string_view name;
    std::vector<std::string_view> positionals; // names, all required
    std::vector<OptionSpec> options;
    std::string_view synopsis; // one usage line, after "chronodesk-cli "
    std::string_view summary;
    // Options that exclude each other (e.g. --at and --at-time).
    std::vector<std::pair<std::string_view, std::string_view>> exclusive;
    // Bare words after a repeatable option's value are more values of it
    // ("--type a b c"), once every positional is filled.
    std::string_view greedyOption;
};

// The result of parsing one command line against a CommandSpec.
class ParsedArgs {
public:
    const CommandSpec* command = nullptr;
    std::vector<std::string> positionals;
    std::map<std::string, std::vector<std::string>, std::less<>> values;

    bool has(std::string_view option) const { return values.find(option) != values.end(); }
    std::optional<std::string> value(std::string_view option) const;
    std::vector<std::string> all(std::string_view option) const;
    // Integer options: the whole text must be a decimal integer within int64.
    std::optional<std::int64_t> integer(std::string_view option) const;
    std::optional<double> number(std::string_view option) const;
};

// Parses argv[1..] (the command word first). Throws UsageError.
ParsedArgs parseArgs(const std::vector<CommandSpec>& commands, const std::vector<std::string>& args);

// Strict decimal integer: optional '-', digits only, within int64.
std::optional<std::int64_t> parseInteger(std::string_view text);

} // namespace cd::cli
