package example.restaurant.domain.table;

public record PartyName(String value) {

  public static final int MAX_LENGTH = 100;

  public PartyName {
    InvalidValueException.required(value, "name");
    InvalidValueException.check(!value.isBlank(), "name", "must not be blank");
    InvalidValueException.check(
        value.length() <= MAX_LENGTH, "name", "must be at most " + MAX_LENGTH + " characters");
  }
}
