package example.restaurant.domain.table;

public enum PaymentMethod {
  CASH,
  CARD
}
