package example.restaurant.application.port;

import example.restaurant.domain.table.DrinksOrder;
import example.restaurant.domain.table.GuestCount;
import example.restaurant.domain.table.Money;
import example.restaurant.domain.table.OrderId;
import example.restaurant.domain.table.PartyName;
import example.restaurant.domain.table.ProductId;
import example.restaurant.domain.table.Quantity;
import example.restaurant.domain.table.ReservationId;
import example.restaurant.domain.table.TableEvent.DrinksOrdered;
import example.restaurant.domain.table.TableEvent.TableReserved;
import example.restaurant.domain.table.TableId;
import java.time.Instant;
import java.util.UUID;

/** Events for store tests, built so that equal arguments give equal events. Instants are whole milliseconds. */
public final class SampleEvents {

  public static final Instant DINNER = Instant.parse("2026-03-14T20:00:00Z");

  private SampleEvents() {}

  public static TableReserved reserved(ReservationId id) {
    return new TableReserved(id, new TableId(7), new PartyName("Ada Lovelace"), DINNER, new GuestCount(4));
  }

  /** An order told apart by its number (1..100), which is also its quantity. */
  public static DrinksOrdered ordered(int number) {
    return ordered(new OrderId(new UUID(0, number)), number, "comment " + number);
  }

  public static DrinksOrdered ordered(OrderId orderId, int quantity) {
    return ordered(orderId, quantity, "with ice");
  }

  public static DrinksOrdered ordered(OrderId orderId, int quantity, String comment) {
    return new DrinksOrdered(order(orderId, quantity, Money.ofCents(345), comment));
  }

  public static DrinksOrder order(OrderId orderId, int quantity, Money unitPrice, String comment) {
    return new DrinksOrder(
        orderId, new ProductId(quantity + 10), "Product " + quantity, new Quantity(quantity), unitPrice, comment);
  }
}
