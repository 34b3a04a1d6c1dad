package example.restaurant.application.port;

import example.restaurant.domain.table.ReservationId;
import example.restaurant.domain.table.TableEvent;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The events of one command, to be appended to one stream at once.
 *
 * @param expectedVersion the version of the stream the command was decided on (0 for a new stream); it must be
 *     the version that {@link EventStore#load} returned, not a number from elsewhere
 * @param occurredAt when the events happened; the same for all events of the commit
 */
public record NewCommit(
    ReservationId streamId,
    long expectedVersion,
    Instant occurredAt,
    EventMetadata metadata,
    List<TableEvent> events) {

  public NewCommit {
    Objects.requireNonNull(streamId, "streamId");
    Objects.requireNonNull(occurredAt, "occurredAt");
    Objects.requireNonNull(metadata, "metadata");
    events = List.copyOf(events);
    if (expectedVersion < 0) {
      throw new IllegalArgumentException("expectedVersion must not be negative");
    }
    if (events.isEmpty()) {
      throw new IllegalArgumentException("a commit holds at least one event");
    }
  }

  public String commandId() {
    return metadata.commandId();
  }
}
