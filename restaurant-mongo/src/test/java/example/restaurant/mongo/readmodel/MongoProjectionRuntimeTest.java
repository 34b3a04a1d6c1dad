package example.restaurant.mongo.readmodel;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoDatabase;
import example.restaurant.application.port.InMemoryEventLog;
import example.restaurant.application.port.ViewStore;
import example.restaurant.application.port.ViewStore.Positioned;
import example.restaurant.application.projection.KitchenQueueProjection;
import example.restaurant.application.projection.Projection;
import example.restaurant.application.projection.ProjectionRuntime;
import example.restaurant.application.projection.Projector;
import example.restaurant.application.projection.ReservedTablesProjection;
import example.restaurant.application.projection.SalesPerMinuteProjection;
import example.restaurant.application.projection.TopOrdersProjection;
import example.restaurant.application.projection.Workload;
import example.restaurant.application.publicevent.PublicEvent;
import example.restaurant.mongo.testing.MongoTestServer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The projection runtime over the MongoDB adapters: the stored read models are the pure fold of the log. */
class MongoProjectionRuntimeTest {

  // the evening of the workload starts here, so no served order is old enough to have its marker purged
  private static final Instant EVENING = Instant.parse("2025-05-26T17:00:00Z");
  private static final List<Projection<?, ?>> PROJECTIONS = List.of(
      new KitchenQueueProjection(), new TopOrdersProjection(), new SalesPerMinuteProjection(),
      new ReservedTablesProjection());

  private final InMemoryEventLog log = new InMemoryEventLog();
  private final List<PublicEvent> events = new ArrayList<>();
  private MongoDatabase database;
  private MongoViewStores stores;
  private ProjectionRuntime runtime;

  @BeforeEach
  void start() {
    interleave(Workload.streams(2025, 500), new Random(7));
    database = MongoTestServer.get().freshDatabase();
    Clock clock = Clock.fixed(EVENING, ZoneOffset.UTC);
    stores = new MongoViewStores(database, clock);
    runtime = new ProjectionRuntime(
        PROJECTIONS, log, new MongoProjectorLeases(database), new MongoDeadLetters(database), stores, clock,
        "instance-1", Projector.Settings.defaults(), Duration.ofMillis(50));
  }

  @AfterEach
  void stop() {
    runtime.close();
  }

  /** Any interleaving that keeps each reservation's own order, as many writers produce it. */
  private void interleave(List<List<PublicEvent>> streams, Random random) {
    List<List<PublicEvent>> left = new ArrayList<>();
    streams.forEach(s -> left.add(new ArrayList<>(s)));
    left.removeIf(List::isEmpty);
    while (!left.isEmpty()) {
      List<PublicEvent> stream = left.get(random.nextInt(left.size()));
      PublicEvent next = stream.removeFirst();
      events.add(next);
      log.append(next, EVENING);
      if (stream.isEmpty()) {
        left.remove(stream);
      }
    }
  }

  @Test
  void runs_every_read_model_to_the_head_and_a_rebuild_gives_identical_views() {
    long started = System.nanoTime();
    runtime.start();
    assertThat(runtime.awaitPosition(log.head(), Duration.ofSeconds(60))).isTrue();
    long catchUpMillis = (System.nanoTime() - started) / 1_000_000;

    for (Projection<?, ?> projection : PROJECTIONS) {
      assertThat(stored(projection)).as(projection.name()).isEqualTo(Workload.fold(projection, events));
    }
    assertThat(runtime.statuses()).allSatisfy(s -> {
      assertThat(s.lag()).isZero();
      assertThat(s.parked()).isZero();
    });

    started = System.nanoTime();
    runtime.rebuild(KitchenQueueProjection.NAME);
    long rebuildMillis = (System.nanoTime() - started) / 1_000_000;
    runtime.rebuild(TopOrdersProjection.NAME);

    for (Projection<?, ?> projection : PROJECTIONS) {
      assertThat(stored(projection)).as(projection.name()).isEqualTo(Workload.fold(projection, events));
    }
    assertThat(database.listCollectionNames().into(new ArrayList<>()))
        .contains("rm_kitchen_queue_g2", "rm_top_orders_g2", "rm_sales_per_minute_g1", "rm_reserved_tables_g1")
        .doesNotContain("rm_kitchen_queue_g1", "rm_top_orders_g1");
    assertThat(runtime.statuses()).extracting(ProjectionRuntime.Status::position).containsOnly(log.head());
    System.out.printf("[%s] %d events, 4 read models: caught up in %d ms; kitchen queue rebuilt in %d ms%n",
        MongoTestServer.get().mode(), log.head(), catchUpMillis, rebuildMillis);
  }

  @Test
  void with_two_instances_each_read_model_runs_on_one_and_the_other_takes_over_when_it_stops() {
    Clock clock = Clock.fixed(EVENING, ZoneOffset.UTC);
    try (ProjectionRuntime second = new ProjectionRuntime(
        PROJECTIONS, log, new MongoProjectorLeases(database), new MongoDeadLetters(database),
        new MongoViewStores(database, clock), clock, "instance-2", Projector.Settings.defaults(),
        Duration.ofMillis(50))) {
      runtime.start();
      second.start();
      assertThat(runtime.awaitPosition(log.head(), Duration.ofSeconds(60))).isTrue();
      for (int i = 0; i < PROJECTIONS.size(); i++) {
        assertThat(runtime.statuses().get(i).active()).isNotEqualTo(second.statuses().get(i).active());
      }

      runtime.close(); // releases its leases, so the other instance need not wait for them to expire
      List<PublicEvent> more = Workload.streams(2026, 50).stream().flatMap(List::stream).toList();
      more.forEach(e -> {
        events.add(e);
        log.append(e, EVENING);
      });
      second.wake();

      assertThat(second.awaitPosition(log.head(), Duration.ofSeconds(60))).isTrue();
      assertThat(second.statuses()).allSatisfy(s -> assertThat(s.active()).isTrue());
      for (Projection<?, ?> projection : PROJECTIONS) {
        assertThat(stored(projection)).as(projection.name()).isEqualTo(Workload.fold(projection, events));
      }
    }
  }

  private <K, V> Map<K, V> stored(Projection<K, V> projection) {
    ViewStore<K, V> store = stores.active(projection);
    Map<K, V> expected = Workload.fold(projection, events);
    Map<K, V> views = new HashMap<>();
    store.load(expected.keySet()).forEach((key, view) -> views.put(key, view.view()));
    assertThat(store.all()).as("all views of " + projection.name()).hasSize(views.size())
        .extracting(Positioned::view).containsExactlyInAnyOrderElementsOf(views.values());
    return views;
  }
}
