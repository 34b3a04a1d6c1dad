package example.restaurant.api.error;

/** The operations API was asked about a read model or parked event that does not exist. */
public final class UnknownProjectionException extends RuntimeException {

  public UnknownProjectionException(String message) {
    super(message, null, false, false);
  }
}
