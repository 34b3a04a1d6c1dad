package example.restaurant.application.port;

import java.time.Instant;
import java.util.List;

/** Events a projector could not apply after its retries: parked with the error, shown, and replayable once fixed. */
public interface DeadLetters {

  record ParkedEvent(String projector, long position, String type, String error, Instant parkedAt) {}

  void park(ParkedEvent event);

  List<ParkedEvent> list(String projector);

  void remove(String projector, long position);
}
