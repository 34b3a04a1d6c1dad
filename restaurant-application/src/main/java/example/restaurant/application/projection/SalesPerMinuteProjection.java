package example.restaurant.application.projection;

import example.restaurant.application.publicevent.PublicEvent;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** Orders and revenue per minute of ordering, cancelled orders excluded. */
public final class SalesPerMinuteProjection implements Projection<Instant, HourSales> {

  public static final String NAME = "sales-per-minute";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Optional<Instant> keyOf(PublicEvent event) {
    return switch (event) {
      case PublicEvent.DrinksOrdered e -> Optional.of(hourOf(e.order()));
      case PublicEvent.DrinksOrderCancelled e -> Optional.of(hourOf(e.order()));
      case PublicEvent.DrinksServed e -> Optional.empty();
      case PublicEvent.TableReserved e -> Optional.empty();
      case PublicEvent.BillPaid e -> Optional.empty();
      case PublicEvent.TableLeft e -> Optional.empty();
    };
  }

  @Override
  public HourSales apply(Instant hour, HourSales view, PublicEvent event) {
    HourSales current = view != null ? view : new HourSales(hour, Map.of());
    return switch (event) {
      case PublicEvent.DrinksOrdered e -> add(current, e.order(), 1);
      case PublicEvent.DrinksOrderCancelled e -> add(current, e.order(), -1);
      case PublicEvent.DrinksServed e -> current;
      case PublicEvent.TableReserved e -> current;
      case PublicEvent.BillPaid e -> current;
      case PublicEvent.TableLeft e -> current;
    };
  }

  public static Instant hourOf(PublicEvent.Order order) {
    return order.orderedAt().truncatedTo(ChronoUnit.HOURS);
  }

  private static HourSales add(HourSales sales, PublicEvent.Order order, int sign) {
    Instant minute = order.orderedAt().truncatedTo(ChronoUnit.MINUTES);
    TreeMap<Instant, HourSales.MinuteSales> minutes = new TreeMap<>(sales.minutes());
    HourSales.MinuteSales before = minutes.getOrDefault(minute, new HourSales.MinuteSales(0, 0));
    HourSales.MinuteSales after =
        new HourSales.MinuteSales(before.orders() + sign, before.revenueCents() + sign * order.total().cents());
    if (after.orders() == 0 && after.revenueCents() == 0) {
      minutes.remove(minute);
    } else {
      minutes.put(minute, after);
    }
    return new HourSales(sales.hour(), minutes);
  }
}
