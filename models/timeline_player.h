#pragma once

#include <QObject>

#include <cstdint>
#include <functional>

class QTimer;

namespace cd::models {

class JournalDocument;

// Plays the journal: moves the document's cursor forward at a chosen speed
// (entries per second). A QTimer ticks it; each tick advances by the time
// elapsed on an injectable clock, so tests call advance() with made-up
// milliseconds and never wait.
class TimelinePlayer : public QObject {
    Q_OBJECT
public:
    // Milliseconds on a monotonic clock.
    using Clock = std::function<std::int64_t()>;

    explicit TimelinePlayer(JournalDocument* document, QObject* parent = nullptr);
    ~TimelinePlayer() override;

    // Entries per second (at least 1).
    int speed() const { return m_speed; }
    void setSpeed(int entriesPerSecond);
    bool isPlaying() const { return m_playing; }
    // From the last entry, playing starts again at the first.
    void play();
    void pause();
    void toggle();
    void setClock(Clock clock);
    int tickInterval() const;

    // Moves the cursor by the entries due after elapsedMs more of playing
    // (fractions carry over); pauses at the last entry. Returns entries moved.
    std::int64_t advance(std::int64_t elapsedMs);

Q_SIGNALS:
    void playingChanged(bool playing);
    void speedChanged(int entriesPerSecond);

private:
    void tick();

    JournalDocument* m_document;
    QTimer* m_timer;
    Clock m_clock;
    std::int64_t m_lastTick = 0;
    double m_carry = 0; // fraction of an entry due
    int m_speed = 10;
    bool m_playing = false;
};

} // namespace cd::models
