package example.restaurant.domain.table;

public enum OrderStatus {
  ORDERED,
  SERVED,
  CANCELLED
}
