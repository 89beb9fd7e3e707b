#include "ui/panels/windowed_table.h"

#include "models/row_window_model.h"

#include <QAbstractTableModel>
#include <QApplication>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QScrollBar>
#include <QSignalSpy>
#include <QTableView>
#include <QTest>
#include <QWheelEvent>

using cd::ui::WindowedTable;

namespace {

// n rows of two cells: the row's number, and "row <n>".
class CountingModel : public QAbstractTableModel {
public:
    explicit CountingModel(int rows)
        : m_rows(rows)
    { }
    int rowCount(const QModelIndex& parent = {}) const override { return parent.isValid() ? 0 : m_rows; }
    int columnCount(const QModelIndex& parent = {}) const override { return parent.isValid() ? 0 : 2; }
    QVariant data(const QModelIndex& index, int role) const override
    {
        if (!index.isValid() || role != Qt::DisplayRole)
            return {};
        return index.column() == 0 ? QVariant(index.row()) : QVariant(QStringLiteral("row %1").arg(index.row()));
    }
    void grow(int rows)
    {
        beginInsertRows({}, m_rows, m_rows + rows - 1);
        m_rows += rows;
        endInsertRows();
    }

private:
    int m_rows;
};

constexpr int TenMillion = 10'000'000;

// The source row the view's top row shows.
int topShown(const WindowedTable& table)
{
    return table.view()->indexAt(QPoint(2, 2)).data().toInt();
}

} // namespace

