package example.restaurant.application.projection;

import example.restaurant.domain.table.OrderId;
import example.restaurant.domain.table.ProductId;
import example.restaurant.domain.table.ReservationId;
import java.time.Instant;

/**
 * An order as the kitchen sees it. Once served or cancelled it is no longer {@code pending}; it is kept for a while as
 * a marker so that a late or repeated "ordered" cannot bring it back.
 */
public record KitchenTicket(
    OrderId orderId,
    ReservationId reservationId,
    int tableId,
    String name,
    ProductId productId,
    String productName,
    int quantity,
    String comment,
    Instant orderedAt,
    boolean pending) {}
