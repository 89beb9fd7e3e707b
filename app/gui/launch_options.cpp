#include "app/gui/launch_options.h"

#include "engine/runtime/scaled_clock.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QRegularExpression>

#include <cstring>

namespace cd::gui {

namespace {

// Large enough for any screen, small enough that the image fits in memory.
constexpr int MaxSide = 16384;
// A screenshot demo runs at most an hour of real time.
constexpr int MaxRunForMs = 3'600'000;

std::optional<double> parseSpeed(const QString& text)
{
    if (text == QStringLiteral("max"))
        return rt::ScaledClock::kFastest;
    for (const int speed : { 1, 60, 3600 })
        if (text == QString::number(speed))
            return double(speed);
    return std::nullopt;
}

std::optional<QSize> parseSize(const QString& text)
{
    static const QRegularExpression pattern(QStringLiteral("^(\\d{1,5})[xX](\\d{1,5})$"));
    const auto match = pattern.match(text);
    if (!match.hasMatch())
        return std::nullopt;
    const int width = match.captured(1).toInt();
    const int height = match.captured(2).toInt();
    if (width < 1 || height < 1 || width > MaxSide || height > MaxSide)
        return std::nullopt;
    return QSize(width, height);
}

LaunchParse error(const QString& text)
{
    LaunchParse parse;
    parse.action = LaunchParse::Action::Error;
    parse.text = text;
    return parse;
}

} // namespace

LaunchParse parseLaunchOptions(const QStringList& arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Time-travel debugger for event-sourced SaaS journals. "
                                                    "Journals are opened read-only and never modified."));
    const QCommandLineOption help(
        { QStringLiteral("h"), QStringLiteral("help") }, QStringLiteral("Show this help and exit."));
    const QCommandLineOption version(
        { QStringLiteral("v"), QStringLiteral("version") }, QStringLiteral("Show the version and exit."));
    const QCommandLineOption at(QStringLiteral("at"),
        QStringLiteral("Put the cursor on the entry at or before sequence SEQ (default: the last entry)."),
        QStringLiteral("SEQ"));
    const QCommandLineOption tenant(QStringLiteral("tenant"),
        QStringLiteral("Select tenant ID once the journal is indexed."), QStringLiteral("ID"));
    const QCommandLineOption screenshot(QStringLiteral("screenshot"),
        QStringLiteral("Index FILE, let every panel update, save the window as a PNG to PATH and exit "
                       "(0: saved, 1: bad option, 2: FILE unusable or PATH not writable)."),
        QStringLiteral("PATH"));
    const QCommandLineOption size(
        QStringLiteral("size"), QStringLiteral("Window size in pixels, e.g. 1600x1000."), QStringLiteral("WxH"));
    const QCommandLineOption demo(QStringLiteral("demo"),
        QStringLiteral("Run the live demo platform in the window (instead of FILE): its journal is shown as it "
                       "grows. With --screenshot, the demo runs --run-for milliseconds before the capture "
                       "(exit 2: the demo could not start)."));
    const QCommandLineOption seed(QStringLiteral("seed"),
        QStringLiteral("Demo: the seed of the scenario and the platform (default 1)."), QStringLiteral("N"));
    const QCommandLineOption speed(QStringLiteral("speed"),
        QStringLiteral("Demo: platform time per real time, 1, 60, 3600 or max (default 3600)."),
        QStringLiteral("1|60|3600|max"));
    const QCommandLineOption runFor(QStringLiteral("run-for"),
        QStringLiteral("Demo with --screenshot: real milliseconds to run before the capture (default 3000)."),
        QStringLiteral("MS"));
    const QCommandLineOption demoJournal(QStringLiteral("demo-journal"),
        QStringLiteral("Demo: the new journal to write (default: a new file in the application's data "
                       "directory, demos/demo-<UTC time>-seed<N>.db)."),
        QStringLiteral("PATH"));
    parser.addOptions({ help, version, at, tenant, screenshot, size, demo, seed, speed, runFor, demoJournal });
    parser.addPositionalArgument(
        QStringLiteral("FILE"), QStringLiteral("A SQLite, NDJSON or Phyxius JSON journal."), QStringLiteral("[FILE]"));

    if (!parser.parse(arguments))
        return error(parser.errorText());
    if (parser.isSet(help)) {
        LaunchParse parse;
        parse.action = LaunchParse::Action::Help;
        // Without an application object Qt cannot name the program.
        if (QCoreApplication::instance())
            parse.text = parser.helpText();
        return parse;
    }
    if (parser.isSet(version)) {
        LaunchParse parse;
        parse.action = LaunchParse::Action::Version;
        parse.text = QStringLiteral("chronodesk %1\n").arg(QCoreApplication::applicationVersion());
        return parse;
    }

    LaunchParse parse;
    LaunchOptions& options = parse.options;
    const QStringList files = parser.positionalArguments();
    if (files.size() > 1)
        return error(QStringLiteral("one FILE at most, got %1").arg(files.size()));
    options.file = files.value(0);
    if (parser.isSet(at)) {
        bool ok = false;
        const qint64 sequence = parser.value(at).toLongLong(&ok);
        if (!ok || sequence < 0)
            return error(
                QStringLiteral("--at: expected a sequence number (0 or more), got '%1'").arg(parser.value(at)));
        options.at = sequence;
    }
    if (parser.isSet(tenant)) {
        options.tenant = parser.value(tenant);
        if (options.tenant.isEmpty())
            return error(QStringLiteral("--tenant: expected a tenant id"));
    }
    if ((options.at || !options.tenant.isEmpty()) && options.file.isEmpty())
        return error(QStringLiteral("--at and --tenant need a FILE"));
    if (parser.isSet(screenshot)) {
        options.screenshot = parser.value(screenshot);
        if (options.screenshot.isEmpty())
            return error(QStringLiteral("--screenshot: expected a PATH"));
    }
    options.demo = parser.isSet(demo);
    if (options.demo && !options.file.isEmpty())
        return error(QStringLiteral("--demo runs the demo platform; it takes no FILE (got '%1')").arg(options.file));
    if (options.demo && (options.at || !options.tenant.isEmpty()))
        return error(QStringLiteral("--at and --tenant need a FILE, not --demo"));
    for (const QCommandLineOption* option : { &seed, &speed, &runFor, &demoJournal }) {
        if (parser.isSet(*option) && !options.demo)
            return error(QStringLiteral("--%1 needs --demo").arg(option->names().constFirst()));
    }
    if (parser.isSet(seed)) {
        bool ok = false;
        options.seed = parser.value(seed).toULongLong(&ok);
        if (!ok)
            return error(
                QStringLiteral("--seed: expected a whole number (0 or more), got '%1'").arg(parser.value(seed)));
    }
    if (parser.isSet(speed)) {
        const auto parsed = parseSpeed(parser.value(speed));
        if (!parsed)
            return error(QStringLiteral("--speed: expected 1, 60, 3600 or max, got '%1'").arg(parser.value(speed)));
        options.speed = *parsed;
    }
    if (parser.isSet(runFor)) {
        bool ok = false;
        options.runForMs = parser.value(runFor).toInt(&ok);
        if (!ok || options.runForMs < 0 || options.runForMs > MaxRunForMs)
            return error(QStringLiteral("--run-for: expected milliseconds between 0 and %1, got '%2'")
                             .arg(QString::number(MaxRunForMs), parser.value(runFor)));
    }
    if (parser.isSet(demoJournal)) {
        options.demoJournal = parser.value(demoJournal);
        if (options.demoJournal.isEmpty())
            return error(QStringLiteral("--demo-journal: expected a PATH"));
    }
    if (parser.isSet(size)) {
        options.size = parseSize(parser.value(size));
        if (!options.size)
            return error(QStringLiteral("--size: expected WxH between 1x1 and %1x%1, got '%2'")
                             .arg(QString::number(MaxSide), parser.value(size)));
    }
    return parse;
}

bool runsWithoutWindow(int argc, const char* const* argv)
{
    for (int i = 1; i < argc; ++i) {
        const char* arg = argv[i];
        for (const char* option : { "--screenshot", "--help", "-h", "--version", "-v" }) {
            const std::size_t length = std::strlen(option);
            if (std::strncmp(arg, option, length) == 0 && (arg[length] == '\0' || arg[length] == '='))
                return true;
        }
    }
    return false;
}

} // namespace cd::gui
