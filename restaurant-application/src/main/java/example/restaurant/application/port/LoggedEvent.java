package example.restaurant.application.port;

import example.restaurant.application.publicevent.PublicEvent;
import java.time.Instant;
import java.util.Optional;

/**
 * A public event at its place in the one global order (positions 1, 2, 3, … without gaps).
 *
 * @param type the stored type name, also for events this version of the service does not know
 * @param event the event, or null when its type or schema version is unknown here (consumers skip it)
 */
public record LoggedEvent(long position, Instant occurredAt, String type, PublicEvent event) {

  public Optional<PublicEvent> known() {
    return Optional.ofNullable(event);
  }
}
