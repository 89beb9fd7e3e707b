#include "models/timeline_preview.h"

#include "engine/history/history.h"
#include "models/timeline_histogram.h"

#include <QDataStream>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSaveFile>

namespace cd::models {

namespace {

constexpr quint32 PreviewMagic = 0x43445450; // "CDTP"

// The identity as the file records it; a file for any other is ignored.
QByteArray identityKey(const history::IndexCache::Identity& identity)
{
    QByteArray key;
    QDataStream out(&key, QIODevice::WriteOnly);
    out << QByteArray::fromStdString(identity.path) << QByteArray::fromStdString(identity.journalId)
        << quint64(identity.size) << qint64(identity.mtimeNs) << bool(identity.lastSequence)
        << qint64(identity.lastSequence.value_or(0));
    return key;
}

} // namespace

QString timelinePreviewPath(const history::IndexCache& cache, const history::IndexCache::Identity& identity)
{
    return QString::fromStdString(cache.fileFor(identity)) + QStringLiteral(".timeline");
}

std::shared_ptr<const TimelineHistogram> loadTimelinePreview(
    const QString& path, const history::IndexCache::Identity& identity)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return nullptr;
    QDataStream in(&file);
    quint32 magic = 0;
    QByteArray key;
    QByteArray histogram;
    in >> magic >> key >> histogram;
    if (in.status() != QDataStream::Ok || magic != PreviewMagic || key != identityKey(identity) || !file.atEnd())
        return nullptr;
    auto loaded = TimelineHistogram::fromBytes(histogram);
    return loaded ? std::make_shared<const TimelineHistogram>(std::move(*loaded)) : nullptr;
}

bool saveTimelinePreview(
    const QString& path, const history::IndexCache::Identity& identity, const history::History& history)
{
    TimelineHistogram histogram;
    {
        const auto view = history.view();
        histogram.extend(view.index());
    }
    if (!QDir().mkpath(QFileInfo(path).absolutePath()))
        return false;
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return false;
    QDataStream out(&file);
    out << PreviewMagic << identityKey(identity) << histogram.toBytes();
    return out.status() == QDataStream::Ok && file.commit();
}

} // namespace cd::models
