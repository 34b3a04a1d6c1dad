package example.restaurant.bench;

import example.restaurant.domain.table.DrinksOrder;
import example.restaurant.domain.table.GuestCount;
import example.restaurant.domain.table.Money;
import example.restaurant.domain.table.OrderId;
import example.restaurant.domain.table.PartyName;
import example.restaurant.domain.table.ProductId;
import example.restaurant.domain.table.Quantity;
import example.restaurant.domain.table.ReservationId;
import example.restaurant.domain.table.Table;
import example.restaurant.domain.table.TableCommand;
import example.restaurant.domain.table.TableEvent;
import example.restaurant.domain.table.TableId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Rebuilding the Table aggregate from its events, as every command does after loading its stream. A party of 50 drinks
 * 100 drinks at most, so a long stream is orders that were served up to that limit, then orders that were cancelled.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class ReplayBenchmark {

  @Param({"50", "1000"})
  public int events;

  private List<TableEvent> stream;

  @Setup
  public void setUp() {
    stream = stream(events);
  }

  @Benchmark
  public Table replay() {
    return Table.replay(stream);
  }

  static List<TableEvent> stream(int size) {
    Instant now = Instant.parse("2025-05-26T17:00:00Z");
    List<TableEvent> events = new ArrayList<>(size);
    Table table = Table.initial();
    table = apply(table, events, new TableCommand.ReserveTable(ReservationId.random(), new TableId(7),
        new PartyName("Jansen"), now, new GuestCount(50), now));
    int drinks = 0;
    while (events.size() < size) {
      OrderId orderId = new OrderId(UUID.randomUUID());
      table = apply(table, events, new TableCommand.OrderDrinks(new DrinksOrder(orderId, new ProductId(12), "Tripel",
          new Quantity(1), Money.ofCents(450), null), now));
      drinks++;
      if (events.size() == size) {
        break;
      }
      table = drinks < 100
          ? apply(table, events, new TableCommand.ServeDrinks(orderId, now))
          : apply(table, events, new TableCommand.CancelDrinksOrder(orderId, "spilled", now));
      if (drinks >= 100) {
        drinks--;
      }
    }
    return List.copyOf(events);
  }

  private static Table apply(Table table, List<TableEvent> events, TableCommand command) {
    for (TableEvent event : table.decide(command)) {
      events.add(event);
      table = table.evolve(event);
    }
    return table;
  }
}
