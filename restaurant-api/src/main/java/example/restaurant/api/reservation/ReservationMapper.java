package example.restaurant.api.reservation;

import example.restaurant.api.config.ApiMapperConfig;
import example.restaurant.application.port.RecordedEvent;
import example.restaurant.application.table.ReservationDetails;
import example.restaurant.domain.table.DrinksOrder;
import example.restaurant.domain.table.GuestCount;
import example.restaurant.domain.table.Money;
import example.restaurant.domain.table.OrderId;
import example.restaurant.domain.table.PartyName;
import example.restaurant.domain.table.ProductId;
import example.restaurant.domain.table.Quantity;
import example.restaurant.domain.table.ReservationId;
import example.restaurant.domain.table.TableCommand.CancelDrinksOrder;
import example.restaurant.domain.table.TableCommand.OrderDrinks;
import example.restaurant.domain.table.TableCommand.PayBill;
import example.restaurant.domain.table.TableCommand.ReserveTable;
import example.restaurant.domain.table.TableEvent;
import example.restaurant.domain.table.TableId;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.mapstruct.Mapper;
import org.mapstruct.Mapping;
import org.mapstruct.Named;
import org.mapstruct.factory.Mappers;

/** Requests to domain commands, and domain state back to responses. Requests arrive validated. */
@Mapper(config = ApiMapperConfig.class, imports = Money.class)
interface ReservationMapper {

  ReservationMapper INSTANCE = Mappers.getMapper(ReservationMapper.class);

  ReserveTable toCommand(ReserveTableRequest request, ReservationId reservationId, Instant now);

  @Mapping(target = "orderId", source = "id")
  @Mapping(target = "unitPrice", expression = "java(Money.of(request.unitPrice(), \"unitPrice\"))")
  DrinksOrder toOrder(OrderDrinksRequest request, OrderId id);

  default OrderDrinks toCommand(OrderDrinksRequest request, OrderId orderId, Instant now) {
    return new OrderDrinks(toOrder(request, orderId), now);
  }

  CancelDrinksOrder toCommand(CancelOrderRequest request, OrderId orderId, Instant now);

  @Mapping(target = "amount", expression = "java(Money.of(request.amount(), \"amount\"))")
  PayBill toCommand(PayBillRequest request, Instant now);

  ReservationView toView(ReservationDetails details);

  @Mapping(target = "orderId", source = "order.orderId")
  @Mapping(target = "productId", source = "order.productId")
  @Mapping(target = "productName", source = "order.productName")
  @Mapping(target = "quantity", source = "order.quantity")
  @Mapping(target = "unitPrice", source = "order.unitPrice")
  @Mapping(target = "comment", source = "order.comment")
  ReservationView.OrderView toView(ReservationDetails.OrderDetails details);

  @Mapping(target = "type", source = "event", qualifiedByName = "eventType")
  @Mapping(target = "data", source = "event", qualifiedByName = "eventData")
  EventView toView(RecordedEvent recorded);

  /** The event names of DOMAIN.md, the same strings the store keeps. */
  @Named("eventType")
  default String eventType(TableEvent event) {
    return switch (event) {
      case TableEvent.TableReserved e -> "TableReserved";
      case TableEvent.DrinksOrdered e -> "DrinksOrdered";
      case TableEvent.DrinksServed e -> "DrinksServed";
      case TableEvent.DrinksOrderCancelled e -> "DrinksOrderCancelled";
      case TableEvent.BillPaid e -> "BillPaid";
      case TableEvent.TableLeft e -> "TableLeft";
    };
  }

  @Named("eventData")
  default Map<String, Object> eventData(TableEvent event) {
    Map<String, Object> data = new LinkedHashMap<>();
    switch (event) {
      case TableEvent.TableReserved e -> {
        data.put("reservationId", e.reservationId().value());
        data.put("tableId", e.tableId().value());
        data.put("name", e.name().value());
        data.put("dateTime", e.dateTime());
        data.put("nrOfGuests", e.nrOfGuests().value());
      }
      case TableEvent.DrinksOrdered e -> data.put("order", orderData(e.order()));
      case TableEvent.DrinksServed e -> data.put("orderId", e.orderId().value());
      case TableEvent.DrinksOrderCancelled e -> {
        data.put("orderId", e.orderId().value());
        data.put("reason", e.reason());
      }
      case TableEvent.BillPaid e -> {
        data.put("amount", e.amount().toBigDecimal());
        data.put("method", e.method().name());
        data.put("tip", e.tip().toBigDecimal());
      }
      case TableEvent.TableLeft e -> {}
    }
    return data;
  }

  private static Map<String, Object> orderData(DrinksOrder order) {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("orderId", order.orderId().value());
    data.put("productId", order.productId().value());
    data.put("productName", order.productName());
    data.put("quantity", order.quantity().value());
    data.put("unitPrice", order.unitPrice().toBigDecimal());
    data.put("comment", order.comment());
    return data;
  }

  default TableId tableId(Integer value) {
    return new TableId(value);
  }

  default GuestCount guests(Integer value) {
    return new GuestCount(value);
  }

  default ProductId productId(Integer value) {
    return new ProductId(value);
  }

  default Quantity quantity(Integer value) {
    return new Quantity(value);
  }

  default PartyName name(String value) {
    return new PartyName(value);
  }

  default Instant instant(OffsetDateTime value) {
    return value.toInstant();
  }

  default UUID uuid(ReservationId id) {
    return id.value();
  }

  default UUID uuid(OrderId id) {
    return id.value();
  }

  default int value(TableId id) {
    return id.value();
  }

  default int value(GuestCount count) {
    return count.value();
  }

  default int value(ProductId id) {
    return id.value();
  }

  default int value(Quantity quantity) {
    return quantity.value();
  }

  default String value(PartyName name) {
    return name.value();
  }

  default BigDecimal amount(Money money) {
    return money.toBigDecimal();
  }
}
