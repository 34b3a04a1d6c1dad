package example.restaurant.domain.table;

public record Quantity(int value) {

  public static final int MIN = 1;
  public static final int MAX = 100;

  public Quantity {
    InvalidValueException.check(
        value >= MIN && value <= MAX, "quantity", "must be between " + MIN + " and " + MAX);
  }
}
