#include "models/timeline_player.h"

#include "engine/history/history.h"
#include "models/journal_document.h"

#include <QElapsedTimer>
#include <QTimer>

#include <algorithm>
#include <cmath>
#include <memory>

namespace cd::models {

namespace {

// About a frame: playing at 10000 entries per second moves 160 per tick.
constexpr int TickMs = 16;

} // namespace

TimelinePlayer::TimelinePlayer(JournalDocument* document, QObject* parent)
    : QObject(parent)
    , m_document(document)
    , m_timer(new QTimer(this))
{
    auto elapsed = std::make_shared<QElapsedTimer>();
    elapsed->start();
    m_clock = [elapsed] { return std::int64_t(elapsed->elapsed()); };
    m_timer->setInterval(TickMs);
    connect(m_timer, &QTimer::timeout, this, [this] { tick(); });
    connect(document, &JournalDocument::closed, this, [this] { pause(); });
    connect(document, &JournalDocument::opened, this, [this] { pause(); });
}

TimelinePlayer::~TimelinePlayer() = default;

void TimelinePlayer::setSpeed(int entriesPerSecond)
{
    entriesPerSecond = std::max(1, entriesPerSecond);
    if (entriesPerSecond == m_speed)
        return;
    m_speed = entriesPerSecond;
    m_carry = 0;
    Q_EMIT speedChanged(m_speed);
}

void TimelinePlayer::setClock(Clock clock)
{
    m_clock = std::move(clock);
    m_lastTick = m_clock();
}

int TimelinePlayer::tickInterval() const
{
    return m_timer->interval();
}

void TimelinePlayer::play()
{
    const auto history = m_document->history();
    if (m_playing || !history || history->size() == 0)
        return;
    if (m_document->cursorPosition() >= std::int64_t(history->size()) - 1)
        m_document->setCursorPosition(0);
    m_playing = true;
    m_carry = 0;
    m_lastTick = m_clock();
    m_timer->start();
    Q_EMIT playingChanged(true);
}

void TimelinePlayer::pause()
{
    if (!m_playing)
        return;
    m_playing = false;
    m_timer->stop();
    Q_EMIT playingChanged(false);
}

void TimelinePlayer::toggle()
{
    m_playing ? pause() : play();
}

void TimelinePlayer::tick()
{
    const std::int64_t now = m_clock();
    const std::int64_t elapsed = now - m_lastTick;
    m_lastTick = now;
    advance(elapsed);
}

std::int64_t TimelinePlayer::advance(std::int64_t elapsedMs)
{
    const auto history = m_document->history();
    if (!m_playing || !history || elapsedMs <= 0)
        return 0;
    m_carry += double(m_speed) * double(elapsedMs) / 1000.0;
    const auto steps = std::int64_t(std::floor(m_carry));
    m_carry -= double(steps);
    if (steps == 0)
        return 0;
    const std::int64_t last = std::int64_t(history->size()) - 1;
    const std::int64_t from = m_document->cursorPosition();
    const std::int64_t to = std::min(from + steps, last);
    m_document->setCursorPosition(to);
    if (to >= last)
        pause();
    return to - from;
}

} // namespace cd::models
