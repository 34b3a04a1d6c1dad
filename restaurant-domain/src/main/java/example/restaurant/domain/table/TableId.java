package example.restaurant.domain.table;

public record TableId(int value) {

  public TableId {
    InvalidValueException.check(value >= 1, "tableId", "must be at least 1");
  }
}
