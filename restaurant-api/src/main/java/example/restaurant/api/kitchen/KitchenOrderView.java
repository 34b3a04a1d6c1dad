package example.restaurant.api.kitchen;

import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;

/** An order waiting in the kitchen; nothing here changes by itself over time (the screen computes waiting time). */
record KitchenOrderView(
    String orderId,
    String reservationId,
    int tableId,
    String name,
    int productId,
    String productName,
    int quantity,
    @Schema(nullable = true) String comment,
    Instant orderedAt) {}
