package example.restaurant.api.reservation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.mongodb.MongoTimeoutException;
import example.restaurant.api.config.JacksonConfiguration;
import example.restaurant.application.port.EventStore;
import example.restaurant.application.table.ReservationQueries;
import example.restaurant.application.table.TableCommandHandler;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

/** Validation and error mapping of the HTTP layer, over the real command handler and an in-memory event store. */
@WebMvcTest(controllers = {ReservationCommandController.class, ReservationQueryController.class})
@Import({JacksonConfiguration.class, ReservationWebLayerTest.Wiring.class})
@ExtendWith(OutputCaptureExtension.class)
class ReservationWebLayerTest {

  @TestConfiguration
  static class Wiring {
    @Bean
    SwitchableEventStore eventStore() {
      return new SwitchableEventStore();
    }

    @Bean
    TableCommandHandler tableCommandHandler(EventStore eventStore) {
      return new TableCommandHandler(eventStore);
    }

    @Bean
    ReservationQueries reservationQueries(EventStore eventStore) {
      return new ReservationQueries(eventStore);
    }

    @Bean
    Clock clock() {
      return Clock.fixed(Instant.parse("2025-05-26T17:00:00Z"), ZoneOffset.UTC);
    }
  }

  static final String RESERVE = """
      {"tableId": 7, "name": "Jansen", "dateTime": "2025-05-26T21:00:00+02:00", "nrOfGuests": 4}""";
  static final String ORDER = """
      {"productId": 12, "productName": "Tripel", "quantity": 2, "unitPrice": 4.50, "comment": "cold"}""";
  static final String PAY = """
      {"amount": 20.00, "method": "CASH"}""";

  @Autowired MockMvc mvc;
  @Autowired SwitchableEventStore store;
  String reservationId;

  @BeforeEach
  void aReservation() throws Exception {
    MvcResult result = mvc.perform(json(post("/api/reservations"), RESERVE)).andExpect(status().isCreated())
        .andReturn();
    reservationId = result.getResponse().getHeader("Location").substring("/api/reservations/".length());
  }

  @AfterEach
  void healStore() {
    store.heal();
  }

  static MockHttpServletRequestBuilder json(MockHttpServletRequestBuilder request, String body) {
    return request.contentType(MediaType.APPLICATION_JSON).content(body);
  }

  MvcResult expectValidationFailure(MockHttpServletRequestBuilder request, String field) throws Exception {
    MvcResult result = mvc.perform(request)
        .andExpect(status().isBadRequest())
        .andExpect(header().string("Content-Type", "application/problem+json"))
        .andExpect(jsonPath("$.type").value("https://restaurant.example/problems/validation-failed"))
        .andExpect(jsonPath("$.title").value("Validation failed"))
        .andExpect(jsonPath("$.status").value(400))
        .andExpect(jsonPath("$.detail").isNotEmpty())
        .andExpect(jsonPath("$.instance").isNotEmpty())
        .andReturn();
    String body = result.getResponse().getContentAsString();
    if (field != null) {
      assertThat(body).contains("\"field\":\"" + field + "\"");
    }
    assertNothingInternal(body);
    return result;
  }

  static void assertNothingInternal(String body) {
    assertThat(body).doesNotContain(
        "Exception", "exception", "tools.jackson", "java.", "jakarta.", "example.restaurant", "\tat ", "com.mongodb",
        "Cannot deserialize", "secret");
  }

  static String replace(String json, String field, String value) {
    return json.replaceFirst("\"" + field + "\": [^,}]+", "\"" + field + "\": " + value);
  }

  static String without(String json, String field) {
    return json.replaceFirst(",? *\"" + field + "\": [^,}]+", "").replace("{,", "{");
  }

  @Nested
  class Reserving_a_table {

