package example.restaurant.application.port;

import example.restaurant.domain.table.ReservationId;
import java.util.List;

/** All events of one stream in version order; an unknown stream is empty with version 0. */
public record EventStream(ReservationId streamId, List<RecordedEvent> events) {

  public EventStream {
    events = List.copyOf(events);
  }

  public static EventStream empty(ReservationId streamId) {
    return new EventStream(streamId, List.of());
  }

  public long version() {
    return events.isEmpty() ? 0 : events.getLast().version();
  }

  public boolean isEmpty() {
    return events.isEmpty();
  }
}
