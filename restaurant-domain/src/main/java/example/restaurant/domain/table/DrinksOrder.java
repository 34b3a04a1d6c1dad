package example.restaurant.domain.table;

/** What a party ordered in one go: one product, some quantity, at the price of the moment. */
public record DrinksOrder(
    OrderId orderId,
    ProductId productId,
    String productName,
    Quantity quantity,
    Money unitPrice,
    String comment) {

  public static final int MAX_PRODUCT_NAME_LENGTH = 200;
  /**
   * 10,000,000.00: a party drinks at most 100 drinks (2 per guest, 50 guests), so no bill can exceed
   * {@link Money#MAX_CENTS}.
   */
  public static final Money MAX_UNIT_PRICE = Money.ofCents(Money.MAX_CENTS / (2 * GuestCount.MAX));
  public static final int MAX_COMMENT_LENGTH = 500;

  public DrinksOrder {
    InvalidValueException.required(orderId, "orderId");
    InvalidValueException.required(productId, "productId");
    InvalidValueException.required(productName, "productName");
    InvalidValueException.check(!productName.isBlank(), "productName", "must not be blank");
    InvalidValueException.check(
        productName.length() <= MAX_PRODUCT_NAME_LENGTH,
        "productName",
        "must be at most " + MAX_PRODUCT_NAME_LENGTH + " characters");
    InvalidValueException.required(quantity, "quantity");
    InvalidValueException.required(unitPrice, "unitPrice");
    InvalidValueException.check(
        unitPrice.compareTo(MAX_UNIT_PRICE) <= 0, "unitPrice", "must be at most " + MAX_UNIT_PRICE);
    InvalidValueException.check(
        comment == null || comment.length() <= MAX_COMMENT_LENGTH,
        "comment",
        "must be at most " + MAX_COMMENT_LENGTH + " characters");
  }

  public Money total() {
    return unitPrice.times(quantity.value());
  }
}
