package example.restaurant.application.table;

/** A command kept losing the race to other writers of the same reservation and gave up; nothing was written. */
public final class ContentionException extends RuntimeException {

  public ContentionException(int attempts) {
    super("gave up after " + attempts + " concurrent appends won the race", null, false, false);
  }
}
