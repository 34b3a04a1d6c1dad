package example.restaurant.application.port;

import example.restaurant.application.publicevent.PublicEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** A global log in memory, for tests of projectors. */
public final class InMemoryEventLog implements EventLog {

  private final List<LoggedEvent> events = new ArrayList<>();

  public synchronized LoggedEvent append(PublicEvent event, Instant occurredAt) {
    LoggedEvent logged = new LoggedEvent(events.size() + 1, occurredAt, event.type(), event);
    events.add(logged);
    return logged;
  }

  /** An event whose type this version of the service does not know. */
  public synchronized void appendUnknown(String type, Instant occurredAt) {
    events.add(new LoggedEvent(events.size() + 1, occurredAt, type, null));
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
}
