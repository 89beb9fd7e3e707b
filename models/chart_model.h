#pragma once

#include "models/chart_data.h"

#include <QObject>
#include <QPointer>

#include <atomic>
#include <cstdint>
#include <memory>
#include <optional>

namespace cd::models {

class JournalDocument;

// The data of the charts for a JournalDocument and its selected tenant:
// usage against limits, payments and failures (per cycle for a tenant, per
// day platform-wide) and the event rate, plus the cursor's wall time for a
// vertical cursor line. Presentation-free (see chart_data.h).
//
// Threads: lives on the GUI thread. Recomputes on the thread pool when the
// journal becomes ready, grows (live follow) or the selection changes; one
// job at a time, the latest inputs win: a selection change cancels the job
// in flight and a generation counter drops its result. While inactive (the
// charts are hidden) it computes nothing and catches up when activated.
class ChartModel : public QObject {
    Q_OBJECT
public:
    explicit ChartModel(JournalDocument* document, QObject* parent = nullptr);
    ~ChartModel() override;

    JournalDocument* document() const;
    // The data for the current inputs, or for the previous ones until the
    // job ends. Never null; immutable (shared with the views).
    std::shared_ptr<const ChartSnapshot> snapshot() const;
    // Wall time of the entry at the cursor; nullopt when there is none.
    std::optional<std::int64_t> cursorWallMs() const;

    bool isComputing() const;
    bool isActive() const;
    void setActive(bool active);

Q_SIGNALS:
    void snapshotChanged();
    void cursorWallChanged();
    void computingChanged(bool computing);

private:
    // A fresh snapshot of what the document is now (no data).
    void resetForDocument();
    // Inputs changed (selection): the job in flight is useless.
    void invalidate();
    // Recomputes soon: starts a job unless one runs or the model is inactive.
    void requestUpdate();
    void startJob();
    void commit(std::shared_ptr<const ChartSnapshot> snapshot);
    void updateCursor();
    void setComputing(bool computing);

    QPointer<JournalDocument> m_document;
    std::shared_ptr<const ChartSnapshot> m_snapshot;
    std::optional<std::int64_t> m_cursorWallMs;
    std::shared_ptr<std::atomic<bool>> m_cancel;
    quint64 m_generation = 0;
    bool m_active = true;
    bool m_dirty = false;
    bool m_running = false; // a job is in flight
    bool m_computing = false; // as last signalled
};

} // namespace cd::models
