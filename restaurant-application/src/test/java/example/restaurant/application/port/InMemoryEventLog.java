package example.restaurant.application.port;

import example.restaurant.application.publicevent.PublicEvent;
import java.time.Instant;
import java.util.ArrayList;
import example.restaurant.domain.table.ReservationId;
import java.util.List;
import java.util.Optional;

/** A global log in memory, for tests of projectors. */
public final class InMemoryEventLog implements EventLog {

  private final List<LoggedEvent> events = new ArrayList<>();

  public synchronized LoggedEvent append(PublicEvent event, Instant occurredAt) {
    LoggedEvent logged = LoggedEvent.of(events.size() + 1, occurredAt, event.type(), event);
    events.add(logged);
    return logged;
  }

  /** An event whose type this version of the service does not know. */
  public synchronized void appendUnknown(String type, Instant occurredAt) {
    events.add(LoggedEvent.of(events.size() + 1, occurredAt, type, null));
  }

  /** An event that is stored but cannot be read (a poison event). */
  public synchronized void appendUnreadable(String type, String problem, Instant occurredAt) {
    events.add(LoggedEvent.unreadable(events.size() + 1, occurredAt, type, problem));
  }

  @Override
  public synchronized List<LoggedEvent> readAfter(long position, int limit) {
    int from = (int) Math.min(position, events.size());
    int to = (int) Math.min((long) from + limit, events.size());
    return List.copyOf(new ArrayList<>(events.subList(from, to)));
  }

  @Override
  public synchronized long head() {
    return events.size();
  }

  @Override
  public synchronized Optional<Long> positionOf(ReservationId streamId, long version) {
    long seen = 0;
    for (LoggedEvent e : events) {
      if (e.event() != null && e.event().reservationId().equals(streamId) && ++seen == version) {
        return Optional.of(e.position());
      }
    }
    return Optional.empty();
  }
}
