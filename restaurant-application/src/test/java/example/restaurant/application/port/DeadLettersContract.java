package example.restaurant.application.port;

import static org.assertj.core.api.Assertions.assertThat;

import example.restaurant.application.port.DeadLetters.ParkedEvent;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link DeadLetters} must do. An adapter's test extends this class and hands out a fresh, empty store from
 * {@link #newDeadLetters()}. Instants are whole milliseconds because that is what MongoDB keeps.
 */
public abstract class DeadLettersContract {

  private static final Instant T0 = Instant.parse("2026-03-14T19:30:00.123Z");

  private DeadLetters deadLetters;

  /** A store with nothing parked, called before every test. */
  protected abstract DeadLetters newDeadLetters();

  @BeforeEach
  void freshStore() {
    deadLetters = newDeadLetters();
  }

  private static ParkedEvent parked(String projector, long position, String error) {
    return new ParkedEvent(projector, position, "DrinksOrdered", error, T0.plusSeconds(position));
  }

  @Test
  void nothing_is_parked_at_first() {
    assertThat(deadLetters.list("kitchen-queue")).isEmpty();
  }

  @Test
  void parked_events_are_listed_per_projector_with_all_their_fields() {
    deadLetters.park(parked("kitchen-queue", 3, "IllegalStateException: boom"));
    deadLetters.park(parked("kitchen-queue", 8, "ArithmeticException"));
    deadLetters.park(parked("top-orders", 3, "IllegalStateException: boom"));

    assertThat(deadLetters.list("kitchen-queue")).containsExactly(
        parked("kitchen-queue", 3, "IllegalStateException: boom"), parked("kitchen-queue", 8, "ArithmeticException"));
    assertThat(deadLetters.list("top-orders")).containsExactly(parked("top-orders", 3, "IllegalStateException: boom"));
  }

  @Test
  void parking_the_same_event_again_keeps_one_entry_with_the_latest_error() {
    deadLetters.park(parked("kitchen-queue", 3, "first"));
    deadLetters.park(parked("kitchen-queue", 3, "second"));

    assertThat(deadLetters.list("kitchen-queue")).containsExactly(parked("kitchen-queue", 3, "second"));
  }

  @Test
  void remove_takes_out_exactly_that_event() {
    deadLetters.park(parked("kitchen-queue", 3, "x"));
    deadLetters.park(parked("kitchen-queue", 4, "y"));
    deadLetters.park(parked("top-orders", 3, "x"));

    deadLetters.remove("kitchen-queue", 3);
    deadLetters.remove("kitchen-queue", 99);

    assertThat(deadLetters.list("kitchen-queue")).containsExactly(parked("kitchen-queue", 4, "y"));
    assertThat(deadLetters.list("top-orders")).hasSize(1);
  }
}
