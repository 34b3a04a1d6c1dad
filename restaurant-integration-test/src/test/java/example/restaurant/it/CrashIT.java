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
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import tools.jackson.databind.JsonNode;

/**
 * kill -9 of the packaged service while 16 clients send commands, then a restart on the same data. Every
 * acknowledged command is there exactly once; retrying the unacknowledged ones with their Idempotency-Key writes
 * each at most once; the global log holds every event once; the read models converge to what the streams say.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CrashIT {

  static final int CLIENTS = 16;
  static final int ACKNOWLEDGED_BEFORE_THE_KILL = 300;
  static final Map<Integer, Product> PRODUCTS = Map.of(
      1, new Product(1, "Water", "2.00"),
      2, new Product(2, "Cola", "2.50"),
      3, new Product(3, "Tripel", "4.50"),
      4, new Product(4, "Rioja", "6.95"),
      5, new Product(5, "Cava", "7.25"));

  record Product(int id, String name, String price) {}

  enum Kind { RESERVE, ORDER, SERVE }

  /** One command a client sent, with what it knew afterwards: the answer, or none (status 0). */
  record Sent(Kind kind, String path, String body, String key, String name, String orderId, int status,
      String answer) {

    boolean acknowledged() {
      return status >= 200 && status < 300;
    }

    Sent answered(Response response) {
      return new Sent(kind, path, body, key, name, orderId, response.status(), response.body());
    }
  }

  ServiceProcess service;
  String shared;
  final ConcurrentLinkedQueue<Sent> sent = new ConcurrentLinkedQueue<>();
  final AtomicInteger acknowledged = new AtomicInteger();
  final AtomicBoolean stop = new AtomicBoolean();

  @BeforeAll
  void start() {
    service = ServiceProcess.start("CrashIT", TestDatabase.fresh("CrashIT").hosting());
    Response reserved = service.http().post("/api/reservations", reservationBody(16, "shared", 50));
    assertThat(reserved.status()).as(reserved.toString()).isEqualTo(201);
    shared = reserved.text("reservationId");
  }

  @AfterAll
  void stopService() {
    stop.set(true);
    if (service != null) {
      service.stop();
    }
  }

  @Test
  void every_acknowledged_command_survives_a_kill_minus_9_exactly_once_and_the_read_models_converge()
      throws Exception {
    Http before = new Http(service.port(), Duration.ofSeconds(20));
    List<Thread> clients = new ArrayList<>();
    CountDownLatch go = new CountDownLatch(1);
    for (int c = 0; c < CLIENTS; c++) {
      int client = c;
      clients.add(Thread.ofPlatform().name("client-" + c).start(() -> client(before, client, go)));
    }
    go.countDown();
    Await.until(Duration.ofSeconds(90), ACKNOWLEDGED_BEFORE_THE_KILL + " acknowledged commands (" + acknowledged
        + " so far)", () -> acknowledged.get() >= ACKNOWLEDGED_BEFORE_THE_KILL);
    service.kill();
    stop.set(true);
    for (Thread client : clients) {
      client.join(Duration.ofSeconds(30));
      assertThat(client.isAlive()).as(client.getName() + " finished").isFalse();
    }
    List<Sent> history = List.copyOf(sent);
    List<Sent> unanswered = history.stream().filter(s -> s.status() == 0).toList();
    assertThat(history).as("every command answered before the kill was acknowledged")
        .allSatisfy(s -> assertThat(s.status() == 0 || s.acknowledged()).as(s.toString()).isTrue());
    System.out.printf("CrashIT: %d commands sent, %d acknowledged, %d unanswered at the kill%n", history.size(),
        history.stream().filter(Sent::acknowledged).count(), unanswered.size());

    service.restart();
    Http http = service.http();

    // every acknowledged command is in its stream exactly once, at the version it was acknowledged with
    Map<String, String> reservations = new LinkedHashMap<>(); // name -> reservationId
    reservations.put("shared", shared);
    for (Sent s : history) {
      if (s.kind() == Kind.RESERVE && s.acknowledged()) {
        reservations.put(s.name(), Http.parse(s.answer()).get("reservationId").asString());
      }
    }
    Map<String, JsonNode> trails = new HashMap<>();
    reservations.values().forEach(id -> trails.put(id, trail(http, id)));
    for (Sent s : history) {
      if (s.acknowledged()) {
        assertRecordedOnce(s, trails.get(reservationOf(s, reservations)));
      }
    }

    // retrying every command with its key: the acknowledged ones answer the same and write nothing, the others are
    // written now or were already, but once
    for (Sent s : history) {
      Response retried = http.post(s.path(), s.body(), "Idempotency-Key", s.key());
      if (s.status() != 0) {
        assertThat(retried.status()).as(s + " retried: " + retried).isEqualTo(s.status());
        assertThat(retried.body()).as(s + " retried").isEqualTo(s.answer());
      } else if (s.kind() == Kind.SERVE) {
        assertThat(retried.status()).as(s + " retried: " + retried).isIn(200, 409);
        if (retried.status() == 409) {
          assertThat(retried.problem()).isEqualTo("order-already-served");
        }
      } else {
        assertThat(retried.status()).as(s + " retried: " + retried).isIn(200, 201);
        if (s.kind() == Kind.RESERVE) {
          reservations.put(s.name(), retried.text("reservationId"));
        }
      }
    }
    reservations.values().forEach(id -> trails.put(id, trail(http, id)));
    Map<String, List<String>> expected = new HashMap<>(); // reservationId -> its events, as type:orderId
    reservations.forEach((name, id) -> expected.put(id, new ArrayList<>(List.of("TableReserved"))));
    for (Sent s : history) {
      if (s.kind() != Kind.RESERVE) {
        expected.get(reservationOf(s, reservations)).add(eventType(s) + ":" + s.orderId());
      }
    }
    expected.forEach((id, events) -> assertThat(summary(trails.get(id)))
        .as("the stream of %s holds each command once, and nothing else", id)
        .containsExactlyInAnyOrderElementsOf(events));
    for (Sent s : history) {
      if (s.kind() == Kind.RESERVE) {
        assertThat(trails.get(reservations.get(s.name())).get(0).get("data").get("name").asString())
            .isEqualTo(s.name());
      }
    }
    int streamEvents = 0;
    for (JsonNode trail : trails.values()) {
      assertContiguousAndEveryCommandOnce(trail);
      streamEvents += trail.size();
    }

    // one last command: its consistency token stands for everything before it
    Response last = http.post("/api/reservations", reservationBody(16, "last", 2));
    assertThat(last.status()).isEqualTo(201);
    String token = last.text("consistencyToken");
    reservations.put("last", last.text("reservationId"));
    trails.put(last.text("reservationId"), trail(http, last.text("reservationId")));
    streamEvents++;

    // the global log: every event of every stream once, no reservation the clients do not know of
    Await.until(Duration.ofSeconds(60), "the read models reflect the last command",
        () -> http.get("/api/kitchen/orders", "Consistency-Token", token).status() == 200);
    List<JsonNode> log = wholeLog(http);
    assertThat(log).as("the global log holds every event of every stream once").hasSize(streamEvents);
    Set<String> reservedInLog = new HashSet<>();
    for (JsonNode event : log) {
      if (event.get("type").asString().equals("TableReserved")) {
        assertThat(reservedInLog.add(event.get("reservationId").asString())).isTrue();
      }
    }
    assertThat(reservedInLog).containsExactlyInAnyOrderElementsOf(reservations.values());

    // the read models converge to what the streams say
    ReadModels.assertMatchStreams(http, reservations.values(), token);
    Response tables = http.get("/api/tables?from=2031-07-01T00:00:00Z&to=2031-07-02T00:00:00Z",
        "Consistency-Token", token);
    int rows = 0;
    for (JsonNode table : tables.json()) {
      rows += table.get("reservations").size();
    }
    assertThat(rows).as("every reservation once in the tables view").isEqualTo(reservations.size());
  }

  // --- a client: reserve, order a few drinks (and one on the shared table), serve two, again -------------------

  private void client(Http http, int client, CountDownLatch go) {
    try {
      go.await();
      ThreadLocalRandom random = ThreadLocalRandom.current();
      for (int k = 0; !stop.get(); k++) {
        String name = "c" + client + "-r" + k;
        Sent reserve = send(http, new Sent(Kind.RESERVE, "/api/reservations", reservationBody(client, name, 10),
            "crash-" + name, name, null, 0, null));
        if (!reserve.acknowledged()) {
          return;
        }
        String path = "/api/reservations/" + Http.parse(reserve.answer()).get("reservationId").asString();
        List<String> ordered = new ArrayList<>();
        for (int j = 0; j < 4 && !stop.get(); j++) {
          boolean onShared = j == 3;
          Product product = PRODUCTS.get(1 + random.nextInt(PRODUCTS.size()));
          String orderId = UUID.randomUUID().toString();
          String body = """
              {"orderId": "%s", "productId": %d, "productName": "%s", "quantity": %d, "unitPrice": %s}"""
              .formatted(orderId, product.id(), product.name(), onShared ? 1 : 1 + random.nextInt(3), product.price());
          Sent order = send(http, new Sent(Kind.ORDER, onShared ? "/api/reservations/" + shared + "/orders"
              : path + "/orders", body, "crash-" + name + "-o" + j, onShared ? "shared" : name, orderId, 0, null));
          if (order.status() == 0) {
            return;
          }
          if (order.acknowledged() && !onShared) {
            ordered.add(orderId);
          }
        }
        for (int j = 0; j < Math.min(2, ordered.size()) && !stop.get(); j++) {
          Sent serve = send(http, new Sent(Kind.SERVE, path + "/orders/" + ordered.get(j) + "/serve", null,
              "crash-" + name + "-s" + j, name, ordered.get(j), 0, null));
          if (serve.status() == 0) {
            return;
          }
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private Sent send(Http http, Sent command) {
    Sent outcome;
    try {
      outcome = command.answered(http.post(command.path(), command.body(), "Idempotency-Key", command.key()));
    } catch (UncheckedIOException noAnswer) {
      outcome = command;
    }
    sent.add(outcome);
    if (outcome.acknowledged()) {
      acknowledged.incrementAndGet();
    }
    return outcome;
  }

  // --- checks ----------------------------------------------------------------------------------------------------

  private static void assertRecordedOnce(Sent s, JsonNode trail) {
    JsonNode answer = Http.parse(s.answer());
    int version = answer.get("version").asInt();
    JsonNode event = trail.get(version - 1);
    assertThat(event).as("%s: the event at version %d", s, version).isNotNull();
    assertThat(event.get("type").asString()).as(s.toString()).isEqualTo(eventType(s));
    switch (s.kind()) {
      case RESERVE -> {
        assertThat(version).isEqualTo(1);
        assertThat(event.get("data").get("name").asString()).isEqualTo(s.name());
      }
      case ORDER, SERVE -> {
        assertThat(orderIdOf(event)).as(s.toString()).isEqualTo(s.orderId());
        assertThat(count(trail, eventType(s), s.orderId())).as("%s recorded once", s).isEqualTo(1);
      }
    }
  }

  private static void assertContiguousAndEveryCommandOnce(JsonNode trail) {
    Set<String> commands = new HashSet<>();
    for (int i = 0; i < trail.size(); i++) {
      assertThat(trail.get(i).get("version").asLong()).isEqualTo(i + 1);
      assertThat(commands.add(trail.get(i).get("metadata").get("commandId").asString()))
          .as("command %s appended once", trail.get(i).get("metadata")).isTrue();
    }
  }

  /** A stream's events as type, or type:orderId for the events of one order. */
  private static List<String> summary(JsonNode trail) {
    List<String> events = new ArrayList<>();
    for (JsonNode event : trail) {
      String orderId = orderIdOf(event);
      events.add(event.get("type").asString() + (orderId == null ? "" : ":" + orderId));
    }
    return events;
  }

  /** The order an event is about: {@code data.order.orderId} (ordered) or {@code data.orderId} (served). */
  private static String orderIdOf(JsonNode event) {
    JsonNode data = event.get("data");
    if (data.get("order") != null) {
      return data.get("order").get("orderId").asString();
    }
    return data.get("orderId") == null ? null : data.get("orderId").asString();
  }

  private static String eventType(Sent s) {
    return switch (s.kind()) {
      case RESERVE -> "TableReserved";
      case ORDER -> "DrinksOrdered";
      case SERVE -> "DrinksServed";
    };
  }

  private static long count(JsonNode trail, String type, String orderId) {
    long n = 0;
    for (JsonNode event : trail) {
      if (event.get("type").asString().equals(type) && orderId.equals(orderIdOf(event))) {
        n++;
      }
    }
    return n;
  }

  private static String reservationOf(Sent s, Map<String, String> reservations) {
    return reservations.get(s.name());
  }

  private static JsonNode trail(Http http, String reservationId) {
    Response events = http.get("/api/reservations/" + reservationId + "/events");
    assertThat(events.status()).as(events.toString()).isEqualTo(200);
    return events.json();
  }

  private static List<JsonNode> wholeLog(Http http) {
    List<JsonNode> log = new ArrayList<>();
    long after = 0;
    while (true) {
      JsonNode page = http.get("/api/events?after=" + after + "&limit=1000").json();
      if (page.get("events").isEmpty()) {
        return log;
      }
      for (JsonNode event : page.get("events")) {
        assertThat(event.get("position").asLong()).as("positions without gaps").isEqualTo(after + 1);
        after = event.get("position").asLong();
        log.add(event);
      }
    }
  }

  private static String reservationBody(int client, String name, int guests) {
    return """
        {"tableId": %d, "name": "%s", "dateTime": "2031-07-01T%02d:%02d:00Z", "nrOfGuests": %d}"""
        .formatted(client + 1, name, 12 + client / 4, (client % 4) * 15, guests);
  }
}