class TestWindowedTable : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void init()
    {
        m_model = std::make_unique<CountingModel>(TenMillion);
        m_table = std::make_unique<WindowedTable>(m_model.get());
        m_table->resize(400, 300);
        m_table->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_table.get()));
    }
    void cleanup()
    {
        m_table.reset();
        m_model.reset();
    }

    // The view holds a screenful of 10M rows; the bar spans all of them.
    void aPageOfTenMillionRows()
    {
        const int shown = m_table->rowsShown();
        QVERIFY2(shown > 3, qPrintable(QString::number(shown)));
        QCOMPARE(m_table->view()->model()->rowCount(), shown + 1);
        QCOMPARE(m_table->view()->verticalHeader()->count(), shown + 1);
        QCOMPARE(m_table->scrollBar()->maximum(), TenMillion - shown);
        QCOMPARE(m_table->scrollBar()->pageStep(), shown);
        QCOMPARE(topShown(*m_table), 0);
    }

    void scrollToAnyRow()
    {
        const int shown = m_table->rowsShown();
        m_table->scrollTo(5'000'000, QAbstractItemView::PositionAtTop);
        QCOMPARE(m_table->firstRow(), 5'000'000);
        QCOMPARE(m_table->scrollBar()->value(), 5'000'000);
        QCOMPARE(topShown(*m_table), 5'000'000);
        QCOMPARE(m_table->visualRect(5'000'000).top(), 0);
        QVERIFY(m_table->rowShows(5'000'000 + shown - 1));
        QVERIFY(!m_table->rowShows(5'000'000 + shown));
        m_table->scrollTo(5'000'002); // shows already
        QCOMPARE(m_table->firstRow(), 5'000'000);
        m_table->scrollTo(4'999'990); // above: to the top
        QCOMPARE(m_table->firstRow(), 4'999'990);
        m_table->scrollTo(5'000'100); // below: to the bottom
        QCOMPARE(m_table->firstRow(), 5'000'100 - shown + 1);
        m_table->scrollTo(7'000'000, QAbstractItemView::PositionAtCenter);
        QCOMPARE(m_table->firstRow(), 7'000'000 - shown / 2);
        m_table->scrollTo(TenMillion - 1, QAbstractItemView::PositionAtTop); // no further than the last page
        QCOMPARE(m_table->firstRow(), TenMillion - shown);
        QVERIFY(m_table->rowShows(TenMillion - 1));
    }

    void keysStepThroughTheSource()
    {
        const int shown = m_table->rowsShown();
        m_table->view()->setFocus();
        m_table->setCurrentRow(0);
        QSignalSpy current(m_table.get(), &WindowedTable::currentRowChanged);
        for (int i = 0; i < shown + 2; ++i)
            QTest::keyClick(m_table->view(), Qt::Key_Down);
        QCOMPARE(m_table->currentRow(), shown + 2);
        QVERIFY(m_table->rowShows(shown + 2));
        QCOMPARE(m_table->firstRow(), 3); // the least scrolling
        QTest::keyClick(m_table->view(), Qt::Key_PageDown);
        QCOMPARE(m_table->currentRow(), shown + 2 + shown - 1);
        QTest::keyClick(m_table->view(), Qt::Key_End);
        QCOMPARE(m_table->currentRow(), TenMillion - 1);
        QCOMPARE(m_table->firstRow(), TenMillion - shown);
        QTest::keyClick(m_table->view(), Qt::Key_Up);
        QCOMPARE(m_table->currentRow(), TenMillion - 2);
        QTest::keyClick(m_table->view(), Qt::Key_Home);
        QCOMPARE(m_table->currentRow(), 0);
        QCOMPARE(m_table->firstRow(), 0);
        QCOMPARE(current.last().at(0).toInt(), 0);
        QCOMPARE(current.size(), shown + 2 + 4);
    }

    // The current row stays selected where the page shows it, and only there.
    void theCurrentRowFollowsThePage()
    {
        m_table->setCurrentRow(10);
        QItemSelectionModel* selection = m_table->view()->selectionModel();
        QCOMPARE(selection->currentIndex().row(), 10);
        m_table->scrollBar()->setValue(500);
        QCOMPARE(m_table->firstRow(), 500);
        QVERIFY(!selection->currentIndex().isValid());
        QVERIFY(!selection->hasSelection());
        QCOMPARE(m_table->currentRow(), 10);
        m_table->scrollBar()->setValue(5);
        QCOMPARE(selection->currentIndex().row(), 5);
        QVERIFY(selection->isRowSelected(5));
        QCOMPARE(m_table->currentRow(), 10);
    }

    void wheelMovesThePage()
    {
        m_table->scrollBar()->setValue(1000);
        const QPoint at = m_table->view()->viewport()->rect().center();
        QWheelEvent down(at, m_table->view()->viewport()->mapToGlobal(at), QPoint(), QPoint(0, -120), Qt::NoButton,
            Qt::NoModifier, Qt::NoScrollPhase, false);
        QApplication::sendEvent(m_table->view()->viewport(), &down);
        QCOMPARE(m_table->firstRow(), 1000 + QApplication::wheelScrollLines());
        // Half a notch at a time (a fine-grained wheel): rows once a notch is full.
        QWheelEvent half(at, m_table->view()->viewport()->mapToGlobal(at), QPoint(), QPoint(0, 60), Qt::NoButton,
            Qt::NoModifier, Qt::NoScrollPhase, false);
        QApplication::sendEvent(m_table->view()->viewport(), &half);
        QApplication::sendEvent(m_table->view()->viewport(), &half);
        QCOMPARE(m_table->firstRow(), 1000);
    }

    void clicksAndDoubleClicksNameSourceRows()
    {
        m_table->scrollTo(123'456, QAbstractItemView::PositionAtTop);
        QSignalSpy current(m_table.get(), &WindowedTable::currentRowChanged);
        QSignalSpy doubled(m_table.get(), &WindowedTable::rowDoubleClicked);
        const QPoint at = m_table->visualRect(123'458).center();
        QTest::mouseClick(m_table->view()->viewport(), Qt::LeftButton, {}, at);
        QCOMPARE(m_table->currentRow(), 123'458);
        QCOMPARE(current.size(), 1);
        QTest::mouseDClick(m_table->view()->viewport(), Qt::LeftButton, {}, at);
        QCOMPARE(doubled.size(), 1);
        QCOMPARE(doubled.at(0).at(0).toInt(), 123'458);
        // The partly shown last row: a click brings it in whole.
        const int partial = m_table->firstRow() + m_table->rowsShown();
        QTest::mouseClick(
            m_table->view()->viewport(), Qt::LeftButton, {}, m_table->visualRect(partial).topLeft() + QPoint(5, 1));
        QCOMPARE(m_table->currentRow(), partial);
        QVERIFY(m_table->rowShows(partial));
    }

    // Rows the source gains extend the bar; the page stays where it is.
    void growthExtendsTheRange()
    {
        m_table->scrollTo(2000, QAbstractItemView::PositionAtTop);
        const int maximum = m_table->scrollBar()->maximum();
        m_model->grow(1000);
        QCOMPARE(m_table->scrollBar()->maximum(), maximum + 1000);
        QCOMPARE(m_table->firstRow(), 2000);
        QCOMPARE(m_table->view()->verticalHeader()->count(), m_table->rowsShown() + 1);
    }

    // A taller table shows more rows.
    void resizingRefitsThePage()
    {
        const int shown = m_table->rowsShown();
        m_table->resize(400, 600);
        QApplication::processEvents();
        QVERIFY(m_table->rowsShown() > shown);
        QCOMPARE(m_table->view()->model()->rowCount(), m_table->rowsShown() + 1);
        QCOMPARE(m_table->scrollBar()->maximum(), TenMillion - m_table->rowsShown());
    }

private:
    std::unique_ptr<CountingModel> m_model;
    std::unique_ptr<WindowedTable> m_table;
};

QTEST_MAIN(TestWindowedTable)
#include "tst_windowed_table.moc"
