package example.restaurant.application.projection;

import example.restaurant.domain.table.ProductId;

/**
 * How much of one product was ordered and not cancelled. Sums, so that events of different reservations add up in
 * any order; a cancellation seen before its order leaves a negative sum for a moment, never a wrong final one.
 */
public record ProductSales(ProductId productId, String productName, long quantity, long orders, long revenueCents) {}
