package example.restaurant.application.table;

import example.restaurant.application.port.RecordedEvent;
import example.restaurant.domain.table.DrinksOrder;
import example.restaurant.domain.table.GuestCount;
import example.restaurant.domain.table.Money;
import example.restaurant.domain.table.OrderId;
import example.restaurant.domain.table.OrderLine;
import example.restaurant.domain.table.OrderStatus;
import example.restaurant.domain.table.PartyName;
import example.restaurant.domain.table.ReservationId;
import example.restaurant.domain.table.Table;
import example.restaurant.domain.table.TableEvent;
import example.restaurant.domain.table.TableEvent.TableReserved;
import example.restaurant.domain.table.TableId;
import example.restaurant.domain.table.TableStatus;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** One reservation as a waiter sees it, after some prefix of its stream. */
public record ReservationDetails(
    ReservationId reservationId,
    TableId tableId,
    PartyName name,
    Instant dateTime,
    GuestCount nrOfGuests,
    TableStatus status,
    List<OrderDetails> orders,
    int drinksOrdered,
    Money bill,
    boolean paid,
    long version) {

  public record OrderDetails(DrinksOrder order, OrderStatus status, Instant orderedAt) {}

  /** Folds a non-empty prefix of a stream; the first event is {@link TableReserved}. */
  static ReservationDetails of(List<RecordedEvent> events) {
    Table table = Table.initial();
    Map<OrderId, Instant> orderedAt = new HashMap<>();
    for (RecordedEvent recorded : events) {
      table = table.evolve(recorded.event());
      if (recorded.event() instanceof TableEvent.DrinksOrdered ordered) {
        orderedAt.putIfAbsent(ordered.order().orderId(), recorded.occurredAt());
      }
    }
    TableReserved reserved = table.reservation().orElseThrow();
    List<OrderDetails> orders = table.orders().stream().map(line -> details(line, orderedAt)).toList();
    return new ReservationDetails(
        reserved.reservationId(),
        reserved.tableId(),
        reserved.name(),
        reserved.dateTime(),
        reserved.nrOfGuests(),
        table.status(),
        orders,
        table.drinksOrdered(),
        table.bill(),
        table.isPaid(),
        events.getLast().version());
  }

  private static OrderDetails details(OrderLine line, Map<OrderId, Instant> orderedAt) {
    return new OrderDetails(line.order(), line.status(), orderedAt.get(line.order().orderId()));
  }
}
