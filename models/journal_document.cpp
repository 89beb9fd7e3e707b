#include "models/journal_document.h"

#include "models/background.h"
#include "models/interaction_gate.h"
#include "models/journal_loader.h"
#include "models/progress_mailbox.h"
#include "models/work_pool.h"

#include <QElapsedTimer>
#include <QFuture>
#include <QFutureWatcher>
#include <QPointer>
#include <QThread>
#include <QtConcurrent/QtConcurrentRun>

#include <algorithm>
#include <atomic>

namespace cd::models {

namespace {
// A state a worker folded, and what it took (reports).
struct Folded {
    std::shared_ptr<const history::StatePoint> state;
    double ms = 0;
    double cpuMs = 0; // of ms, on a core
};
} // namespace

struct JournalDocument::Private {
    Status status = Status::Empty;
    QString path;
    QString error;
    history::BuildResult buildResult;
    std::shared_ptr<history::History> history;
    std::shared_ptr<std::atomic<bool>> cancel;
    QFuture<LoadOutcome> openJob; // the worker itself, never its GUI-thread continuation
    quint64 openGeneration = 0;
    std::shared_ptr<ProgressMailbox> progress;
    bool live = false;

    std::int64_t cursorPosition = -1;
    bool cursorSet = false;
    std::shared_ptr<const history::StatePoint> state;
    double lastStateMs = 0;
    double lastStateCpuMs = 0;
    bool stateJobRunning = false;
    std::int64_t stateJobPosition = -1;
    bool followsEnd = true;

    // Appended entries waiting for the append job, in order.
    std::vector<platform::Entry> appendQueue;
    bool appendJobRunning = false;

    std::optional<std::int64_t> markA;
    std::optional<std::int64_t> markB;
    QString selectedTenant;
    QString cacheDirectory = defaultIndexCacheDirectory();
    std::shared_ptr<const TimelineHistogram> timelinePreview;

    std::size_t size() const { return history ? history->size() : 0; }
};

JournalDocument::JournalDocument(QObject* parent)
    : QObject(parent)
    , d(std::make_unique<Private>())
{ }

JournalDocument::~JournalDocument()
{
    stopOpenJob();
    releaseInBackground(std::move(d->history));
}

void JournalDocument::stopOpenJob()
{
    if (d->cancel)
        d->cancel->store(true);
    // The job posts progress to this object: it must end before we do. Only
    // the worker is waited for: its continuation runs on this (blocked)
    // thread and is dropped by the generation check or our destruction.
    d->openJob.waitForFinished();
    d->openJob = {};
}

void JournalDocument::open(const QString& path, const JournalOpenOptions& options)
{
    close();
    d->status = Status::Indexing;
    d->path = path;
    d->error.clear();
    d->buildResult = {};
    d->history = std::make_shared<history::History>();
    d->cancel = std::make_shared<std::atomic<bool>>(false);
    d->progress = std::make_shared<ProgressMailbox>();
    d->live = options.live ? *options.live : looksLive(path);
    d->followsEnd = true;
    const quint64 generation = ++d->openGeneration;
    Q_EMIT opened(path);

    LoadRequest request;
    request.path = path;
    request.history = d->history;
    request.cancel = d->cancel;
    request.cacheDirectory = d->cacheDirectory;
    request.live = d->live;
    request.beforePublish = options.beforePublish;
    QPointer<JournalDocument> self(this);
    request.progress = [self, generation, mailbox = d->progress](double fraction, std::int64_t entries) {
        // Runs on the worker: hop to the document's thread (the destructor
        // waits for the job, so the object outlives every posted call).
        if (!mailbox->put({ fraction, entries }))
            return; // the call already posted reports this one too
        QMetaObject::invokeMethod(
            self.data(),
            [self, generation] {
                if (JournalDocument* document = self.data())
                    document->onIndexProgress(generation);
            },
            Qt::QueuedConnection);
    };
    request.timelinePreview = [self, generation](std::shared_ptr<const TimelineHistogram> preview) {
        QMetaObject::invokeMethod(
            self.data(),
            [self, generation, preview] {
                JournalDocument* document = self.data();
                if (!document || generation != document->d->openGeneration || document->d->status != Status::Indexing)
                    return;
                document->d->timelinePreview = preview;
                Q_EMIT document->timelinePreviewChanged();
            },
            Qt::QueuedConnection);
    };
    d->openJob = QtConcurrent::run(workPool(), [request] { return loadJournal(request); });
    // Delivered through a watcher (posted, see background.h): with
    // QFuture::then(this) the outcome of a job that ended while the
    // continuation was attached was now and then never delivered (Qt 6.4), and
    // the document stayed Indexing.
    auto* watcher = new QFutureWatcher<LoadOutcome>(this);
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher, generation] {
        watcher->deleteLater();
        if (generation == d->openGeneration)
            finishOpen(watcher->result());
    });
    watcher->setFuture(d->openJob);
}

