package example.restaurant.it.support;

import static org.assertj.core.api.Assertions.assertThat;

import example.restaurant.it.support.Http.Response;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;

/**
 * What the read models must show, computed from the streams themselves (GET /api/reservations/{id}), and the check
 * that the kitchen queue and the top-orders report show exactly that: every effect applied once, none lost.
 */
public final class ReadModels {

  /** Per product: quantity, orders, revenue in cents. */
  public record Figures(long quantity, long orders, long revenueCents) {}

  public record Expected(Set<String> waitingOrders, Map<Integer, Figures> topOrders) {}

  private ReadModels() {}

  public static Expected fromStreams(Http http, Collection<String> reservationIds) {
    Set<String> waiting = new HashSet<>();
    Map<Integer, Figures> top = new TreeMap<>();
    for (String id : reservationIds) {
      Response state = http.get("/api/reservations/" + id);
      assertThat(state.status()).as(state.toString()).isEqualTo(200);
      for (JsonNode order : state.json().get("orders")) {
        String status = order.get("status").asString();
        if (status.equals("ORDERED")) {
          waiting.add(order.get("orderId").asString());
        }
        if (!status.equals("CANCELLED")) {
          long quantity = order.get("quantity").asLong();
          long cents = order.get("unitPrice").decimalValue().movePointRight(2).longValueExact() * quantity;
          top.merge(order.get("productId").asInt(), new Figures(quantity, 1, cents),
              (a, b) -> new Figures(a.quantity() + b.quantity(), a.orders() + b.orders(),
                  a.revenueCents() + b.revenueCents()));
        }
      }
    }
    return new Expected(waiting, top);
  }

  /**
   * The kitchen queue and top orders on this instance, once they reflect {@code token}, are exactly what the given
   * reservations' streams say (the database holds no other reservations).
   */
  public static void assertMatchStreams(Http http, Collection<String> reservationIds, String token) {
    Expected expected = fromStreams(http, reservationIds);

    Response kitchen = http.get("/api/kitchen/orders", "Consistency-Token", token);
    assertThat(kitchen.status()).as(kitchen.toString()).isEqualTo(200);
    List<String> queued = new ArrayList<>();
    kitchen.json().forEach(o -> queued.add(o.get("orderId").asString()));
    assertThat(queued).as("the kitchen queue is exactly the orders waiting in the streams, each once")
        .hasSize(expected.waitingOrders().size())
        .containsExactlyInAnyOrderElementsOf(expected.waitingOrders());

    Response top = http.get("/api/reports/top-orders?limit=100", "Consistency-Token", token);
    assertThat(top.status()).as(top.toString()).isEqualTo(200);
    Map<Integer, Figures> reported = new TreeMap<>();
    for (JsonNode row : top.json()) {
      reported.put(row.get("productId").asInt(), new Figures(row.get("quantity").asLong(),
          row.get("orders").asLong(), row.get("revenue").decimalValue().movePointRight(2).longValueExact()));
    }
    assertThat(reported).as("top orders: every order counted once").isEqualTo(expected.topOrders());
  }
}
