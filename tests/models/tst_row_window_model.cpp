#include "models/row_window_model.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QStandardItemModel>
#include <QTest>

using cd::models::RowWindowModel;

namespace {

// rows x 2 cells "r<row>c<column>".
void fill(QStandardItemModel& model, int first, int rows)
{
    for (int r = first; r < first + rows; ++r) {
        QList<QStandardItem*> items;
        for (int c = 0; c < 2; ++c)
            items << new QStandardItem(QStringLiteral("r%1c%2").arg(r).arg(c));
        model.appendRow(items);
    }
}

QString cell(const QAbstractItemModel& model, int row, int column = 0)
{
    return model.index(row, column).data().toString();
}

} // namespace

class TestRowWindowModel : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void init()
    {
        m_source = std::make_unique<QStandardItemModel>();
        fill(*m_source, 0, 100);
        m_page = std::make_unique<RowWindowModel>(m_source.get());
        m_tester = std::make_unique<QAbstractItemModelTester>(
            m_page.get(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    }
    void cleanup()
    {
        m_tester.reset();
        m_page.reset();
        m_source.reset();
    }

    void aPageShowsItsSourceRows()
    {
        QCOMPARE(m_page->rowCount(), 1); // one row until a page is set
        m_page->setPage(10, 5);
        QCOMPARE(m_page->rowCount(), 5);
        QCOMPARE(m_page->columnCount(), 2);
        QCOMPARE(cell(*m_page, 0), QStringLiteral("r10c0"));
        QCOMPARE(cell(*m_page, 4, 1), QStringLiteral("r14c1"));
        QCOMPARE(m_page->sourceRow(4), 14);
        QCOMPARE(m_page->sourceRow(5), -1);
        QCOMPARE(m_page->pageRow(12), 2);
        QCOMPARE(m_page->pageRow(15), -1);
        QCOMPARE(m_page->pageRow(9), -1);
        QCOMPARE(m_page->mapToSource(m_page->index(2, 1)), m_source->index(12, 1));
        QCOMPARE(m_page->mapFromSource(m_source->index(13, 0)), m_page->index(3, 0));
        QVERIFY(!m_page->mapFromSource(m_source->index(30, 0)).isValid());
        QCOMPARE(m_page->sourceRowCount(), 100);
    }

    void aPageAtTheEndHoldsFewerRows()
    {
        m_page->setPage(97, 5);
        QCOMPARE(m_page->rowCount(), 3);
        QCOMPARE(cell(*m_page, 2), QStringLiteral("r99c0"));
        m_page->setPage(500, 5); // past the end: the last row
        QCOMPARE(m_page->offset(), 99);
        QCOMPARE(m_page->rowCount(), 1);
        m_page->setPage(-3, 5);
        QCOMPARE(m_page->offset(), 0);
        QCOMPARE(m_page->rowCount(), 5);
    }

    // The source growing past a full page only moves its row count: no
    // view repaints or lays out anything.
    void growthPastAFullPageOnlyCounts()
    {
        m_page->setPage(10, 5);
        QSignalSpy counted(m_page.get(), &RowWindowModel::sourceRowCountChanged);
        QSignalSpy changed(m_page.get(), &QAbstractItemModel::dataChanged);
        QSignalSpy inserted(m_page.get(), &QAbstractItemModel::rowsInserted);
        fill(*m_source, 100, 10);
        QCOMPARE(counted.size(), 10);
        QCOMPARE(counted.last().at(0).toInt(), 110);
        QCOMPARE(changed.size(), 0);
        QCOMPARE(inserted.size(), 0);
        QCOMPARE(m_page->rowCount(), 5);
    }

    // A page not yet full takes the new rows as rows of its own.
    void growthIntoAPartPageAddsRows()
    {
        m_page->setPage(98, 5);
        QCOMPARE(m_page->rowCount(), 2);
        QSignalSpy inserted(m_page.get(), &QAbstractItemModel::rowsInserted);
        fill(*m_source, 100, 2);
        QCOMPARE(m_page->rowCount(), 4);
        QCOMPARE(inserted.size(), 2);
        QCOMPARE(cell(*m_page, 3), QStringLiteral("r101c0"));
    }

    void changesInsideThePageAreForwarded()
    {
        m_page->setPage(10, 5);
        QSignalSpy changed(m_page.get(), &QAbstractItemModel::dataChanged);
        m_source->setData(m_source->index(12, 1), QStringLiteral("new"));
        QCOMPARE(changed.size(), 1);
        QCOMPARE(changed.at(0).at(0).toModelIndex(), m_page->index(2, 1));
        QCOMPARE(cell(*m_page, 2, 1), QStringLiteral("new"));
        m_source->setData(m_source->index(50, 1), QStringLiteral("elsewhere"));
        QCOMPARE(changed.size(), 1);
    }

    // Rows removed before the page shift its contents; the page keeps its offset.
    void removalsBeforeThePageShiftIt()
    {
        m_page->setPage(10, 5);
        QSignalSpy changed(m_page.get(), &QAbstractItemModel::dataChanged);
        m_source->removeRows(0, 5);
        QCOMPARE(m_page->offset(), 10);
        QCOMPARE(cell(*m_page, 0), QStringLiteral("r15c0"));
        QCOMPARE(changed.size(), 1);
        m_source->removeRows(0, 90); // 5 left: the offset follows them
        QCOMPARE(m_page->offset(), 4);
        QCOMPARE(m_page->rowCount(), 1);
        QCOMPARE(cell(*m_page, 0), QStringLiteral("r99c0"));
    }

    void aSourceResetResetsThePage()
    {
        m_page->setPage(50, 5);
        QSignalSpy reset(m_page.get(), &QAbstractItemModel::modelReset);
        QSignalSpy counted(m_page.get(), &RowWindowModel::sourceRowCountChanged);
        m_source->clear();
        QCOMPARE(reset.size(), 1);
        QCOMPARE(m_page->rowCount(), 0);
        QCOMPARE(m_page->columnCount(), 0);
        QCOMPARE(counted.last().at(0).toInt(), 0);
        fill(*m_source, 0, 3);
        QCOMPARE(m_page->offset(), 0);
        QCOMPARE(m_page->rowCount(), 3);
        QCOMPARE(m_page->columnCount(), 2);
        QCOMPARE(cell(*m_page, 2, 1), QStringLiteral("r2c1"));
    }

    void headersComeFromTheSource()
    {
        m_source->setHorizontalHeaderLabels({ QStringLiteral("A"), QStringLiteral("B") });
        QCOMPARE(m_page->headerData(1, Qt::Horizontal).toString(), QStringLiteral("B"));
        m_page->setPage(10, 5);
        QCOMPARE(m_page->headerData(0, Qt::Vertical).toString(), m_source->headerData(10, Qt::Vertical).toString());
    }

    // A source that goes first leaves an empty page, not a dangling one.
    void aSourceThatGoesLeavesNoRows()
    {
        m_page->setPage(10, 5);
        QSignalSpy reset(m_page.get(), &QAbstractItemModel::modelReset);
        m_source.reset();
        QCOMPARE(reset.size(), 1);
        QCOMPARE(m_page->rowCount(), 0);
        QCOMPARE(m_page->sourceRowCount(), 0);
        QVERIFY(!m_page->sourceModel());
        QVERIFY(!m_page->headerData(0, Qt::Horizontal).isValid());
    }

private:
    std::unique_ptr<QStandardItemModel> m_source;
    std::unique_ptr<RowWindowModel> m_page;
    std::unique_ptr<QAbstractItemModelTester> m_tester;
};

QTEST_GUILESS_MAIN(TestRowWindowModel)
#include "tst_row_window_model.moc"
