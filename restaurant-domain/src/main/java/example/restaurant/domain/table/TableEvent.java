package example.restaurant.domain.table;

import java.time.Instant;

/** Everything that can happen to one reservation. A switch over these has no default on purpose. */
public sealed interface TableEvent {

  record TableReserved(
      ReservationId reservationId, TableId tableId, PartyName name, Instant dateTime, GuestCount nrOfGuests)
      implements TableEvent {}

  record DrinksOrdered(DrinksOrder order) implements TableEvent {}

  record DrinksServed(OrderId orderId) implements TableEvent {}

  /** A correction: the order stays in the history, it just no longer counts. The reason may be null. */
  record DrinksOrderCancelled(OrderId orderId, String reason) implements TableEvent {}

  record BillPaid(Money amount, PaymentMethod method, Money tip) implements TableEvent {}

  record TableLeft() implements TableEvent {}
}
