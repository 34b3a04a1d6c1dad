package example.restaurant.mongo.log;

import com.mongodb.ReadPreference;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import example.restaurant.application.port.EventLog;
import example.restaurant.application.port.LoggedEvent;
import example.restaurant.application.publicevent.PublicEvent;
import example.restaurant.domain.table.ReservationId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.bson.Document;

/**
 * The global log on MongoDB: one document per public event in {@code event_log}, {@code _id} = its position. Reads
 * name the positions they want ({@code _id $in}), so reading after a checkpoint costs O(batch) on every server.
 */
public final class MongoEventLog implements EventLog {

  static final String LOG = "event_log";
  static final String STATE = "event_log_state";
  private static final Logger LOGGER = Logger.getLogger(MongoEventLog.class.getName());
  private static final int FIRST_READ = 16;

  private final MongoCollection<Document> log;
  private final MongoCollection<Document> state;

  public MongoEventLog(MongoDatabase database) {
    this.log = database.getCollection(LOG).withReadPreference(ReadPreference.primary());
    this.state = database.getCollection(STATE).withReadPreference(ReadPreference.primary());
    log.createIndex(Indexes.ascending("eventId"), new IndexOptions().unique(true).name("eventId"));
  }

  MongoCollection<Document> collection() {
    return log;
  }

  MongoCollection<Document> stateCollection() {
    return state;
  }

  @Override
  public List<LoggedEvent> readAfter(long position, int limit) {
    // A small first read, and the rest of the batch only when it came back full: a live projector usually finds a
    // handful of new entries, and every position named costs an index lookup (on the embedded server a costly one,
    // see docs/PERFORMANCE.md). Catching up still reads whole batches, in two round trips instead of one.
    List<LoggedEvent> events = new ArrayList<>();
    long from = position;
    int chunk = Math.min(limit, FIRST_READ);
    while (chunk > 0) {
      int found = readContiguous(from, chunk, events);
      if (found < chunk) {
        break; // the end of the log: positions are stamped without gaps, so nothing lies beyond the first miss
      }
      from += chunk;
      chunk = limit - events.size();
    }
    return events;
  }

  /** Appends the entries at positions {@code from + 1 ..} up to the first missing one, at most {@code count}. */
  private int readContiguous(long from, int count, List<LoggedEvent> events) {
    List<Long> wanted = new ArrayList<>(count);
    for (long p = from + 1; p <= from + count; p++) {
      wanted.add(p);
    }
    Document[] byOffset = new Document[count];
    for (Document entry : log.find(Filters.in("_id", wanted))) {
      byOffset[(int) (((Number) entry.get("_id")).longValue() - from - 1)] = entry;
    }
    int found = 0;
    for (Document entry : byOffset) {
      if (entry == null) {
        break;
      }
      events.add(toEvent(entry));
      found++;
    }
    return found;
  }

  @Override
  public long head() {
    Document hint = state.find(Filters.eq("_id", "head")).first();
    long head = hint == null ? 0 : ((Number) hint.get("position")).longValue();
    while (log.find(Filters.eq("_id", head + 1)).first() != null) {
      head++;
    }
    return head;
  }

  @Override
  public Optional<Long> positionOf(ReservationId streamId, long version) {
    Document entry = log.find(Filters.eq("eventId", eventId(streamId.toString(), version))).first();
    return Optional.ofNullable(entry).map(e -> ((Number) e.get("_id")).longValue());
  }

  static String eventId(String streamId, long version) {
    return streamId + ":" + version;
  }

  private static LoggedEvent toEvent(Document entry) {
    String type = entry.getString("type");
    int schemaVersion = ((Number) entry.get("schemaVersion")).intValue();
    long position = ((Number) entry.get("_id")).longValue();
    java.time.Instant occurredAt = entry.getDate("occurredAt").toInstant();
    try {
      return LoggedEvent.of(
          position, occurredAt, type, PublicEventCodec.decode(type, schemaVersion, entry.get("data", Document.class)));
    } catch (RuntimeException e) {
      // handed on as unreadable rather than dropped: a projector parks it where an operator can see and replay it
      LOGGER.log(Level.WARNING, "cannot read log entry " + position + " (" + type + ")", e);
      return LoggedEvent.unreadable(position, occurredAt, type, e.getClass().getSimpleName() + ": " + e.getMessage());
    }
  }
}
