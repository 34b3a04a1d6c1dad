package example.restaurant.domain.table;

public enum TableStatus {
  OPEN,
  PAID,
  LEFT
}
