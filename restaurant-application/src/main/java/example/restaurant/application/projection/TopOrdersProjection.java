package example.restaurant.application.projection;

import example.restaurant.application.publicevent.PublicEvent;
import example.restaurant.domain.table.ProductId;
import java.util.Optional;

/** Per product: quantity, order count and revenue of the orders not cancelled. */
public final class TopOrdersProjection implements Projection<ProductId, ProductSales> {

  public static final String NAME = "top-orders";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Optional<ProductId> keyOf(PublicEvent event) {
    return switch (event) {
      case PublicEvent.DrinksOrdered e -> Optional.of(e.order().productId());
      case PublicEvent.DrinksOrderCancelled e -> Optional.of(e.order().productId());
      case PublicEvent.DrinksServed e -> Optional.empty();
      case PublicEvent.TableReserved e -> Optional.empty();
      case PublicEvent.BillPaid e -> Optional.empty();
      case PublicEvent.TableLeft e -> Optional.empty();
    };
  }

  @Override
  public ProductSales apply(ProductId key, ProductSales view, PublicEvent event) {
    ProductSales current = view != null ? view : new ProductSales(key, null, 0, 0, 0);
    return switch (event) {
      case PublicEvent.DrinksOrdered e -> add(current, e.order(), 1);
      case PublicEvent.DrinksOrderCancelled e -> add(current, e.order(), -1);
      case PublicEvent.DrinksServed e -> current;
      case PublicEvent.TableReserved e -> current;
      case PublicEvent.BillPaid e -> current;
      case PublicEvent.TableLeft e -> current;
    };
  }

  private static ProductSales add(ProductSales sales, PublicEvent.Order order, int sign) {
    // the name is the same for every order of a product in practice; keep the smallest so any order agrees
    String name = sales.productName() == null || order.productName().compareTo(sales.productName()) < 0
        ? order.productName()
        : sales.productName();
    return new ProductSales(
        sales.productId(),
        name,
        sales.quantity() + sign * (long) order.quantity(),
        sales.orders() + sign,
        sales.revenueCents() + sign * order.total().cents());
  }
}
