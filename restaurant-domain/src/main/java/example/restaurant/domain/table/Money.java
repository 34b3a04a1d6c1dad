package example.restaurant.domain.table;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * An exact, non-negative amount in the deployment currency, held as integer minor units (cents).
 * The upper bound keeps every sum a reservation can reach far inside a {@code long}.
 */
public record Money(long cents) implements Comparable<Money> {

  public static final Money ZERO = new Money(0);
  /** 1,000,000,000.00: more than any bill of a restaurant, small enough that no sum overflows. */
  public static final long MAX_CENTS = 100_000_000_000L;

  public Money {
    if (cents < 0 || cents > MAX_CENTS) {
      throw new IllegalArgumentException("amount out of range: " + cents + " cents");
    }
  }

  public static Money ofCents(long cents) {
    return new Money(cents);
  }

  /**
   * Reads a decimal amount; more than two decimals, a negative value or an amount above the maximum is rejected
   * with the given field name rather than rounded.
   */
  public static Money of(BigDecimal amount, String field) {
    InvalidValueException.required(amount, field);
    InvalidValueException.check(amount.signum() >= 0, field, "must not be negative");
    InvalidValueException.check(
        amount.stripTrailingZeros().scale() <= 2, field, "must have at most 2 decimals");
    InvalidValueException.check(
        amount.compareTo(BigDecimal.valueOf(MAX_CENTS, 2)) <= 0,
        field,
        "must be at most " + BigDecimal.valueOf(MAX_CENTS, 2).toPlainString());
    return new Money(amount.setScale(2, RoundingMode.UNNECESSARY).unscaledValue().longValueExact());
  }

  public static Money of(String amount) {
    return of(new BigDecimal(amount), "amount");
  }

  public BigDecimal toBigDecimal() {
    return BigDecimal.valueOf(cents, 2);
  }

  public Money plus(Money other) {
    return new Money(Math.addExact(cents, other.cents));
  }

  public Money minus(Money other) {
    return new Money(Math.subtractExact(cents, other.cents));
  }

  public Money times(int factor) {
    return new Money(Math.multiplyExact(cents, factor));
  }

  public boolean isZero() {
    return cents == 0;
  }

  public boolean isLessThan(Money other) {
    return cents < other.cents;
  }

  @Override
  public int compareTo(Money other) {
    return Long.compare(cents, other.cents);
  }

  @Override
  public String toString() {
    return toBigDecimal().toPlainString();
  }
}
