package example.restaurant.domain.table;

public record GuestCount(int value) {

  public static final int MIN = 1;
  public static final int MAX = 50;

  public GuestCount {
    InvalidValueException.check(
        value >= MIN && value <= MAX, "nrOfGuests", "must be between " + MIN + " and " + MAX);
  }

  /** The most drinks a party may have ordered and not cancelled at any time. */
  public int drinksAllowed() {
    return 2 * value;
  }
}
