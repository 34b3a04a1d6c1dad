package example.restaurant.mongo.eventstore;

/** A stored event that this code cannot turn back into a domain event: an unknown type, schema or shape. */
public final class UnreadableEventException extends RuntimeException {

  public UnreadableEventException(String message) {
    super(message);
  }

  public UnreadableEventException(String message, Throwable cause) {
    super(message, cause);
  }
}
