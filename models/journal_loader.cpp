#include "models/journal_loader.h"

#include "engine/history/history.h"
#include "engine/history/index_cache.h"
#include "engine/store/entry_source.h"
#include "models/timeline_preview.h"

#include <QDir>
#include <QFileInfo>
#include <QStandardPaths>

namespace cd::models {

namespace {

LoadOutcome fail(QString error)
{
    LoadOutcome outcome;
    outcome.error = std::move(error);
    return outcome;
}

} // namespace

QString defaultIndexCacheDirectory()
{
    const QString base = QStandardPaths::writableLocation(QStandardPaths::GenericCacheLocation);
    return base.isEmpty() ? QString() : base + QStringLiteral("/chronodesk");
}

bool looksLive(const QString& path)
{
    for (const char* suffix : { "-wal", "-shm", "-journal" })
        if (QFileInfo::exists(path + QLatin1String(suffix)))
            return true;
    return false;
}

LoadOutcome loadJournal(const LoadRequest& request)
{
    const std::string path = request.path.toStdString();
    const bool live = request.live ? *request.live : looksLive(request.path);
    std::string error;
    std::optional<history::IndexCache> cache;
    std::optional<history::IndexCache::Identity> identity;
    if (!live && !request.cacheDirectory.isEmpty()) {
        cache.emplace(request.cacheDirectory.toStdString());
        std::string ignored; // an unidentifiable file fails below, with the reader's words
        identity = history::IndexCache::identify(path, ignored);
        // The index is loaded into a private History (its write lock held
        // for the whole read, a second for 10M entries, blocks nobody) and
        // published in one short swap: readers of the document's history
        // (the GUI thread) never wait for the load, and see nothing or the
        // whole index. The timeline paints from it while the states (the
        // latest, the snapshots: seconds of folding) are restored.
        history::History loaded(request.history->options());
        std::optional<history::IndexCache::SavedStates> states;
        QString previewPath;
        std::shared_ptr<const TimelineHistogram> preview;
        if (identity) {
            previewPath = timelinePreviewPath(*cache, *identity);
            preview = loadTimelinePreview(previewPath, *identity);
            if (preview && request.timelinePreview)
                request.timelinePreview(preview);
            states = cache->loadIndex(*identity, loaded, ignored);
            if (!states && preview && request.timelinePreview)
                request.timelinePreview(nullptr);
        }
        if (states) {
            if (request.beforePublish)
                request.beforePublish();
            request.history->adopt(loaded);
            LoadOutcome outcome;
            outcome.fromCache = true;
            outcome.result.entries = std::int64_t(request.history->size());
            if (request.progress)
                request.progress(0.0, outcome.result.entries);
            history::RestoreOptions restore;
            restore.cancel = request.cancel.get();
            if (request.progress) {
                restore.progress = [&request, entries = outcome.result.entries](std::size_t done, std::size_t total) {
                    request.progress(total ? double(done) / double(total) : 1.0, entries);
                };
            }
            if (!request.history->restoreStates(states->snapshotAt, states->interval, restore)) {
                outcome.result.status = history::BuildResult::Status::Cancelled;
                outcome.error = QStringLiteral("cancelled");
            } else if (!preview) {
                saveTimelinePreview(previewPath, *identity, *request.history); // a cache from before previews
            }
            return outcome;
        }
    }

    store::SourceOptions options;
    options.checkOrder = false; // the history reports order errors itself
    // immutable=1 on a file that changes under the reader can read torn pages.
    options.reader.immutableWhenPossible = !live;
    auto source = store::openEntrySource(path, options, error);
    if (!source)
        return fail(QString::fromStdString(error));

    history::BuildOptions build;
    build.progress = request.progress;
    build.cancel = request.cancel.get();
    LoadOutcome outcome;
    outcome.result = request.history->build(*source, build);
    using Status = history::BuildResult::Status;
    switch (outcome.result.status) {
    case Status::Cancelled:
        outcome.error = QStringLiteral("cancelled");
        return outcome;
    case Status::Failed:
    case Status::Stopped:
        outcome.error = QString::fromStdString(outcome.result.problem());
        return outcome;
    case Status::Complete:
        break;
    }
    // Nothing but invalid entries: not a journal anyone can debug.
    if (outcome.result.entries == 0 && outcome.result.invalidCount > 0) {
        outcome.error = QString::fromStdString(outcome.result.problem());
        return outcome;
    }
    if (cache && identity && outcome.result.invalidCount == 0 && outcome.result.entries >= request.cacheThreshold) {
        std::string ignored; // a cache that cannot be written only costs time next open
        if (cache->save(*identity, *request.history, ignored))
            saveTimelinePreview(timelinePreviewPath(*cache, *identity), *identity, *request.history);
    }
    return outcome;
}

} // namespace cd::models
