package example.restaurant.application.port;

import example.restaurant.application.publicevent.PublicEvent;
import java.time.Instant;
import java.util.Optional;

/**
 * A public event at its place in the one global order (positions 1, 2, 3, … without gaps).
 *
 * @param type the stored type name, also for events this version of the service does not know
 * @param event the event, or null when its type or schema version is unknown here (consumers skip it) or when it
 *     cannot be read
 * @param problem why a stored event of a known type cannot be read; null when it can
 */
public record LoggedEvent(long position, Instant occurredAt, String type, PublicEvent event, String problem) {

  public static LoggedEvent of(long position, Instant occurredAt, String type, PublicEvent event) {
    return new LoggedEvent(position, occurredAt, type, event, null);
  }

  public static LoggedEvent unreadable(long position, Instant occurredAt, String type, String problem) {
    return new LoggedEvent(position, occurredAt, type, null, problem);
  }

  public Optional<PublicEvent> known() {
    return Optional.ofNullable(event);
  }

  public boolean unreadable() {
    return problem != null;
  }
}
