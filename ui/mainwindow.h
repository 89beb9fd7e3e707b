#pragma once

#include <QMainWindow>

namespace cd::ui {

// The debugger's main window. Panels are added as the debugger grows.
class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    explicit MainWindow(QWidget* parent = nullptr);

private:
    void setupMenus();
};

} // namespace cd::ui
