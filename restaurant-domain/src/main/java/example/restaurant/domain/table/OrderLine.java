package example.restaurant.domain.table;

public record OrderLine(DrinksOrder order, OrderStatus status) {

  public boolean counts() {
    return status != OrderStatus.CANCELLED;
  }

  OrderLine with(OrderStatus newStatus) {
    return new OrderLine(order, newStatus);
  }
}
