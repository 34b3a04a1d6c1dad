package example.restaurant.application.projection;

import example.restaurant.application.port.EventLog;
import example.restaurant.application.port.LoggedEvent;
import example.restaurant.domain.table.ReservationId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The log as the projectors of one instance read it, so that they share their reads instead of each asking the
 * database for the same entries: four projectors woken by one append used to make four reads of the same one or two
 * entries, then four more reads to learn that nothing followed; rebuilds running side by side read the whole history
 * once each.
 *
 * <p>Two things make that safe. Entries never change once stamped, so the most recent {@code capacity} of them are
 * kept and served from memory (all but unreadable ones, which an operator may repair in place). And "nothing after position n" is only taken from another reader's answer when that
 * read <em>started</em> after the latest {@linkplain #advance() news} this reader could have seen: every append
 * logged here, every poll tick and every nudge advances the epoch, so a projector is never put to sleep by an answer
 * older than the wake-up that started its step. Reads of the database are made one at a time; readers that arrive
 * meanwhile wait and usually find their entries in what the read brought.
 */
final class SharedEventLog implements EventLog {

  /** The latest database read that came back short: its epoch when it started and the first position it missed. */
  private record EndSeen(long epoch, long missing) {}

  private final EventLog log;
  private final int capacity;
  private final ConcurrentSkipListMap<Long, LoggedEvent> recent = new ConcurrentSkipListMap<>();
  private final ReentrantLock reading = new ReentrantLock();
  private final AtomicLong epoch = new AtomicLong();
  private volatile EndSeen endSeen;

  SharedEventLog(EventLog log, int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be positive: " + capacity);
    }
    this.log = log;
    this.capacity = capacity;
  }

  /** Something may have been appended since: answers about the end of the log read before this no longer count. */
  void advance() {
    epoch.incrementAndGet();
  }

  @Override
  public List<LoggedEvent> readAfter(long position, int limit) {
    long asOf = epoch.get();
    List<LoggedEvent> events = new ArrayList<>();
    if (limit <= 0 || fromMemory(position, limit, events, asOf)) {
      return events;
    }
    reading.lock();
    try {
      // another reader may have brought our entries, or the news that there are none, while we waited
      if (fromMemory(position, limit, events, asOf)) {
        return events;
      }
      long after = position + events.size();
      int wanted = limit - events.size();
      long startedAt = epoch.get();
      List<LoggedEvent> read = log.readAfter(after, wanted);
      for (LoggedEvent event : read) {
        if (!event.unreadable()) {
          // an unreadable entry is read afresh each time: an operator may repair it in place, then replay it
          recent.put(event.position(), event);
        }
      }
      while (recent.size() > capacity) {
        recent.pollFirstEntry();
      }
      if (read.size() < wanted) {
        endSeen = new EndSeen(startedAt, after + read.size() + 1);
      }
      events.addAll(read);
      return events;
    } finally {
      reading.unlock();
    }
  }

  /**
   * Adds the kept entries that follow the ones in {@code events}; true when that answers the read: the batch is full,
   * or a read that started no earlier than {@code asOf} found the log ending right there.
   */
  private boolean fromMemory(long position, int limit, List<LoggedEvent> events, long asOf) {
    long next = position + events.size() + 1;
    while (events.size() < limit) {
      LoggedEvent event = recent.get(next);
      if (event == null) {
        break;
      }
      events.add(event);
      next++;
    }
    if (events.size() == limit) {
      return true;
    }
    EndSeen end = endSeen;
    return end != null && end.epoch() >= asOf && end.missing() == next;
  }

  @Override
  public long head() {
    return log.head();
  }

  @Override
  public Optional<Long> positionOf(ReservationId streamId, long version) {
    return log.positionOf(streamId, version);
  }
}
