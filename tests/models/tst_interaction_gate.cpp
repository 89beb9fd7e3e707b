#include "models/interaction_gate.h"

#include <QTest>

#include <atomic>
#include <thread>

namespace interaction = cd::models::interaction;
using std::chrono::hours;
using std::chrono::milliseconds;

namespace {

// Waits (without sleeping) until count jobs are inside yieldTurn().
bool waitForWaiting(int count)
{
    for (long spins = 0; spins < 100'000'000; ++spins) {
        if (interaction::waiting() == count)
            return true;
        std::this_thread::yield();
    }
    return false;
}

// A job's thread: yieldTurn() once; done and waited tell what happened.
struct Job {
    explicit Job(const std::atomic<bool>* cancel = nullptr)
        : thread([this, cancel] {
            waited = interaction::yieldTurn(cancel);
            done = true;
        })
    { }
    ~Job()
    {
        if (thread.joinable())
            thread.join();
    }
    std::atomic<bool> done { false };
    std::atomic<bool> waited { false };
    std::thread thread;
};

} // namespace

class TestInteractionGate : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void init() { interaction::setPeriods(hours(1), hours(1)); }
    void cleanupTestCase() { interaction::setPeriods(milliseconds(250), milliseconds(1000)); }

    // Before the cursor ever moved, and once it has been still for the quiet
    // period, a job goes on at once.
    void noInteractionNoWait()
    {
        QVERIFY(!interaction::yieldTurn()); // nothing noted yet in this process
        interaction::note();
        interaction::setPeriods(milliseconds(0), hours(1));
        QVERIFY(!interaction::yieldTurn());
    }

    // A note holds a job until the period ends (here: set to nothing).
    void aNoteHoldsAJob()
    {
        interaction::note();
        Job job;
        QVERIFY(waitForWaiting(1));
        QVERIFY(!job.done);
        interaction::setPeriods(milliseconds(0), hours(1));
        job.thread.join();
        QVERIFY(job.done);
        QVERIFY(job.waited);
        QCOMPARE(interaction::waiting(), 0);
    }

    // A cancelled job stops waiting when woken.
    void cancelReleasesAJob()
    {
        interaction::note();
        std::atomic<bool> cancel { false };
        Job job(&cancel);
        QVERIFY(waitForWaiting(1));
        cancel = true;
        interaction::wakeAll();
        job.thread.join();
        QVERIFY(job.waited);
        QCOMPARE(interaction::quietPeriod(), milliseconds(hours(1))); // only woken
    }

    // Under continuous interaction a job still goes on after maxWait.
    void maxWaitBoundsAWait()
    {
        interaction::setPeriods(hours(1), milliseconds(1));
        interaction::note();
        Job job;
        job.thread.join();
        QVERIFY(job.waited);
        QCOMPARE(interaction::waiting(), 0);
    }

    // Several jobs wait, and all go on.
    void everyWaitingJobGoesOn()
    {
        interaction::note();
        Job first;
        Job second;
        QVERIFY(waitForWaiting(2));
        interaction::wakeAll();
        first.thread.join();
        second.thread.join();
        QVERIFY(first.waited && second.waited);
        QCOMPARE(interaction::waiting(), 0);
    }
};

QTEST_GUILESS_MAIN(TestInteractionGate)
#include "tst_interaction_gate.moc"
