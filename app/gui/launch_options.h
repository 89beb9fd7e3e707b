#pragma once

#include <QSize>
#include <QString>
#include <QStringList>

#include <optional>

namespace cd::gui {

// `chronodesk [FILE] [--at SEQ] [--tenant ID] [--screenshot PATH] [--size WxH]`
// `chronodesk --demo [--seed N] [--speed 1|60|3600|max] [--run-for MS] [--demo-journal PATH]`
struct LaunchOptions {
    QString file;
    std::optional<qint64> at; // cursor sequence once indexed; default: the last entry
    QString tenant;
    QString screenshot; // PNG path; empty: run interactively
    std::optional<QSize> size;

    // The live demo platform instead of FILE.
    bool demo = false;
    quint64 seed = 1;
    double speed = 3600.0; // rt::ScaledClock::kFastest for "max"
    int runForMs = 3000; // under --screenshot: real time the demo runs before the capture
    QString demoJournal; // empty: a new file in the demo directory
};

struct LaunchParse {
    enum class Action { Run, Help, Version, Error };
    Action action = Action::Run;
    LaunchOptions options;
    // Help or version text for stdout, or the error line for stderr.
    QString text;
};

// Parses the arguments (arguments[0] is the program). A bad value is an
// Error naming the option and the value. Needs a QCoreApplication (help text).
LaunchParse parseLaunchOptions(const QStringList& arguments);

// Whether these raw arguments run without showing a window (--screenshot,
// --help, --version): then the offscreen platform is used unless the user
// chose one, so they work without a display. Call before QApplication exists.
bool runsWithoutWindow(int argc, const char* const* argv);

} // namespace cd::gui
