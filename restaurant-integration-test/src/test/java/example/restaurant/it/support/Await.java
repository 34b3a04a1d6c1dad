package example.restaurant.it.support;

import java.time.Duration;
import java.util.function.Supplier;

/** Bounded polling: every wait in these tests has a limit and says what it waited for when it runs out. */
public final class Await {

  private Await() {}

  public static void until(Duration limit, String what, Supplier<Boolean> condition) {
    long deadline = System.nanoTime() + limit.toNanos();
    Throwable last = null;
    while (true) {
      try {
        if (condition.get()) {
          return;
        }
        last = null;
      } catch (RuntimeException | AssertionError e) {
        last = e;
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not within " + limit + ": " + what, last);
      }
      ServiceProcess.sleep(Duration.ofMillis(100));
    }
  }
}
