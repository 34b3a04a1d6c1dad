package example.restaurant.api;

import example.restaurant.application.testing.MutableClock;

import static org.assertj.core.api.Assertions.assertThat;

import example.restaurant.api.Http.Response;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import tools.jackson.databind.JsonNode;

/** The service over real HTTP, on a fresh in-memory embedded server. */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = "restaurant.embedded.mode=memory")
@Import(ReservationApiEndToEndTest.FixedClock.class)
class ReservationApiEndToEndTest {

  static final Instant START = Instant.parse("2025-05-26T17:00:00Z");

  @TestConfiguration
  static class FixedClock {
    @Bean
    @Primary
    MutableClock testClock() {
      return new MutableClock(START);
    }
  }

  @LocalServerPort int port;
  @Autowired MutableClock clock;
  Http http;

  @BeforeEach
  void client() {
    http = new Http(port);
    clock.set(START);
  }

  // --- steps, in the words of the API -------------------------------------------------------------------------

  Response reserve(int guests, String... headers) {
    return http.post("/api/reservations", """
        {"tableId": 7, "name": "Jansen", "dateTime": "2025-05-26T21:00:00+02:00", "nrOfGuests": %d}
        """.formatted(guests), headers);
  }

  String reserved(int guests) {
    Response response = reserve(guests);
    assertThat(response.status()).as(response.toString()).isEqualTo(201);
    return response.text("reservationId");
  }

  Response order(String reservationId, int quantity, String unitPrice, String... headers) {
    return http.post("/api/reservations/" + reservationId + "/orders", """
        {"productId": 12, "productName": "Tripel", "quantity": %d, "unitPrice": %s}
        """.formatted(quantity, unitPrice), headers);
  }

  String ordered(String reservationId, int quantity, String unitPrice) {
    Response response = order(reservationId, quantity, unitPrice);
    assertThat(response.status()).as(response.toString()).isEqualTo(201);
    return response.text("orderId");
  }

  Response serve(String reservationId, String orderId, String... headers) {
    return http.post("/api/reservations/" + reservationId + "/orders/" + orderId + "/serve", null, headers);
  }

  Response cancel(String reservationId, String orderId, String... headers) {
    return http.post(
        "/api/reservations/" + reservationId + "/orders/" + orderId + "/cancel", "{\"reason\": \"spilled\"}", headers);
  }

  Response pay(String reservationId, String amount, String... headers) {
    return http.post("/api/reservations/" + reservationId + "/payment",
        "{\"amount\": " + amount + ", \"method\": \"CARD\"}", headers);
  }

  Response leave(String reservationId, String... headers) {
    return http.post("/api/reservations/" + reservationId + "/leave", null, headers);
  }

  Response details(String reservationId, String... headers) {
    return http.get("/api/reservations/" + reservationId, headers);
  }

  int eventCount(String reservationId) {
    Response events = http.get("/api/reservations/" + reservationId + "/events");
    assertThat(events.status()).isEqualTo(200);
    return events.json().size();
  }

  static void assertProblem(Response response, int status, String code) {
    assertThat(response.status()).as(response.toString()).isEqualTo(status);
    assertThat(response.header("Content-Type")).hasValueSatisfying(
        type -> assertThat(type).startsWith("application/problem+json"));
    assertThat(response.problem()).isEqualTo(code);
    assertThat(response.json().get("title").asString()).isNotBlank();
    assertThat(response.json().get("detail").asString()).isNotBlank();
    assertThat(response.json().get("status").asInt()).isEqualTo(status);
    assertThat(response.body()).doesNotContain("Exception", "at example.", "tools.jackson", "com.mongodb");
  }

  @Nested
  class The_whole_flow {

