package example.restaurant.application.table;

/** The client decided on a version of the reservation that is no longer the current one; nothing was written. */
public final class VersionMismatchException extends RuntimeException {

  private final long expected;
  private final long actual;

  public VersionMismatchException(long expected, long actual) {
    super("the reservation is at version " + actual + ", not " + expected, null, false, false);
    this.expected = expected;
    this.actual = actual;
  }

  public long expected() {
    return expected;
  }

  public long actual() {
    return actual;
  }
}
