#pragma once

#include "engine/store/exporter.h"

#include <QFuture>
#include <QObject>
#include <QString>
#include <QStringList>

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>

class QThreadPool;

namespace cd::history {
class History;
}

namespace cd::models {

// What the export dialog asks for; the same options the CLI's export takes.
struct ExportRequest {
    QString source; // the open journal (read, never written)
    QString output;
    store::ExportFormat format = store::ExportFormat::Ndjson;
    std::optional<std::string> tenantId;
    std::optional<std::int64_t> fromSequence; // inclusive
    std::optional<std::int64_t> toSequence; // inclusive
    bool redact = false;
    // HMAC key of the pseudonyms; empty: a random one per export, as the CLI.
    std::string redactionKey;
    // The user confirmed replacing an existing output.
    bool overwrite = false;
};

struct ExportResult {
    store::ExportSummary summary;
    QString output;
    // One or two sentences for the dialog: what was written, or why not.
    QString message;
    bool ok() const { return summary.ok(); }
};

// Why the request cannot run (empty output, output is the journal or one of
// its -wal/-journal/-shm files, from after to); empty when it can.
QString checkExportRequest(const ExportRequest& request);

// The export itself, on any thread: the engine's exportJournal (the CLI's
// code: AtomicFile output, nothing left behind on failure or cancel).
// progress gets the fraction read; cancel is polled every few thousand
// entries.
ExportResult runExport(const ExportRequest& request, const std::atomic<bool>& cancel,
    const std::function<void(double fraction)>& progress = {});

// Tenant ids of a history in order of first appearance (for completion).
QStringList journalTenants(const history::History& history);

// Runs one export at a time on the thread pool; progress is throttled to
// steps of half a percent. Destroying the job cancels and waits for it.
class ExportJob : public QObject {
    Q_OBJECT
public:
    explicit ExportJob(QObject* parent = nullptr);
    ~ExportJob() override;

    // Starts the export; returns why not (checkExportRequest, or a job is
    // already running), empty when it started.
    QString start(const ExportRequest& request);
    void cancel();
    bool isRunning() const { return m_running; }
    // Where jobs run (default: workPool()); not owned.
    void setThreadPool(QThreadPool* pool) { m_pool = pool; }

Q_SIGNALS:
    void progress(double fraction);
    void finished(const cd::models::ExportResult& result);

private:
    void onProgress(quint64 generation, double fraction);
    void onFinished(quint64 generation, const ExportResult& result);

    QFuture<ExportResult> m_work; // the worker's, waited for on destruction
    std::shared_ptr<std::atomic<bool>> m_cancel;
    quint64 m_generation = 0;
    bool m_running = false;
    QThreadPool* m_pool = nullptr;
};

} // namespace cd::models

Q_DECLARE_METATYPE(cd::models::ExportResult)