    static Stream<Arguments> bad_reservations() {
      return Stream.of(
          Arguments.of("tableId", replace(RESERVE, "tableId", "0")),
          Arguments.of("tableId", replace(RESERVE, "tableId", "-3")),
          Arguments.of("tableId", replace(RESERVE, "tableId", "1.5")),
          Arguments.of("tableId", replace(RESERVE, "tableId", "\"7\"")),
          Arguments.of("tableId", replace(RESERVE, "tableId", "99999999999")),
          Arguments.of("tableId", replace(RESERVE, "tableId", "1e400")),
          Arguments.of("tableId", without(RESERVE, "tableId")),
          Arguments.of("tableId", replace(RESERVE, "tableId", "null")),
          Arguments.of("name", replace(RESERVE, "name", "\"   \"")),
          Arguments.of("name", replace(RESERVE, "name", "\"" + "x".repeat(101) + "\"")),
          Arguments.of("name", replace(RESERVE, "name", "42")),
          Arguments.of("name", replace(RESERVE, "name", "[\"a\"]")),
          Arguments.of("name", without(RESERVE, "name")),
          Arguments.of("nrOfGuests", replace(RESERVE, "nrOfGuests", "0")),
          Arguments.of("nrOfGuests", replace(RESERVE, "nrOfGuests", "51")),
          Arguments.of("nrOfGuests", replace(RESERVE, "nrOfGuests", "2.0")),
          Arguments.of("nrOfGuests", replace(RESERVE, "nrOfGuests", "true")),
          Arguments.of("dateTime", replace(RESERVE, "dateTime", "\"2025-05-26T21:00:00\"")),
          Arguments.of("dateTime", replace(RESERVE, "dateTime", "\"tomorrow\"")),
          Arguments.of("dateTime", replace(RESERVE, "dateTime", "1748286000")),
          Arguments.of("dateTime", without(RESERVE, "dateTime")));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("bad_reservations")
    void a_bad_field_is_a_400_naming_it(String field, String body) throws Exception {
      expectValidationFailure(json(post("/api/reservations"), body), field);
    }

    @Test
    void malformed_json_is_a_400_without_details_of_the_parser() throws Exception {
      MvcResult result = expectValidationFailure(json(post("/api/reservations"), "{\"tableId\": 7,"), null);
      assertThat(result.getResponse().getContentAsString()).contains("malformed JSON");
    }

    @Test
    void an_empty_body_is_a_400() throws Exception {
      expectValidationFailure(json(post("/api/reservations"), ""), null);
    }

    @Test
    void a_json_array_instead_of_an_object_is_a_400() throws Exception {
      expectValidationFailure(json(post("/api/reservations"), "[1, 2]"), null);
    }

    @Test
    void unknown_fields_are_ignored() throws Exception {
      mvc.perform(json(post("/api/reservations"), RESERVE.replace("{", "{\"vip\": true, ")))
          .andExpect(status().isCreated());
    }

    @Test
    void any_offset_is_normalised_to_utc() throws Exception {
      MvcResult created = mvc.perform(json(post("/api/reservations"), RESERVE)).andReturn();
      mvc.perform(get(created.getResponse().getHeader("Location")))
          .andExpect(jsonPath("$.dateTime").value("2025-05-26T19:00:00Z"));
    }

    @Test
    void a_malformed_idempotency_key_or_correlation_id_is_a_400() throws Exception {
      expectValidationFailure(json(post("/api/reservations"), RESERVE).header("Idempotency-Key", "é"),
          "Idempotency-Key");
      expectValidationFailure(json(post("/api/reservations"), RESERVE).header("Idempotency-Key", "k".repeat(201)),
          "Idempotency-Key");
      expectValidationFailure(json(post("/api/reservations"), RESERVE).header("X-Correlation-Id", "a\tb"),
          "X-Correlation-Id");
    }
  }

  @Nested
  class Ordering_drinks {