void JournalDocument::onIndexProgress(quint64 generation)
{
    if (generation != d->openGeneration || d->status != Status::Indexing)
        return;
    const ProgressMailbox::Report report = d->progress->take();
    Q_EMIT progress(report.fraction, report.entries);
    Q_EMIT historyGrew(report.entries);
}

void JournalDocument::finishOpen(LoadOutcome outcome)
{
    d->buildResult = std::move(outcome.result);
    if (d->timelinePreview) {
        d->timelinePreview.reset(); // the index is there (or the open failed)
        Q_EMIT timelinePreviewChanged();
    }
    if (!outcome.error.isEmpty()) {
        d->status = Status::Failed;
        d->error = outcome.error;
        Q_EMIT failed(d->error);
        return;
    }
    d->status = Status::Ready;
    Q_EMIT progress(1.0, qint64(d->size()));
    Q_EMIT historyGrew(qint64(d->size()));
    if (!d->cursorSet || d->followsEnd)
        moveCursor(std::int64_t(d->size()) - 1, false);
    else
        moveCursor(d->cursorPosition, true); // re-clamp, recompute on the whole index
    Q_EMIT ready();
}

void JournalDocument::cancel()
{
    if (d->status != Status::Indexing)
        return;
    d->cancel->store(true);
}

void JournalDocument::close()
{
    if (d->status == Status::Empty)
        return;
    stopOpenJob();
    ++d->openGeneration; // drops whatever the job posted
    const quint64 generation = d->openGeneration;
    QString cacheDirectory = d->cacheDirectory;
    // The models let go of the history as they hear closed(); then it is
    // freed off this thread (a 10M-entry one takes seconds).
    std::shared_ptr<history::History> history = std::move(d->history);
    *d = Private {};
    d->openGeneration = generation;
    d->cacheDirectory = std::move(cacheDirectory);
    Q_EMIT closed();
    Q_EMIT stateChanged();
    releaseInBackground(std::move(history));
}

JournalDocument::Status JournalDocument::status() const
{
    return d->status;
}

QString JournalDocument::path() const
{
    return d->path;
}

bool JournalDocument::isLive() const
{
    return d->live;
}

QString JournalDocument::errorText() const
{
    return d->error;
}

const history::BuildResult& JournalDocument::buildResult() const
{
    return d->buildResult;
}

std::shared_ptr<const history::History> JournalDocument::history() const
{
    return d->history;
}

std::optional<std::int64_t> JournalDocument::cursor() const
{
    if (d->cursorPosition < 0 || !d->history)
        return std::nullopt;
    return d->history->view().index().sequence(std::size_t(d->cursorPosition));
}

std::int64_t JournalDocument::cursorPosition() const
{
    return d->cursorPosition;
}

void JournalDocument::setCursor(std::int64_t sequence)
{
    if (!d->history)
        return;
    const auto position = d->history->view().index().positionAtOrBefore(sequence);
    setCursorPosition(position ? std::int64_t(*position) : -1);
}

void JournalDocument::setCursorPosition(std::int64_t position)
{
    moveCursor(position, false);
}

void JournalDocument::moveCursor(std::int64_t position, bool force)
{
    if (!d->history)
        return;
    const std::int64_t last = std::int64_t(d->size()) - 1;
    position = std::clamp<std::int64_t>(position, -1, last);
    d->cursorSet = true;
    d->followsEnd = position == last;
    if (position == d->cursorPosition && d->state && !force)
        return;
    d->cursorPosition = position;
    interaction::note(); // background analyses step aside for a while
    const auto sequence = cursor();
    // A worker's fold starts before the listeners of cursorChanged run (the
    // timeline, event log, audit trail, "Why?" and charts take milliseconds
    // on this thread): the two overlap instead of adding up. A fold on this
    // thread still follows cursorChanged, as the header promises.
    const bool folds = foldsInBackground();
    if (folds)
        requestState();
    Q_EMIT cursorChanged(sequence ? *sequence : 0);
    if (!folds)
        requestState();
}

bool JournalDocument::foldsInBackground() const
{
    return d->size() > SynchronousStateLimit;
}

bool JournalDocument::stateInFlight() const
{
    return d->stateJobRunning;
}

void JournalDocument::requestState()
{
    const std::int64_t position = d->cursorPosition;
    if (!foldsInBackground()) {
        d->state
            = std::make_shared<const history::StatePoint>(d->history->view().stateAtCount(std::size_t(position + 1)));
        Q_EMIT stateChanged();
        return;
    }
    // Latest wins: one fold in flight; when it ends, fold again if the
    // cursor moved meanwhile.
    if (d->stateJobRunning)
        return;
    d->stateJobRunning = true;
    d->stateJobPosition = position;
    const std::shared_ptr<const history::History> history = d->history;
    const quint64 generation = d->openGeneration;
    runInBackground(
        this,
        [history, position, from = d->state] {
            QElapsedTimer timer;
            timer.start();
            const double cpuStart = threadCpuMs();
            // From the state shown when the cursor stepped forward.
            Folded folded;
            folded.state = std::make_shared<const history::StatePoint>(
                history->view().stateAtCount(std::size_t(position + 1), from.get()));
            folded.cpuMs = threadCpuMs() - cpuStart;
            folded.ms = double(timer.nsecsElapsed()) / 1e6;
            return folded;
        },
        [this, generation, position](Folded folded) {
            if (generation != d->openGeneration)
                return;
            d->stateJobRunning = false;
            d->state = std::move(folded.state);
            d->lastStateMs = folded.ms;
            d->lastStateCpuMs = folded.cpuMs;
            Q_EMIT stateChanged();
            if (d->cursorPosition != position)
                requestState();
        },
        statePool());
}

