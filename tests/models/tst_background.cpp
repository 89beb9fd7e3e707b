#include "models/background.h"

#include <QCoreApplication>
#include <QSemaphore>
#include <QTest>
#include <QThread>
#include <QtConcurrent/QtConcurrentRun>

#include <memory>

using cd::models::PostTarget;
using cd::models::runInBackground;

// runInBackground: a result reaches its receiver on the receiver's thread,
// always through the event loop (never inside the call that started the
// work, however fast the work), and never once the receiver is gone.
// PostTarget: calls posted from a worker, for an object that may go first.
class TestBackground : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void deliveredThroughTheEventLoopAfterTheWorkIsDone()
    {
        QObject context;
        int value = 0;
        Qt::HANDLE doneOn = nullptr;
        QFuture<int> future = runInBackground(
            &context, [] { return 7; },
            [&](int result) {
                value = result;
                doneOn = QThread::currentThreadId();
            });
        future.waitForFinished();
        QCOMPARE(future.result(), 7);
        QCOMPARE(value, 0); // done, but not delivered until events are processed
        QTRY_COMPARE(value, 7);
        QCOMPARE(doneOn, QThread::currentThreadId());
    }

    // Work that ends before the caller attaches to it (QFuture::then(context)
    // then calls at once, inside the caller) still waits for the event loop.
    void neverInsideTheCallThatStartedIt()
    {
        QObject context;
        constexpr int Jobs = 500;
        bool inside = false;
        int delivered = 0;
        int deliveredInside = 0;
        for (int i = 0; i < Jobs; ++i) {
            inside = true;
            runInBackground(
                &context, [] { return 1; },
                [&](int one) {
                    delivered += one;
                    deliveredInside += inside ? 1 : 0;
                });
            inside = false;
        }
        QTRY_COMPARE(delivered, Jobs);
        QCOMPARE(deliveredInside, 0);
    }

    void moveOnlyResults()
    {
        QObject context;
        std::unique_ptr<int> got;
        runInBackground(
            &context, [] { return std::make_unique<int>(42); },
            [&](std::unique_ptr<int> result) { got = std::move(result); });
        QTRY_VERIFY(got != nullptr);
        QCOMPARE(*got, 42);
    }

    void nothingForAReceiverThatIsGone()
    {
        auto* context = new QObject;
        QSemaphore mayEnd;
        bool delivered = false;
        QFuture<int> future = runInBackground(
            context,
            [&mayEnd] {
                mayEnd.acquire();
                return 1;
            },
            [&delivered](int) { delivered = true; });
        delete context;
        mayEnd.release();
        future.waitForFinished();
        QCoreApplication::sendPostedEvents();
        QCoreApplication::processEvents();
        QVERIFY(!delivered);
        QCOMPARE(future.result(), 1);
    }

    void postedCallsRunOnTheReceiversThread()
    {
        QObject receiver;
        auto target = std::make_shared<PostTarget>(&receiver);
        Qt::HANDLE ranOn = nullptr;
        bool posted = false;
        QFuture<void> worker
            = QtConcurrent::run([&] { posted = target->post([&ranOn] { ranOn = QThread::currentThreadId(); }); });
        worker.waitForFinished();
        QVERIFY(posted);
        QCOMPARE(ranOn, nullptr);
        QTRY_COMPARE(ranOn, QThread::currentThreadId());
    }

    void closedTargetsTakeNothing()
    {
        QObject receiver;
        PostTarget target(&receiver);
        bool ran = false;
        target.close();
        QVERIFY(!target.post([&ran] { ran = true; }));
        QCoreApplication::sendPostedEvents();
        QVERIFY(!ran);
    }

    void queuedCallsGoWithTheReceiver()
    {
        auto* receiver = new QObject;
        PostTarget target(receiver);
        bool ran = false;
        QVERIFY(target.post([&ran] { ran = true; }));
        target.close();
        delete receiver;
        QCoreApplication::sendPostedEvents();
        QVERIFY(!ran);
    }
};

QTEST_GUILESS_MAIN(TestBackground)
#include "tst_background.moc"
