package example.restaurant.application.projection;

import static org.assertj.core.api.Assertions.assertThat;

import example.restaurant.application.publicevent.PublicEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * Events of different reservations arrive in whatever order the global log holds them; only each stream's own order
 * is guaranteed. Every read model must come out the same for every such interleaving.
 */
class ProjectionsPropertiesTest {

  private static final List<Projection<?, ?>> PROJECTIONS = List.of(
      new KitchenQueueProjection(), new TopOrdersProjection(), new SalesPerMinuteProjection(),
      new ReservedTablesProjection());

  @Property(tries = 200)
  void any_interleaving_that_keeps_each_streams_order_gives_the_same_read_models(
      @ForAll long workloadSeed, @ForAll long interleavingSeed, @ForAll @IntRange(min = 1, max = 8) int reservations) {
    List<List<PublicEvent>> streams = Workload.streams(workloadSeed, reservations);
    List<PublicEvent> oneAfterTheOther = streams.stream().flatMap(List::stream).toList();
    List<PublicEvent> interleaved = interleave(streams, new Random(interleavingSeed));

    for (Projection<?, ?> projection : PROJECTIONS) {
      assertThat(Workload.fold(projection, interleaved))
          .as(projection.name())
          .isEqualTo(Workload.fold(projection, oneAfterTheOther));
    }
  }

  private static List<PublicEvent> interleave(List<List<PublicEvent>> streams, Random random) {
    List<PublicEvent> result = new ArrayList<>();
    int[] next = new int[streams.size()];
    int remaining = streams.stream().mapToInt(List::size).sum();
    while (remaining > 0) {
      int s = random.nextInt(streams.size());
      if (next[s] < streams.get(s).size()) {
        result.add(streams.get(s).get(next[s]++));
        remaining--;
      }
    }
    return result;
  }
}