std::shared_ptr<const history::StatePoint> JournalDocument::state() const
{
    return d->state;
}

double JournalDocument::lastStateMs() const
{
    return d->lastStateMs;
}

double JournalDocument::lastStateCpuMs() const
{
    return d->lastStateCpuMs;
}

history::BuildResult JournalDocument::append(std::span<const platform::Entry> entries)
{
    if (!d->history || d->status != Status::Ready)
        return {};
    if (!d->appendJobRunning && d->appendQueue.empty() && entries.size() <= SynchronousAppendLimit) {
        auto result = d->history->append(entries);
        publishAppend(result, d->followsEnd);
        return result;
    }
    d->appendQueue.insert(d->appendQueue.end(), entries.begin(), entries.end());
    startAppendJob();
    history::BuildResult queued;
    queued.entries = std::int64_t(entries.size());
    return queued;
}

bool JournalDocument::appendPending() const
{
    return d->appendJobRunning || !d->appendQueue.empty();
}

void JournalDocument::startAppendJob()
{
    if (d->appendJobRunning || d->appendQueue.empty())
        return;
    d->appendJobRunning = true;
    auto batch = std::make_shared<const std::vector<platform::Entry>>(std::move(d->appendQueue));
    d->appendQueue.clear();
    const std::shared_ptr<history::History> history = d->history;
    const quint64 generation = d->openGeneration;
    runInBackground(
        this,
        [history, batch] {
            // Slices of AppendSlice entries, each under its own write lock:
            // readers (the GUI's queries) wait for one slice at most.
            constexpr std::size_t AppendSlice = 512;
            history::BuildResult total;
            const std::span<const platform::Entry> all(*batch);
            for (std::size_t done = 0; done < all.size(); done += AppendSlice) {
                auto part = history->append(all.subspan(done, std::min(AppendSlice, all.size() - done)));
                total.entries += part.entries;
                total.invalidCount += part.invalidCount;
                for (auto& invalid : part.invalid) {
                    if (total.invalid.size() >= history::BuildResult::MaxReported)
                        break;
                    invalid.place += std::int64_t(done);
                    invalid.message = "entries[" + std::to_string(invalid.place) + "]: " + invalid.reason;
                    total.invalid.push_back(std::move(invalid));
                }
            }
            return total;
        },
        [this, generation](history::BuildResult result) { finishAppend(generation, result); });
}

void JournalDocument::finishAppend(quint64 generation, const history::BuildResult& result)
{
    if (generation != d->openGeneration)
        return; // another journal (close() reset the job state)
    d->appendJobRunning = false;
    // The cursor follows when it was at the end before these entries came.
    publishAppend(result, d->followsEnd);
    startAppendJob();
}

void JournalDocument::publishAppend(const history::BuildResult& result, bool follow)
{
    if (result.entries > 0) {
        Q_EMIT historyGrew(qint64(d->size()));
        if (follow)
            moveCursor(std::int64_t(d->size()) - 1, false);
    }
    Q_EMIT appendIndexed(result.entries, result.invalidCount);
}

std::optional<std::int64_t> JournalDocument::markA() const
{
    return d->markA;
}

std::optional<std::int64_t> JournalDocument::markB() const
{
    return d->markB;
}

void JournalDocument::setMarkA(std::optional<std::int64_t> sequence)
{
    if (d->markA == sequence)
        return;
    d->markA = sequence;
    Q_EMIT marksChanged();
}

void JournalDocument::setMarkB(std::optional<std::int64_t> sequence)
{
    if (d->markB == sequence)
        return;
    d->markB = sequence;
    Q_EMIT marksChanged();
}

QString JournalDocument::selectedTenant() const
{
    return d->selectedTenant;
}

void JournalDocument::setSelectedTenant(const QString& tenantId)
{
    if (d->selectedTenant == tenantId)
        return;
    d->selectedTenant = tenantId;
    Q_EMIT selectedTenantChanged(tenantId);
}

void JournalDocument::setIndexCacheDirectory(const QString& directory)
{
    d->cacheDirectory = directory;
}

QString JournalDocument::indexCacheDirectory() const
{
    return d->cacheDirectory;
}

std::shared_ptr<const TimelineHistogram> JournalDocument::timelinePreview() const
{
    return d->timelinePreview;
}

bool JournalDocument::followsEnd() const
{
    return d->followsEnd;
}

} // namespace cd::models
