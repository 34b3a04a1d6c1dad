package example.restaurant.application.projection;

import example.restaurant.application.port.EventMetadata;
import example.restaurant.application.port.RecordedEvent;
import example.restaurant.application.publicevent.PublicEvent;
import example.restaurant.domain.table.DrinksOrder;
import example.restaurant.domain.table.GuestCount;
import example.restaurant.domain.table.Money;
import example.restaurant.domain.table.OrderId;
import example.restaurant.domain.table.PartyName;
import example.restaurant.domain.table.PaymentMethod;
import example.restaurant.domain.table.ProductId;
import example.restaurant.domain.table.Quantity;
import example.restaurant.domain.table.ReservationId;
import example.restaurant.domain.table.Table;
import example.restaurant.domain.table.TableCommand;
import example.restaurant.domain.table.TableEvent;
import example.restaurant.domain.table.TableId;
import example.restaurant.domain.table.TableRuleViolation;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

/**
 * A restaurant evening made of real commands decided by the Table, as public events per reservation: orders with
 * cents, cancellations, payments, departures.
 */
public final class Workload {

  private Workload() {}

  public static List<List<PublicEvent>> streams(long seed, int reservations) {
    Random random = new Random(seed);
    Instant evening = Instant.parse("2025-05-26T17:00:00Z");
    List<List<PublicEvent>> streams = new ArrayList<>();
    for (int r = 0; r < reservations; r++) {
      ReservationId id = new ReservationId(new UUID(seed, r));
      Instant now = evening.plusSeconds(random.nextInt(3 * 3600));
      List<RecordedEvent> recorded = new ArrayList<>();
      Table table = Table.initial();
      Map<Integer, OrderId> orders = new HashMap<>();
      List<TableCommand> commands = new ArrayList<>();
      commands.add(new TableCommand.ReserveTable(
          id, new TableId(1 + random.nextInt(12)), new PartyName("Party " + r),
          evening.plusSeconds(3600L * 24 * random.nextInt(3) + 60L * random.nextInt(600)),
          new GuestCount(1 + random.nextInt(6)), now));
      for (int step = 0; step < 12; step++) {
        now = now.plusSeconds(random.nextInt(240));
        int slot = random.nextInt(5);
        TableCommand command = switch (random.nextInt(8)) {
          case 0, 1, 2 -> new TableCommand.OrderDrinks(new DrinksOrder(
              orders.computeIfAbsent(slot, s -> OrderId.random()), new ProductId(1 + random.nextInt(6)),
              "Product", new Quantity(1 + random.nextInt(3)), Money.ofCents(random.nextInt(1000)), null), now);
          case 3, 4 -> new TableCommand.ServeDrinks(orders.getOrDefault(slot, OrderId.random()), now);
          case 5 -> new TableCommand.CancelDrinksOrder(orders.getOrDefault(slot, OrderId.random()), "x", now);
          case 6 -> new TableCommand.PayBill(table.bill().plus(Money.ofCents(random.nextInt(300))),
              PaymentMethod.CARD, now);
          default -> new TableCommand.LeaveTable(now);
        };
        commands.add(command);
      }
      for (TableCommand command : commands) {
        try {
          for (TableEvent event : table.decide(command)) {
            table = table.evolve(event);
            recorded.add(new RecordedEvent(recorded.size() + 1, command.now(), event,
                new EventMetadata("c", "c", "c")));
          }
        } catch (TableRuleViolation refused) {
          // a waiter's mistake: nothing recorded
        }
      }
      streams.add(PublicEventTranslator.translate(recorded));
    }
    return streams;
  }

  /** Applies events to views the way a projector does, without a database. */
  public static <K, V> Map<K, V> fold(Projection<K, V> projection, List<PublicEvent> events) {
    Map<K, V> views = new HashMap<>();
    for (PublicEvent event : events) {
      projection.keyOf(event).ifPresent(key -> views.put(key, projection.apply(key, views.get(key), event)));
    }
    return views;
  }
}
