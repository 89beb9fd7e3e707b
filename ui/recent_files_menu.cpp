#include "ui/recent_files_menu.h"

#include <QDir>
#include <QFileInfo>

namespace cd::ui {

RecentFilesMenu::RecentFilesMenu(QWidget* parent)
    : QMenu(tr("Open &Recent"), parent)
{
    setObjectName(QStringLiteral("recentFilesMenu"));
    setToolTipsVisible(true);
    setPaths({});
}

void RecentFilesMenu::setPaths(const QStringList& paths)
{
    m_paths = paths;
    clear();
    for (int i = 0; i < paths.size(); ++i) {
        const QString path = paths[i];
        const QFileInfo info(path);
        // &1..&9 then &0: keyboard access for the first ten.
        const QString text
            = tr("&%1  %2  (%3)")
                  .arg(QString::number((i + 1) % 10), info.fileName(), QDir::toNativeSeparators(info.absolutePath()));
        QAction* action = addAction(text);
        action->setToolTip(QDir::toNativeSeparators(path));
        action->setData(path);
        connect(action, &QAction::triggered, this, [this, path] { Q_EMIT fileRequested(path); });
    }
    if (!paths.isEmpty())
        addSeparator();
    QAction* clearAction = addAction(tr("&Clear Recent Journals"));
    clearAction->setObjectName(QStringLiteral("clearRecentAction"));
    clearAction->setEnabled(!paths.isEmpty());
    connect(clearAction, &QAction::triggered, this, &RecentFilesMenu::clearRequested);
}

} // namespace cd::ui
