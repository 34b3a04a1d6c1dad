package example.restaurant.application.projection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import example.restaurant.application.port.InMemoryDeadLetters;
import example.restaurant.application.port.InMemoryEventLog;
import example.restaurant.application.port.InMemoryProjectorLeases;
import example.restaurant.application.port.InMemoryViewStores;
import example.restaurant.application.publicevent.PublicEvent;
import example.restaurant.domain.table.InvalidValueException;
import example.restaurant.domain.table.Money;
import example.restaurant.domain.table.OrderId;
import example.restaurant.domain.table.PaymentMethod;
import example.restaurant.domain.table.ProductId;
import example.restaurant.domain.table.ReservationId;
import example.restaurant.domain.table.TableStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ReadModelQueriesTest {

  private static final Instant EVENING = Instant.parse("2025-05-26T19:00:00Z");
  private final InMemoryViewStores stores = new InMemoryViewStores();
  private final InMemoryEventLog log = new InMemoryEventLog();
  private final KitchenQueueProjection kitchen = new KitchenQueueProjection();
  private final TopOrdersProjection top = new TopOrdersProjection();
  private final SalesPerMinuteProjection sales = new SalesPerMinuteProjection();
  private final ReservedTablesProjection tables = new ReservedTablesProjection();
  private final InMemoryProjectorLeases leases = new InMemoryProjectorLeases();
  private final ReadModelQueries queries = new ReadModelQueries(stores, leases::checkpointOf, kitchen, top, sales, tables);

  private final PublicEvent.Reservation jansen =
      new PublicEvent.Reservation(new ReservationId(new UUID(1, 1)), 7, "Jansen", EVENING, 4);
  private final PublicEvent.Reservation peeters =
      new PublicEvent.Reservation(new ReservationId(new UUID(1, 2)), 3, "Peeters", EVENING.plusSeconds(1800), 2);
  private final PublicEvent.Order beers = order(1, 10, "Tripel", 3, "4.50", EVENING.plusSeconds(65));
  private final PublicEvent.Order wine = order(2, 20, "Rioja", 1, "6.95", EVENING.plusSeconds(70));
  private final PublicEvent.Order water = order(3, 30, "Water", 2, "0", EVENING.plusSeconds(130));
  private final PublicEvent.Order moreBeers = order(4, 10, "Tripel", 2, "4.50", EVENING.plusSeconds(200));

  @BeforeEach
  void an_evening_with_two_parties() {
    List.<PublicEvent>of(
            new PublicEvent.TableReserved(jansen),
            new PublicEvent.TableReserved(peeters),
            new PublicEvent.DrinksOrdered(jansen, beers),
            new PublicEvent.DrinksOrdered(peeters, wine),
            new PublicEvent.DrinksOrdered(peeters, water),
            new PublicEvent.DrinksServed(jansen, beers, EVENING.plusSeconds(300)),
            new PublicEvent.DrinksOrdered(jansen, moreBeers),
            new PublicEvent.DrinksOrderCancelled(peeters, wine, "corked"),
            new PublicEvent.BillPaid(jansen, Money.of("13.50"), Money.of("15"), PaymentMethod.CARD, Money.of("1.50")))
        .forEach(e -> log.append(e, EVENING));
    try (ProjectionRuntime runtime = new ProjectionRuntime(
        List.of(kitchen, top, sales, tables), log, leases, new InMemoryDeadLetters(), stores,
        Clock.fixed(EVENING, ZoneOffset.UTC), "test", Projector.Settings.defaults(), Duration.ofMillis(5))) {
      runtime.start();
      assertThat(runtime.awaitPosition(log.head(), Duration.ofSeconds(10))).isTrue();
    }
  }

  @Test
  void the_kitchen_sees_the_orders_still_to_serve_oldest_first() {
    assertThat(queries.kitchenQueue()).extracting(t -> t.orderId(), t -> t.tableId(), t -> t.quantity())
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(water.orderId(), 3, 2),
            org.assertj.core.groups.Tuple.tuple(moreBeers.orderId(), 7, 2));
  }

  @Test
  void top_orders_count_quantity_orders_and_revenue_without_cancelled_orders() {
    assertThat(queries.topOrders(3)).containsExactly(
        new ProductSales(new ProductId(10), "Tripel", 5, 2, 2250),
        new ProductSales(new ProductId(30), "Water", 2, 1, 0));
    assertThat(queries.topOrders(1)).hasSize(1);
  }

  @Test
  void whole_read_model_answers_are_kept_until_the_checkpoint_moves() {
    List<KitchenTicket> first = queries.kitchenQueue();
    List<ProductSales> ranked = queries.topOrders(10);
    // a view written behind the projector's back, with no checkpoint: the kept answers stand
    PublicEvent.Order lemonade = order(5, 40, "Lemonade", 1, "3.00", EVENING.plusSeconds(400));
    var ordered = new PublicEvent.DrinksOrdered(peeters, lemonade);
    stores.activeGeneration(kitchen).save(List.of(new example.restaurant.application.port.ViewStore.ViewUpdate<>(
        lemonade.orderId(), kitchen.apply(lemonade.orderId(), null, ordered), 10)));
    stores.activeGeneration(top).save(List.of(new example.restaurant.application.port.ViewStore.ViewUpdate<>(
        new ProductId(40), top.apply(new ProductId(40), null, ordered), 10)));

    assertThat(queries.kitchenQueue()).isSameAs(first);
    assertThat(queries.topOrders(10)).isSameAs(ranked);

    moveCheckpoint(kitchen.name(), 10);
    assertThat(queries.kitchenQueue()).hasSize(3).contains(first.toArray(KitchenTicket[]::new));
    assertThat(queries.topOrders(10)).isSameAs(ranked);
    moveCheckpoint(top.name(), 10);
    assertThat(queries.topOrders(10)).extracting(p -> p.productId().value()).containsExactly(10, 30, 40);
  }

  @Test
  void a_new_term_at_the_same_position_is_a_new_answer_a_rebuild_s_hand_over() {
    List<KitchenTicket> first = queries.kitchenQueue();
    long position = leases.checkpointOf(kitchen.name()).orElseThrow().position();

    leases.reset(kitchen.name(), position);

    assertThat(queries.kitchenQueue()).isEqualTo(first).isNotSameAs(first);
  }

  private void moveCheckpoint(String projector, long position) {
    var lease = leases.tryAcquire(projector, "mover", EVENING.plusSeconds(3600), Duration.ofSeconds(10)).orElseThrow();
    assertThat(leases.checkpoint(lease, position, EVENING.plusSeconds(3600), Duration.ofSeconds(10))).isTrue();
  }

  @Test
  void sales_per_minute_by_the_minute_of_ordering_with_the_average_over_whole_minutes() {
    var report = queries.salesPerMinute(EVENING, EVENING.plusSeconds(600));
    assertThat(report.minutes()).containsExactly(
        new ReadModelQueries.MinuteFigures(EVENING.plusSeconds(60), 1, Money.of("13.50")),
        new ReadModelQueries.MinuteFigures(EVENING.plusSeconds(120), 1, Money.of("0")),
        new ReadModelQueries.MinuteFigures(EVENING.plusSeconds(180), 1, Money.of("9.00")));
    assertThat(report.averageRevenuePerMinute()).isEqualByComparingTo("2.25");
  }

  @Test
  void reserved_tables_by_table_with_bill_so_far_and_status() {
    var result = queries.reservedTables(EVENING.minusSeconds(3600), EVENING.plusSeconds(3600));
    assertThat(result).extracting(ReadModelQueries.TableReservations::tableId).containsExactly(3, 7);
    var peetersRow = result.getFirst().reservations().getFirst();
    assertThat(peetersRow.billCents()).isZero();
    assertThat(peetersRow.status()).isEqualTo(TableStatus.OPEN);
    var jansenRow = result.get(1).reservations().getFirst();
    assertThat(jansenRow.billCents()).isEqualTo(2250);
    assertThat(jansenRow.status()).isEqualTo(TableStatus.PAID);
    assertThat(queries.reservedTables(EVENING, EVENING.plusSeconds(1800))).extracting(t -> t.tableId())
        .containsExactly(7);
  }

  @Test
  void windows_must_be_forward_and_bounded() {
    assertThatThrownBy(() -> queries.salesPerMinute(EVENING, EVENING)).isInstanceOf(InvalidValueException.class);
    assertThatThrownBy(() -> queries.salesPerMinute(EVENING, EVENING.plus(Duration.ofDays(32))))
        .isInstanceOf(InvalidValueException.class);
  }

  private static PublicEvent.Order order(int n, int product, String name, int quantity, String price, Instant at) {
    return new PublicEvent.Order(new OrderId(new UUID(2, n)), new ProductId(product), name, quantity,
        Money.of(price), null, at);
  }
}
