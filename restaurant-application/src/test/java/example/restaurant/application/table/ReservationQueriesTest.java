package example.restaurant.application.table;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import example.restaurant.application.port.InMemoryEventStore;
import example.restaurant.domain.table.DrinksOrder;
import example.restaurant.domain.table.GuestCount;
import example.restaurant.domain.table.Money;
import example.restaurant.domain.table.OrderId;
import example.restaurant.domain.table.OrderStatus;
import example.restaurant.domain.table.PartyName;
import example.restaurant.domain.table.ProductId;
import example.restaurant.domain.table.Quantity;
import example.restaurant.domain.table.ReservationId;
import example.restaurant.domain.table.TableCommand;
import example.restaurant.domain.table.TableId;
import example.restaurant.domain.table.TableRuleViolation.ReservationNotFound;
import example.restaurant.domain.table.TableStatus;
import java.time.Instant;
import java.util.OptionalLong;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ReservationQueriesTest {

  private static final Instant T0 = Instant.parse("2025-05-26T20:00:00Z");
  private final InMemoryEventStore store = new InMemoryEventStore();
  private final TableCommandHandler handler = new TableCommandHandler(store);
  private final ReservationQueries queries = new ReservationQueries(store);
  private final ReservationId id = ReservationId.random();
  private final OrderId beer = OrderId.random();
  private final OrderId wine = OrderId.random();

  @BeforeEach
  void a_reservation_with_two_orders_one_cancelled_at_20_15() {
    run(new TableCommand.ReserveTable(id, new TableId(4), new PartyName("Jansen"), T0, new GuestCount(2), T0));
    run(new TableCommand.OrderDrinks(drinks(beer, 2, "4.20"), T0.plusSeconds(60)));
    run(new TableCommand.OrderDrinks(drinks(wine, 1, "6.90"), T0.plusSeconds(120)));
    run(new TableCommand.CancelDrinksOrder(wine, "corked", T0.plusSeconds(15 * 60)));
  }

  @Test
  void the_current_state_adds_up_the_orders_not_cancelled() {
    ReservationDetails now = queries.current(id);
    assertThat(now.version()).isEqualTo(4);
    assertThat(now.bill()).isEqualTo(Money.of("8.40"));
    assertThat(now.drinksOrdered()).isEqualTo(2);
    assertThat(now.status()).isEqualTo(TableStatus.OPEN);
    assertThat(now.orders())
        .extracting(ReservationDetails.OrderDetails::status)
        .containsExactly(OrderStatus.ORDERED, OrderStatus.CANCELLED);
    assertThat(now.orders().getFirst().orderedAt()).isEqualTo(T0.plusSeconds(60));
  }

  @Test
  void the_bill_at_20_14_is_the_one_before_the_cancellation() {
    ReservationDetails before = queries.atInstant(id, T0.plusSeconds(14 * 60));
    assertThat(before.bill()).isEqualTo(Money.of("15.30"));
    assertThat(before.version()).isEqualTo(3);
  }

  @Test
  void the_state_at_the_instant_of_an_event_includes_it() {
    assertThat(queries.atInstant(id, T0.plusSeconds(15 * 60)).version()).isEqualTo(4);
  }

  @Test
  void before_the_reservation_existed_it_is_not_found() {
    assertThatThrownBy(() -> queries.atInstant(id, T0.minusMillis(1))).isInstanceOf(ReservationNotFound.class);
  }

  @Test
  void the_state_after_an_event_version() {
    assertThat(queries.atVersion(id, 2).bill()).isEqualTo(Money.of("8.40"));
    assertThat(queries.atVersion(id, 2).orders()).hasSize(1);
    assertThatThrownBy(() -> queries.atVersion(id, 5)).isInstanceOf(ReservationNotFound.class);
  }

  @Test
  void an_unknown_reservation_is_not_found() {
    assertThatThrownBy(() -> queries.current(ReservationId.random())).isInstanceOf(ReservationNotFound.class);
    assertThatThrownBy(() -> queries.history(ReservationId.random())).isInstanceOf(ReservationNotFound.class);
  }

  @Test
  void the_history_is_the_audit_trail_oldest_first() {
    assertThat(queries.history(id)).extracting(e -> e.event().getClass().getSimpleName())
        .containsExactly("TableReserved", "DrinksOrdered", "DrinksOrdered", "DrinksOrderCancelled");
  }

  private void run(TableCommand command) {
    String commandId = UUID.randomUUID().toString();
    handler.handle(id, command, new CommandContext(commandId, commandId, commandId, false, OptionalLong.empty()));
  }

  private static DrinksOrder drinks(OrderId orderId, int quantity, String price) {
    return new DrinksOrder(orderId, new ProductId(1), "Drink", new Quantity(quantity), Money.of(price), null);
  }
}
