package example.restaurant.api;

import example.restaurant.application.testing.MutableClock;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import example.restaurant.api.Http.Response;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.bson.Document;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import tools.jackson.databind.JsonNode;

/**
 * The read models over real HTTP after a mixed evening (cancellations, money with cents), on a fresh in-memory
 * embedded server: exact figures, the kitchen's 304, consistency tokens, the feed's pages, operations.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {"restaurant.embedded.mode=memory", "restaurant.projections.poll-interval=150ms"})
@Import(ReadSideEndToEndTest.EveningClock.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReadSideEndToEndTest {

  static final Instant SIX_PM = Instant.parse("2025-06-01T18:00:00Z");

  @TestConfiguration
  static class EveningClock {
    @Bean
    @Primary
    MutableClock eveningClock() {
      return new MutableClock(SIX_PM);
    }
  }

  @LocalServerPort int port;
  @Autowired MutableClock clock;
  @Autowired MongoDatabase restaurantDatabase;
  Http http;
  String jansen;
  String peeters;
  String waterOrder;
  String secondTripel;
  String lastToken;

  @BeforeAll
  void an_evening() {
    http = new Http(port);
    jansen = reserve(5, "Jansen", "2025-06-01T21:00:00+02:00", 4);
    peeters = reserve(2, "Peeters", "2025-06-01T19:30:00Z", 2);
    String tripel = order(jansen, "18:01:10", 12, "Tripel", 3, "4.50");
    String rioja = order(peeters, "18:01:40", 20, "Rioja", 1, "6.95");
    waterOrder = order(jansen, "18:02:05", 30, "Water", 2, "0");
    at("18:03:00");
    assertThat(http.post(path(peeters) + "/orders/" + rioja + "/cancel", "{\"reason\":\"corked\"}").status())
        .isEqualTo(200);
    at("18:03:30");
    assertThat(http.post(path(jansen) + "/orders/" + tripel + "/serve", null).status()).isEqualTo(200);
    secondTripel = order(jansen, "18:04:00", 12, "Tripel", 2, "4.50");
  }

  @Test
  @Order(1)
  void the_kitchen_sees_what_is_left_to_serve_oldest_first_once_the_token_is_reflected() {
    Response kitchen = http.get("/api/kitchen/orders", "Consistency-Token", lastToken);
    assertThat(kitchen.status()).as(kitchen.toString()).isEqualTo(200);
    JsonNode orders = kitchen.json();
    assertThat(orders).hasSize(2);
    assertThat(orders.get(0).get("orderId").asString()).isEqualTo(waterOrder);
    assertThat(orders.get(0).get("tableId").asInt()).isEqualTo(5);
    assertThat(orders.get(0).get("name").asString()).isEqualTo("Jansen");
    assertThat(orders.get(0).get("productName").asString()).isEqualTo("Water");
    assertThat(orders.get(0).get("quantity").asInt()).isEqualTo(2);
    assertThat(orders.get(0).get("orderedAt").asString()).isEqualTo("2025-06-01T18:02:05Z");
    assertThat(orders.get(1).get("orderId").asString()).isEqualTo(secondTripel);
  }

  @Test
  @Order(2)
  void the_kitchen_gets_a_304_while_nothing_changed_and_the_list_again_when_it_did() {
    Response first = http.get("/api/kitchen/orders", "Consistency-Token", lastToken);
    String etag = first.header("ETag").orElseThrow();
    Response unchanged = http.get("/api/kitchen/orders", "If-None-Match", etag);
    assertThat(unchanged.status()).isEqualTo(304);
    assertThat(unchanged.body()).isEmpty();

    at("18:05:00");
    Response served = http.post(path(jansen) + "/orders/" + waterOrder + "/serve", null);
    Response changed = http.get("/api/kitchen/orders", "If-None-Match", etag,
        "Consistency-Token", served.text("consistencyToken"));
    assertThat(changed.status()).isEqualTo(200);
    assertThat(changed.header("ETag")).isPresent().get().isNotEqualTo(etag);
    assertThat(changed.json()).hasSize(1);
  }

  @Test
  @Order(3)
  void top_orders_count_quantity_orders_and_revenue_without_the_cancelled_wine() {
    Response top = http.get("/api/reports/top-orders", "Consistency-Token", lastToken);
    assertThat(top.status()).isEqualTo(200);
    assertThat(top.body()).isEqualTo("""
        [{"productId":12,"productName":"Tripel","quantity":5,"orders":2,"revenue":22.50},\
        {"productId":30,"productName":"Water","quantity":2,"orders":1,"revenue":0.00}]""");
    assertThat(http.get("/api/reports/top-orders?limit=1").json()).hasSize(1);
    assertThat(http.get("/api/reports/top-orders?limit=0").problem()).isEqualTo("validation-failed");
    assertThat(http.get("/api/reports/top-orders?limit=101").status()).isEqualTo(400);
    assertThat(http.get("/api/reports/top-orders?limit=abc").status()).isEqualTo(400);
  }

  @Test
  @Order(4)
  void sales_per_minute_by_minute_of_ordering_with_the_average_over_the_whole_window() {
    Response sales = http.get("/api/reports/sales-per-minute?from=2025-06-01T18:00:00Z&to=2025-06-01T18:10:00Z",
        "Consistency-Token", lastToken);
    assertThat(sales.status()).as(sales.toString()).isEqualTo(200);
    assertThat(sales.body()).isEqualTo("""
        {"from":"2025-06-01T18:00:00Z","to":"2025-06-01T18:10:00Z","minutes":[\
        {"minute":"2025-06-01T18:01:00Z","orders":1,"revenue":13.50},\
        {"minute":"2025-06-01T18:02:00Z","orders":1,"revenue":0.00},\
        {"minute":"2025-06-01T18:04:00Z","orders":1,"revenue":9.00}],\
        "averageRevenuePerMinute":2.25}""");
    assertThat(http.get("/api/reports/sales-per-minute?from=2025-06-01T18:10:00Z&to=2025-06-01T18:00:00Z")
        .problem()).isEqualTo("validation-failed");
    assertThat(http.get("/api/reports/sales-per-minute?from=yesterday&to=2025-06-01T18:00:00Z").status())
        .isEqualTo(400);
  }

  @Test
  @Order(5)
  void reserved_tables_by_table_with_the_bill_so_far() {
    Response tables = http.get("/api/tables?from=2025-06-01T00:00:00Z&to=2025-06-02T00:00:00Z",
        "Consistency-Token", lastToken);
    assertThat(tables.status()).isEqualTo(200);
    JsonNode body = tables.json();
    assertThat(body).hasSize(2);
    assertThat(body.get(0).get("tableId").asInt()).isEqualTo(2);
    assertThat(body.get(0).get("reservations").get(0).get("bill").decimalValue()).isEqualByComparingTo("0.00");
    assertThat(body.get(1).get("tableId").asInt()).isEqualTo(5);
    JsonNode row = body.get(1).get("reservations").get(0);
    assertThat(row.get("reservationId").asString()).isEqualTo(jansen);
    assertThat(row.get("dateTime").asString()).isEqualTo("2025-06-01T19:00:00Z");
    assertThat(row.get("nrOfGuests").asInt()).isEqualTo(4);
    assertThat(tables.body()).contains("\"bill\":22.50,").contains("\"bill\":0.00,");
    assertThat(row.get("status").asString()).isEqualTo("OPEN");
    assertThat(http.get("/api/tables?from=2025-06-01T19:15:00Z&to=2025-06-02T00:00:00Z").json()).hasSize(1);
  }

  @Test
  @Order(6)
  void the_feed_pages_through_the_public_events_in_one_order() {
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
      for (JsonNode event : events) {
        assertThat(event.get("position").asLong()).isEqualTo(after + 1);
        after = event.get("position").asLong();
        types.add(event.get("type").asString());
      }
      assertThat(page.json().get("lastPosition").asLong()).isEqualTo(after);
    }
    assertThat(types).startsWith("TableReserved", "TableReserved", "DrinksOrdered", "DrinksOrdered", "DrinksOrdered",
        "DrinksOrderCancelled", "DrinksServed", "DrinksOrdered");
    JsonNode cancelled = http.get("/api/events?after=5&limit=1").json().get("events").get(0);
    assertThat(cancelled.get("reservationId").asString()).isEqualTo(peeters);
    assertThat(cancelled.get("data").get("order").get("unitPrice").decimalValue()).isEqualByComparingTo("6.95");
    assertThat(cancelled.get("data").get("reason").asString()).isEqualTo("corked");
    assertThat(http.get("/api/events?limit=1001").problem()).isEqualTo("validation-failed");
    assertThat(http.get("/api/events?after=-1").status()).isEqualTo(400);
  }

  @Test
  @Order(7)
  void a_malformed_consistency_token_is_a_400() {
    Response response = http.get("/api/kitchen/orders", "Consistency-Token", "not-a-token");
    assertThat(response.problem()).isEqualTo("validation-failed");
    assertThat(response.body()).contains("Consistency-Token");
  }

  @Test
  @Order(8)
  void a_token_that_no_read_model_reaches_in_time_is_a_503_with_retry_after() {
    String unknownStream = java.util.Base64.getUrlEncoder().withoutPadding()
        .encodeToString((java.util.UUID.randomUUID() + ":1").getBytes());
    Response response = http.get("/api/kitchen/orders", "Consistency-Token", unknownStream);
    assertThat(response.status()).isEqualTo(503);
    assertThat(response.problem()).isEqualTo("read-model-behind");
    assertThat(response.header("Retry-After")).isPresent();
  }

  @Test
  @Order(9)
  void operations_list_every_read_model_and_rebuild_one_with_identical_answers() throws Exception {
    Response list = http.get("/api/admin/projections");
    assertThat(list.status()).isEqualTo(200);
    assertThat(list.json()).extracting(n -> n.get("name").asString())
        .containsExactly("kitchen-queue", "top-orders", "sales-per-minute", "reserved-tables");
    assertThat(list.json()).allSatisfy(n -> assertThat(n.get("lag").asLong()).isZero());
    String before = http.get("/api/reports/top-orders").body();

    assertThat(http.post("/api/admin/projections/top-orders/rebuild", null).status()).isEqualTo(202);
    awaitUntil(() -> restaurantDatabase.getCollection("read_models").find(Filters.eq("_id", "top-orders")).first()
        != null);
    assertThat(http.get("/api/reports/top-orders").body()).isEqualTo(before);
    assertThat(http.post("/api/admin/projections/no-such/rebuild", null).problem()).isEqualTo("not-found");
  }

  @Test
  @Order(10)
  void a_poison_event_is_parked_shown_and_applied_once_replayed_after_the_fix() throws Exception {
    at("18:20:00");
    Response ordered = http.post(path(peeters) + "/orders",
        "{\"productId\": 44, \"productName\": \"Cava\", \"quantity\": 1, \"unitPrice\": 7.25}");
    assertThat(ordered.status()).isEqualTo(201);
    // a new order event that a bad migration left unreadable, at the head of the log
    var log = restaurantDatabase.getCollection("event_log");
    awaitUntil(() -> log.find(Filters.eq("eventId", peeters + ":4")).first() != null);
    Document template = log.find(Filters.eq("eventId", peeters + ":4")).first();
    Document good = template.get("data", Document.class);
    Document newOrder = new Document(good.get("order", Document.class))
        .append("orderId", java.util.UUID.randomUUID().toString()).append("productId", 45)
        .append("productName", "Crémant");
    Document fixed = new Document(good).append("order", newOrder);
    long position = log.countDocuments() + 1;
    log.insertOne(new Document(template).append("_id", position).append("eventId", "migrated:" + position)
        .append("data", new Document(good).append("order", "not an order")));

    awaitUntil(() -> http.get("/api/admin/projections").json().get(1).get("parked").asInt() == 1);
    JsonNode parked = http.get("/api/admin/projections/top-orders/parked").json().get(0);
    assertThat(parked.get("position").asLong()).isEqualTo(position);
    assertThat(parked.get("type").asString()).isEqualTo("DrinksOrdered");
    assertThat(http.get("/actuator/health").body()).contains("\"parked\":1");
    assertThat(findProduct(http.get("/api/reports/top-orders?limit=100").json(), 44).get("quantity").asInt())
        .as("the events after it were applied").isEqualTo(1);

    log.updateOne(Filters.eq("_id", position), new Document("$set", new Document("data", fixed)));
    assertThat(http.post("/api/admin/projections/top-orders/parked/" + position + "/replay", null).status())
        .isEqualTo(204);
    assertThat(http.get("/api/admin/projections/top-orders/parked").json()).isEmpty();
    assertThat(findProduct(http.get("/api/reports/top-orders?limit=100").json(), 45).get("quantity").asInt())
        .isEqualTo(1);
    assertThat(http.post("/api/admin/projections/top-orders/parked/" + position + "/replay", null).status())
        .as("replayed once: it is no longer parked").isEqualTo(404);
  }

  // --- steps ---------------------------------------------------------------------------------------------------

  private static JsonNode findProduct(JsonNode products, int productId) {
    for (JsonNode p : products) {
      if (p.get("productId").asInt() == productId) {
        return p;
      }
    }
    throw new AssertionError("no product " + productId + " in " + products);
  }

  private String reserve(int table, String name, String dateTime, int guests) {
    Response response = http.post("/api/reservations", """
        {"tableId": %d, "name": "%s", "dateTime": "%s", "nrOfGuests": %d}""".formatted(table, name, dateTime, guests));
    assertThat(response.status()).as(response.toString()).isEqualTo(201);
    lastToken = response.text("consistencyToken");
    return response.text("reservationId");
  }

  private String order(String reservation, String time, int product, String name, int quantity, String price) {
    at(time);
    Response response = http.post(path(reservation) + "/orders", """
        {"productId": %d, "productName": "%s", "quantity": %d, "unitPrice": %s}"""
        .formatted(product, name, quantity, price));
    assertThat(response.status()).as(response.toString()).isEqualTo(201);
    lastToken = response.text("consistencyToken");
    return response.text("orderId");
  }

  private void at(String time) {
    clock.set(Instant.parse("2025-06-01T" + time + "Z"));
  }

  private static String path(String reservation) {
    return "/api/reservations/" + reservation;
  }

  private static void awaitUntil(java.util.function.BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("condition not met within 10 s");
      }
      TimeUnit.MILLISECONDS.sleep(20);
    }
  }
}
