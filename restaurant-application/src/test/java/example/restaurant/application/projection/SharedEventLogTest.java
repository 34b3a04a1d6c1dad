package example.restaurant.application.projection;

import static org.assertj.core.api.Assertions.assertThat;

import example.restaurant.application.port.EventLog;
import example.restaurant.application.port.InMemoryEventLog;
import example.restaurant.application.port.LoggedEvent;
import example.restaurant.application.publicevent.PublicEvent;
import example.restaurant.domain.table.ReservationId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class SharedEventLogTest {

  private static final Instant T0 = Instant.parse("2025-05-26T18:00:00Z");

  private final InMemoryEventLog log = new InMemoryEventLog();
  private final CountingLog counting = new CountingLog(log);
  private final List<PublicEvent> events = Workload.streams(7, 30).stream().flatMap(List::stream).toList();

  private void append(int count) {
    int from = (int) log.head();
    events.subList(from, from + count).forEach(e -> log.append(e, T0));
  }

  @Test
  void readers_of_the_same_entries_after_the_same_news_share_one_read_of_the_database() {
    SharedEventLog shared = new SharedEventLog(counting, 100);
    append(3);
    shared.advance();

    List<LoggedEvent> first = shared.readAfter(0, 500);
    List<LoggedEvent> second = shared.readAfter(0, 500);
    List<LoggedEvent> beyond = shared.readAfter(3, 500);

    assertThat(first).extracting(LoggedEvent::position).containsExactly(1L, 2L, 3L);
    assertThat(second).isEqualTo(first);
    assertThat(beyond).isEmpty();
    assertThat(counting.reads.get()).isEqualTo(1);
  }

  @Test
  void after_news_the_end_of_the_log_is_read_again() {
    SharedEventLog shared = new SharedEventLog(counting, 100);
    append(3);
    assertThat(shared.readAfter(0, 500)).hasSize(3);
    append(2);

    // without news, "nothing after 3" may still be taken from the last read: the runtime advances on every append
    // it is told of and on every poll, so no projector sleeps on such an answer
    assertThat(shared.readAfter(3, 500)).isEmpty();
    shared.advance();

    assertThat(shared.readAfter(3, 500)).extracting(LoggedEvent::position).containsExactly(4L, 5L);
    assertThat(counting.reads.get()).isEqualTo(2);
  }

  @Test
  void a_reader_behind_the_kept_entries_reads_the_database_and_still_gets_every_entry_in_order() {
    SharedEventLog shared = new SharedEventLog(counting, 10);
    append(60);
    shared.advance();
    assertThat(shared.readAfter(40, 20)).hasSize(20); // keeps 41..60, at most 10 of them

    List<LoggedEvent> behind = shared.readAfter(0, 30);

    assertThat(behind).extracting(LoggedEvent::position)
        .containsExactlyElementsOf(LongStream.rangeClosed(1, 30).boxed().toList());
    assertThat(shared.readAfter(50, 500)).extracting(LoggedEvent::position)
        .containsExactlyElementsOf(LongStream.rangeClosed(51, 60).boxed().toList());
  }

  @Test
  void an_unreadable_entry_is_not_kept_so_that_a_repaired_one_is_read_again() {
    SharedEventLog shared = new SharedEventLog(counting, 100);
    log.appendUnreadable("DrinksOrdered", "bad data", T0);
    shared.advance();

    assertThat(shared.readAfter(0, 1)).singleElement().satisfies(e -> assertThat(e.unreadable()).isTrue());
    assertThat(shared.readAfter(0, 1)).hasSize(1);

    assertThat(counting.reads.get()).isEqualTo(2);
  }

  @Test
  void concurrent_readers_each_see_every_entry_once_in_order_while_the_log_grows() throws Exception {
    SharedEventLog shared = new SharedEventLog(counting, 50);
    int total = events.size();
    try (ExecutorService pool = Executors.newFixedThreadPool(5)) {
      List<Future<List<Long>>> readers = new ArrayList<>();
      for (int r = 0; r < 4; r++) {
        int batch = 3 + r * 4;
        readers.add(pool.submit(() -> {
          List<Long> seen = new ArrayList<>();
          long position = 0;
          while (position < total) {
            List<LoggedEvent> read = shared.readAfter(position, batch);
            for (LoggedEvent e : read) {
              seen.add(e.position());
            }
            position += read.size();
            if (read.isEmpty()) {
              shared.advance(); // what a poll does
              Thread.onSpinWait();
            }
          }
          return seen;
        }));
      }
      pool.submit(() -> {
        while (log.head() < total) {
          append(Math.min(7, total - (int) log.head()));
          shared.advance();
        }
        return null;
      }).get();
      for (Future<List<Long>> reader : readers) {
        assertThat(reader.get()).containsExactlyElementsOf(LongStream.rangeClosed(1, total).boxed().toList());
      }
    }
  }

  /** The log as the database serves it, counting the reads. */
  private static final class CountingLog implements EventLog {
    private final EventLog log;
    private final AtomicInteger reads = new AtomicInteger();

    CountingLog(EventLog log) {
      this.log = log;
    }

    @Override
    public List<LoggedEvent> readAfter(long position, int limit) {
      reads.incrementAndGet();
      return log.readAfter(position, limit);
    }

    @Override
    public long head() {
      return log.head();
    }

    @Override
    public Optional<Long> positionOf(ReservationId streamId, long version) {
      return log.positionOf(streamId, version);
    }
  }
}
