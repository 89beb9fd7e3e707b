#include "ui/mainwindow.h"

#include <QApplication>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QStatusBar>

namespace cd::ui {

MainWindow::MainWindow(QWidget* parent)
    : QMainWindow(parent)
{
    setObjectName(QStringLiteral("mainWindow"));
    setWindowTitle(QStringLiteral("Chronodesk"));
    auto* placeholder = new QLabel(tr("No journal open."), this);
    placeholder->setObjectName(QStringLiteral("emptyStateLabel"));
    placeholder->setAlignment(Qt::AlignCenter);
    setCentralWidget(placeholder);
    setupMenus();
    statusBar()->showMessage(tr("Ready"));
    resize(1280, 800);
}

void MainWindow::setupMenus()
{
    auto* file = menuBar()->addMenu(tr("&File"));
    auto* quit = file->addAction(tr("&Quit"), qApp, &QApplication::quit);
    quit->setShortcut(QKeySequence::Quit);

    auto* help = menuBar()->addMenu(tr("&Help"));
    help->addAction(tr("&About Chronodesk"), this, [this] {
        QMessageBox::about(this, tr("About Chronodesk"),
            tr("Chronodesk %1\nTime-travel debugger for event-sourced SaaS journals.")
                .arg(QApplication::applicationVersion()));
    });
}

} // namespace cd::ui
