package example.restaurant.api.feed;

import example.restaurant.application.publicevent.PublicEvent;
import java.util.LinkedHashMap;
import java.util.Map;

/** A public event's data as JSON: ids as strings, money as decimal numbers, the reservation context first. */
final class PublicEventData {

  private PublicEventData() {}

  static Map<String, Object> of(PublicEvent event) {
    Map<String, Object> data = new LinkedHashMap<>();
    PublicEvent.Reservation r = event.reservation();
    data.put("reservationId", r.reservationId().toString());
    data.put("tableId", r.tableId());
    data.put("name", r.name());
    data.put("dateTime", r.dateTime());
    data.put("nrOfGuests", r.nrOfGuests());
    switch (event) {
      case PublicEvent.TableReserved e -> {}
      case PublicEvent.DrinksOrdered e -> data.put("order", order(e.order()));
      case PublicEvent.DrinksServed e -> {
        data.put("order", order(e.order()));
        data.put("servedAt", e.servedAt());
      }
      case PublicEvent.DrinksOrderCancelled e -> {
        data.put("order", order(e.order()));
        data.put("reason", e.reason());
      }
      case PublicEvent.BillPaid e -> {
        data.put("bill", e.bill().toBigDecimal());
        data.put("amount", e.amount().toBigDecimal());
        data.put("method", e.method().name());
        data.put("tip", e.tip().toBigDecimal());
      }
      case PublicEvent.TableLeft e -> data.put("bill", e.bill().toBigDecimal());
    }
    data.put("schemaVersion", event.schemaVersion());
    return data;
  }

  private static Map<String, Object> order(PublicEvent.Order o) {
    Map<String, Object> order = new LinkedHashMap<>();
    order.put("orderId", o.orderId().toString());
    order.put("productId", o.productId().value());
    order.put("productName", o.productName());
    order.put("quantity", o.quantity());
    order.put("unitPrice", o.unitPrice().toBigDecimal());
    order.put("comment", o.comment());
    order.put("orderedAt", o.orderedAt());
    return order;
  }
}
