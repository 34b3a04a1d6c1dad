package example.restaurant.application.projection;

import example.restaurant.application.port.ViewStore;
import example.restaurant.application.port.ViewStore.Positioned;
import example.restaurant.domain.table.InvalidValueException;
import example.restaurant.domain.table.Money;
import example.restaurant.domain.table.ProductId;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The questions the read models answer. Each is a point lookup of computed keys (hours, days) or a read of a small
 * collection (pending orders, one view per product), so that none costs more as history grows.
 */
public final class ReadModelQueries {

  /** The longest window a sales report covers: 31 days, 744 hourly views. */
  public static final Duration MAX_SALES_WINDOW = Duration.ofDays(31);
  /** The longest range of the reserved tables: a year of daily views. */
  public static final Duration MAX_TABLES_RANGE = Duration.ofDays(366);

  public record TableReservations(int tableId, List<ReservationSummary> reservations) {}

  public record MinuteFigures(Instant minute, long orders, Money revenue) {}

  public record SalesReport(Instant from, Instant to, List<MinuteFigures> minutes, BigDecimal averageRevenuePerMinute) {}

  private final Checkpoints checkpoints;
  private final String kitchenName;
  private final String productsName;
  private final AnswerCache<List<KitchenTicket>> kitchenAnswer = new AnswerCache<>();
  private final AnswerCache<List<ProductSales>> productsAnswer = new AnswerCache<>();
  private final ViewStore<example.restaurant.domain.table.OrderId, KitchenTicket> kitchen;
  private final ViewStore<ProductId, ProductSales> products;
  private final ViewStore<Instant, HourSales> sales;
  private final ViewStore<LocalDate, DaySchedule> days;

  public ReadModelQueries(
      ViewStores stores,
      Checkpoints checkpoints,
      KitchenQueueProjection kitchenQueue,
      TopOrdersProjection topOrders,
      SalesPerMinuteProjection salesPerMinute,
      ReservedTablesProjection reservedTables) {
    this.checkpoints = checkpoints;
    this.kitchenName = kitchenQueue.name();
    this.productsName = topOrders.name();
    this.kitchen = stores.active(kitchenQueue);
    this.products = stores.active(topOrders);
    this.sales = stores.active(salesPerMinute);
    this.days = stores.active(reservedTables);
  }

  /**
   * The orders still to be served, oldest first, ties by order id. The same list instance is returned until the read
   * model moves on, so a caller may keep what it derives from it (an ETag) by identity.
   */
  public List<KitchenTicket> kitchenQueue() {
    return kitchenAnswer.get(checkpoints.checkpointOf(kitchenName), () -> kitchen.all().stream()
        .map(Positioned::view)
        .filter(KitchenTicket::pending)
        .sorted(Comparator.comparing(KitchenTicket::orderedAt)
            .thenComparing(t -> t.orderId().value().toString()))
        .toList());
  }

  /** The most ordered products by quantity (ties by product id), cancelled orders excluded. */
  public List<ProductSales> topOrders(int limit) {
    List<ProductSales> ranked = productsAnswer.get(checkpoints.checkpointOf(productsName), () ->
        products.all().stream()
            .map(Positioned::view)
            .filter(p -> p.quantity() > 0)
            .sorted(Comparator.comparingLong(ProductSales::quantity).reversed()
                .thenComparingInt(p -> p.productId().value()))
            .toList());
    return ranked.size() <= limit ? ranked : ranked.subList(0, limit);
  }

  /**
   * Orders and revenue per minute that had orders in {@code [from, to)}, and the total revenue divided by the number
   * of whole minutes in the window (rounded half up to the cent).
   */
  public SalesReport salesPerMinute(Instant from, Instant to) {
    checkWindow(from, to, MAX_SALES_WINDOW);
    List<Instant> hours = new ArrayList<>();
    for (Instant h = from.truncatedTo(ChronoUnit.HOURS); h.isBefore(to); h = h.plus(1, ChronoUnit.HOURS)) {
      hours.add(h);
    }
    TreeMap<Instant, HourSales.MinuteSales> minutes = new TreeMap<>();
    for (Positioned<HourSales> hour : sales.load(hours).values()) {
      hour.view().minutes().forEach((minute, figures) -> {
        if (!minute.isBefore(from) && minute.isBefore(to) && figures.orders() > 0) {
          minutes.put(minute, figures);
        }
      });
    }
    long totalCents = 0;
    List<MinuteFigures> entries = new ArrayList<>();
    for (Map.Entry<Instant, HourSales.MinuteSales> e : minutes.entrySet()) {
      entries.add(new MinuteFigures(e.getKey(), e.getValue().orders(), Money.ofCents(e.getValue().revenueCents())));
      totalCents += e.getValue().revenueCents();
    }
    long wholeMinutes = Duration.between(from, to).toMinutes();
    BigDecimal average = wholeMinutes == 0
        ? BigDecimal.ZERO.setScale(2)
        : BigDecimal.valueOf(totalCents, 2).divide(BigDecimal.valueOf(wholeMinutes), 2, RoundingMode.HALF_UP);
    return new SalesReport(from, to, entries, average);
  }

  /** Per table (by id), its reservations with {@code from <= dateTime < to}, by time; tables without any left out. */
  public List<TableReservations> reservedTables(Instant from, Instant to) {
    checkWindow(from, to, MAX_TABLES_RANGE);
    List<LocalDate> wanted = new ArrayList<>();
    LocalDate last = LocalDate.ofInstant(to.minusNanos(1), ZoneOffset.UTC);
    for (LocalDate d = LocalDate.ofInstant(from, ZoneOffset.UTC); !d.isAfter(last); d = d.plusDays(1)) {
      wanted.add(d);
    }
    TreeMap<Integer, List<ReservationSummary>> tables = new TreeMap<>();
    for (Positioned<DaySchedule> day : days.load(wanted).values()) {
      for (ReservationSummary r : day.view().reservations().values()) {
        if (!r.dateTime().isBefore(from) && r.dateTime().isBefore(to)) {
          tables.computeIfAbsent(r.tableId(), t -> new ArrayList<>()).add(r);
        }
      }
    }
    List<TableReservations> result = new ArrayList<>();
    tables.forEach((table, reservations) -> {
      reservations.sort(Comparator.comparing(ReservationSummary::dateTime)
          .thenComparing(r -> r.reservationId().value().toString()));
      result.add(new TableReservations(table, List.copyOf(reservations)));
    });
    return result;
  }

  private static void checkWindow(Instant from, Instant to, Duration max) {
    if (!from.isBefore(to)) {
      throw new InvalidValueException("to", "must be after from");
    }
    if (Duration.between(from, to).compareTo(max) > 0) {
      throw new InvalidValueException("to", "must be at most " + max.toDays() + " days after from");
    }
  }
}
