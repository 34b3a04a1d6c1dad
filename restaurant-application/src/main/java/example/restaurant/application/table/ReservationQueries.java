package example.restaurant.application.table;

import example.restaurant.application.port.EventStore;
import example.restaurant.application.port.EventStream;
import example.restaurant.application.port.RecordedEvent;
import example.restaurant.domain.table.ReservationId;
import example.restaurant.domain.table.TableRuleViolation.ReservationNotFound;
import java.time.Instant;
import java.util.List;

/** Questions about one reservation, answered straight from its stream: now, at an instant, after a version. */
public final class ReservationQueries {

  private final EventStore eventStore;

  public ReservationQueries(EventStore eventStore) {
    this.eventStore = eventStore;
  }

  public ReservationDetails current(ReservationId id) {
    return ReservationDetails.of(history(id));
  }

  /** As it was after event {@code version}; not found when the stream is shorter. */
  public ReservationDetails atVersion(ReservationId id, long version) {
    if (version < 1) {
      throw new IllegalArgumentException("version must be at least 1");
    }
    List<RecordedEvent> events = history(id);
    if (version > events.size()) {
      throw new ReservationNotFound();
    }
    return ReservationDetails.of(events.subList(0, (int) version));
  }

  /** As it was at that instant, its events up to and including it; not found when it was reserved later. */
  public ReservationDetails atInstant(ReservationId id, Instant at) {
    List<RecordedEvent> events = history(id);
    int count = 0;
    while (count < events.size() && !events.get(count).occurredAt().isAfter(at)) {
      count++;
    }
    if (count == 0) {
      throw new ReservationNotFound();
    }
    return ReservationDetails.of(events.subList(0, count));
  }

  /** The audit trail: every event, oldest first. */
  public List<RecordedEvent> history(ReservationId id) {
    EventStream stream = eventStore.load(id);
    if (stream.isEmpty()) {
      throw new ReservationNotFound();
    }
    return stream.events();
  }
}
