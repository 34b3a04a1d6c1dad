package example.restaurant.api.kitchen;

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
    String comment,
    Instant orderedAt) {}
