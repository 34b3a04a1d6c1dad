package example.restaurant.domain.table;

import java.time.Instant;

/** What a waiter asks of one reservation. Every command carries the moment it is decided at. */
public sealed interface TableCommand {

  Instant now();

  record ReserveTable(
      ReservationId reservationId,
      TableId tableId,
      PartyName name,
      Instant dateTime,
      GuestCount nrOfGuests,
      Instant now)
      implements TableCommand {
    public ReserveTable {
      InvalidValueException.required(dateTime, "dateTime");
    }
  }

  record OrderDrinks(DrinksOrder order, Instant now) implements TableCommand {}

  record ServeDrinks(OrderId orderId, Instant now) implements TableCommand {}

  record CancelDrinksOrder(OrderId orderId, String reason, Instant now) implements TableCommand {
    public static final int MAX_REASON_LENGTH = 500;

    public CancelDrinksOrder {
      InvalidValueException.check(
          reason == null || reason.length() <= MAX_REASON_LENGTH,
          "reason",
          "must be at most " + MAX_REASON_LENGTH + " characters");
    }
  }

  record PayBill(Money amount, PaymentMethod method, Instant now) implements TableCommand {
    public PayBill {
      InvalidValueException.required(amount, "amount");
      InvalidValueException.required(method, "method");
    }
  }

  record LeaveTable(Instant now) implements TableCommand {}
}
