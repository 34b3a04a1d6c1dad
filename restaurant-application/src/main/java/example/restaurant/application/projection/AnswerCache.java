package example.restaurant.application.projection;

import example.restaurant.application.port.ProjectorLeases.Checkpoint;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * The last answer of one query over a whole read model, kept until the read model's checkpoint moves. Pollers (the
 * kitchen screen, dashboards) ask the same question many times a second and the answer changes only with a batch, so
 * all but one of them get it for the price of reading the checkpoint.
 *
 * <p>Why this is never stale: the checkpoint is read <em>before</em> the views, and a projector saves its views
 * before it moves the checkpoint, so an answer kept under a checkpoint reflects at least that position. Views change
 * only under a later checkpoint or a new term (a takeover after a crash, a rebuild's hand-over): both give a key
 * that differs from the one kept. When several readers find the answer out of date at once, one computes it and the
 * others wait for it, so a burst of polls after a change reads the views once.
 */
final class AnswerCache<T> {

  private record Kept<T>(Checkpoint at, T answer) {}

  private final ReentrantLock computing = new ReentrantLock();
  private volatile Kept<T> kept;

  /** The answer as of {@code checkpoint}: the kept one if it was computed under that checkpoint. */
  T get(Optional<Checkpoint> checkpoint, Supplier<T> compute) {
    if (checkpoint.isEmpty()) {
      return compute.get(); // no checkpoint yet: nothing says when the views change
    }
    Kept<T> current = kept;
    if (current != null && current.at().equals(checkpoint.get())) {
      return current.answer();
    }
    computing.lock();
    try {
      current = kept;
      if (current != null && current.at().equals(checkpoint.get())) {
        return current.answer();
      }
      T answer = compute.get();
      kept = new Kept<>(checkpoint.get(), answer);
      return answer;
    } finally {
      computing.unlock();
    }
  }
}