    @Test
    void reserve_order_serve_cancel_pay_and_leave_answer_with_exact_figures() {
      Response reserve = reserve(4);
      assertThat(reserve.status()).isEqualTo(201);
      String id = reserve.text("reservationId");
      assertThat(reserve.header("Location")).contains("/api/reservations/" + id);
      assertThat(reserve.number("version")).isEqualTo(1);
      assertThat(reserve.text("consistencyToken")).isNotBlank();

      clock.advance(Duration.ofMinutes(5));
      Response tripel = order(id, 2, "4.50");
      assertThat(tripel.status()).isEqualTo(201);
      assertThat(tripel.number("version")).isEqualTo(2);
      String tripelId = tripel.text("orderId");
      Response water = http.post("/api/reservations/" + id + "/orders", """
          {"orderId": "%s", "productId": 3, "productName": "Water", "quantity": 1, "unitPrice": 3.5, "comment": "ice"}
          """.formatted(UUID.randomUUID()));
      assertThat(water.status()).isEqualTo(201);
      String waterId = water.text("orderId");

      Response served = serve(id, tripelId);
      assertThat(served.status()).isEqualTo(200);
      assertThat(served.text("orderId")).isEqualTo(tripelId);
      assertThat(served.number("version")).isEqualTo(4);
      Response cancelled = cancel(id, waterId);
      assertThat(cancelled.status()).isEqualTo(200);
      assertThat(cancelled.number("version")).isEqualTo(5);

      Response paid = pay(id, "20");
      assertThat(paid.status()).as(paid.toString()).isEqualTo(200);
      assertThat(paid.body()).contains("\"bill\":9.00", "\"amount\":20.00", "\"tip\":11.00");
      assertThat(paid.number("version")).isEqualTo(6);

      Response left = leave(id);
      assertThat(left.status()).isEqualTo(200);
      assertThat(left.number("version")).isEqualTo(7);

      Response now = details(id);
      assertThat(now.status()).isEqualTo(200);
      assertThat(now.header("ETag")).contains("\"7\"");
      JsonNode state = now.json();
      assertThat(state.get("status").asString()).isEqualTo("LEFT");
      assertThat(state.get("dateTime").asString()).isEqualTo("2025-05-26T19:00:00Z");
      assertThat(state.get("drinksOrdered").asInt()).isEqualTo(2);
      assertThat(state.get("paid").asBoolean()).isTrue();
      assertThat(state.get("version").asLong()).isEqualTo(7);
      assertThat(now.body()).contains("\"bill\":9.00", "\"unitPrice\":4.50", "\"unitPrice\":3.50");
      assertThat(state.get("orders").get(0).get("status").asString()).isEqualTo("SERVED");
      assertThat(state.get("orders").get(1).get("status").asString()).isEqualTo("CANCELLED");
      assertThat(state.get("orders").get(0).get("orderedAt").asString()).isEqualTo("2025-05-26T17:05:00Z");
    }

    @Test
    void the_audit_trail_lists_every_event_with_its_data_and_metadata() {
      String id = reserved(2);
      String orderId = ordered(id, 1, "2.75");
      Response served = serve(id, orderId, "X-Correlation-Id", "table-7-evening");

      Response events = http.get("/api/reservations/" + id + "/events");

      assertThat(events.status()).isEqualTo(200);
      JsonNode trail = events.json();
      assertThat(trail).hasSize(3);
      assertThat(trail.get(0).get("type").asString()).isEqualTo("TableReserved");
      assertThat(trail.get(0).get("version").asLong()).isEqualTo(1);
      assertThat(trail.get(0).get("data").get("nrOfGuests").asInt()).isEqualTo(2);
      assertThat(trail.get(1).get("type").asString()).isEqualTo("DrinksOrdered");
      assertThat(trail.get(1).get("data").get("order").get("orderId").asString()).isEqualTo(orderId);
      assertThat(events.body()).contains("\"unitPrice\":2.75");
      assertThat(trail.get(2).get("type").asString()).isEqualTo("DrinksServed");
      assertThat(trail.get(2).get("occurredAt").asString()).isEqualTo("2025-05-26T17:00:00Z");
      JsonNode metadata = trail.get(2).get("metadata");
      assertThat(metadata.get("correlationId").asString()).isEqualTo("table-7-evening");
      assertThat(metadata.get("commandId").asString()).isNotBlank();
      assertThat(metadata.get("causationId").asString()).isEqualTo(metadata.get("commandId").asString());
      assertThat(served.status()).isEqualTo(200);
      JsonNode first = trail.get(0).get("metadata");
      assertThat(first.get("correlationId").asString()).isEqualTo(first.get("commandId").asString());
    }

