package example.restaurant.mongo.eventstore;

import example.restaurant.domain.table.DrinksOrder;
import example.restaurant.domain.table.GuestCount;
import example.restaurant.domain.table.Money;
import example.restaurant.domain.table.OrderId;
import example.restaurant.domain.table.PartyName;
import example.restaurant.domain.table.PaymentMethod;
import example.restaurant.domain.table.ProductId;
import example.restaurant.domain.table.Quantity;
import example.restaurant.domain.table.ReservationId;
import example.restaurant.domain.table.TableEvent;
import example.restaurant.domain.table.TableEvent.BillPaid;
import example.restaurant.domain.table.TableEvent.DrinksOrderCancelled;
import example.restaurant.domain.table.TableEvent.DrinksOrdered;
import example.restaurant.domain.table.TableEvent.DrinksServed;
import example.restaurant.domain.table.TableEvent.TableLeft;
import example.restaurant.domain.table.TableEvent.TableReserved;
import example.restaurant.domain.table.TableId;
import java.time.Instant;
import java.util.Date;
import org.bson.Document;

/**
 * Maps events to readable BSON fields and back: ids as strings, money as integer cents (never Decimal128 or a
 * double, which FerretDB and the embedded server do not all treat alike), instants as dates.
 */
final class EventCodec {

  private final Upcaster upcaster;

  EventCodec(Upcaster upcaster) {
    this.upcaster = upcaster;
  }

  static Document encode(TableEvent event) {
    return switch (event) {
      case TableReserved e ->
          new Document("reservationId", e.reservationId().toString())
              .append("tableId", e.tableId().value())
              .append("name", e.name().value())
              .append("dateTime", Date.from(e.dateTime()))
              .append("nrOfGuests", e.nrOfGuests().value());
      case DrinksOrdered e ->
          new Document("orderId", e.order().orderId().toString())
              .append("productId", e.order().productId().value())
              .append("productName", e.order().productName())
              .append("quantity", e.order().quantity().value())
              .append("unitPriceCents", e.order().unitPrice().cents())
              .append("comment", e.order().comment());
      case DrinksServed e -> new Document("orderId", e.orderId().toString());
      case DrinksOrderCancelled e ->
          new Document("orderId", e.orderId().toString()).append("reason", e.reason());
      case BillPaid e ->
          new Document("amountCents", e.amount().cents())
              .append("method", e.method().name())
              .append("tipCents", e.tip().cents());
      case TableLeft e -> new Document();
    };
  }

  TableEvent decode(String type, int schemaVersion, Document data) {
    int current = EventTypeRegistry.currentSchemaVersion(type);
    if (schemaVersion > current) {
      throw new UnreadableEventException(
          type + " has schema version " + schemaVersion + " but this service reads up to " + current
              + ": it was written by a newer version of the service");
    }
    Document upcast = data;
    for (int version = schemaVersion; version < current; version++) {
      upcast = upcaster.upcast(type, version, upcast);
    }
    try {
      return read(type, upcast);
    } catch (RuntimeException e) {
      throw new UnreadableEventException(type + " " + upcast.toJson() + ": " + e.getMessage(), e);
    }
  }

  private static TableEvent read(String type, Document data) {
    return switch (type) {
      case EventTypeRegistry.TABLE_RESERVED ->
          new TableReserved(
              ReservationId.parse(text(data, "reservationId")),
              new TableId(integer(data, "tableId")),
              new PartyName(text(data, "name")),
              instant(data, "dateTime"),
              new GuestCount(integer(data, "nrOfGuests")));
      case EventTypeRegistry.DRINKS_ORDERED ->
          new DrinksOrdered(
              new DrinksOrder(
                  OrderId.parse(text(data, "orderId")),
                  new ProductId(integer(data, "productId")),
                  text(data, "productName"),
                  new Quantity(integer(data, "quantity")),
                  cents(data, "unitPriceCents"),
                  data.getString("comment")));
      case EventTypeRegistry.DRINKS_SERVED -> new DrinksServed(OrderId.parse(text(data, "orderId")));
      case EventTypeRegistry.DRINKS_ORDER_CANCELLED ->
          new DrinksOrderCancelled(OrderId.parse(text(data, "orderId")), data.getString("reason"));
      case EventTypeRegistry.BILL_PAID ->
          new BillPaid(
              cents(data, "amountCents"),
              PaymentMethod.valueOf(text(data, "method")),
              cents(data, "tipCents"));
      case EventTypeRegistry.TABLE_LEFT -> new TableLeft();
      default -> throw new UnreadableEventException("no decoder for stored event type '" + type + "'");
    };
  }

  private static String text(Document data, String field) {
    return required(data, field, String.class);
  }

  private static int integer(Document data, String field) {
    return Math.toIntExact(whole(data, field));
  }

  private static Money cents(Document data, String field) {
    return Money.ofCents(whole(data, field));
  }

  // Servers and drivers may hand back an Int32 for a small Int64; a double or Decimal128 here is corrupt data.
  static long whole(Document data, String field) {
    Object value = data.get(field);
    if (value instanceof Integer || value instanceof Long) {
      return ((Number) value).longValue();
    }
    throw new IllegalArgumentException(field + " must be a whole number, not " + describe(value));
  }

  private static Instant instant(Document data, String field) {
    return required(data, field, Date.class).toInstant();
  }

  private static <T> T required(Document data, String field, Class<T> type) {
    Object value = data.get(field);
    if (!type.isInstance(value)) {
      throw new IllegalArgumentException(field + " must be a " + type.getSimpleName() + ", not " + describe(value));
    }
    return type.cast(value);
  }

  private static String describe(Object value) {
    return value == null ? "missing" : value.getClass().getSimpleName() + " " + value;
  }
}
