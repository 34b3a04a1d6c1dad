package example.restaurant.application.publicevent;

import example.restaurant.domain.table.Money;
import example.restaurant.domain.table.OrderId;
import example.restaurant.domain.table.PaymentMethod;
import example.restaurant.domain.table.ProductId;
import example.restaurant.domain.table.ReservationId;
import java.time.Instant;

/**
 * The contract towards read models and other services: each domain event with the context a consumer needs
 * without loading the stream. Changes rarely; a change of shape is a new {@link #schemaVersion()}.
 */
public sealed interface PublicEvent {

  /** The stable name: the event name of DOMAIN.md. */
  String type();

  int schemaVersion();

  Reservation reservation();

  default ReservationId reservationId() {
    return reservation().reservationId();
  }

  /** Who sits where: carried by every event, so that a consumer can start from any of them. */
  record Reservation(ReservationId reservationId, int tableId, String name, Instant dateTime, int nrOfGuests) {}

  /** One order with the moment it was placed, so that its effects can be undone exactly when it is cancelled. */
  record Order(
      OrderId orderId,
      ProductId productId,
      String productName,
      int quantity,
      Money unitPrice,
      String comment,
      Instant orderedAt) {

    public Money total() {
      return unitPrice.times(quantity);
    }
  }

  record TableReserved(Reservation reservation) implements PublicEvent {
    public String type() {
      return "TableReserved";
    }

    public int schemaVersion() {
      return 1;
    }
  }

  record DrinksOrdered(Reservation reservation, Order order) implements PublicEvent {
    public String type() {
      return "DrinksOrdered";
    }

    public int schemaVersion() {
      return 1;
    }
  }

  record DrinksServed(Reservation reservation, Order order, Instant servedAt) implements PublicEvent {
    public String type() {
      return "DrinksServed";
    }

    public int schemaVersion() {
      return 1;
    }
  }

  record DrinksOrderCancelled(Reservation reservation, Order order, String reason) implements PublicEvent {
    public String type() {
      return "DrinksOrderCancelled";
    }

    public int schemaVersion() {
      return 1;
    }
  }

  record BillPaid(Reservation reservation, Money bill, Money amount, PaymentMethod method, Money tip)
      implements PublicEvent {
    public String type() {
      return "BillPaid";
    }

    public int schemaVersion() {
      return 1;
    }
  }

  record TableLeft(Reservation reservation, Money bill) implements PublicEvent {
    public String type() {
      return "TableLeft";
    }

    public int schemaVersion() {
      return 1;
    }
  }
}