    @Test
    void ordering_the_same_order_again_is_a_200_with_the_same_body() {
      String id = reserved(2);
      String body = """
          {"orderId": "%s", "productId": 3, "productName": "Water", "quantity": 1, "unitPrice": 0}
          """.formatted(UUID.randomUUID());
      Response first = http.post("/api/reservations/" + id + "/orders", body);
      ordered(id, 1, "1.00");

      Response again = http.post("/api/reservations/" + id + "/orders", body);

      assertThat(first.status()).isEqualTo(201);
      assertThat(again.status()).isEqualTo(200);
      assertThat(again.body()).isEqualTo(first.body());
      assertThat(eventCount(id)).isEqualTo(3);
    }

    @Test
    void a_party_that_ordered_nothing_may_leave_without_paying() {
      String id = reserved(2);
      assertThat(leave(id).status()).isEqualTo(200);
    }
  }

  @Nested
  class Rule_errors {

    String unknown = UUID.randomUUID().toString();

    @Test
    void every_command_on_an_unknown_reservation_is_404_even_with_a_stale_if_match() {
      assertProblem(order(unknown, 1, "1"), 404, "reservation-not-found");
      assertProblem(order(unknown, 1, "1", "If-Match", "\"3\""), 404, "reservation-not-found");
      assertProblem(serve(unknown, UUID.randomUUID().toString()), 404, "reservation-not-found");
      assertProblem(cancel(unknown, UUID.randomUUID().toString()), 404, "reservation-not-found");
      assertProblem(pay(unknown, "1"), 404, "reservation-not-found");
      assertProblem(leave(unknown, "If-Match", "\"1\""), 404, "reservation-not-found");
      assertProblem(details(unknown), 404, "reservation-not-found");
      assertProblem(http.get("/api/reservations/" + unknown + "/events"), 404, "reservation-not-found");
    }

    @Test
    void an_unknown_order_is_404_order_not_found() {
      String id = reserved(2);
      assertProblem(serve(id, UUID.randomUUID().toString()), 404, "order-not-found");
      assertProblem(cancel(id, UUID.randomUUID().toString()), 404, "order-not-found");
    }

    @Test
    void a_served_order_can_be_neither_served_nor_cancelled_again() {
      String id = reserved(2);
      String orderId = ordered(id, 1, "2.00");
      assertThat(serve(id, orderId).status()).isEqualTo(200);
      assertProblem(serve(id, orderId), 409, "order-already-served");
      assertProblem(cancel(id, orderId), 409, "order-already-served");
    }

    @Test
    void a_cancelled_order_can_be_neither_served_nor_cancelled_again() {
      String id = reserved(2);
      String orderId = ordered(id, 1, "2.00");
      assertThat(cancel(id, orderId).status()).isEqualTo(200);
      assertProblem(serve(id, orderId), 409, "order-cancelled");
      assertProblem(cancel(id, orderId), 409, "order-cancelled");
    }

    @Test
    void an_order_id_used_with_other_content_is_a_conflict() {
      String id = reserved(2);
      String orderId = UUID.randomUUID().toString();
      String path = "/api/reservations/" + id + "/orders";
      String body =
          "{\"orderId\": \"%s\", \"productId\": 3, \"productName\": \"Water\", \"quantity\": %d, \"unitPrice\": 1}";
      assertThat(http.post(path, body.formatted(orderId, 1)).status()).isEqualTo(201);
      assertProblem(http.post(path, body.formatted(orderId, 2)), 409, "order-id-conflict");
    }

