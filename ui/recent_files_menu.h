#pragma once

#include <QMenu>
#include <QStringList>

namespace cd::ui {

// File › Open Recent: one numbered action per path (file name, folder in the
// tooltip and text), then Clear. Presentation only; MainWindow keeps the list.
class RecentFilesMenu : public QMenu {
    Q_OBJECT
public:
    explicit RecentFilesMenu(QWidget* parent = nullptr);

    void setPaths(const QStringList& paths);
    const QStringList& paths() const { return m_paths; }

Q_SIGNALS:
    void fileRequested(const QString& path);
    void clearRequested();

private:
    QStringList m_paths;
};

} // namespace cd::ui
