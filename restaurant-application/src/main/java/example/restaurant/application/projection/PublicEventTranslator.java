package example.restaurant.application.projection;

import example.restaurant.application.port.RecordedEvent;
import example.restaurant.application.publicevent.PublicEvent;
import example.restaurant.domain.table.DrinksOrder;
import example.restaurant.domain.table.OrderId;
import example.restaurant.domain.table.Table;
import example.restaurant.domain.table.TableEvent;
import example.restaurant.domain.table.TableEvent.TableReserved;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns a stream's domain events into public events, each carrying the context of the stream at that point (the
 * reservation, and for every order event the whole order with the time it was placed). Pure.
 */
public final class PublicEventTranslator {

  private PublicEventTranslator() {}

  /** One public event per domain event of the stream, in version order. */
  public static List<PublicEvent> translate(List<RecordedEvent> stream) {
    List<PublicEvent> published = new ArrayList<>(stream.size());
    Table table = Table.initial();
    Map<OrderId, Instant> orderedAt = new HashMap<>();
    for (RecordedEvent recorded : stream) {
      TableEvent event = recorded.event();
      if (event instanceof TableEvent.DrinksOrdered ordered) {
        orderedAt.putIfAbsent(ordered.order().orderId(), recorded.occurredAt());
      }
      Table before = table;
      table = table.evolve(event);
      published.add(translate(before, table, event, recorded.occurredAt(), orderedAt));
    }
    return published;
  }

  private static PublicEvent translate(
      Table before, Table after, TableEvent event, Instant occurredAt, Map<OrderId, Instant> orderedAt) {
    PublicEvent.Reservation reservation = reservation(after.reservation().orElseThrow(
        () -> new IllegalArgumentException("a stream starts with TableReserved")));
    return switch (event) {
      case TableReserved ignored -> new PublicEvent.TableReserved(reservation);
      case TableEvent.DrinksOrdered ordered ->
          new PublicEvent.DrinksOrdered(reservation, order(ordered.order(), orderedAt));
      case TableEvent.DrinksServed served ->
          new PublicEvent.DrinksServed(reservation, order(orderOf(before, served.orderId()), orderedAt), occurredAt);
      case TableEvent.DrinksOrderCancelled cancelled ->
          new PublicEvent.DrinksOrderCancelled(
              reservation, order(orderOf(before, cancelled.orderId()), orderedAt), cancelled.reason());
      case TableEvent.BillPaid paid ->
          new PublicEvent.BillPaid(reservation, before.bill(), paid.amount(), paid.method(), paid.tip());
      case TableEvent.TableLeft ignored -> new PublicEvent.TableLeft(reservation, after.bill());
    };
  }

  private static DrinksOrder orderOf(Table table, OrderId orderId) {
    return table.order(orderId)
        .orElseThrow(() -> new IllegalArgumentException("order " + orderId + " is not in the stream"))
        .order();
  }

  private static PublicEvent.Reservation reservation(TableReserved reserved) {
    return new PublicEvent.Reservation(
        reserved.reservationId(),
        reserved.tableId().value(),
        reserved.name().value(),
        reserved.dateTime(),
        reserved.nrOfGuests().value());
  }

  private static PublicEvent.Order order(DrinksOrder order, Map<OrderId, Instant> orderedAt) {
    return new PublicEvent.Order(
        order.orderId(),
        order.productId(),
        order.productName(),
        order.quantity().value(),
        order.unitPrice(),
        order.comment(),
        orderedAt.get(order.orderId()));
  }
}