    @Test
    void more_than_two_drinks_per_guest_are_too_many() {
      String id = reserved(2);
      ordered(id, 3, "1.00");
      assertProblem(order(id, 2, "1.00"), 422, "too-many-drinks");
      assertThat(order(id, 1, "1.00").status()).isEqualTo(201);
    }

    @Test
    void paying_without_anything_to_pay_is_refused() {
      String id = reserved(2);
      assertProblem(pay(id, "10"), 422, "nothing-to-pay");
      String orderId = ordered(id, 1, "2.00");
      cancel(id, orderId);
      assertProblem(pay(id, "10"), 422, "nothing-to-pay");
    }

    @Test
    void paying_while_an_order_waits_is_refused() {
      String id = reserved(2);
      ordered(id, 1, "2.00");
      assertProblem(pay(id, "10"), 409, "orders-pending");
    }

    @Test
    void paying_less_than_the_bill_is_refused_and_paying_twice_too() {
      String id = reserved(2);
      serve(id, ordered(id, 2, "3.25"));
      assertProblem(pay(id, "6.49"), 422, "insufficient-payment");
      Response paid = pay(id, "6.50");
      assertThat(paid.body()).contains("\"bill\":6.50", "\"amount\":6.50", "\"tip\":0.00");
      assertProblem(pay(id, "6.50"), 409, "already-paid");
    }

    @Test
    void a_paid_reservation_takes_no_more_orders() {
      String id = reserved(2);
      serve(id, ordered(id, 1, "3.00"));
      pay(id, "3");
      assertProblem(order(id, 1, "1.00"), 409, "reservation-closed");
    }

    @Test
    void leaving_with_an_unpaid_bill_is_refused() {
      String id = reserved(2);
      serve(id, ordered(id, 1, "3.00"));
      assertProblem(leave(id), 409, "bill-not-paid");
    }

    @Test
    void after_leaving_every_command_is_refused_and_closed_wins_over_an_unknown_order() {
      String id = reserved(2);
      String orderId = ordered(id, 1, "3.00");
      serve(id, orderId);
      pay(id, "3");
      leave(id);
      assertProblem(order(id, 1, "1.00"), 409, "reservation-closed");
      assertProblem(serve(id, UUID.randomUUID().toString()), 409, "reservation-closed");
      assertProblem(cancel(id, orderId), 409, "reservation-closed");
      assertProblem(pay(id, "3"), 409, "reservation-closed");
      assertProblem(leave(id), 409, "reservation-closed");
    }

    @Test
    void a_stale_if_match_is_412_and_writes_nothing() {
      String id = reserved(2);
      ordered(id, 1, "1.00");
      assertProblem(order(id, 1, "1.00", "If-Match", "\"1\""), 412, "version-mismatch");
      assertThat(eventCount(id)).isEqualTo(2);
      assertThat(order(id, 1, "1.00", "If-Match", "\"2\"").status()).isEqualTo(201);
    }

    @Test
    void version_mismatch_comes_before_reservation_closed() {
      String id = reserved(2);
      leave(id);
      assertProblem(leave(id, "If-Match", "\"1\""), 412, "version-mismatch");
      assertProblem(leave(id, "If-Match", "\"2\""), 409, "reservation-closed");
    }
  }

  @Nested
  class Queries {

    @Test
    void the_etag_is_the_version_and_a_matching_if_none_match_is_304() {
      String id = reserved(2);
      Response first = details(id);
      assertThat(first.header("ETag")).contains("\"1\"");

      Response notModified = details(id, "If-None-Match", "\"1\"");
      assertThat(notModified.status()).isEqualTo(304);
      assertThat(notModified.body()).isEmpty();

      ordered(id, 1, "1.00");
      Response modified = details(id, "If-None-Match", "\"1\"");
      assertThat(modified.status()).isEqualTo(200);
      assertThat(modified.header("ETag")).contains("\"2\"");
    }

