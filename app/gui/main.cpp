#include "ui/mainwindow.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QTextStream>
#include <QTimer>

int main(int argc, char* argv[])
{
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("Chronodesk"));
    QApplication::setOrganizationName(QStringLiteral("Chronodesk"));
    QApplication::setApplicationVersion(QStringLiteral(CHRONODESK_VERSION));

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Time-travel debugger for event-sourced SaaS journals."));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption screenshotOption(QStringLiteral("screenshot"),
        QStringLiteral("Render the main window to PATH and exit."), QStringLiteral("PATH"));
    const QCommandLineOption sizeOption(
        QStringLiteral("size"), QStringLiteral("Window size, e.g. 1280x800."), QStringLiteral("WxH"));
    parser.addOption(screenshotOption);
    parser.addOption(sizeOption);
    parser.process(app);

    cd::ui::MainWindow window;
    if (parser.isSet(sizeOption)) {
        const QStringList parts = parser.value(sizeOption).split(QLatin1Char('x'));
        bool okW = false;
        bool okH = false;
        const int w = parts.value(0).toInt(&okW);
        const int h = parts.value(1).toInt(&okH);
        if (parts.size() != 2 || !okW || !okH || w <= 0 || h <= 0) {
            QTextStream(stderr) << "chronodesk: --size: expected WxH, got '" << parser.value(sizeOption) << "'\n";
            return 1;
        }
        window.resize(w, h);
    }
    window.show();

    if (parser.isSet(screenshotOption)) {
        const QString path = parser.value(screenshotOption);
        QTimer::singleShot(0, &window, [&window, path] {
            if (!window.grab().save(path)) {
                QTextStream(stderr) << "chronodesk: cannot write screenshot to " << path << '\n';
                QApplication::exit(2);
                return;
            }
            QApplication::exit(0);
        });
    }
    return QApplication::exec();
}
