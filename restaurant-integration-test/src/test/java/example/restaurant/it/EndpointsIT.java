package example.restaurant.it;

import static org.assertj.core.api.Assertions.assertThat;

import example.restaurant.it.support.Await;
import example.restaurant.it.support.Http;
import example.restaurant.it.support.Http.Response;
import example.restaurant.it.support.ServiceProcess;
import example.restaurant.it.support.TestDatabase;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import tools.jackson.databind.JsonNode;

/**
 * Every endpoint of API.md once, over real HTTP, against the packaged service in a JVM of its own: a compact
 * evening with exact figures, and one error per endpoint with its exact status and problem type. The detailed cases
 * live in restaurant-api's end-to-end tests.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EndpointsIT {

  ServiceProcess service;
  Http http;
  Instant eveningStart;
  String jansen;
  String peeters;
  String tripel;
  String rioja;
  String water;
  String secondTripel;
  String lastToken;

  @BeforeAll
  void an_evening_on_the_packaged_service() {
    service = ServiceProcess.start("EndpointsIT", TestDatabase.fresh("EndpointsIT").hosting());
    http = service.http();
    eveningStart = Instant.now();

    Response reserved = http.post("/api/reservations", """
        {"tableId": 5, "name": "Jansen", "dateTime": "2031-06-01T21:00:00+02:00", "nrOfGuests": 4}""");
    assertThat(reserved.status()).as(reserved.toString()).isEqualTo(201);
    jansen = reserved.text("reservationId");
    assertThat(reserved.header("Location")).hasValueSatisfying(l -> assertThat(l).endsWith("/api/reservations/"
        + jansen));
    assertThat(reserved.number("version")).isEqualTo(1);
    assertThat(reserved.text("consistencyToken")).isNotBlank();
    peeters = reserve(2, "Peeters", "2031-06-01T19:30:00Z", 2);

    Response ordered = order(jansen, null, 12, "Tripel", 3, "4.50");
    assertThat(ordered.status()).as(ordered.toString()).isEqualTo(201);
    assertThat(ordered.number("version")).isEqualTo(2);
    assertThat(ordered.text("reservationId")).isEqualTo(jansen);
    tripel = ordered.text("orderId");
    rioja = created(order(peeters, null, 20, "Rioja", 1, "6.95"));
    water = UUID.randomUUID().toString();
    Response first = order(jansen, water, 30, "Water", 2, "0");
    assertThat(first.status()).isEqualTo(201);
    Response again = order(jansen, water, 30, "Water", 2, "0");
    assertThat(again.status()).as("the same order again").isEqualTo(200);
    assertThat(again.body()).isEqualTo(first.body());

    Response cancelled = http.post(path(peeters) + "/orders/" + rioja + "/cancel", "{\"reason\": \"corked\"}");
    assertThat(cancelled.status()).as(cancelled.toString()).isEqualTo(200);
    assertThat(cancelled.text("orderId")).isEqualTo(rioja);
    assertThat(cancelled.number("version")).isEqualTo(3);
    Response served = http.post(path(jansen) + "/orders/" + tripel + "/serve", null);
    assertThat(served.status()).as(served.toString()).isEqualTo(200);
    assertThat(served.number("version")).isEqualTo(4);
    secondTripel = created(order(jansen, null, 12, "Tripel", 2, "4.50"));
  }

  @AfterAll
  void stop() {
    if (service != null) {
      service.stop();
    }
  }

  @Test
  @Order(1)
  void one_reservation_now_at_a_version_at_an_instant_and_its_audit_trail() {
    Response now = http.get(path(jansen));
    assertThat(now.status()).isEqualTo(200);
    assertThat(now.header("ETag")).contains("\"5\"");
    JsonNode state = now.json();
    assertThat(state.get("reservationId").asString()).isEqualTo(jansen);
    assertThat(state.get("tableId").asInt()).isEqualTo(5);
    assertThat(state.get("dateTime").asString()).isEqualTo("2031-06-01T19:00:00Z");
    assertThat(state.get("status").asString()).isEqualTo("OPEN");
    assertThat(state.get("drinksOrdered").asInt()).isEqualTo(7);
    assertThat(state.get("paid").asBoolean()).isFalse();
    assertThat(now.body()).contains("\"bill\":22.50", "\"unitPrice\":4.50", "\"unitPrice\":0.00");
    assertThat(state.get("orders")).extracting(o -> o.get("status").asString())
        .containsExactly("SERVED", "ORDERED", "ORDERED");

    assertThat(http.get(path(jansen), "If-None-Match", "\"5\"").status()).isEqualTo(304);
    Response second = http.get(path(jansen) + "?version=2");
    assertThat(second.json().get("orders")).hasSize(1);
    assertThat(second.body()).contains("\"bill\":13.50");
    assertThat(http.get(path(jansen) + "?at=" + Instant.now()).json().get("version").asLong()).isEqualTo(5);
    assertProblem(http.get(path(jansen) + "?at=2001-01-01T00:00:00Z"), 404, "reservation-not-found");
    assertProblem(http.get(path(jansen) + "?version=6"), 404, "reservation-not-found");
    assertProblem(http.get("/api/reservations/" + UUID.randomUUID()), 404, "reservation-not-found");
    assertProblem(http.get("/api/reservations/not-a-uuid"), 400, "validation-failed");

    Response events = http.get(path(jansen) + "/events");
    assertThat(events.status()).isEqualTo(200);
    assertThat(events.json()).extracting(e -> e.get("type").asString())
        .containsExactly("TableReserved", "DrinksOrdered", "DrinksOrdered", "DrinksServed", "DrinksOrdered");
    assertThat(events.json()).extracting(e -> e.get("version").asLong()).containsExactly(1L, 2L, 3L, 4L, 5L);
    JsonNode metadata = events.json().get(3).get("metadata");
    assertThat(metadata.get("commandId").asString()).isNotBlank();
    assertThat(metadata.get("causationId").asString()).isEqualTo(metadata.get("commandId").asString());
    assertProblem(http.get("/api/reservations/" + UUID.randomUUID() + "/events"), 404, "reservation-not-found");
  }

  @Test
  @Order(2)
  void the_kitchen_shows_what_waits_oldest_first_and_a_304_while_nothing_changed() {
    Response kitchen = http.get("/api/kitchen/orders", "Consistency-Token", lastToken);
    assertThat(kitchen.status()).as(kitchen.toString()).isEqualTo(200);
    assertThat(kitchen.json()).extracting(o -> o.get("orderId").asString())
        .containsExactlyElementsOf(waitingOrdersOldestFirst());
    JsonNode waterRow = find(kitchen.json(), "orderId", water);
    assertThat(waterRow.get("reservationId").asString()).isEqualTo(jansen);
    assertThat(waterRow.get("tableId").asInt()).isEqualTo(5);
    assertThat(waterRow.get("name").asString()).isEqualTo("Jansen");
    assertThat(waterRow.get("productId").asInt()).isEqualTo(30);
    assertThat(waterRow.get("quantity").asInt()).isEqualTo(2);
    String etag = kitchen.header("ETag").orElseThrow();

    Response unchanged = http.get("/api/kitchen/orders", "If-None-Match", etag);
    assertThat(unchanged.status()).isEqualTo(304);
    assertThat(unchanged.body()).isEmpty();
    assertProblem(http.get("/api/kitchen/orders", "Consistency-Token", "not-a-token"), 400, "validation-failed");
  }

  @Test
  @Order(3)
  void top_orders_without_the_cancelled_wine() {
    Response top = http.get("/api/reports/top-orders", "Consistency-Token", lastToken);
    assertThat(top.status()).isEqualTo(200);
    assertThat(top.body()).isEqualTo("""
        [{"productId":12,"productName":"Tripel","quantity":5,"orders":2,"revenue":22.50},\
        {"productId":30,"productName":"Water","quantity":2,"orders":1,"revenue":0.00}]""");
    assertThat(http.get("/api/reports/top-orders?limit=1").json()).hasSize(1);
    assertProblem(http.get("/api/reports/top-orders?limit=101"), 400, "validation-failed");
  }

  @Test
  @Order(4)
  void sales_per_minute_over_a_window_of_ninety_whole_minutes() {
    Instant from = eveningStart.truncatedTo(ChronoUnit.MINUTES).minus(Duration.ofMinutes(30));
    Instant to = from.plus(Duration.ofMinutes(90));
    Response sales = http.get("/api/reports/sales-per-minute?from=" + from + "&to=" + to,
        "Consistency-Token", lastToken);
    assertThat(sales.status()).as(sales.toString()).isEqualTo(200);
    JsonNode report = sales.json();
    assertThat(report.get("from").asString()).isEqualTo(from.toString());
    assertThat(report.get("to").asString()).isEqualTo(to.toString());
    int orders = 0;
    BigDecimal revenue = BigDecimal.ZERO;
    for (JsonNode minute : report.get("minutes")) {
      assertThat(Instant.parse(minute.get("minute").asString())).isBetween(from, to);
      orders += minute.get("orders").asInt();
      revenue = revenue.add(minute.get("revenue").decimalValue());
    }
    assertThat(orders).as("the cancelled wine is not counted").isEqualTo(3);
    assertThat(revenue).isEqualByComparingTo("22.50");
    assertThat(sales.body()).contains("\"averageRevenuePerMinute\":0.25");
    assertProblem(http.get("/api/reports/sales-per-minute?from=" + to + "&to=" + from), 400, "validation-failed");
  }

  @Test
  @Order(5)
  void tables_with_their_reservations_and_bills() {
    Response tables = http.get("/api/tables?from=2031-06-01T00:00:00Z&to=2031-06-02T00:00:00Z",
        "Consistency-Token", lastToken);
    assertThat(tables.status()).as(tables.toString()).isEqualTo(200);
    assertThat(tables.json()).extracting(t -> t.get("tableId").asInt()).containsExactly(2, 5);
    JsonNode row = tables.json().get(1).get("reservations").get(0);
    assertThat(row.get("reservationId").asString()).isEqualTo(jansen);
    assertThat(row.get("name").asString()).isEqualTo("Jansen");
    assertThat(row.get("dateTime").asString()).isEqualTo("2031-06-01T19:00:00Z");
    assertThat(row.get("nrOfGuests").asInt()).isEqualTo(4);
    assertThat(row.get("status").asString()).isEqualTo("OPEN");
    assertThat(tables.body()).contains("\"bill\":22.50,", "\"bill\":0.00,");
    assertThat(http.get("/api/tables?from=2031-06-01T19:15:00Z&to=2031-06-02T00:00:00Z").json()).hasSize(1);
    assertProblem(http.get("/api/tables?from=2031-06-01T00:00:00Z"), 400, "validation-failed");
  }

  @Test
  @Order(6)
  void the_feed_pages_through_the_public_events_in_order() {
    List<String> types = new ArrayList<>();
    long after = 0;
    while (true) {
      Response page = http.get("/api/events?after=" + after + "&limit=3");
      assertThat(page.status()).isEqualTo(200);
      JsonNode events = page.json().get("events");
      if (events.isEmpty()) {
        assertThat(page.json().get("lastPosition").asLong()).isEqualTo(after);
        break;
      }
      assertThat(events.size()).isLessThanOrEqualTo(3);
      for (JsonNode event : events) {
        assertThat(event.get("position").asLong()).isEqualTo(after + 1);
        after = event.get("position").asLong();
        types.add(event.get("type").asString());
      }
      assertThat(page.json().get("lastPosition").asLong()).isEqualTo(after);
    }
    assertThat(types).containsExactly("TableReserved", "TableReserved", "DrinksOrdered", "DrinksOrdered",
        "DrinksOrdered", "DrinksOrderCancelled", "DrinksServed", "DrinksOrdered");
    JsonNode cancelled = http.get("/api/events?after=5&limit=1").json().get("events").get(0);
    assertThat(cancelled.get("reservationId").asString()).isEqualTo(peeters);
    assertThat(cancelled.get("data").get("reason").asString()).isEqualTo("corked");
    assertProblem(http.get("/api/events?limit=1001"), 400, "validation-failed");
  }

  @Test
  @Order(7)
  void operations_list_rebuild_and_parked_events() {
    long head = http.get("/api/events?after=0&limit=1000").json().get("lastPosition").asLong();
    Response list = http.get("/api/admin/projections");
    assertThat(list.status()).isEqualTo(200);
    assertThat(list.json()).extracting(p -> p.get("name").asString())
        .containsExactly("kitchen-queue", "top-orders", "sales-per-minute", "reserved-tables");
    for (JsonNode projection : list.json()) {
      assertThat(projection.get("position").asLong()).as(projection.toString()).isEqualTo(head);
      assertThat(projection.get("lag").asLong()).isZero();
      assertThat(projection.get("status").asString()).isEqualTo("RUNNING");
      assertThat(projection.get("activeHere").asBoolean()).isTrue();
    }
    String before = http.get("/api/reports/top-orders?limit=100").body();

    Response rebuild = http.post("/api/admin/projections/top-orders/rebuild", null);
    assertThat(rebuild.status()).as(rebuild.toString()).isEqualTo(202);
    Await.until(Duration.ofSeconds(10), "top-orders answers the same after its rebuild",
        () -> http.get("/api/reports/top-orders?limit=100").body().equals(before)
            && http.get("/api/admin/projections").json().get(1).get("position").asLong() == head);
    assertProblem(http.post("/api/admin/projections/no-such/rebuild", null), 404, "not-found");

    Response parked = http.get("/api/admin/projections/kitchen-queue/parked");
    assertThat(parked.status()).isEqualTo(200);
    assertThat(parked.json()).isEmpty();
    assertProblem(http.post("/api/admin/projections/kitchen-queue/parked/1/replay", null), 404, "not-found");
  }

  @Test
  @Order(8)
  void the_rest_of_the_evening_with_one_error_per_command() {
    Response invalid = http.post("/api/reservations", """
        {"tableId": 5, "name": "Jansen", "dateTime": "2031-06-01T21:00:00+02:00", "nrOfGuests": 0}""");
    assertProblem(invalid, 400, "validation-failed");
    assertThat(invalid.json().get("errors")).extracting(e -> e.get("field").asString()).contains("nrOfGuests");

    assertProblem(order(peeters, null, 12, "Tripel", 5, "4.50"), 422, "too-many-drinks");
    assertProblem(order(UUID.randomUUID().toString(), null, 12, "Tripel", 1, "4.50"), 404, "reservation-not-found");
    assertProblem(order(jansen, water, 30, "Water", 1, "0"), 409, "order-id-conflict");
    assertProblem(http.post(path(jansen) + "/orders/" + UUID.randomUUID() + "/serve", null), 404, "order-not-found");
    assertProblem(http.post(path(jansen) + "/orders/" + tripel + "/serve", null), 409, "order-already-served");
    assertProblem(http.post(path(peeters) + "/orders/" + rioja + "/cancel", "{}"), 409, "order-cancelled");
    assertProblem(pay(jansen, "25"), 409, "orders-pending");
    assertProblem(http.post(path(jansen) + "/leave", null), 409, "bill-not-paid");
    assertProblem(pay(peeters, "5"), 422, "nothing-to-pay");

    assertThat(http.post(path(jansen) + "/orders/" + water + "/serve", null).number("version")).isEqualTo(6);
    assertThat(http.post(path(jansen) + "/orders/" + secondTripel + "/serve", null).number("version")).isEqualTo(7);
    assertProblem(pay(jansen, "22.49"), 422, "insufficient-payment");
    Response paid = pay(jansen, "25");
    assertThat(paid.status()).as(paid.toString()).isEqualTo(200);
    assertThat(paid.body()).contains("\"bill\":22.50", "\"amount\":25.00", "\"tip\":2.50");
    assertThat(paid.number("version")).isEqualTo(8);
    assertProblem(pay(jansen, "25"), 409, "already-paid");
    assertProblem(http.post(path(jansen) + "/leave", null, "If-Match", "\"7\""), 412, "version-mismatch");
    Response left = http.post(path(jansen) + "/leave", null, "If-Match", "\"8\"");
    assertThat(left.status()).as(left.toString()).isEqualTo(200);
    assertThat(left.number("version")).isEqualTo(9);
    assertProblem(http.post(path(jansen) + "/leave", null), 409, "reservation-closed");
    assertProblem(order(jansen, null, 12, "Tripel", 1, "4.50"), 409, "reservation-closed");

    JsonNode state = http.get(path(jansen)).json();
    assertThat(state.get("status").asString()).isEqualTo("LEFT");
    assertThat(state.get("paid").asBoolean()).isTrue();
    Response kitchen = http.get("/api/kitchen/orders", "Consistency-Token", left.text("consistencyToken"));
    assertThat(kitchen.json()).isEmpty();
    Response tables = http.get("/api/tables?from=2031-06-01T19:00:00Z&to=2031-06-01T19:00:01Z",
        "Consistency-Token", left.text("consistencyToken"));
    assertThat(tables.json().get(0).get("reservations").get(0).get("status").asString()).isEqualTo("LEFT");
  }

  @Test
  @Order(9)
  void an_idempotency_key_answers_the_first_outcome_again_and_refuses_another_body() {
    String body = """
        {"tableId": 9, "name": "Claes", "dateTime": "2031-06-02T20:00:00Z", "nrOfGuests": 3}""";
    Response first = http.post("/api/reservations", body, "Idempotency-Key", "it-host-1");
    Response again = http.post("/api/reservations", body, "Idempotency-Key", "it-host-1");
    assertThat(first.status()).isEqualTo(201);
    assertThat(again.status()).isEqualTo(201);
    assertThat(again.body()).isEqualTo(first.body());
    assertThat(again.header("Location")).isEqualTo(first.header("Location"));
    assertProblem(http.post("/api/reservations", body.replace("Claes", "Peeters"), "Idempotency-Key", "it-host-1"),
        422, "idempotency-key-reused");
    assertThat(http.get(path(first.text("reservationId")) + "/events").json()).hasSize(1);
    assertProblem(http.post("/api/reservations", body, "Idempotency-Key", "x".repeat(201)), 400,
        "validation-failed");
  }

  @Test
  @Order(10)
  void the_openapi_document_describes_every_endpoint() {
    Response docs = http.get("/v3/api-docs");
    assertThat(docs.status()).isEqualTo(200);
    assertThat(docs.json().get("paths").propertyNames()).contains(
        "/api/reservations",
        "/api/reservations/{reservationId}",
        "/api/reservations/{reservationId}/events",
        "/api/reservations/{reservationId}/orders",
        "/api/reservations/{reservationId}/orders/{orderId}/serve",
        "/api/reservations/{reservationId}/orders/{orderId}/cancel",
        "/api/reservations/{reservationId}/payment",
        "/api/reservations/{reservationId}/leave",
        "/api/tables",
        "/api/kitchen/orders",
        "/api/reports/top-orders",
        "/api/reports/sales-per-minute",
        "/api/events",
        "/api/admin/projections",
        "/api/admin/projections/{name}/rebuild");
    assertThat(http.get("/swagger-ui.html").status()).isIn(200, 302);
  }

  @Test
  @Order(11)
  void health_is_up_and_prometheus_shows_conflicts_lag_and_command_latency() {
    Response health = http.get("/actuator/health");
    assertThat(health.status()).isEqualTo(200);
    assertThat(health.text("status")).isEqualTo("UP");
    assertThat(health.json().get("components").get("mongo").get("status").asString()).isEqualTo("UP");
    assertThat(health.json().get("components").get("projections").get("status").asString()).isEqualTo("UP");

    Response metrics = http.get("/actuator/prometheus");
    assertThat(metrics.status()).isEqualTo(200);
    assertThat(metrics.body())
        .contains("restaurant_append_conflicts_total")
        .contains("restaurant_projection_lag{projection=\"kitchen-queue\"}")
        .contains("restaurant_projection_lag{projection=\"top-orders\"}")
        .contains("http_server_requests_seconds_count{")
        .contains("uri=\"/api/reservations/{reservationId}/orders\"");
    assertProblem(http.get("/api/nothing-here"), 404, "not-found");
  }

  // --- steps ---------------------------------------------------------------------------------------------------

  private String reserve(int table, String name, String dateTime, int guests) {
    Response response = http.post("/api/reservations", """
        {"tableId": %d, "name": "%s", "dateTime": "%s", "nrOfGuests": %d}""".formatted(table, name, dateTime, guests));
    assertThat(response.status()).as(response.toString()).isEqualTo(201);
    lastToken = response.text("consistencyToken");
    return response.text("reservationId");
  }

  private Response order(String reservation, String orderId, int product, String name, int quantity, String price) {
    String id = orderId == null ? "" : "\"orderId\": \"" + orderId + "\", ";
    Response response = http.post(path(reservation) + "/orders", """
        {%s"productId": %d, "productName": "%s", "quantity": %d, "unitPrice": %s}"""
        .formatted(id, product, name, quantity, price));
    if (response.acknowledged()) {
      lastToken = response.text("consistencyToken");
    }
    return response;
  }

  private String created(Response response) {
    assertThat(response.status()).as(response.toString()).isEqualTo(201);
    return response.text("orderId");
  }

  private Response pay(String reservation, String amount) {
    return http.post(path(reservation) + "/payment", "{\"amount\": " + amount + ", \"method\": \"CARD\"}");
  }

  /** The kitchen's expected order, from the streams: waiting orders by orderedAt, ties by orderId. */
  private List<String> waitingOrdersOldestFirst() {
    List<JsonNode> waiting = new ArrayList<>();
    for (String reservation : List.of(jansen, peeters)) {
      for (JsonNode order : http.get(path(reservation)).json().get("orders")) {
        if (order.get("status").asString().equals("ORDERED")) {
          waiting.add(order);
        }
      }
    }
    return waiting.stream()
        .sorted(Comparator.<JsonNode, Instant>comparing(o -> Instant.parse(o.get("orderedAt").asString()))
            .thenComparing(o -> o.get("orderId").asString()))
        .map(o -> o.get("orderId").asString())
        .toList();
  }

  private static JsonNode find(JsonNode array, String field, String value) {
    for (JsonNode node : array) {
      if (node.get(field).asString().equals(value)) {
        return node;
      }
    }
    throw new AssertionError("no " + field + " " + value + " in " + array);
  }

  private static String path(String reservation) {
    return "/api/reservations/" + reservation;
  }

  static void assertProblem(Response response, int status, String code) {
    assertThat(response.status()).as(response.toString()).isEqualTo(status);
    assertThat(response.header("Content-Type")).hasValueSatisfying(
        type -> assertThat(type).startsWith("application/problem+json"));
    assertThat(response.problem()).as(response.toString()).isEqualTo(code);
    assertThat(response.json().get("title").asString()).isNotBlank();
    assertThat(response.json().get("detail").asString()).isNotBlank();
    assertThat(response.json().get("status").asInt()).isEqualTo(status);
    assertThat(response.body()).doesNotContain("Exception", "at example.", "tools.jackson", "com.mongodb");
  }
}