    @Test
    void at_an_instant_shows_the_bill_before_a_cancellation_and_404_before_the_reservation() {
      String id = reserved(3);
      clock.advance(Duration.ofMinutes(10));
      ordered(id, 2, "4.50");
      String water = ordered(id, 1, "3.50");
      clock.advance(Duration.ofMinutes(10));
      cancel(id, water);

      Response before = http.get("/api/reservations/" + id + "?at=2025-05-26T17:15:00Z");
      Response after = http.get("/api/reservations/" + id + "?at=2025-05-26T17:25:00Z");
      Response tooEarly = http.get("/api/reservations/" + id + "?at=2025-05-26T16:59:59Z");

      assertThat(before.status()).isEqualTo(200);
      assertThat(before.body()).contains("\"bill\":12.50");
      assertThat(before.number("version")).isEqualTo(3);
      assertThat(after.body()).contains("\"bill\":9.00");
      assertProblem(tooEarly, 404, "reservation-not-found");
    }

    @Test
    void after_a_version_shows_that_prefix_of_the_stream() {
      String id = reserved(2);
      ordered(id, 1, "1.00");
      ordered(id, 1, "2.00");

      Response second = http.get("/api/reservations/" + id + "?version=2");

      assertThat(second.status()).isEqualTo(200);
      assertThat(second.json().get("orders")).hasSize(1);
      assertThat(second.header("ETag")).contains("\"2\"");
      assertProblem(http.get("/api/reservations/" + id + "?version=4"), 404, "reservation-not-found");
      assertProblem(http.get("/api/reservations/" + id + "?version=0"), 400, "validation-failed");
      assertProblem(http.get("/api/reservations/" + id + "?version=x"), 400, "validation-failed");
      assertProblem(http.get("/api/reservations/" + id + "?version=1&at=2025-05-26T17:00:00Z"), 400,
          "validation-failed");
      assertProblem(http.get("/api/reservations/" + id + "?at=yesterday"), 400, "validation-failed");
    }
  }

  @Nested
  class Idempotency_keys {

    @Test
    void a_repeated_key_returns_the_first_outcome_and_writes_nothing() {
      String id = reserved(2);
      Response first = order(id, 1, "2.00", "Idempotency-Key", "pos-7-0042");
      Response again = order(id, 1, "2.00", "Idempotency-Key", "pos-7-0042");

      assertThat(first.status()).isEqualTo(201);
      assertThat(again.status()).isEqualTo(201);
      assertThat(again.body()).isEqualTo(first.body());
      assertThat(eventCount(id)).isEqualTo(2);
    }

    @Test
    void a_repeated_reservation_key_returns_the_same_reservation_and_location() {
      Response first = reserve(2, "Idempotency-Key", "host-1");
      Response again = reserve(2, "Idempotency-Key", "host-1");

      assertThat(again.status()).isEqualTo(201);
      assertThat(again.body()).isEqualTo(first.body());
      assertThat(again.header("Location")).isEqualTo(first.header("Location"));
      assertThat(eventCount(first.text("reservationId"))).isEqualTo(1);
    }

    @Test
    void the_same_key_with_another_body_is_422() {
      String id = reserved(2);
      order(id, 1, "2.00", "Idempotency-Key", "k-1");
      assertProblem(order(id, 2, "2.00", "Idempotency-Key", "k-1"), 422, "idempotency-key-reused");
      assertThat(eventCount(id)).isEqualTo(2);
    }

    @Test
    void a_remembered_4xx_is_answered_again_even_when_the_command_would_now_succeed() {
      String id = reserved(1);
      String orderId = ordered(id, 2, "1.00");
      Response refused = order(id, 1, "1.00", "Idempotency-Key", "k-2");
      assertProblem(refused, 422, "too-many-drinks");
      cancel(id, orderId);

      Response again = order(id, 1, "1.00", "Idempotency-Key", "k-2");

      assertThat(again.status()).isEqualTo(422);
      assertThat(again.body()).isEqualTo(refused.body());
      assertThat(eventCount(id)).isEqualTo(3);
    }

