#include "app/cli/args.h"

#include <charconv>
#include <cmath>

namespace cd::cli {

namespace {

const OptionSpec* findOption(const CommandSpec& spec, std::string_view name)
{
    for (const auto& o : spec.options) {
        if (o.name == name)
            return &o;
    }
    return nullptr;
}

std::string dashed(std::string_view name)
{
    return "--" + std::string(name);
}

} // namespace

std::optional<std::int64_t> parseInteger(std::string_view text)
{
    if (text.empty())
        return std::nullopt;
    std::int64_t v = 0;
    const char* begin = text.data();
    const char* end = text.data() + text.size();
    auto [ptr, ec] = std::from_chars(begin, end, v);
    if (ec != std::errc() || ptr != end)
        return std::nullopt;
    return v;
}

std::optional<std::string> ParsedArgs::value(std::string_view option) const
{
    auto it = values.find(option);
    if (it == values.end() || it->second.empty())
        return std::nullopt;
    return it->second.back();
}

std::vector<std::string> ParsedArgs::all(std::string_view option) const
{
    auto it = values.find(option);
    return it == values.end() ? std::vector<std::string> {} : it->second;
}

std::optional<std::int64_t> ParsedArgs::integer(std::string_view option) const
{
    auto text = value(option);
    if (!text)
        return std::nullopt;
    auto v = parseInteger(*text);
    if (!v)
        throw UsageError(dashed(option) + ": expected an integer, got '" + *text + "'");
    return v;
}

std::optional<double> ParsedArgs::number(std::string_view option) const
{
    auto text = value(option);
    if (!text)
        return std::nullopt;
    double v = 0;
    auto [ptr, ec] = std::from_chars(text->data(), text->data() + text->size(), v);
    if (text->empty() || ec != std::errc() || ptr != text->data() + text->size() || !std::isfinite(v))
        throw UsageError(dashed(option) + ": expected a number, got '" + *text + "'");
    return v;
}

ParsedArgs parseArgs(const std::vector<CommandSpec>& commands, const std::vector<std::string>& args)
{
    if (args.empty())
        throw UsageError("missing command (try --help)");
    ParsedArgs parsed;
    for (const auto& c : commands) {
        if (c.name == args.front())
            parsed.command = &c;
    }
    if (!parsed.command)
        throw UsageError("unknown command '" + args.front() + "' (try --help)");
    const CommandSpec& spec = *parsed.command;

    std::string lastRepeatable;
    bool onlyPositionals = false;
    for (std::size_t i = 1; i < args.size(); ++i) {
        const std::string& arg = args[i];
        if (!onlyPositionals && arg == "--") {
            onlyPositionals = true;
            continue;
        }
        if (!onlyPositionals && arg.size() > 2 && arg.starts_with("--")) {
            std::string name = arg.substr(2);
            std::optional<std::string> inlineValue;
            if (auto eq = name.find('='); eq != std::string::npos) {
                inlineValue = name.substr(eq + 1);
                name.resize(eq);
            }
            const OptionSpec* opt = findOption(spec, name);
            if (!opt)
                throw UsageError(std::string(spec.name) + ": unknown option " + dashed(name));
            auto& slot = parsed.values[name];
            if (!slot.empty() && !opt->repeatable)
                throw UsageError(std::string(spec.name) + ": " + dashed(name) + " given more than once");
            if (!opt->takesValue) {
                if (inlineValue)
                    throw UsageError(std::string(spec.name) + ": " + dashed(name) + " takes no value");
                slot.emplace_back();
                lastRepeatable.clear();
                continue;
            }
            if (inlineValue) {
                slot.push_back(*inlineValue);
            } else {
                if (i + 1 >= args.size())
                    throw UsageError(std::string(spec.name) + ": " + dashed(name) + " needs a value");
                slot.push_back(args[++i]);
            }
            lastRepeatable = opt->repeatable ? name : std::string();
            continue;
        }
        if (!onlyPositionals && arg.size() > 1 && arg[0] == '-' && !parseInteger(arg))
            throw UsageError(std::string(spec.name) + ": unknown option " + arg);
        if (parsed.positionals.size() < spec.positionals.size()) {
            parsed.positionals.push_back(arg);
            continue;
        }
        if (!lastRepeatable.empty() && lastRepeatable == spec.greedyOption) {
            parsed.values[lastRepeatable].push_back(arg);
            continue;
        }
        throw UsageError(std::string(spec.name) + ": unexpected argument '" + arg + "'");
    }
    if (parsed.positionals.size() < spec.positionals.size()) {
        throw UsageError(std::string(spec.name) + ": missing "
            + std::string(spec.positionals[parsed.positionals.size()]) + " (usage: chronodesk-cli "
            + std::string(spec.synopsis) + ")");
    }
    for (const auto& o : spec.options) {
        if (o.required && !parsed.has(o.name))
            throw UsageError(std::string(spec.name) + ": missing required option " + dashed(o.name));
    }
    for (const auto& [a, b] : spec.exclusive) {
        if (parsed.has(a) && parsed.has(b))
            throw UsageError(std::string(spec.name) + ": " + dashed(a) + " and " + dashed(b) + " exclude each other");
    }
    return parsed;
}

} // namespace cd::cli
