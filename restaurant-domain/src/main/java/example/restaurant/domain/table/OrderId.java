package example.restaurant.domain.table;

import java.util.UUID;

public record OrderId(UUID value) {

  public OrderId {
    InvalidValueException.required(value, "orderId");
  }

  public static OrderId random() {
    return new OrderId(UUID.randomUUID());
  }

  public static OrderId parse(String text) {
    return new OrderId(Uuids.parse(text, "orderId"));
  }

  @Override
  public String toString() {
    return value.toString();
  }
}
