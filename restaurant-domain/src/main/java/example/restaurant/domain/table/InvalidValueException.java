package example.restaurant.domain.table;

/** A value that breaks its own invariant; names the field so that an edge can report it as a validation error. */
public final class InvalidValueException extends IllegalArgumentException {

  private final String field;

  public InvalidValueException(String field, String message) {
    super(field + ": " + message);
    this.field = field;
  }

  public String field() {
    return field;
  }

  public String reason() {
    return getMessage().substring(field.length() + 2);
  }

  static void check(boolean condition, String field, String message) {
    if (!condition) {
      throw new InvalidValueException(field, message);
    }
  }

  static <T> T required(T value, String field) {
    if (value == null) {
      throw new InvalidValueException(field, "must not be null");
    }
    return value;
  }
}
