package example.restaurant.domain.table;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import example.restaurant.domain.table.TableEvent.TableReserved;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** given(events).when(command).then(events) — the way every rule of the Table is written down in tests. */
final class TableScenario {

  static final Instant NOW = Instant.parse("2025-05-26T17:36:18.408Z");
  static final ReservationId RESERVATION = new ReservationId(UUID.fromString("00000000-0000-0000-0000-000000000001"));

  private final List<TableEvent> history;

  private TableScenario(List<TableEvent> history) {
    this.history = history;
  }

  static TableScenario given(TableEvent... history) {
    return new TableScenario(List.of(history));
  }

  When when(TableCommand command) {
    return new When(Table.replay(history), command);
  }

  record When(Table table, TableCommand command) {

    void then(TableEvent... expected) {
      assertThat(table.decide(command)).containsExactly(expected);
    }

    void thenNothingHappens() {
      assertThat(table.decide(command)).isEmpty();
    }

    void thenRejectedWith(Class<? extends TableRuleViolation> rule) {
      assertThatThrownBy(() -> table.decide(command)).isExactlyInstanceOf(rule);
    }
  }

  // --- the vocabulary of the tests ---

  static TableReserved reserved(int guests) {
    return new TableReserved(
        RESERVATION, new TableId(7), new PartyName("Jansen"), Instant.parse("2025-05-26T19:00:00Z"),
        new GuestCount(guests));
  }

  static OrderId orderId(int n) {
    return new OrderId(new UUID(0, n));
  }

  static DrinksOrder drinks(int n, int quantity, String unitPrice) {
    return new DrinksOrder(
        orderId(n), new ProductId(n), "Product " + n, new Quantity(quantity), Money.of(new BigDecimal(unitPrice),
            "unitPrice"), null);
  }

  static TableEvent.DrinksOrdered ordered(int n, int quantity, String unitPrice) {
    return new TableEvent.DrinksOrdered(drinks(n, quantity, unitPrice));
  }

  static TableEvent.DrinksServed served(int n) {
    return new TableEvent.DrinksServed(orderId(n));
  }

  static TableEvent.DrinksOrderCancelled cancelled(int n) {
    return new TableEvent.DrinksOrderCancelled(orderId(n), "spilled");
  }

  static TableEvent.BillPaid paid(String amount, String tip) {
    return new TableEvent.BillPaid(Money.of(amount), PaymentMethod.CARD, Money.of(tip));
  }

  static TableEvent.TableLeft left() {
    return new TableEvent.TableLeft();
  }

  static TableCommand.ReserveTable reserve(int guests) {
    return new TableCommand.ReserveTable(
        RESERVATION, new TableId(7), new PartyName("Jansen"), Instant.parse("2025-05-26T19:00:00Z"),
        new GuestCount(guests), NOW);
  }

  static TableCommand.OrderDrinks order(int n, int quantity, String unitPrice) {
    return new TableCommand.OrderDrinks(drinks(n, quantity, unitPrice), NOW);
  }

  static TableCommand.ServeDrinks serve(int n) {
    return new TableCommand.ServeDrinks(orderId(n), NOW);
  }

  static TableCommand.CancelDrinksOrder cancel(int n) {
    return new TableCommand.CancelDrinksOrder(orderId(n), "spilled", NOW);
  }

  static TableCommand.PayBill pay(String amount) {
    return new TableCommand.PayBill(Money.of(amount), PaymentMethod.CARD, NOW);
  }

  static TableCommand.LeaveTable leave() {
    return new TableCommand.LeaveTable(NOW);
  }
}
