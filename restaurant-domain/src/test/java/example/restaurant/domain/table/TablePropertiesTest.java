package example.restaurant.domain.table;

import static org.assertj.core.api.Assertions.assertThat;

import example.restaurant.domain.table.TableEvent.DrinksOrderCancelled;
import example.restaurant.domain.table.TableEvent.DrinksOrdered;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * Random sequences of commands, decided one after the other as the handler does: whatever the sequence, the
 * stream never breaks the drinks rule, and replaying it gives exactly the state a simple reference model predicts.
 */
class TablePropertiesTest {

  private static final Instant NOW = Instant.parse("2025-05-26T18:00:00Z");

  sealed interface Step {}

  record Order(int slot, int quantity, int priceCents) implements Step {}

  record Serve(int slot) implements Step {}

  record Cancel(int slot) implements Step {}

  record Pay(int extraCents) implements Step {}

  record Leave() implements Step {}

  @Property(tries = 500)
  void no_sequence_of_commands_breaks_the_drinks_rule_and_replay_rebuilds_the_state(
      @ForAll @IntRange(min = 1, max = 50) int guests, @ForAll("steps") @Size(max = 60) List<Step> steps) {
    ReservationId id = new ReservationId(new UUID(7, 7));
    List<TableEvent> stream = new ArrayList<>();
    Table table = Table.initial();
    stream.addAll(
        table.decide(
            new TableCommand.ReserveTable(
                id, new TableId(1), new PartyName("P"), NOW, new GuestCount(guests), NOW)));
    table = Table.replay(stream);

    for (Step step : steps) {
      List<TableEvent> recorded;
      try {
        recorded = table.decide(command(step, table));
      } catch (TableRuleViolation refused) {
        continue;
      }
      for (TableEvent event : recorded) {
        stream.add(event);
        table = table.evolve(event);
      }
      assertThat(drinksNotCancelled(stream)).isLessThanOrEqualTo(2 * guests);
    }

    Table replayed = Table.replay(stream);
    Model model = Model.of(stream);
    assertThat(replayed.drinksOrdered()).isEqualTo(model.drinks()).isEqualTo(table.drinksOrdered());
    assertThat(replayed.bill()).isEqualTo(model.bill()).isEqualTo(table.bill());
    assertThat(replayed.orders()).isEqualTo(table.orders());
    assertThat(replayed.orders()).extracting(OrderLine::status).containsExactlyElementsOf(model.statuses.values());
    assertThat(replayed.status()).isEqualTo(table.status());
    assertThat(replayed.payment()).isEqualTo(table.payment());
  }

  @Provide
  Arbitrary<List<Step>> steps() {
    Arbitrary<Integer> slot = Arbitraries.integers().between(0, 7);
    Arbitrary<Step> order =
        Combinators.combine(slot, Arbitraries.integers().between(1, 30), Arbitraries.integers().between(0, 999))
            .as(Order::new);
    Arbitrary<Step> serve = slot.map(Serve::new);
    Arbitrary<Step> cancel = slot.map(Cancel::new);
    Arbitrary<Step> pay = Arbitraries.integers().between(-100, 500).map(Pay::new);
    Arbitrary<Step> leave = Arbitraries.just(new Leave());
    return Arbitraries.frequencyOf(
            net.jqwik.api.Tuple.of(6, order),
            net.jqwik.api.Tuple.of(4, serve),
            net.jqwik.api.Tuple.of(2, cancel),
            net.jqwik.api.Tuple.of(1, pay),
            net.jqwik.api.Tuple.of(1, leave))
        .list();
  }

  private static TableCommand command(Step step, Table table) {
    return switch (step) {
      case Order o ->
          new TableCommand.OrderDrinks(
              new DrinksOrder(
                  new OrderId(new UUID(0, o.slot())), new ProductId(o.slot() + 1), "P" + o.slot(),
                  new Quantity(o.quantity()), Money.ofCents(o.priceCents()), null),
              NOW);
      case Serve s -> new TableCommand.ServeDrinks(new OrderId(new UUID(0, s.slot())), NOW);
      case Cancel c -> new TableCommand.CancelDrinksOrder(new OrderId(new UUID(0, c.slot())), null, NOW);
      case Pay p ->
          new TableCommand.PayBill(
              Money.ofCents(Math.max(0, table.bill().cents() + p.extraCents())), PaymentMethod.CASH, NOW);
      case Leave ignored -> new TableCommand.LeaveTable(NOW);
    };
  }

  /** Counted straight from the events, independently of the Table. */
  private static int drinksNotCancelled(List<TableEvent> stream) {
    return Model.of(stream).drinks();
  }

  private record Model(Map<OrderId, DrinksOrder> orders, Map<OrderId, OrderStatus> statuses) {

    static Model of(List<TableEvent> stream) {
      Model model = new Model(new LinkedHashMap<>(), new LinkedHashMap<>());
      for (TableEvent event : stream) {
        switch (event) {
          case DrinksOrdered o -> {
            model.orders.put(o.order().orderId(), o.order());
            model.statuses.put(o.order().orderId(), OrderStatus.ORDERED);
          }
          case TableEvent.DrinksServed s -> model.statuses.put(s.orderId(), OrderStatus.SERVED);
          case DrinksOrderCancelled c -> model.statuses.put(c.orderId(), OrderStatus.CANCELLED);
          case TableEvent.TableReserved r -> {}
          case TableEvent.BillPaid p -> {}
          case TableEvent.TableLeft l -> {}
        }
      }
      return model;
    }

    int drinks() {
      return orders.entrySet().stream()
          .filter(e -> statuses.get(e.getKey()) != OrderStatus.CANCELLED)
          .mapToInt(e -> e.getValue().quantity().value())
          .sum();
    }

    Money bill() {
      long cents = orders.entrySet().stream()
          .filter(e -> statuses.get(e.getKey()) != OrderStatus.CANCELLED)
          .mapToLong(e -> e.getValue().total().cents())
          .sum();
      return Money.ofCents(cents);
    }
  }
}
