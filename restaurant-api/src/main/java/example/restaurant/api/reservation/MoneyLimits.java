package example.restaurant.api.reservation;

/**
 * Bounds on money in requests, as annotation constants. A payment may be as large as domain {@code Money} allows;
 * a unit price is kept 100 times smaller, because a reservation holds at most 100 drinks and its bill must stay a
 * valid {@code Money} (a test keeps both in line with Money.MAX_CENTS).
 */
final class MoneyLimits {

  static final String AMOUNT_MAX = "1000000000.00";
  static final int AMOUNT_INTEGER_DIGITS = 10;
  static final String UNIT_PRICE_MAX = "10000000.00";
  static final int UNIT_PRICE_INTEGER_DIGITS = 8;
  static final String TWO_DECIMALS = "must be a number with at most 2 decimals";

  private MoneyLimits() {}
}
