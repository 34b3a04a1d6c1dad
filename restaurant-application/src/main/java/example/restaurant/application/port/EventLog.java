package example.restaurant.application.port;

import example.restaurant.domain.table.ReservationId;
import java.util.List;
import java.util.Optional;

/**
 * The committed events of all streams in one global order with no gaps: a reader that has seen position n has seen
 * every event before it, and the events of one stream appear in their version order.
 */
public interface EventLog {

  /** At most {@code limit} events after {@code position}, oldest first; costs O(limit) whatever the history. */
  List<LoggedEvent> readAfter(long position, int limit);

  /** The position of the newest event in the log, 0 when it is empty. */
  long head();

  /** Where an event of a stream landed in the global order; empty while it is not sequenced yet. */
  Optional<Long> positionOf(ReservationId streamId, long version);
}
