package example.restaurant.api.readside;

import example.restaurant.api.error.ReadModelBehindException;
import example.restaurant.application.port.EventLog;
import example.restaurant.application.projection.ProjectionRuntime;
import example.restaurant.domain.table.InvalidValueException;
import example.restaurant.domain.table.ReservationId;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Holds a read-model query back until that read model reflects the command a consistency token names (the token of a
 * command's response: the stream and the version it reached), at most {@link #MAX_WAIT}.
 */
public final class ConsistencyGate {

  public static final String HEADER = "Consistency-Token";
  public static final Duration MAX_WAIT = Duration.ofSeconds(5);

  private final EventLog log;
  private final ProjectionRuntime runtime;

  public ConsistencyGate(EventLog log, ProjectionRuntime runtime) {
    this.log = log;
    this.runtime = runtime;
  }

  /**
   * Returns once the read model reflects the token, or at once without a token.
   *
   * @throws ReadModelBehindException when it does not within {@link #MAX_WAIT}
   */
  public void await(String token, String readModel) {
    if (token == null || token.isBlank()) {
      return;
    }
    Stamp stamp = parse(token);
    long deadline = System.nanoTime() + MAX_WAIT.toNanos();
    Optional<Long> position = log.positionOf(stamp.reservationId(), stamp.version());
    while (position.isEmpty()) {
      if (System.nanoTime() > deadline) {
        throw new ReadModelBehindException(readModel);
      }
      sleep();
      position = log.positionOf(stamp.reservationId(), stamp.version());
    }
    Duration left = Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
    if (!runtime.awaitPosition(List.of(readModel), position.get(), left)) {
      throw new ReadModelBehindException(readModel);
    }
  }

  private record Stamp(ReservationId reservationId, long version) {}

  private static Stamp parse(String token) {
    try {
      String text = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.US_ASCII);
      int colon = text.lastIndexOf(':');
      long version = Long.parseLong(text.substring(colon + 1));
      if (version < 1) {
        throw new IllegalArgumentException();
      }
      return new Stamp(ReservationId.parse(text.substring(0, colon)), version);
    } catch (RuntimeException e) {
      throw new InvalidValueException(HEADER, "is not a consistency token returned by a command");
    }
  }

  private static void sleep() {
    try {
      TimeUnit.MILLISECONDS.sleep(5);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the read model", e);
    }
  }
}
