#include "models/export_job.h"

#include "engine/history/history.h"
#include "engine/platform/string_pool.h"
#include "models/background.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QLocale>
#include <QPointer>
#include <QThread>
#include <QThreadPool>

#include <filesystem>
#include <system_error>

namespace cd::models {

namespace {

using namespace Qt::Literals::StringLiterals;

// Progress goes to the GUI in steps of 1/200 (heaptrack-style throttling).
constexpr double ProgressSteps = 200.0;

std::string localPath(const QString& path)
{
    return QFile::encodeName(path).toStdString();
}

// Same file by identity (hard links, symlinks) or, when it does not exist
// yet, by its absolute cleaned path.
bool sameFile(const QString& a, const QString& b)
{
    std::error_code ec;
    if (std::filesystem::equivalent(localPath(a), localPath(b), ec) && !ec)
        return true;
    return QDir::cleanPath(QFileInfo(a).absoluteFilePath()) == QDir::cleanPath(QFileInfo(b).absoluteFilePath());
}

QString native(const QString& path)
{
    return QDir::toNativeSeparators(path);
}

QString describe(const ExportRequest& request, const store::ExportSummary& summary)
{
    const QLocale locale;
    const QString where = native(request.output);
    switch (summary.status) {
    case store::ExportStatus::Ok:
        break;
    case store::ExportStatus::OutputExists:
        return where + u" already exists; choose another name or confirm replacing it."_s;
    case store::ExportStatus::Cancelled:
        return u"Export cancelled; nothing was written."_s;
    case store::ExportStatus::InvalidEntry:
        return u"Nothing was exported: the journal holds an invalid entry ("_s + QString::fromStdString(summary.message)
            + u")."_s;
    case store::ExportStatus::BadInput:
    case store::ExportStatus::WriteFailed:
        return u"Nothing was exported: "_s + QString::fromStdString(summary.message);
    }
    if (summary.exported == 0)
        return u"No entry matched the slice; "_s + where + u" holds an empty export."_s;
    QString text = u"Exported "_s + locale.toString(static_cast<qulonglong>(summary.exported))
        + (summary.exported == 1 ? u" entry"_s : u" entries"_s);
    if (summary.firstSequence && summary.lastSequence) {
        text += u" (sequences "_s + QString::number(*summary.firstSequence) + u"–"_s
            + QString::number(*summary.lastSequence) + u')';
    }
    text += u" to "_s + where + u'.';
    if (request.redact) {
        text += u' ' + locale.toString(static_cast<qulonglong>(summary.redactedAddresses))
            + (summary.redactedAddresses == 1 ? u" e-mail address"_s : u" e-mail addresses"_s)
            + u" replaced by pseudonyms."_s;
    }
    return text;
}

} // namespace

QString checkExportRequest(const ExportRequest& request)
{
    if (request.source.isEmpty())
        return u"No journal is open."_s;
    if (request.output.trimmed().isEmpty())
        return u"Choose where to write the export."_s;
    if (request.fromSequence && request.toSequence && *request.fromSequence > *request.toSequence) {
        return u"The range is empty: from "_s + QString::number(*request.fromSequence) + u" is after to "_s
            + QString::number(*request.toSequence) + u'.';
    }
    const QFileInfo output(request.output);
    if (output.isDir())
        return native(request.output) + u" is a folder; choose a file name."_s;
    if (!output.absoluteDir().exists())
        return u"The folder "_s + native(output.absolutePath()) + u" does not exist."_s;
    // Never over the journal, nor over the files SQLite reads beside it.
    for (const QString& suffix : { QString(), u"-wal"_s, u"-journal"_s, u"-shm"_s }) {
        if (sameFile(request.output, request.source + suffix)) {
            return native(request.output)
                + u" is the journal being exported (or one of its files); choose another name."_s;
        }
    }
    return {};
}

ExportResult runExport(
    const ExportRequest& request, const std::atomic<bool>& cancel, const std::function<void(double)>& progress)
{
    ExportResult result;
    result.output = request.output;
    store::ExportOptions options;
    options.format = request.format;
    options.tenantId = request.tenantId;
    options.fromSequence = request.fromSequence;
    options.toSequence = request.toSequence;
    options.redact = request.redact;
    options.redactionKey = request.redactionKey;
    options.force = request.overwrite;
    options.progress = [&cancel, &progress](double fraction) {
        if (progress)
            progress(fraction);
        return !cancel.load(std::memory_order_relaxed);
    };
    if (cancel.load()) {
        result.summary.status = store::ExportStatus::Cancelled;
    } else {
        result.summary = store::exportJournal(localPath(request.source), localPath(request.output), options);
    }
    result.message = describe(request, result.summary);
    return result;
}

QStringList journalTenants(const history::History& history)
{
    const auto view = history.view();
    QStringList tenants;
    tenants.reserve(static_cast<qsizetype>(view.index().tenantLogs().size()));
    for (const auto& log : view.index().tenantLogs()) {
        const std::string_view id = view.pool().view(log.tenant);
        if (!id.empty())
            tenants.append(QString::fromUtf8(id.data(), static_cast<qsizetype>(id.size())));
    }
    return tenants;
}

ExportJob::ExportJob(QObject* parent)
    : QObject(parent)
{
    qRegisterMetaType<ExportResult>();
}

ExportJob::~ExportJob()
{
    cancel();
    // Its result comes as a posted event, which goes with this object;
    // once delivered (taken), the future is invalid and nothing runs.
    if (m_work.isValid())
        m_work.waitForFinished();
}

QString ExportJob::start(const ExportRequest& request)
{
    if (m_running)
        return u"An export is already running."_s;
    const QString reason = checkExportRequest(request);
    if (!reason.isEmpty())
        return reason;
    m_cancel = std::make_shared<std::atomic<bool>>(false);
    const quint64 generation = ++m_generation;
    m_running = true;
    QPointer<ExportJob> self(this);
    const std::shared_ptr<std::atomic<bool>> cancel = m_cancel;
    QThreadPool* pool = m_pool ? m_pool : workPool();
    m_work = runInBackground(
        this,
        [request, cancel, self, generation] {
            int lastStep = -1;
            const auto report = [&lastStep, self, generation](double fraction) {
                const int step = static_cast<int>(fraction * ProgressSteps);
                if (step == lastStep)
                    return;
                lastStep = step;
                // The destructor waits for this job, so self outlives the post.
                QMetaObject::invokeMethod(
                    self.data(),
                    [self, generation, fraction] {
                        if (self)
                            self->onProgress(generation, fraction);
                    },
                    Qt::QueuedConnection);
            };
            return runExport(request, *cancel, report);
        },
        [this, generation](const ExportResult& result) { onFinished(generation, result); }, pool);
    return {};
}

void ExportJob::cancel()
{
    if (m_cancel)
        m_cancel->store(true);
}

void ExportJob::onProgress(quint64 generation, double fraction)
{
    if (generation == m_generation && m_running)
        Q_EMIT progress(fraction);
}

void ExportJob::onFinished(quint64 generation, const ExportResult& result)
{
    Q_ASSERT(QThread::currentThread() == thread());
    if (generation != m_generation)
        return;
    m_running = false;
    Q_EMIT finished(result);
}

} // namespace cd::models