    @Test
    void the_same_key_on_another_reservation_is_another_request() {
      String a = reserved(2);
      String b = reserved(2);
      assertThat(leave(a, "Idempotency-Key", "k-3").status()).isEqualTo(200);
      assertThat(leave(b, "Idempotency-Key", "k-3").status()).isEqualTo(200);
      assertThat(eventCount(b)).isEqualTo(2);
    }

    @Test
    void a_malformed_key_is_400() {
      String id = reserved(2);
      assertProblem(leave(id, "Idempotency-Key", "x".repeat(201)), 400, "validation-failed");
      assertThat(eventCount(id)).isEqualTo(1);
    }
  }

  @Nested
  class Under_concurrency {

    @Test
    void sixty_concurrent_orders_for_ten_guests_give_exactly_twenty_drinks() throws Exception {
      String id = reserved(10);

      List<Response> responses = concurrently(60, i -> order(id, 1, "1.00"));

      Map<Integer, Long> statuses = countByStatus(responses);
      assertThat(statuses).containsExactlyInAnyOrderEntriesOf(Map.of(201, 20L, 422, 40L));
      responses.stream().filter(r -> r.status() == 422).forEach(r -> assertThat(r.problem()).isEqualTo(
          "too-many-drinks"));
      JsonNode trail = http.get("/api/reservations/" + id + "/events").json();
      long drinksOrdered = 0;
      for (JsonNode event : trail) {
        if (event.get("type").asString().equals("DrinksOrdered")) {
          drinksOrdered++;
        }
      }
      assertThat(drinksOrdered).isEqualTo(20);
      assertThat(details(id).json().get("drinksOrdered").asInt()).isEqualTo(20);
    }

    @Test
    void twenty_concurrent_serves_of_one_order_serve_it_once() throws Exception {
      String id = reserved(2);
      String orderId = ordered(id, 1, "1.00");

      List<Response> responses = concurrently(20, i -> serve(id, orderId));

      assertThat(countByStatus(responses)).containsExactlyInAnyOrderEntriesOf(Map.of(200, 1L, 409, 19L));
      responses.stream().filter(r -> r.status() == 409).forEach(r -> assertThat(r.problem()).isEqualTo(
          "order-already-served"));
      assertThat(eventCount(id)).isEqualTo(3);
    }

    private List<Response> concurrently(int requests, Function<Integer, Response> request) throws Exception {
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
          responses.add(future.get());
        }
        return responses;
      }
    }

    private Map<Integer, Long> countByStatus(List<Response> responses) {
      return responses.stream().collect(Collectors.groupingBy(Response::status, Collectors.counting()));
    }
  }

  @Nested
  class Operations {

    @Test
    void the_openapi_document_lists_every_path() {
      Response docs = http.get("/v3/api-docs");
      assertThat(docs.status()).isEqualTo(200);
      JsonNode paths = docs.json().get("paths");
      assertThat(paths.propertyNames()).contains(
          "/api/reservations",
          "/api/reservations/{reservationId}",
          "/api/reservations/{reservationId}/events",
          "/api/reservations/{reservationId}/orders",
          "/api/reservations/{reservationId}/orders/{orderId}/serve",
          "/api/reservations/{reservationId}/orders/{orderId}/cancel",
          "/api/reservations/{reservationId}/payment",
          "/api/reservations/{reservationId}/leave");
    }

    @Test
    void health_is_up_on_the_embedded_server() {
      Response health = http.get("/actuator/health");
      assertThat(health.status()).isEqualTo(200);
      assertThat(health.text("status")).isEqualTo("UP");
    }

    @Test
    void prometheus_exposes_the_append_conflicts() {
      Response metrics = http.get("/actuator/prometheus");
      assertThat(metrics.status()).isEqualTo(200);
      assertThat(metrics.body()).contains("restaurant_append_conflicts_total");
    }

    @Test
    void unknown_paths_and_wrong_methods_are_problems_too() {
      assertProblem(http.get("/api/nothing-here"), 404, "not-found");
      assertProblem(http.get("/api/reservations/" + reserved(2) + "/leave"), 405, "method-not-allowed");
    }
  }
}
