#include "app/gui/launch_options.h"
#include "app/gui/launcher.h"
#include "models/app_settings.h"
#include "ui/mainwindow.h"
#include "ui/workbench.h"

#include <QApplication>
#include <QTextStream>

namespace {

// Under --screenshot stderr carries one line, the reason of a failure: Qt's
// own chatter (missing runtime dir, offscreen plugin notes) is dropped.
void quietMessages(QtMsgType type, const QMessageLogContext&, const QString& message)
{
    if (type == QtCriticalMsg || type == QtFatalMsg)
        QTextStream(stderr) << message << '\n';
}

QStringList rawArguments(int argc, char* argv[])
{
    QStringList arguments;
    for (int i = 0; i < argc; ++i)
        arguments.append(QString::fromLocal8Bit(argv[i]));
    return arguments;
}

} // namespace

int main(int argc, char* argv[])
{
    // Help, version, screenshots and bad options need no display.
    const bool noWindow = cd::gui::runsWithoutWindow(argc, argv)
        || cd::gui::parseLaunchOptions(rawArguments(argc, argv)).action == cd::gui::LaunchParse::Action::Error;
    if (noWindow && qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    if (noWindow)
        qInstallMessageHandler(quietMessages);
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("Chronodesk"));
    QApplication::setOrganizationName(QStringLiteral("Chronodesk"));
    QApplication::setApplicationVersion(QStringLiteral(CHRONODESK_VERSION));

    const cd::gui::LaunchParse parse = cd::gui::parseLaunchOptions(QApplication::arguments());
    switch (parse.action) {
    case cd::gui::LaunchParse::Action::Help:
    case cd::gui::LaunchParse::Action::Version:
        QTextStream(stdout) << parse.text;
        return 0;
    case cd::gui::LaunchParse::Action::Error:
        QTextStream(stderr) << "chronodesk: " << parse.text << "\nTry 'chronodesk --help'.\n";
        return 1;
    case cd::gui::LaunchParse::Action::Run:
        break;
    }

    cd::models::AppSettings settings;
    cd::ui::MainWindow window;
    const cd::ui::Workbench workbench = cd::ui::installWorkbench(window);
    cd::gui::Launcher launcher(&window, &settings, parse.options);
    launcher.setDemo(workbench.demo);
    launcher.start();
    return QApplication::exec();
}
