package example.restaurant.api.reservation;

import example.restaurant.domain.table.OrderStatus;
import example.restaurant.domain.table.TableStatus;
import io.swagger.v3.oas.annotations.media.Schema;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

record ReservationView(
    UUID reservationId,
    int tableId,
    String name,
    Instant dateTime,
    int nrOfGuests,
    TableStatus status,
    List<OrderView> orders,
    @Schema(description = "the quantity ordered and not cancelled") int drinksOrdered,
    @Schema(example = "14.00") BigDecimal bill,
    boolean paid,
    long version) {

  record OrderView(
      UUID orderId,
      int productId,
      String productName,
      int quantity,
      @Schema(example = "3.50") BigDecimal unitPrice,
      @Schema(nullable = true) String comment,
      OrderStatus status,
      Instant orderedAt) {}
}
