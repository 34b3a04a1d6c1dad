package example.restaurant.mongo.readmodel;

import com.mongodb.client.model.Filters;
import example.restaurant.application.projection.DaySchedule;
import example.restaurant.application.projection.HourSales;
import example.restaurant.application.projection.KitchenQueueProjection;
import example.restaurant.application.projection.KitchenTicket;
import example.restaurant.application.projection.ProductSales;
import example.restaurant.application.projection.ReservationSummary;
import example.restaurant.application.projection.ReservedTablesProjection;
import example.restaurant.application.projection.SalesPerMinuteProjection;
import example.restaurant.application.projection.TopOrdersProjection;
import example.restaurant.domain.table.OrderId;
import example.restaurant.domain.table.ProductId;
import example.restaurant.domain.table.ReservationId;
import example.restaurant.domain.table.TableStatus;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import org.bson.Document;
import org.bson.conversions.Bson;

/** The codecs of the read models of this service, by projection name. */
public final class ViewCodecs {

  private ViewCodecs() {}

  public static Map<String, ViewCodec<?, ?>> defaults() {
    return Map.of(
        KitchenQueueProjection.NAME, new KitchenTickets(),
        TopOrdersProjection.NAME, new ProductSalesCodec(),
        SalesPerMinuteProjection.NAME, new HourSalesCodec(),
        ReservedTablesProjection.NAME, new DaySchedules());
  }

  /** Keyed by the order id as a UUID string. Tickets no longer pending are markers, disposable after a while. */
  static final class KitchenTickets implements ViewCodec<OrderId, KitchenTicket> {

    @Override
    public Object id(OrderId key) {
      return key.value().toString();
    }

    @Override
    public OrderId key(Object id) {
      return new OrderId(UUID.fromString((String) id));
    }

    @Override
    public Document encode(KitchenTicket t) {
      return new Document("reservationId", t.reservationId().value().toString())
          .append("tableId", t.tableId())
          .append("name", t.name())
          .append("productId", t.productId().value())
          .append("productName", t.productName())
          .append("quantity", t.quantity())
          .append("comment", t.comment())
          .append("orderedAt", date(t.orderedAt()))
          .append("pending", t.pending());
    }

    @Override
    public KitchenTicket decode(OrderId key, Document d) {
      return new KitchenTicket(
          key,
          new ReservationId(UUID.fromString(d.getString("reservationId"))),
          integer(d, "tableId"),
          d.getString("name"),
          new ProductId(integer(d, "productId")),
          d.getString("productName"),
          integer(d, "quantity"),
          d.getString("comment"),
          instant(d, "orderedAt"),
          d.getBoolean("pending"));
    }

    @Override
    public Optional<Bson> disposable(Instant before) {
      return Optional.of(Filters.and(Filters.eq("pending", false), Filters.lt("orderedAt", date(before))));
    }
  }

  /** Keyed by the product id as an int: one counter document per product. */
  static final class ProductSalesCodec implements ViewCodec<ProductId, ProductSales> {

    @Override
    public Object id(ProductId key) {
      return key.value();
    }

    @Override
    public ProductId key(Object id) {
      return new ProductId(((Number) id).intValue());
    }

    @Override
    public Document encode(ProductSales s) {
      return new Document("productName", s.productName())
          .append("quantity", s.quantity())
          .append("orders", s.orders())
          .append("revenueCents", s.revenueCents());
    }

    @Override
    public ProductSales decode(ProductId key, Document d) {
      return new ProductSales(
          key, d.getString("productName"), number(d, "quantity"), number(d, "orders"), number(d, "revenueCents"));
    }
  }

  /** Keyed by the start of the hour as a date, so that a day's report is 24 computed ids. */
  static final class HourSalesCodec implements ViewCodec<Instant, HourSales> {

    @Override
    public Object id(Instant key) {
      return date(key);
    }

    @Override
    public Instant key(Object id) {
      return ((Date) id).toInstant();
    }

    @Override
    public Document encode(HourSales s) {
      List<Document> minutes = new ArrayList<>();
      s.minutes().forEach((minute, sales) -> minutes.add(new Document("minute", date(minute))
          .append("orders", sales.orders())
          .append("revenueCents", sales.revenueCents())));
      return new Document("minutes", minutes);
    }

    @Override
    public HourSales decode(Instant key, Document d) {
      Map<Instant, HourSales.MinuteSales> minutes = new TreeMap<>();
      for (Document m : d.getList("minutes", Document.class)) {
        minutes.put(instant(m, "minute"), new HourSales.MinuteSales(number(m, "orders"), number(m, "revenueCents")));
      }
      return new HourSales(key, minutes);
    }
  }

  /** Keyed by the day as an ISO string; the reservations as an array in time order, for people reading the data. */
  static final class DaySchedules implements ViewCodec<LocalDate, DaySchedule> {

    @Override
    public Object id(LocalDate key) {
      return key.toString();
    }

    @Override
    public LocalDate key(Object id) {
      return LocalDate.parse((String) id);
    }

    @Override
    public Document encode(DaySchedule s) {
      List<Document> reservations = s.reservations().values().stream()
          .sorted(Comparator.comparing(ReservationSummary::dateTime)
              .thenComparing(r -> r.reservationId().value()))
          .map(r -> new Document("reservationId", r.reservationId().value().toString())
              .append("tableId", r.tableId())
              .append("name", r.name())
              .append("dateTime", date(r.dateTime()))
              .append("nrOfGuests", r.nrOfGuests())
              .append("billCents", r.billCents())
              .append("status", r.status().name()))
          .toList();
      return new Document("reservations", reservations);
    }

    @Override
    public DaySchedule decode(LocalDate key, Document d) {
      Map<ReservationId, ReservationSummary> reservations = new HashMap<>();
      for (Document r : d.getList("reservations", Document.class)) {
        ReservationId id = new ReservationId(UUID.fromString(r.getString("reservationId")));
        reservations.put(id, new ReservationSummary(
            id,
            integer(r, "tableId"),
            r.getString("name"),
            instant(r, "dateTime"),
            integer(r, "nrOfGuests"),
            number(r, "billCents"),
            TableStatus.valueOf(r.getString("status"))));
      }
      return new DaySchedule(key, reservations);
    }
  }

  static Date date(Instant instant) {
    return instant == null ? null : Date.from(instant);
  }

  private static Instant instant(Document d, String field) {
    Date date = d.getDate(field);
    return date == null ? null : date.toInstant();
  }

  // other servers may hand back a small long as an int32, or the other way round
  private static long number(Document d, String field) {
    return ((Number) d.get(field)).longValue();
  }

  private static int integer(Document d, String field) {
    return ((Number) d.get(field)).intValue();
  }
}
