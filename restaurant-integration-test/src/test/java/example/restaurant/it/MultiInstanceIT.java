package example.restaurant.it;

import static org.assertj.core.api.Assertions.assertThat;

import example.restaurant.it.support.Await;
import example.restaurant.it.support.Http;
import example.restaurant.it.support.Http.Response;
import example.restaurant.it.support.ReadModels;
import example.restaurant.it.support.ServiceProcess;
import example.restaurant.it.support.TestDatabase;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntFunction;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import tools.jackson.databind.JsonNode;

/**
 * Two packaged service processes on one database, serving commands at the same time: no rule is broken, every
 * read-model effect is applied once, each read model runs on exactly one instance, and when one instance is killed
 * the other takes its read models over within the lease time and goes on.
 *
 * <p>On the embedded server, instance a hosts the database (on a fixed port) and b joins it through MONGODB_URI;
 * with MONGODB_URI set, both join that server. Either way b is the one killed, so the database stays up.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MultiInstanceIT {

  static final List<String> READ_MODELS = List.of("kitchen-queue", "top-orders", "sales-per-minute",
      "reserved-tables");
  static final Duration LEASE_TIME = Duration.ofSeconds(10);

  ServiceProcess a;
  ServiceProcess b;
  Http httpA;
  Http httpB;
  final List<String> reservations = new ArrayList<>();

  @BeforeAll
  void two_instances_on_one_database() {
    TestDatabase database = TestDatabase.fresh("MultiInstanceIT");
    int embeddedPort = database.embedded() ? ServiceProcess.freePort() : 0;
    a = ServiceProcess.launch("MultiInstanceIT-a", database.hosting(embeddedPort));
    if (database.embedded()) {
      ServiceProcess.awaitPort(embeddedPort, ServiceProcess.START_TIMEOUT); // b needs a's server from its start
    }
    b = ServiceProcess.launch("MultiInstanceIT-b", database.joining(embeddedPort));
    a.awaitUp();
    b.awaitUp();
    httpA = a.http();
    httpB = b.http();
  }

  @AfterAll
  void stop() {
    // b first: on the embedded server a hosts the database
    if (b != null) {
      b.stop();
    }
    if (a != null) {
      a.stop();
    }
  }

  @Test
  @Order(1)
  void sixty_orders_of_one_drink_for_ten_guests_split_across_both_give_exactly_twenty() throws Exception {
    String id = reserve(httpA, 10);

    List<Response> responses = concurrently(60, i -> instance(i).post("/api/reservations/" + id + "/orders", """
        {"productId": 12, "productName": "Tripel", "quantity": 1, "unitPrice": 4.50}"""));

    assertThat(byStatus(responses)).as(responses.toString())
        .containsExactlyInAnyOrderEntriesOf(Map.of(201, 20L, 422, 40L));
    responses.stream().filter(r -> r.status() == 422)
        .forEach(r -> assertThat(r.problem()).isEqualTo("too-many-drinks"));
    JsonNode trail = httpB.get("/api/reservations/" + id + "/events").json();
    assertThat(trail).hasSize(21);
    for (int v = 0; v < trail.size(); v++) {
      assertThat(trail.get(v).get("version").asInt()).isEqualTo(v + 1);
    }
    assertThat(httpA.get("/api/reservations/" + id).json().get("drinksOrdered").asInt()).isEqualTo(20);
  }

  @Test
  @Order(2)
  void twenty_serves_of_one_order_split_across_both_serve_it_once() throws Exception {
    String id = reserve(httpB, 2);
    Response ordered = httpB.post("/api/reservations/" + id + "/orders", """
        {"productId": 30, "productName": "Water", "quantity": 1, "unitPrice": 2.00}""");
    String orderId = ordered.text("orderId");

    List<Response> responses = concurrently(20, i -> instance(i).post(
        "/api/reservations/" + id + "/orders/" + orderId + "/serve", null));

    assertThat(byStatus(responses)).as(responses.toString())
        .containsExactlyInAnyOrderEntriesOf(Map.of(200, 1L, 409, 19L));
    responses.stream().filter(r -> r.status() == 409)
        .forEach(r -> assertThat(r.problem()).isEqualTo("order-already-served"));
    assertThat(httpA.get("/api/reservations/" + id + "/events").json()).hasSize(3);
  }

  @Test
  @Order(3)
  void both_see_every_read_model_effect_once_and_each_read_model_runs_on_exactly_one_instance() {
    String token = reserveForToken(httpA);
    ReadModels.assertMatchStreams(httpA, reservations, token);
    ReadModels.assertMatchStreams(httpB, reservations, token);
    assertThat(httpA.get("/api/reports/top-orders?limit=100").body())
        .isEqualTo(httpB.get("/api/reports/top-orders?limit=100").body())
        .startsWith("[{\"productId\":12,\"productName\":\"Tripel\",\"quantity\":20,\"orders\":20,\"revenue\":90.00}");

    // whichever instance came up first took the leases; a rebuild resets a read model's lease and wakes the instance
    // that ran it, which is how (at least) two read models move to b
    moveToB("kitchen-queue");
    moveToB("top-orders");
    assertEachReadModelActiveOnExactlyOneInstance();
    ReadModels.assertMatchStreams(httpA, reservations, reserveForToken(httpB));
  }

  @Test
  @Order(4)
  void when_b_is_killed_under_load_a_takes_its_read_models_over_within_the_lease_time_and_goes_on()
      throws Exception {
    Set<String> onB = activeOn(httpB);
    assertThat(onB).as("b runs some read models, so that its death matters").isNotEmpty();
    // both instances keep taking orders while b dies, each writer on reservations of its own
    AtomicBoolean stop = new AtomicBoolean();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    Map<Integer, Integer> acknowledgedPerInstance = new ConcurrentHashMap<>(Map.of(0, 0, 1, 0));
    Set<String> busy = ConcurrentHashMap.newKeySet();
    List<Thread> writers = new ArrayList<>();
    for (int w = 0; w < 4; w++) {
      int instance = w % 2;
      Http http = instance == 0 ? httpA : new Http(b.port(), Duration.ofSeconds(5));
      writers.add(Thread.ofPlatform().name("writer-" + w).start(() -> {
        String reservation = null;
        int drinks = 0;
        while (!stop.get()) {
          try {
            if (reservation == null || drinks == 100) {
              Response reserved = http.post("/api/reservations", """
                  {"tableId": 50, "name": "Busy", "dateTime": "2031-08-01T20:00:00Z", "nrOfGuests": 50}""");
              if (reserved.status() != 201) {
                throw new AssertionError(reserved.toString());
              }
              reservation = reserved.text("reservationId");
              busy.add(reservation);
              drinks = 0;
            }
            Response r = http.post("/api/reservations/" + reservation + "/orders", """
                {"productId": 7, "productName": "Cola", "quantity": 1, "unitPrice": 2.50}""");
            if (r.status() != 201) {
              throw new AssertionError(r.toString());
            }
            drinks++;
            acknowledgedPerInstance.merge(instance, 1, Integer::sum);
          } catch (UncheckedIOException | AssertionError e) {
            if (instance == 0) {
              failure.compareAndSet(null, e);
              return;
            }
            sleepQuietly(50); // b is gone
          }
        }
      }));
    }
    Await.until(Duration.ofSeconds(30), "both instances acknowledged orders " + acknowledgedPerInstance,
        () -> acknowledgedPerInstance.get(0) >= 5 && acknowledgedPerInstance.get(1) >= 5);

    long killedAt = System.nanoTime();
    b.kill();
    Await.until(LEASE_TIME.plusSeconds(5), "a runs every read model after b's death",
        () -> activeOn(httpA).containsAll(READ_MODELS));
    Duration takeover = Duration.ofNanos(System.nanoTime() - killedAt);
    int beforeTakeover = acknowledgedPerInstance.get(0);
    Await.until(Duration.ofSeconds(30), "a acknowledged more orders after the takeover",
        () -> {
          if (failure.get() != null) {
            throw new AssertionError("a stopped serving", failure.get());
          }
          return acknowledgedPerInstance.get(0) >= beforeTakeover + 5;
        });
    stop.set(true);
    for (Thread writer : writers) {
      writer.join(Duration.ofSeconds(15));
      assertThat(writer.isAlive()).isFalse();
    }
    assertThat(failure.get()).as("a kept serving while b died: %s", failure.get()).isNull();
    System.out.printf("MultiInstanceIT: b held %s; a ran every read model %d ms after the kill%n", onB,
        takeover.toMillis());
    assertThat(takeover).isLessThanOrEqualTo(LEASE_TIME.plusSeconds(5));

    reservations.addAll(busy);
    String token = reserveForToken(httpA);
    // commits b had a ticket for but never inserted hold the log up for the sequencer's grace period (2 s) each
    long catchUp = System.nanoTime();
    Await.until(Duration.ofSeconds(30), "a's read models reflect a command made after the takeover",
        () -> httpA.get("/api/kitchen/orders", "Consistency-Token", token).status() == 200);
    System.out.printf("MultiInstanceIT: a's read models caught up %d ms after the last command%n",
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - catchUp));
    ReadModels.assertMatchStreams(httpA, reservations, token);
    for (JsonNode projection : httpA.get("/api/admin/projections").json()) {
      assertThat(projection.get("lag").asLong()).as(projection.toString()).isZero();
    }
  }

  // --- steps ---------------------------------------------------------------------------------------------------

  private void moveToB(String readModel) {
    for (int attempt = 1; attempt <= 3 && !activeOn(httpB).contains(readModel); attempt++) {
      Response rebuild = httpB.post("/api/admin/projections/" + readModel + "/rebuild", null);
      assertThat(rebuild.status()).isEqualTo(202);
      try {
        Await.until(Duration.ofSeconds(5), readModel + " running on b",
            () -> activeOn(httpB).contains(readModel));
      } catch (AssertionError stillOnA) {
        // a won the race for the free lease: rebuild on b again
      }
    }
    assertThat(activeOn(httpB)).as("after rebuilding it on b").contains(readModel);
  }

  private void assertEachReadModelActiveOnExactlyOneInstance() {
    Await.until(Duration.ofSeconds(5), "each read model active on exactly one instance", () -> {
      Set<String> onA = activeOn(httpA);
      Set<String> onB = activeOn(httpB);
      return READ_MODELS.stream().allMatch(name -> onA.contains(name) ^ onB.contains(name));
    });
  }

  private static Set<String> activeOn(Http http) {
    Response list = http.get("/api/admin/projections");
    assertThat(list.status()).isEqualTo(200);
    Set<String> active = new java.util.TreeSet<>();
    for (JsonNode projection : list.json()) {
      if (projection.get("activeHere").asBoolean()) {
        active.add(projection.get("name").asString());
      }
    }
    return active;
  }

  private Http instance(int i) {
    return i % 2 == 0 ? httpA : httpB;
  }

  private String reserve(Http http, int guests) {
    Response reserved = http.post("/api/reservations", """
        {"tableId": %d, "name": "Multi", "dateTime": "2031-08-01T19:00:00Z", "nrOfGuests": %d}"""
        .formatted(reservations.size() + 1, guests));
    assertThat(reserved.status()).as(reserved.toString()).isEqualTo(201);
    reservations.add(reserved.text("reservationId"));
    return reserved.text("reservationId");
  }

  /** A command whose consistency token stands for everything before it. */
  private String reserveForToken(Http http) {
    Response reserved = http.post("/api/reservations", """
        {"tableId": 99, "name": "Token", "dateTime": "2031-08-02T19:00:00Z", "nrOfGuests": 1}""");
    assertThat(reserved.status()).as(reserved.toString()).isEqualTo(201);
    reservations.add(reserved.text("reservationId"));
    return reserved.text("consistencyToken");
  }

  private static List<Response> concurrently(int requests, IntFunction<Response> request) throws Exception {
    CountDownLatch start = new CountDownLatch(1);
    try (ExecutorService pool = Executors.newFixedThreadPool(requests)) {
      List<Future<Response>> futures = new ArrayList<>();
      for (int i = 0; i < requests; i++) {
        int n = i;
        futures.add(pool.submit(() -> {
          start.await();
          return request.apply(n);
        }));
      }
      start.countDown();
      List<Response> responses = new ArrayList<>();
      for (Future<Response> future : futures) {
        responses.add(future.get(60, TimeUnit.SECONDS));
      }
      return responses;
    }
  }

  private static Map<Integer, Long> byStatus(List<Response> responses) {
    return responses.stream().collect(Collectors.groupingBy(Response::status, HashMap::new, Collectors.counting()));
  }

  private static void sleepQuietly(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
