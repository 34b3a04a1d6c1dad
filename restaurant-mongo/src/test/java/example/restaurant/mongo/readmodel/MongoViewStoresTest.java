package example.restaurant.mongo.readmodel;

import example.restaurant.application.testing.MutableClock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.mongodb.client.MongoDatabase;
import example.restaurant.application.port.ViewStore;
import example.restaurant.application.port.ViewStore.Positioned;
import example.restaurant.application.port.ViewStore.ViewUpdate;
import example.restaurant.application.projection.DaySchedule;
import example.restaurant.application.projection.HourSales;
import example.restaurant.application.projection.KitchenQueueProjection;
import example.restaurant.application.projection.KitchenTicket;
import example.restaurant.application.projection.ProductSales;
import example.restaurant.application.projection.Projection;
import example.restaurant.application.projection.ReservationSummary;
import example.restaurant.application.projection.ReservedTablesProjection;
import example.restaurant.application.projection.SalesPerMinuteProjection;
import example.restaurant.application.projection.TopOrdersProjection;
import example.restaurant.domain.table.OrderId;
import example.restaurant.domain.table.ProductId;
import example.restaurant.domain.table.ReservationId;
import example.restaurant.domain.table.TableStatus;
import example.restaurant.mongo.testing.MongoTestServer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.bson.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class MongoViewStoresTest {

  private static final Instant NOW = Instant.parse("2026-03-14T19:30:00Z");
  private static final ReservationId SMITH = new ReservationId(UUID.fromString("0d9c1f7e-2b7a-4c43-9d0e-7d1f1c7a0001"));
  private static final ReservationId JONES = new ReservationId(UUID.fromString("0d9c1f7e-2b7a-4c43-9d0e-7d1f1c7a0002"));

  private final MutableClock clock = new MutableClock(NOW);
  private MongoDatabase database;
  private MongoViewStores stores;

  @BeforeEach
  void freshDatabase() {
    database = MongoTestServer.get().freshDatabase();
    stores = new MongoViewStores(database, clock, Duration.ofHours(1));
  }

  private <K, V> V roundTrip(Projection<K, V> projection, K key, V view) {
    ViewStore<K, V> store = stores.active(projection);
    store.save(List.of(new ViewUpdate<>(key, view, 17)));
    Positioned<V> loaded = store.load(List.of(key)).get(key);
    assertThat(loaded).isEqualTo(new Positioned<>(view, 17));
    assertThat(store.all()).contains(loaded);
    return loaded.view();
  }

  private Document stored(Projection<?, ?> projection) {
    return database.getCollection(stores.activeCollectionName(projection)).find().first();
  }

  private static KitchenTicket ticket(String orderId, String comment, Instant orderedAt, boolean pending) {
    return new KitchenTicket(
        new OrderId(UUID.fromString(orderId)), SMITH, 7, "Smith", new ProductId(3), "Pale Ale", 2, comment,
        orderedAt, pending);
  }

  @Nested
  class Codecs {

    @Test
  void a_stored_view_is_replaced_by_compare_and_set_on_a_unique_id_and_position_index() {
    var topOrders = new TopOrdersProjection();
    ViewStore<ProductId, ProductSales> store = stores.active(topOrders);
    ProductId cava = new ProductId(44);
    store.save(List.of(new ViewUpdate<>(cava, new ProductSales(cava, "Cava", 1, 1, 725), 3)));
    store.save(List.of(new ViewUpdate<>(cava, new ProductSales(cava, "Cava", 2, 2, 1450), 9)));
    store.save(List.of(new ViewUpdate<>(cava, new ProductSales(cava, "Cava", 9, 9, 9999), 5))); // older: refused

    // the exact {_id, position} filter is what even the embedded server serves from an index, not by a scan
    Document index = database.getCollection(stores.activeCollectionName(topOrders)).listIndexes()
        .into(new java.util.ArrayList<>()).stream()
        .filter(i -> MongoViewStore.ID_POSITION_INDEX.equals(i.getString("name")))
        .findFirst().orElseThrow();
    assertThat(index.get("key", Document.class)).isEqualTo(new Document("_id", 1).append("position", 1));
    assertThat(index.getBoolean("unique")).isTrue();
    assertThat(store.load(List.of(cava)).get(cava))
        .isEqualTo(new Positioned<>(new ProductSales(cava, "Cava", 2, 2, 1450), 9));
  }

  @Test
    void a_kitchen_ticket_round_trips_with_or_without_a_comment_keyed_by_its_order_id() {
      KitchenTicket withComment =
          ticket("5b0c7a52-8f0e-4bb8-a0d2-1f6d58d6a001", "no ice", NOW.minusSeconds(90), true);
      KitchenTicket noComment = ticket("5b0c7a52-8f0e-4bb8-a0d2-1f6d58d6a002", null, NOW.minusSeconds(30), false);
      var kitchen = new KitchenQueueProjection();

      roundTrip(kitchen, withComment.orderId(), withComment);
      roundTrip(kitchen, noComment.orderId(), noComment);

      Document document = database.getCollection(stores.activeCollectionName(kitchen))
          .find(new Document("_id", "5b0c7a52-8f0e-4bb8-a0d2-1f6d58d6a001")).first();
      assertThat(document).containsEntry("reservationId", SMITH.value().toString())
          .containsEntry("productName", "Pale Ale")
          .containsEntry("comment", "no ice")
          .containsEntry("orderedAt", Date.from(NOW.minusSeconds(90)))
          .containsEntry("pending", true)
          .containsEntry("position", 17L);
    }

    @Test
    void product_sales_round_trip_with_cents_a_negative_sum_and_no_name_yet() {
      var topOrders = new TopOrdersProjection();
      roundTrip(topOrders, new ProductId(4), new ProductSales(new ProductId(4), null, -2, -1, -1_099));
      roundTrip(topOrders, new ProductId(4), new ProductSales(new ProductId(4), "Espresso", 12, 7, 2_345_678_901L));

      assertThat(stored(topOrders)).containsEntry("_id", 4)
          .containsEntry("productName", "Espresso")
          .containsEntry("revenueCents", 2_345_678_901L)
          .containsEntry("quantity", 12L);
    }

    @Test
    void hour_sales_round_trip_minute_by_minute_keyed_by_the_hour() {
      Instant hour = Instant.parse("2026-03-14T19:00:00Z");
      HourSales sales = new HourSales(hour, Map.of(
          hour.plusSeconds(60 * 5), new HourSales.MinuteSales(2, 1_050),
          hour.plusSeconds(60 * 59), new HourSales.MinuteSales(1, 399),
          hour, new HourSales.MinuteSales(-1, -250)));

      roundTrip(new SalesPerMinuteProjection(), hour, sales);

      Document document = stored(new SalesPerMinuteProjection());
      assertThat(document.get("_id")).isEqualTo(Date.from(hour));
      assertThat(document.getList("minutes", Document.class)).first()
          .isEqualTo(new Document("minute", Date.from(hour)).append("orders", -1L).append("revenueCents", -250L));
    }

    @Test
    void a_day_schedule_round_trips_with_bills_in_cents_and_statuses_keyed_by_the_iso_day() {
      LocalDate day = LocalDate.parse("2026-03-14");
      DaySchedule schedule = new DaySchedule(day, Map.of(
          SMITH, new ReservationSummary(SMITH, 7, "Smith", NOW, 4, 12_345, TableStatus.PAID),
          JONES, new ReservationSummary(JONES, 2, "Jones", NOW.minusSeconds(3600), 2, 0, TableStatus.OPEN)));

      roundTrip(new ReservedTablesProjection(), day, schedule);
      roundTrip(new ReservedTablesProjection(), day, new DaySchedule(day, Map.of()));
      roundTrip(new ReservedTablesProjection(), day, schedule);

      Document document = stored(new ReservedTablesProjection());
      assertThat(document.get("_id")).isEqualTo("2026-03-14");
      assertThat(document.getList("reservations", Document.class))
          .extracting(r -> r.get("name"), r -> r.get("billCents"), r -> r.get("status"))
          .containsExactly(tuple("Jones", 0L, "OPEN"), tuple("Smith", 12_345L, "PAID"));
    }
  }

  @Nested
  class Generations {

    private final TopOrdersProjection topOrders = new TopOrdersProjection();

    private List<String> collections() {
      return database.listCollectionNames().into(new ArrayList<>());
    }

    @Test
    void a_rebuilt_generation_is_served_once_activated_and_the_old_collection_is_dropped() {
      ViewStore<ProductId, ProductSales> active = stores.active(topOrders);
      ProductSales before = new ProductSales(new ProductId(1), "Cola", 1, 1, 250);
      active.save(List.of(new ViewUpdate<>(new ProductId(1), before, 3)));
      assertThat(collections()).contains("rm_top_orders_g1");

      ViewStore<ProductId, ProductSales> next = stores.newGeneration(topOrders);
      ProductSales rebuilt = new ProductSales(new ProductId(1), "Cola", 2, 2, 500);
      next.save(List.of(new ViewUpdate<>(new ProductId(1), rebuilt, 5)));
      assertThat(active.all()).extracting(Positioned::position).containsExactly(3L);

      stores.activate(topOrders, next);

      assertThat(active.all()).containsExactly(new Positioned<>(rebuilt, 5));
      assertThat(stores.activeCollectionName(topOrders)).isEqualTo("rm_top_orders_g2");
      assertThat(collections()).contains("rm_top_orders_g2").doesNotContain("rm_top_orders_g1");
      assertThat(database.getCollection(MongoViewStores.META).find(new Document("_id", "top-orders")).first())
          .containsEntry("generation", 2);
    }

    @Test
    void another_instance_sees_the_swap_at_its_next_call() {
      MongoViewStores otherInstance = new MongoViewStores(database, clock);
      ViewStore<ProductId, ProductSales> elsewhere = otherInstance.active(topOrders);
      ViewStore<ProductId, ProductSales> next = stores.newGeneration(topOrders);
      next.save(List.of(new ViewUpdate<>(new ProductId(2), new ProductSales(new ProductId(2), "Tea", 1, 1, 180), 9)));

      stores.activate(topOrders, next);

      assertThat(elsewhere.load(List.of(new ProductId(2)))).containsOnlyKeys(new ProductId(2));
    }
  }

  @Nested
  class KitchenMarkers {

    private final KitchenQueueProjection kitchen = new KitchenQueueProjection();

    private void save(ViewStore<OrderId, KitchenTicket> store, KitchenTicket ticket, long position) {
      store.save(List.of(new ViewUpdate<>(ticket.orderId(), ticket, position)));
    }

    @Test
    void served_or_cancelled_tickets_older_than_the_retention_are_purged_at_most_once_a_minute() {
      ViewStore<OrderId, KitchenTicket> store = stores.active(kitchen);
      KitchenTicket oldPending = ticket("5b0c7a52-8f0e-4bb8-a0d2-1f6d58d6a011", null, NOW.minusSeconds(7200), true);
      KitchenTicket oldDone = ticket("5b0c7a52-8f0e-4bb8-a0d2-1f6d58d6a012", null, NOW.minusSeconds(7200), false);
      KitchenTicket recentDone = ticket("5b0c7a52-8f0e-4bb8-a0d2-1f6d58d6a013", null, NOW.minusSeconds(1800), false);
      save(store, oldPending, 1);
      save(store, oldDone, 2);
      save(store, recentDone, 3);

      clock.advance(Duration.ofSeconds(59));
      save(store, recentDone, 4);
      assertThat(store.all()).hasSize(3);

      clock.advance(Duration.ofSeconds(2));
      save(store, recentDone, 5);
      assertThat(store.all()).extracting(Positioned::view).containsExactlyInAnyOrder(oldPending, recentDone);
    }

    @Test
    void a_late_ordered_cannot_bring_back_a_ticket_while_its_marker_is_kept() {
      ViewStore<OrderId, KitchenTicket> store = stores.active(kitchen);
      KitchenTicket served = ticket("5b0c7a52-8f0e-4bb8-a0d2-1f6d58d6a021", null, NOW.minusSeconds(60), false);
      save(store, served, 8);

      save(store, ticket("5b0c7a52-8f0e-4bb8-a0d2-1f6d58d6a021", null, NOW.minusSeconds(60), true), 6);

      assertThat(store.load(List.of(served.orderId()))).containsEntry(served.orderId(), new Positioned<>(served, 8));
    }
  }

  @Test
  void saving_a_batch_of_500_views_is_one_round_trip_and_takes_milliseconds() {
    ViewStore<OrderId, KitchenTicket> store = stores.active(new KitchenQueueProjection());
    List<ViewUpdate<OrderId, KitchenTicket>> fresh = new ArrayList<>();
    List<ViewUpdate<OrderId, KitchenTicket>> done = new ArrayList<>();
    for (int i = 0; i < 500; i++) {
      KitchenTicket t = ticket(new UUID(7, i).toString(), "table " + i, NOW.minusSeconds(i), true);
      fresh.add(new ViewUpdate<>(t.orderId(), t, i + 1));
      KitchenTicket served = ticket(new UUID(7, i).toString(), "table " + i, NOW.minusSeconds(i), false);
      done.add(new ViewUpdate<>(t.orderId(), served, 1000 + i));
    }
    long insertMillis = timed(() -> store.save(fresh));
    long replaceMillis = timed(() -> store.save(done));
    long staleMillis = timed(() -> store.save(fresh));
    long loadMillis = timed(() -> store.load(fresh.stream().map(ViewUpdate::key).toList()));

    System.out.printf("[%s] 500 views: insert %d ms, replace %d ms, stale (all refused) %d ms, load %d ms%n",
        MongoTestServer.get().mode(), insertMillis, replaceMillis, staleMillis, loadMillis);
    assertThat(store.all()).hasSize(500).allSatisfy(v -> assertThat(v.view().pending()).isFalse());
  }

  private static long timed(Runnable work) {
    long start = System.nanoTime();
    work.run();
    return (System.nanoTime() - start) / 1_000_000;
  }

}
