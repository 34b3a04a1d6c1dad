package example.restaurant.domain.table;

public record ProductId(int value) {

  public ProductId {
    InvalidValueException.check(value >= 1, "productId", "must be at least 1");
  }
}