    static Stream<Arguments> bad_orders() {
      return Stream.of(
          Arguments.of("productId", replace(ORDER, "productId", "0")),
          Arguments.of("productId", replace(ORDER, "productId", "\"12\"")),
          Arguments.of("productId", replace(ORDER, "productId", "2147483648")),
          Arguments.of("productId", without(ORDER, "productId")),
          Arguments.of("productName", replace(ORDER, "productName", "\"\"")),
          Arguments.of("productName", replace(ORDER, "productName", "\"" + "x".repeat(201) + "\"")),
          Arguments.of("productName", without(ORDER, "productName")),
          Arguments.of("quantity", replace(ORDER, "quantity", "0")),
          Arguments.of("quantity", replace(ORDER, "quantity", "-1")),
          Arguments.of("quantity", replace(ORDER, "quantity", "1.5")),
          Arguments.of("quantity", replace(ORDER, "quantity", "101")),
          Arguments.of("quantity", replace(ORDER, "quantity", "\"2\"")),
          Arguments.of("quantity", replace(ORDER, "quantity", "123456789012345678901234567890")),
          Arguments.of("quantity", without(ORDER, "quantity")),
          Arguments.of("unitPrice", replace(ORDER, "unitPrice", "4.505")),
          Arguments.of("unitPrice", replace(ORDER, "unitPrice", "-0.01")),
          Arguments.of("unitPrice", replace(ORDER, "unitPrice", "\"4.50\"")),
          Arguments.of("unitPrice", replace(ORDER, "unitPrice", "1e308")),
          Arguments.of("unitPrice", replace(ORDER, "unitPrice", "1E-999999999")),
          Arguments.of("unitPrice", replace(ORDER, "unitPrice", "10000000.01")),
          Arguments.of("unitPrice", without(ORDER, "unitPrice")),
          Arguments.of("comment", replace(ORDER, "comment", "\"" + "x".repeat(501) + "\"")),
          Arguments.of("orderId", ORDER.replace("{", "{\"orderId\": \"not-a-uuid\", ")),
          Arguments.of("orderId", ORDER.replace("{", "{\"orderId\": \"1-2-3-4-5\", ")),
          Arguments.of("orderId", ORDER.replace("{", "{\"orderId\": 17, ")));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("bad_orders")
    void a_bad_field_is_a_400_naming_it(String field, String body) throws Exception {
      expectValidationFailure(json(post("/api/reservations/" + reservationId + "/orders"), body), field);
    }

    @Test
    void the_largest_price_is_accepted_with_two_decimals() throws Exception {
      mvc.perform(json(post("/api/reservations/" + reservationId + "/orders"),
              replace(ORDER, "unitPrice", "10000000.00")))
          .andExpect(status().isCreated());
      String body = mvc.perform(get("/api/reservations/" + reservationId)).andReturn().getResponse()
          .getContentAsString();
      assertThat(body).contains("\"bill\":20000000.00", "\"unitPrice\":10000000.00");
    }

    @Test
    void a_malformed_reservation_id_in_the_path_is_a_400_naming_it() throws Exception {
      expectValidationFailure(json(post("/api/reservations/12345/orders"), ORDER), "reservationId");
    }

    @Test
    void a_malformed_if_match_is_a_400() throws Exception {
      expectValidationFailure(
          json(post("/api/reservations/" + reservationId + "/orders"), ORDER).header("If-Match", "W/\"1\""),
          "If-Match");
    }

    @Test
    void a_body_that_is_not_json_is_415() throws Exception {
      mvc.perform(post("/api/reservations/" + reservationId + "/orders").contentType(MediaType.TEXT_PLAIN)
              .content("two beers"))
          .andExpect(status().isUnsupportedMediaType())
          .andExpect(jsonPath("$.type").value("https://restaurant.example/problems/unsupported-media-type"));
    }
  }

  @Nested
  class Serving_cancelling_paying_and_leaving {

    @Test
    void a_malformed_order_id_is_a_400_naming_it() throws Exception {
      expectValidationFailure(post("/api/reservations/" + reservationId + "/orders/nope/serve"), "orderId");
      expectValidationFailure(post("/api/reservations/" + reservationId + "/orders/nope/cancel"), "orderId");
    }

    @Test
    void a_cancel_reason_over_500_characters_is_a_400() throws Exception {
      String orderId = UUID.randomUUID().toString();
      expectValidationFailure(json(post("/api/reservations/" + reservationId + "/orders/" + orderId + "/cancel"),
          "{\"reason\": \"" + "x".repeat(501) + "\"}"), "reason");
    }

