package example.restaurant.application.port;

import example.restaurant.domain.table.ReservationId;

/** Another commit reached the stream first at the expected version; nothing was written. */
public final class ConcurrentAppendException extends RuntimeException {

  public ConcurrentAppendException(ReservationId streamId, long expectedVersion) {
    super("stream " + streamId + " is no longer at version " + expectedVersion, null, false, false);
  }
}
