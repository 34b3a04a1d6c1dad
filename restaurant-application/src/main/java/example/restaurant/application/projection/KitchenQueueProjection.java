package example.restaurant.application.projection;

import example.restaurant.application.publicevent.PublicEvent;
import example.restaurant.domain.table.OrderId;
import java.util.Optional;

/** The orders still to be served. */
public final class KitchenQueueProjection implements Projection<OrderId, KitchenTicket> {

  public static final String NAME = "kitchen-queue";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Optional<OrderId> keyOf(PublicEvent event) {
    return switch (event) {
      case PublicEvent.DrinksOrdered e -> Optional.of(e.order().orderId());
      case PublicEvent.DrinksServed e -> Optional.of(e.order().orderId());
      case PublicEvent.DrinksOrderCancelled e -> Optional.of(e.order().orderId());
      case PublicEvent.TableReserved e -> Optional.empty();
      case PublicEvent.BillPaid e -> Optional.empty();
      case PublicEvent.TableLeft e -> Optional.empty();
    };
  }

  @Override
  public KitchenTicket apply(OrderId key, KitchenTicket view, PublicEvent event) {
    return switch (event) {
      // once done, always done: "ordered" after "served" changes nothing, whatever order they arrive in
      case PublicEvent.DrinksOrdered e -> view != null ? view : ticket(e.reservation(), e.order(), true);
      case PublicEvent.DrinksServed e -> ticket(e.reservation(), e.order(), false);
      case PublicEvent.DrinksOrderCancelled e -> ticket(e.reservation(), e.order(), false);
      case PublicEvent.TableReserved e -> view;
      case PublicEvent.BillPaid e -> view;
      case PublicEvent.TableLeft e -> view;
    };
  }

  private static KitchenTicket ticket(PublicEvent.Reservation r, PublicEvent.Order o, boolean pending) {
    return new KitchenTicket(
        o.orderId(), r.reservationId(), r.tableId(), r.name(), o.productId(), o.productName(), o.quantity(),
        o.comment(), o.orderedAt(), pending);
  }
}