    static Stream<Arguments> bad_payments() {
      return Stream.of(
          Arguments.of("method", replace(PAY, "method", "\"BITCOIN\"")),
          Arguments.of("method", replace(PAY, "method", "\"cash\"")),
          Arguments.of("method", replace(PAY, "method", "0")),
          Arguments.of("method", without(PAY, "method")),
          Arguments.of("amount", replace(PAY, "amount", "20.001")),
          Arguments.of("amount", replace(PAY, "amount", "-1")),
          Arguments.of("amount", replace(PAY, "amount", "\"20\"")),
          Arguments.of("amount", replace(PAY, "amount", "1000000000.01")),
          Arguments.of("amount", without(PAY, "amount")));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("bad_payments")
    void a_bad_payment_is_a_400_naming_the_field(String field, String body) throws Exception {
      expectValidationFailure(json(post("/api/reservations/" + reservationId + "/payment"), body), field);
    }
  }

  @Nested
  class Querying {

    @Test
    void version_below_one_is_a_400() throws Exception {
      expectValidationFailure(get("/api/reservations/" + reservationId).param("version", "0"), "version");
    }

    @Test
    void a_version_that_is_not_a_number_is_a_400() throws Exception {
      expectValidationFailure(get("/api/reservations/" + reservationId).param("version", "1e3"), "version");
    }

    @Test
    void at_and_version_together_are_a_400() throws Exception {
      expectValidationFailure(
          get("/api/reservations/" + reservationId).param("version", "1").param("at", "2025-05-26T17:00:00Z"),
          "version");
    }

    @Test
    void a_malformed_instant_is_a_400() throws Exception {
      expectValidationFailure(get("/api/reservations/" + reservationId).param("at", "26/05/2025"), "at");
    }

    @Test
    void a_malformed_id_is_a_400() throws Exception {
      expectValidationFailure(get("/api/reservations/xyz"), "reservationId");
      expectValidationFailure(get("/api/reservations/xyz/events"), "reservationId");
    }

    @Test
    void an_unacceptable_media_type_is_406_as_a_problem() throws Exception {
      mvc.perform(get("/api/reservations/" + reservationId).accept(MediaType.TEXT_PLAIN))
          .andExpect(status().isNotAcceptable())
          .andExpect(jsonPath("$.type").value("https://restaurant.example/problems/not-acceptable"));
    }

    @Test
    void a_wrong_method_is_405_as_a_problem() throws Exception {
      mvc.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete(
              "/api/reservations/" + reservationId))
          .andExpect(status().isMethodNotAllowed())
          .andExpect(jsonPath("$.type").value("https://restaurant.example/problems/method-not-allowed"));
    }
  }

  @Nested
  class When_the_database_fails {

    @Test
    void an_unreachable_database_is_503_with_retry_after() throws Exception {
      store.failWith(new MongoTimeoutException("Timed out after 3000 ms while waiting for a server: secret"));

      MvcResult result = mvc.perform(json(post("/api/reservations/" + reservationId + "/orders"), ORDER))
          .andExpect(status().isServiceUnavailable())
          .andExpect(header().exists("Retry-After"))
          .andExpect(jsonPath("$.type").value("https://restaurant.example/problems/service-unavailable"))
          .andReturn();
      assertNothingInternal(result.getResponse().getContentAsString());
    }

    @Test
    void an_unexpected_failure_is_500_with_an_instance_id_that_is_logged(CapturedOutput output) throws Exception {
      store.failWith(new IllegalStateException("secret internals of com.mongodb"));

      MvcResult result = mvc.perform(get("/api/reservations/" + reservationId))
          .andExpect(status().isInternalServerError())
          .andExpect(jsonPath("$.type").value("https://restaurant.example/problems/internal-error"))
          .andReturn();
      String body = result.getResponse().getContentAsString();
      assertNothingInternal(body);
      String instance = com.jayway.jsonpath.JsonPath.read(body, "$.instance");
      assertThat(instance).startsWith("urn:uuid:");
      assertThat(output.getAll()).contains("ERROR").contains(instance);
    }
  }
}
