package example.restaurant.mongo.log;

import example.restaurant.application.publicevent.PublicEvent;
import example.restaurant.domain.table.Money;
import example.restaurant.domain.table.OrderId;
import example.restaurant.domain.table.PaymentMethod;
import example.restaurant.domain.table.ProductId;
import example.restaurant.domain.table.ReservationId;
import java.util.Date;
import org.bson.Document;

/**
 * Public events as readable documents of the global log: ids as strings, money as integer cents, instants as dates.
 * A type or schema version this version of the service does not know decodes to null (and is skipped by readers).
 */
public final class PublicEventCodec {

  private PublicEventCodec() {}

  public static Document encode(PublicEvent event) {
    Document data = new Document("reservation", reservation(event.reservation()));
    return switch (event) {
      case PublicEvent.TableReserved e -> data;
      case PublicEvent.DrinksOrdered e -> data.append("order", order(e.order()));
      case PublicEvent.DrinksServed e ->
          data.append("order", order(e.order())).append("servedAt", Date.from(e.servedAt()));
      case PublicEvent.DrinksOrderCancelled e -> data.append("order", order(e.order())).append("reason", e.reason());
      case PublicEvent.BillPaid e ->
          data.append("billCents", e.bill().cents())
              .append("amountCents", e.amount().cents())
              .append("method", e.method().name())
              .append("tipCents", e.tip().cents());
      case PublicEvent.TableLeft e -> data.append("billCents", e.bill().cents());
    };
  }

  /** The event, or null when this service does not know the type or schema version. */
  public static PublicEvent decode(String type, int schemaVersion, Document data) {
    if (schemaVersion != 1) {
      return null;
    }
    PublicEvent.Reservation r = reservation(data.get("reservation", Document.class));
    return switch (type) {
      case "TableReserved" -> new PublicEvent.TableReserved(r);
      case "DrinksOrdered" -> new PublicEvent.DrinksOrdered(r, order(data.get("order", Document.class)));
      case "DrinksServed" ->
          new PublicEvent.DrinksServed(
              r, order(data.get("order", Document.class)), data.getDate("servedAt").toInstant());
      case "DrinksOrderCancelled" ->
          new PublicEvent.DrinksOrderCancelled(r, order(data.get("order", Document.class)), data.getString("reason"));
      case "BillPaid" ->
          new PublicEvent.BillPaid(
              r, cents(data, "billCents"), cents(data, "amountCents"),
              PaymentMethod.valueOf(data.getString("method")), cents(data, "tipCents"));
      case "TableLeft" -> new PublicEvent.TableLeft(r, cents(data, "billCents"));
      default -> null;
    };
  }

  private static Document reservation(PublicEvent.Reservation r) {
    return new Document("reservationId", r.reservationId().toString())
        .append("tableId", r.tableId())
        .append("name", r.name())
        .append("dateTime", Date.from(r.dateTime()))
        .append("nrOfGuests", r.nrOfGuests());
  }

  private static PublicEvent.Reservation reservation(Document d) {
    return new PublicEvent.Reservation(
        ReservationId.parse(d.getString("reservationId")),
        whole(d, "tableId"),
        d.getString("name"),
        d.getDate("dateTime").toInstant(),
        whole(d, "nrOfGuests"));
  }

  private static Document order(PublicEvent.Order o) {
    return new Document("orderId", o.orderId().toString())
        .append("productId", o.productId().value())
        .append("productName", o.productName())
        .append("quantity", o.quantity())
        .append("unitPriceCents", o.unitPrice().cents())
        .append("comment", o.comment())
        .append("orderedAt", Date.from(o.orderedAt()));
  }

  private static PublicEvent.Order order(Document d) {
    return new PublicEvent.Order(
        OrderId.parse(d.getString("orderId")),
        new ProductId(whole(d, "productId")),
        d.getString("productName"),
        whole(d, "quantity"),
        cents(d, "unitPriceCents"),
        d.getString("comment"),
        d.getDate("orderedAt").toInstant());
  }

  private static Money cents(Document d, String field) {
    return Money.ofCents(((Number) d.get(field)).longValue());
  }

  private static int whole(Document d, String field) {
    Object value = d.get(field);
    if (value instanceof Integer || value instanceof Long) {
      return Math.toIntExact(((Number) value).longValue());
    }
    throw new IllegalArgumentException(field + " must be a whole number, not " + value);
  }
}
