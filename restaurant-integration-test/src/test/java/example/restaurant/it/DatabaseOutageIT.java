package example.restaurant.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.ConnectionString;
import example.restaurant.it.support.Await;
import example.restaurant.it.support.Http;
import example.restaurant.it.support.Http.Response;
import example.restaurant.it.support.ReadModels;
import example.restaurant.it.support.ServiceProcess;
import example.restaurant.it.support.TestDatabase;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import tools.jackson.databind.JsonNode;

/**
 * The database stops for 10 s under load: commands fail fast with 503 instead of hanging, health says DOWN, and once
 * the database is back the service recovers by itself with nothing acknowledged lost.
 *
 * <p>Runs only against a separately running server that a script can stop and start: {@code MONGODB_URI} and
 * {@code FERRETDB_CTL} (system property or environment) naming e.g. {@code scripts/ferretdb.sh}, which is called as
 * {@code FERRETDB_CTL stop <port>} and {@code FERRETDB_CTL start <port>} with the port of MONGODB_URI.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DatabaseOutageIT {

  static final Duration OUTAGE = Duration.ofSeconds(10);
  static final Duration FAIL_FAST = Duration.ofSeconds(5);
  static final int CLIENTS = 4;

  /** One order a client sent: its answer (status 0 = none) and how long it took. */
  record Sent(String reservationId, String orderId, String body, String key, int status, String problem,
      long sentAtNanos, long millis) {

    boolean acknowledged() {
      return status >= 200 && status < 300;
    }
  }

  Path control;
  int databasePort;
  ServiceProcess service;
  boolean databaseStopped;
  final ConcurrentLinkedQueue<Sent> sent = new ConcurrentLinkedQueue<>();
  final AtomicBoolean stop = new AtomicBoolean();

  /** Skips (with the reason) unless a database that can be stopped is configured; else starts the service on it. */
  private void a_database_that_can_be_stopped() {
    Optional<String> uri = TestDatabase.externalUri();
    String ctl = System.getProperty("FERRETDB_CTL", System.getenv("FERRETDB_CTL"));
    Assumptions.assumeTrue(uri.isPresent() && ctl != null && !ctl.isBlank(),
        "DatabaseOutageIT needs MONGODB_URI and FERRETDB_CTL (a script that can 'stop <port>' and 'start <port>' the"
            + " database, e.g. scripts/ferretdb.sh): skipped");
    control = Path.of(ctl).toAbsolutePath();
    Assumptions.assumeTrue(Files.isExecutable(control), "FERRETDB_CTL " + control + " is not an executable: skipped");
    ConnectionString connection = new ConnectionString(uri.get());
    Assumptions.assumeTrue(connection.getHosts().size() == 1, "MONGODB_URI names more than one host: skipped");
    String host = connection.getHosts().getFirst();
    databasePort = host.contains(":") ? Integer.parseInt(host.substring(host.lastIndexOf(':') + 1)) : 27017;
    service = ServiceProcess.start("DatabaseOutageIT", TestDatabase.fresh("DatabaseOutageIT").hosting());
  }

  @AfterAll
  void restore() {
    stop.set(true);
    try {
      if (databaseStopped) {
        control("start");
      }
    } finally {
      if (service != null) {
        service.stop();
      }
    }
  }

  @Test
  void commands_fail_fast_with_503_during_the_outage_and_the_service_recovers_by_itself_losing_nothing()
      throws Exception {
    a_database_that_can_be_stopped();
    Http http = new Http(service.port(), Duration.ofSeconds(30));
    List<String> reservations = new ArrayList<>();
    for (int c = 0; c < CLIENTS; c++) {
      Response reserved = http.post("/api/reservations", """
          {"tableId": %d, "name": "Outage", "dateTime": "2031-09-01T19:00:00Z", "nrOfGuests": 50}"""
          .formatted(c + 1));
      assertThat(reserved.status()).as(reserved.toString()).isEqualTo(201);
      reservations.add(reserved.text("reservationId"));
    }
    List<Thread> clients = new ArrayList<>();
    for (int c = 0; c < CLIENTS; c++) {
      String reservation = reservations.get(c);
      clients.add(Thread.ofPlatform().name("client-" + c).start(() -> client(http, reservation)));
    }
    Await.until(Duration.ofSeconds(30), "orders acknowledged before the outage",
        () -> sent.stream().filter(Sent::acknowledged).count() >= 20);

    control("stop");
    long stoppedAt = System.nanoTime();
    Await.until(Duration.ofSeconds(8), "health reports DOWN", () -> {
      Response health = http.get("/actuator/health");
      return health.status() == 503 && health.json().get("status").asString().equals("DOWN");
    });
    sleep(Duration.ofNanos(stoppedAt + OUTAGE.toNanos() - System.nanoTime()));
    long restartedAt = System.nanoTime();
    control("start");

    Await.until(Duration.ofSeconds(60), "health UP again", () -> {
      Response health = http.get("/actuator/health");
      return health.status() == 200 && health.json().get("status").asString().equals("UP");
    });
    Await.until(Duration.ofSeconds(30), "orders acknowledged again after the outage",
        () -> sent.stream().filter(s -> s.acknowledged() && s.sentAtNanos() > restartedAt).count() >= 10);
    stop.set(true);
    for (Thread client : clients) {
      client.join(Duration.ofSeconds(40));
      assertThat(client.isAlive()).isFalse();
    }

    // during the outage: fast 503s, never a hang nor another error. A command waits up to the driver's server
    // selection timeout (3 s) for the database, so one sent less than that before the restart may rightly succeed.
    List<Sent> history = List.copyOf(sent);
    List<Sent> during = history.stream()
        .filter(s -> s.sentAtNanos() > stoppedAt + Duration.ofSeconds(1).toNanos()
            && s.sentAtNanos() + Duration.ofSeconds(4).toNanos() < restartedAt)
        .toList();
    assertThat(during).as("commands sent while the database was away").isNotEmpty();
    assertThat(during).allSatisfy(s -> {
      assertThat(s.status()).as(s.toString()).isEqualTo(503);
      assertThat(s.problem()).as(s.toString()).isEqualTo("service-unavailable");
      assertThat(s.millis()).as("answered fast: %s", s).isLessThanOrEqualTo(FAIL_FAST.toMillis() + 1_000);
    });
    assertThat(history).as("every command got an answer, none a 4xx or a 500")
        .allSatisfy(s -> assertThat(s.acknowledged() || s.status() == 503).as(s.toString()).isTrue());
    System.out.printf("DatabaseOutageIT: %d orders, %d acknowledged, %d answered 503 (slowest %d ms)%n",
        history.size(), history.stream().filter(Sent::acknowledged).count(),
        history.stream().filter(s -> s.status() == 503).count(),
        during.stream().mapToLong(Sent::millis).max().orElse(0));

    // nothing acknowledged lost; retrying what was refused writes each order at most once
    for (Sent s : history) {
      if (!s.acknowledged()) {
        Response retried = http.post("/api/reservations/" + s.reservationId() + "/orders", s.body(),
            "Idempotency-Key", s.key());
        assertThat(retried.status()).as("%s retried: %s", s, retried).isIn(200, 201);
      }
    }
    for (String reservation : reservations) {
      JsonNode trail = http.get("/api/reservations/" + reservation + "/events").json();
      List<String> ordered = new ArrayList<>();
      for (int v = 0; v < trail.size(); v++) {
        assertThat(trail.get(v).get("version").asInt()).isEqualTo(v + 1);
        if (trail.get(v).get("type").asString().equals("DrinksOrdered")) {
          ordered.add(trail.get(v).get("data").get("order").get("orderId").asString());
        }
      }
      List<String> expected = history.stream().filter(s -> s.reservationId().equals(reservation))
          .map(Sent::orderId).toList();
      assertThat(ordered).as("every order of %s once, acknowledged or retried", reservation)
          .containsExactlyInAnyOrderElementsOf(expected);
    }
    Response last = http.post("/api/reservations", """
        {"tableId": 9, "name": "Last", "dateTime": "2031-09-01T20:00:00Z", "nrOfGuests": 1}""");
    assertThat(last.status()).isEqualTo(201);
    reservations.add(last.text("reservationId"));
    String token = last.text("consistencyToken");
    Await.until(Duration.ofSeconds(30), "the read models caught up",
        () -> http.get("/api/kitchen/orders", "Consistency-Token", token).status() == 200);
    ReadModels.assertMatchStreams(http, reservations, token);
  }

  private void client(Http http, String reservation) {
    int n = 0;
    while (!stop.get() && n < 95) {
      String orderId = UUID.randomUUID().toString();
      String body = """
          {"orderId": "%s", "productId": 3, "productName": "Tripel", "quantity": 1, "unitPrice": 4.50}"""
          .formatted(orderId);
      String key = "outage-" + orderId;
      long start = System.nanoTime();
      int status = 0;
      String problem = null;
      try {
        Response r = http.post("/api/reservations/" + reservation + "/orders", body, "Idempotency-Key", key);
        status = r.status();
        problem = r.acknowledged() ? null : r.problem();
      } catch (UncheckedIOException | IllegalStateException noAnswer) {
        // recorded as status 0
      }
      long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
      sent.add(new Sent(reservation, orderId, body, key, status, problem, start, millis));
      n++;
      if (status != 201) {
        sleep(Duration.ofMillis(200));
      }
    }
  }

  private void control(String action) {
    ProcessBuilder builder = new ProcessBuilder(control.toString(), action, String.valueOf(databasePort))
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(service.logFile().resolveSibling("DatabaseOutageIT-db.log")
            .toFile()));
    try {
      Process process = builder.start();
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException(control + " " + action + " did not finish within 60 s");
      }
      assertThat(process.exitValue()).as(control + " " + action + " " + databasePort).isZero();
      databaseStopped = action.equals("stop");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static void sleep(Duration duration) {
    if (!duration.isNegative()) {
      ServiceProcess.sleep(duration);
    }
  }
}
