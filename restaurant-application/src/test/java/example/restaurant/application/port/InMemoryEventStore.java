package example.restaurant.application.port;

import example.restaurant.domain.table.ReservationId;
import example.restaurant.domain.table.TableEvent;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An {@link EventStore} held in memory, for tests of the layers above the store. Thread-safe; honours
 * {@link EventStoreContract} except durability. A command id is scoped to its stream, as in the MongoDB store.
 */
public final class InMemoryEventStore implements EventStore {

  private final Map<ReservationId, List<RecordedEvent>> streams = new HashMap<>();
  private final Map<CommitKey, AppendResult> commits = new HashMap<>();

  @Override
  public synchronized EventStream load(ReservationId streamId) {
    return new EventStream(streamId, streams.getOrDefault(streamId, List.of()));
  }

  @Override
  public synchronized AppendResult append(NewCommit commit) {
    CommitKey key = new CommitKey(commit.streamId(), commit.commandId());
    AppendResult earlier = commits.get(key);
    if (earlier != null) {
      return earlier;
    }
    List<RecordedEvent> stream = streams.computeIfAbsent(commit.streamId(), id -> new ArrayList<>());
    if (stream.size() != commit.expectedVersion()) {
      throw new ConcurrentAppendException(commit.streamId(), commit.expectedVersion());
    }
    long version = commit.expectedVersion();
    for (TableEvent event : commit.events()) {
      stream.add(new RecordedEvent(++version, commit.occurredAt(), event, commit.metadata()));
    }
    AppendResult result = new AppendResult(commit.expectedVersion() + 1, version, false);
    commits.put(key, new AppendResult(result.firstVersion(), result.lastVersion(), true));
    return result;
  }

  @Override
  public synchronized Optional<AppendResult> findCommit(ReservationId streamId, String commandId) {
    return Optional.ofNullable(commits.get(new CommitKey(streamId, commandId)));
  }

  private record CommitKey(ReservationId streamId, String commandId) {}
}
